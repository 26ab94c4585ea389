/** Response shapes of the ggzy API (see the route files server/src/modules/<module>/<module>-routes.ts). */

export const ROLES = [
  "tenderer",
  "agency",
  "bidder",
  "expert",
  "centre_staff",
  "supervisor",
  "inspector",
  "expert_admin",
  "expert_extractor",
  "sysadmin",
] as const;
export type Role = (typeof ROLES)[number];

export const SUBJECT_ROLES = ["tenderer", "agency", "bidder"] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Account {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roleName: Bilingual;
  platformCode: string;
  subjectId: number | null;
  subjectUscc: string | null;
  subjectName: string | null;
  departmentCode: string | null;
  status: "active" | "disabled";
}

export interface LoginResult {
  token: string;
  tokenType: "Bearer";
  expiresAt: string;
  user: Account;
}

export interface SessionRow {
  id: number;
  method: "password" | "certificate";
  ip: string;
  userAgent: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** Neither revoked nor expired. */
  active: boolean;
  /** The session this browser is signed in with. */
  current: boolean;
}

export interface Platform {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  parentCode: string | null;
}

export interface Department {
  code: string;
  name: string;
  industry: string;
  platformCode: string;
}

export type Verification = "pending" | "verified" | "rejected";
export type LegalStatus = "active" | "suspended" | "cancelled";

export interface SubjectSummary {
  id: number;
  uscc: string;
  name: string;
  regionCode: string | null;
  verification: Verification;
  legalStatus: LegalStatus;
  registeredPlatformCode: string;
  createdAt: string;
}

export const PROFILE_TEXT_FIELDS = [
  "name",
  "legalRepresentative",
  "legalRepresentativePhone",
  "registeredCapitalCurrency",
  "regionCode",
  "address",
  "licenseEndDate",
  "industryCode",
  "basicBank",
  "basicBranchBankNo",
  "basicAccountNo",
  "basicAccountName",
  "contactName",
  "contactPhone",
  "contactAddress",
  "email",
  "website",
  "zipCode",
] as const;
export type ProfileTextField = (typeof PROFILE_TEXT_FIELDS)[number];
export type SubjectType = "legal_person" | "unincorporated" | "individual_business" | "natural_person";

export interface Qualification {
  id: number;
  kind: "qualification" | "certificate" | "license" | "permit";
  name: string;
  certificateNo: string;
  grade: string | null;
  issuer: string | null;
  validFrom: string | null;
  validUntil: string | null;
  withdrawn: boolean;
  expired: boolean;
}

export interface StaffMember {
  id: number;
  name: string;
  idCard?: string;
  position: string;
  practiceCertificateNo: string | null;
  active: boolean;
}

export type Subject = Partial<Record<ProfileTextField, string | null>> & {
  id: number;
  uscc: string;
  name: string;
  subjectType?: SubjectType | null;
  registeredCapitalFen?: number | null;
  roles: SubjectRole[];
  legalStatus: LegalStatus;
  verification: Verification;
  registeredPlatformCode: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Present only for viewers who see the private fields. */
  missingRequiredFields?: string[];
  qualifications: Qualification[];
  staff: StaffMember[];
};

export interface SubjectHistoryItem {
  version: number;
  changedAt: string;
  changedBy: number | null;
  snapshot: Record<string, unknown>;
}

export interface TreeHead {
  treeSize: number;
  rootHash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

export interface LatestTreeHead extends TreeHead {
  algorithm: string;
  hashAlgorithm: string;
  publicKey: string;
}

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  auditPath: string[];
  rootHash: string | null;
}

export interface ConsistencyProof {
  first: number;
  second: number;
  consistency: string[];
}

export interface AuditEntry {
  id: number;
  leafIndex: number | null;
  actorUserId: number | null;
  occurredAt: string;
  actor: string;
  /** An account role, "public" (anonymous) or "system" (work the platform does by itself). */
  role: string;
  organisation: string | null;
  platformCode: string | null;
  ip: string;
  requestId: string;
  action: string;
  objectType: string;
  objectId: string;
  stateHash: string | null;
  detail: Record<string, unknown>;
  /** Base64 of the exact bytes the Merkle leaf commits to: SHA-256(0x00 ‖ bytes) is the leaf hash. */
  leafData: string;
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  leaves: number;
  signedTreeSize: number;
  heads: number;
  rowsChecked: number;
  unsealedEntries: number;
  problems: { kind: string; message: string; leafIndex?: number; entryId?: number; treeSize?: number }[];
}

export interface CalendarDay {
  day: string;
  kind: "holiday" | "workday";
  name: string;
  source: "chinese-days" | "operator";
  updatedAt: string;
}

export interface PeriodResult {
  from: string;
  n: number;
  unit: "day" | "workday";
  result: string;
  periodEnd: string;
  fromIsWorkingDay: boolean;
}

export interface Items<T> {
  items: T[];
}

/** One page of a list that also tells how many rows match in all. */
export interface Page<T> extends Items<T> {
  total: number;
}
