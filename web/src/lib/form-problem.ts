import type { FormInstance } from "antd";
import { ApiError } from "../api/client.ts";

/**
 * Puts the per-field messages of a problem+json answer onto the form's fields (server field paths
 * such as "account.idCard" are form name paths; `alias` maps the ones named differently) and
 * returns the message to show above the form, or undefined when every error landed on a field.
 */
export function applyProblem(form: FormInstance, error: unknown, alias: Record<string, string> = {}): string | undefined {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const registered = new Set(form.getFieldsError().map((f) => f.name.join(".")));
  const byField = new Map<string, string[]>();
  let unplaced = error.errors.length === 0;
  for (const e of error.errors) {
    const name = alias[e.field] ?? e.field;
    if (!registered.has(name)) {
      unplaced = true;
      continue;
    }
    byField.set(name, [...(byField.get(name) ?? []), e.message]);
  }
  const fields = [...byField].map(([name, errors]) => ({ name: name.split("."), errors }));
  form.setFields(fields);
  if (fields[0]) form.scrollToField(fields[0].name, { block: "center" });
  return unplaced ? error.detail : undefined;
}
