import type { MessageKey, Translate } from "../../i18n.ts";

/** Profile fields as the API names them, in display order, with their label keys. */
export const PROFILE_LABELS = {
  name: "subject.name",
  subjectType: "subject.subjectType",
  legalRepresentative: "subject.legalRepresentative",
  legalRepresentativePhone: "subject.legalRepresentativePhone",
  registeredCapitalFen: "subject.registeredCapital",
  registeredCapitalCurrency: "subject.registeredCapitalCurrency",
  regionCode: "subject.regionCode",
  address: "subject.address",
  licenseEndDate: "subject.licenseEndDate",
  industryCode: "subject.industryCode",
  basicBank: "subject.basicBank",
  basicBranchBankNo: "subject.basicBranchBankNo",
  basicAccountNo: "subject.basicAccountNo",
  basicAccountName: "subject.basicAccountName",
  contactName: "subject.contactName",
  contactPhone: "subject.contactPhone",
  contactAddress: "subject.contactAddress",
  email: "subject.email",
  website: "subject.website",
  zipCode: "subject.zipCode",
  roles: "subject.roles",
} as const satisfies Record<string, MessageKey>;

export function profileLabel(t: Translate, field: string): string {
  return field in PROFILE_LABELS ? t(PROFILE_LABELS[field as keyof typeof PROFILE_LABELS]) : field;
}
