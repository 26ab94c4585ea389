/**
 * The profile of a market subject (主体), after data-spec set 100 法人基本信息. API names are
 * camelCase; each maps to one column and to its data-spec field.
 */
export const PROFILE_FIELDS = {
  name: { column: "name", spec: "LEGAL_NAME", required: true, zh: "法人名称" },
  subjectType: { column: "subject_type", spec: "BIDDER_CODE_TYPE", required: true, zh: "法人类别" },
  legalRepresentative: { column: "legal_representative", spec: "LEGAL_REPRESENT", required: true, zh: "法定代表人姓名" },
  legalRepresentativePhone: { column: "legal_representative_phone", spec: "REPRESENT_PHONE", required: false, zh: "法人代表联系电话" },
  registeredCapitalFen: { column: "registered_capital_fen", spec: "REG_CAPITAL", required: true, zh: "注册资本（分）" },
  registeredCapitalCurrency: { column: "registered_capital_currency", spec: "REG_CAP_CURRENCY", required: true, zh: "注册资本币种" },
  regionCode: { column: "region_code", spec: "REGION_CODE", required: true, zh: "行政区域代码" },
  address: { column: "address", spec: "LEGAL_UNIT_ADDRESS", required: false, zh: "法人机构地址" },
  licenseEndDate: { column: "license_end_date", spec: "LICENSE_END_DATE", required: false, zh: "营业执照失效日期" },
  industryCode: { column: "industry_code", spec: "LEGAL_INDUSTRY", required: false, zh: "法人机构行业代码" },
  basicBank: { column: "basic_bank", spec: "BASIC_BANK", required: false, zh: "基本户开户银行" },
  basicBranchBankNo: { column: "basic_branch_bank_no", spec: "BASIC_BRANCH_BANK", required: false, zh: "基本户开户支行号" },
  basicAccountNo: { column: "basic_account_no", spec: "BASIC_ACCOUNT_NO", required: false, zh: "基本户账号" },
  basicAccountName: { column: "basic_account_name", spec: "BASIC_ACCOUNT_NAME", required: false, zh: "基本户账户名称" },
  contactName: { column: "contact_name", spec: "LEGAL_CONTACT", required: true, zh: "联系人" },
  contactPhone: { column: "contact_phone", spec: "LEGAL_CONTACT_PHONE", required: true, zh: "联系人电话" },
  contactAddress: { column: "contact_address", spec: "LEGAL_CONTACT_ADDRESS", required: false, zh: "联系人地址" },
  email: { column: "email", spec: "LEGAL_EMAIL", required: false, zh: "电子邮箱" },
  website: { column: "website", spec: "LEGAL_WEB", required: false, zh: "单位网站" },
  zipCode: { column: "zip_code", spec: "LEGAL_ZIP_CODE", required: false, zh: "邮政编码" },
} as const;

export type ProfileField = keyof typeof PROFILE_FIELDS;
export type ProfileColumn = (typeof PROFILE_FIELDS)[ProfileField]["column"];

/** Fields only the subject itself and the authorities may see (bank account, phones, contacts). */
export const PRIVATE_FIELDS: readonly ProfileField[] = [
  "legalRepresentativePhone",
  "basicBank",
  "basicBranchBankNo",
  "basicAccountNo",
  "basicAccountName",
  "contactName",
  "contactPhone",
  "contactAddress",
  "email",
];

/** Roles a subject can take in trading (data-spec code table 26, grouped as the platform uses them). */
export const SUBJECT_TRADING_ROLES = ["tenderer", "agency", "bidder"] as const;
export type SubjectTradingRole = (typeof SUBJECT_TRADING_ROLES)[number];

/** The data-spec required fields still missing from a profile: such a subject cannot trade yet. */
export function missingRequiredFields(profile: Partial<Record<ProfileField, unknown>>): ProfileField[] {
  return (Object.keys(PROFILE_FIELDS) as ProfileField[]).filter(
    (f) => PROFILE_FIELDS[f].required && (profile[f] === undefined || profile[f] === null || profile[f] === ""),
  );
}
