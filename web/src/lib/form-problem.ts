import type { FormInstance } from "antd";
import { ApiError } from "../api/client.ts";

type NamePath = (string | number)[];

/**
 * Puts the per-field messages of a problem+json answer onto the form's fields and returns the
 * message to show above the form, or undefined when every error landed on a field.
 *
 * Server field paths are dotted ("password", "account.password", "qualifications.0.name"); each is
 * matched against the name paths of the fields the form has registered (["account", "password"]),
 * so nested and list fields receive their message. `alias` maps server fields the form names
 * differently (e.g. registeredCapitalFen → registeredCapital).
 */
export function applyProblem(form: FormInstance, error: unknown, alias: Record<string, string> = {}): string | undefined {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const registered = new Map<string, NamePath>();
  for (const { name } of form.getFieldsError()) registered.set(name.join("."), name);
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  let unplaced = error.errors.length === 0;
  for (const e of error.errors) {
    const key = alias[e.field] ?? e.field;
    const name = registered.get(key);
    if (!name) {
      unplaced = true;
      continue;
    }
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(e.message);
    byField.set(key, entry);
  }
  const fields = [...byField.values()];
  form.setFields(fields);
  if (fields[0]) form.scrollToField(fields[0].name, { block: "center" });
  return unplaced ? error.detail : undefined;
}
