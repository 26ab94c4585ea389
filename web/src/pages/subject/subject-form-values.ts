import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { PROFILE_TEXT_FIELDS, type ProfileTextField, type Subject, type SubjectRole, type SubjectType } from "../../api/types.ts";
import { fromFen, type MoneyUnit, toFen } from "../../lib/money.ts";

/** The profile as the subject forms hold it: capital as text plus unit, the licence date as a dayjs. */
export type ProfileFormValues = Partial<Record<Exclude<ProfileTextField, "licenseEndDate">, string>> & {
  subjectType?: SubjectType;
  registeredCapital?: string;
  registeredCapitalUnit: MoneyUnit;
  licenseEndDate?: Dayjs | null;
  roles?: SubjectRole[];
};

/** Server field names the forms name differently. */
export const PROFILE_FIELD_ALIAS = { registeredCapitalFen: "registeredCapital" };

/** Form values → API body fields; blank inputs are left out. */
export function profileFromForm(values: ProfileFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of PROFILE_TEXT_FIELDS) {
    if (field === "licenseEndDate") continue;
    const value = values[field]?.trim();
    if (value) body[field] = value;
  }
  if (values.licenseEndDate) body.licenseEndDate = values.licenseEndDate.format("YYYY-MM-DD");
  if (values.subjectType) body.subjectType = values.subjectType;
  if (values.registeredCapital?.trim()) body.registeredCapitalFen = toFen(values.registeredCapital, values.registeredCapitalUnit);
  if (values.roles) body.roles = values.roles;
  return body;
}

/** A subject's profile → initial form values. */
export function formFromProfile(subject: Subject): ProfileFormValues {
  const values: ProfileFormValues = { registeredCapitalUnit: "wan", subjectType: subject.subjectType ?? undefined, roles: subject.roles };
  for (const field of PROFILE_TEXT_FIELDS) {
    const value = subject[field];
    if (field !== "licenseEndDate" && typeof value === "string") values[field] = value;
  }
  if (subject.licenseEndDate) values.licenseEndDate = dayjs(subject.licenseEndDate);
  if (typeof subject.registeredCapitalFen === "number") values.registeredCapital = fromFen(subject.registeredCapitalFen, "wan");
  return values;
}

/** Fields the API cannot clear: required ones and those with a server default (subject type, currency). */
const NOT_CLEARABLE = new Set(["name", "subjectType", "registeredCapitalCurrency", "roles"]);

/**
 * The changed fields between two API bodies made by {@link profileFromForm}. A field the user emptied
 * is sent as null, which clears it; the fields the API cannot clear are left out.
 */
export function profilePatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    if (after[key] !== undefined) patch[key] = after[key];
    else if (!NOT_CLEARABLE.has(key)) patch[key] = null;
  }
  return patch;
}
