import type { ColumnType, Generated, JSONColumnType } from "kysely";

/** Kysely table types. One section per bounded context; columns are snake_case as in SQL. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A civil date "YYYY-MM-DD" (no time zone). */
type CivilDate = string;

// ---- installation ----
export interface InstallationTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

// ---- regions ----
export interface PlatformTable {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  parent_code: string | null;
  created_at: CreatedAt;
}
export interface DepartmentTable {
  code: string;
  platform_code: string;
  industry: string;
  name: string;
  created_at: CreatedAt;
}
export interface CalendarDayTable {
  day: CivilDate;
  kind: "holiday" | "workday";
  name: Generated<string>;
  source: "chinese-days" | "operator";
  updated_by: number | null;
  updated_at: Timestamp;
}

// ---- identity ----
export interface PersonTable {
  id: Generated<number>;
  id_card: string;
  name: string;
  phone: string | null;
  created_at: CreatedAt;
}
export interface UserAccountTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  display_name: string;
  role: string;
  person_id: number | null;
  subject_id: number | null;
  department_code: string | null;
  platform_code: string;
  status: Generated<"active" | "disabled">;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: CreatedAt;
}
export interface UserCertificateTable {
  id: Generated<number>;
  user_id: number;
  serial: string;
  algorithm: "SM2" | "Ed25519";
  public_key: string;
  subject_dn: Generated<string>;
  valid_until: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
}
export interface AuthSessionTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  method: "password" | "certificate";
  ip: string;
  user_agent: Generated<string>;
  created_at: CreatedAt;
  expires_at: Date;
  revoked_at: Date | null;
}
export interface LoginChallengeTable {
  id: Generated<number>;
  nonce: string;
  expires_at: Date;
  used_at: Date | null;
}

// ---- subjects ----
export interface SubjectTable {
  id: Generated<number>;
  uscc: string;
  name: string;
  subject_type: Generated<string>;
  legal_representative: string | null;
  legal_representative_phone: string | null;
  registered_capital_fen: number | null;
  registered_capital_currency: Generated<string>;
  region_code: string | null;
  address: string | null;
  license_end_date: CivilDate | null;
  industry_code: string | null;
  basic_bank: string | null;
  basic_branch_bank_no: string | null;
  basic_account_no: string | null;
  basic_account_name: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_address: string | null;
  email: string | null;
  website: string | null;
  zip_code: string | null;
  legal_status: Generated<"active" | "suspended" | "cancelled">;
  verification: Generated<"pending" | "verified" | "rejected">;
  registered_platform_code: string;
  registered_by: number | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface SubjectRoleTable {
  subject_id: number;
  role: string;
  since: CreatedAt;
}
export interface SubjectQualificationTable {
  id: Generated<number>;
  subject_id: number;
  kind: "qualification" | "certificate" | "license" | "permit";
  name: string;
  certificate_no: string;
  grade: string | null;
  issuer: string | null;
  valid_from: CivilDate | null;
  valid_until: CivilDate | null;
  withdrawn_at: Date | null;
  created_at: CreatedAt;
}
export interface SubjectStaffTable {
  id: Generated<number>;
  subject_id: number;
  person_id: number;
  position: string;
  practice_certificate_no: string | null;
  started_at: CreatedAt;
  ended_at: Date | null;
}
export interface SubjectHistoryTable {
  id: Generated<number>;
  subject_id: number;
  version: number;
  snapshot: JSONColumnType<Record<string, unknown>>;
  changed_by: number | null;
  changed_at: CreatedAt;
}

// ---- audit log ----
export interface AuditEntryTable {
  id: Generated<number>;
  occurred_at: CreatedAt;
  actor_user_id: number | null;
  actor_username: string;
  actor_role: string;
  actor_subject_uscc: string | null;
  platform_code: string | null;
  ip: string;
  request_id: string;
  action: string;
  object_type: string;
  object_id: string;
  state_hash: string | null;
  detail: JSONColumnType<Record<string, unknown>>;
}
export interface AuditLeafTable {
  leaf_index: number;
  entry_id: number;
  leaf_hash: string;
}
export interface AuditTreeHeadTable {
  tree_size: number;
  root_hash: string;
  signed_at: Date;
  key_id: string;
  signature: string;
}
export interface AuditStateTable {
  id: number;
  frontier: JSONColumnType<{ size: number; hashes: string[] }>;
}

// ---- tendering ----
export interface CodeSequenceTable {
  scope: string;
  last_value: number;
}
export interface CustodianKeyTable {
  holder: string;
  platform_code: string;
  public_key: string;
  created_at: Date;
}
export interface TenderProjectTable {
  id: Generated<number>;
  platform_code: string;
  project_code: string;
  tender_project_code: string;
  name: string;
  kind: "works" | "goods" | "services";
  tenderer_subject_id: number;
  agency_subject_id: number | null;
  department_code: string;
  approval_level: "province" | "city" | "county";
  approval_division_code: string;
  approval_number: string | null;
  estimate_fen: number;
  compulsory: boolean;
  state_owned_controlling: boolean;
  method: "open" | "invited";
  created_by: number;
  created_at: Date;
}
/** How a section is evaluated, fixed in the tender documents (published with the notice). */
export type EvaluationMethod =
  | { method: "lowest_price" }
  | {
      method: "comprehensive";
      /** Basis points; 10000 = face value. */
      weights: { technical: number; commercial: number; price: number };
      basePrice:
        | { kind: "lowest" }
        | { kind: "average"; trim?: { minBids: number } }
        | { kind: "averageTimesK"; coefficientsBp: number[]; trim?: { minBids: number } };
      /** Hundredths of a point. */
      priceRule: { fullMarks: number; pointsPerPercentAbove: number; pointsPerPercentBelow: number };
      maxScores: { technical: number; commercial: number };
    };
export type SectionStatus = "draft" | "announced" | "opening" | "opened" | "evaluated" | "publicity" | "awarded" | "contracted" | "failed";
export interface TenderSectionTable {
  id: Generated<number>;
  tender_project_id: number;
  platform_code: string;
  section_code: string;
  unified_deal_code: string;
  classify_code: string;
  name: string;
  estimate_fen: number;
  bond_fen: Generated<number>;
  evaluation_method: ColumnType<EvaluationMethod, string | undefined, string>;
  status: Generated<SectionStatus>;
  notice_published_at: Date | null;
  doc_sale_start: Date | null;
  doc_sale_end: Date | null;
  bid_deadline: Date | null;
  opening_started_at: Date | null;
  decrypt_deadline: Date | null;
  opened_at: Date | null;
  failure_reason: string | null;
  created_at: Date;
}
export interface BidRegistrationTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  bidder_subject_id: number;
  registered_by: number;
  registered_at: Date;
  ip: string;
}
export type BidStatus = "submitted" | "replaced" | "withdrawn" | "decrypted" | "revoked" | "retracted";
export interface BidTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  bidder_subject_id: number;
  status: BidStatus;
  suite: string;
  sealed: JSONColumnType<StoredSeal>;
  plaintext_sm3: string;
  plaintext_sha256: string;
  plaintext_md5: string;
  size: number;
  ciphertext_sm3: string;
  fingerprint: JSONColumnType<Record<string, string>>;
  submitted_at: Date;
  submitted_by: number;
  ended_at: Date | null;
  price_fen: number | null;
  offer: JSONColumnType<Record<string, unknown>> | null;
  decrypted_at: Date | null;
  /** The bidder's decrypted share, kept only when the platform failed to open the bid (for the supervised recovery). */
  bidder_share: string | null;
  decrypt_failure: "platform" | null;
}
/** A sealed bid as stored: binary fields in base64, custodian shares SM2-encrypted (hex). */
export interface StoredSeal {
  iv: string;
  ciphertext: string;
  tag: string;
  shares: { bidder: string; centre: string; supervisor: string };
}
export interface TenderAwardTable {
  section_id: number;
  platform_code: string;
  candidates: JSONColumnType<{ order: number; bidderCode: string; bidderName?: string; priceFen?: number }[]>;
  publicity_start: Date;
  publicity_end: Date;
  publicity_published_at: Date;
  winner_subject_id: number | null;
  winner_price_fen: number | null;
  awarded_at: Date | null;
  contract_code: string | null;
  contract_signed_at: Date | null;
  contract_amount_fen: number | null;
  report_filed_at: Date | null;
  flags: JSONColumnType<{ rule: string; basis: string; zh: string; en: string }[]>;
}
export interface TenderClarificationTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  content: string;
  affects_preparation: boolean;
  previous_deadline: Date;
  new_deadline: Date;
  published_by: number;
  published_at: Date;
}
export interface TenderObjectionTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  kind: "document" | "opening" | "candidates";
  raised_by_subject_id: number;
  raised_by: number;
  raised_at: Date;
  content: string;
  reply: string | null;
  replied_by: number | null;
  replied_at: Date | null;
  reply_due: string;
  deadline_before: Date | null;
  deadline_after: Date | null;
}
export interface BidBondTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  bidder_subject_id: number;
  form: "transfer" | "guarantee";
  amount_fen: number;
  payer_account_no: string | null;
  payer_account_name: string | null;
  payer_bank: string | null;
  guarantee_code: string | null;
  guarantor_name: string | null;
  guarantor_code: string | null;
  guarantee_valid_until: Date | null;
  received_at: Date;
  status: "held" | "refund_due" | "refunded" | "forfeited";
  refund_trigger: string | null;
  refund_trigger_at: Date | null;
  refund_due: string | null;
  refunded_at: Date | null;
  refund_amount_fen: number | null;
  interest_fen: number | null;
  flags: JSONColumnType<{ rule: string; basis: string; zh: string; en: string }[]>;
}
export interface BidOpeningRecordTable {
  section_id: number;
  platform_code: string;
  opened_at: Date;
  record: JSONColumnType<Record<string, unknown>>;
}

// ---- experts and evaluation ----
export interface ExpertTable {
  id: Generated<number>;
  person_id: number;
  name: string;
  specialty: string;
  kind: "technical" | "economic";
  region_code: string;
  employer_uscc: string | null;
  employer_name: string | null;
  department_code: string | null;
  title: string;
  available: Generated<boolean>;
  punished_until: string | null;
  avoid_usccs: JSONColumnType<string[]>;
  entered_at: Date;
  version: Generated<number>;
}
export interface ExpertDrawTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  size: number;
  tenderer_representatives: number;
  rules: JSONColumnType<Record<string, unknown>>;
  pool: JSONColumnType<unknown[]>;
  input_digest: string;
  commitment: string;
  seed: string | null;
  declined: JSONColumnType<string[]>;
  members: JSONColumnType<{ expertId: string; order: number }[]> | null;
  status: "committed" | "drawn" | "revealed";
  requested_by: number;
  created_at: Date;
  drawn_at: Date | null;
  revealed_at: Date | null;
}
export interface EvaluationReviewTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  expert_id: number;
  bid_id: number;
  qualified: boolean;
  reject_reason: string | null;
  technical_hundredths: number | null;
  commercial_hundredths: number | null;
  submitted_at: Date;
}
export interface EvaluationReportTable {
  section_id: number;
  platform_code: string;
  method: string;
  result: JSONColumnType<Record<string, unknown>>;
  signatures: JSONColumnType<Record<string, string>>;
  created_at: Date;
  completed_at: Date | null;
}

export interface TenderInvitationTable {
  section_id: number;
  subject_id: number;
  platform_code: string;
  invited_at: Date;
}
export interface TenderExemptionTable {
  id: Generated<number>;
  platform_code: string;
  department_code: string;
  tenderer_subject_id: number;
  project_name: string;
  kind: "works" | "goods" | "services";
  estimate_fen: number;
  funding: JSONColumnType<Record<string, unknown>>;
  reason: string;
  explanation: string;
  must_tender: JSONColumnType<Record<string, unknown>>;
  status: "pending" | "approved" | "rejected";
  requested_by: number;
  requested_at: Date;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
  contract_signed_at: Date | null;
  contract_amount_fen: number | null;
  counterparty_uscc: string | null;
  reported_at: Date | null;
  report_due: string | null;
  report_late: boolean | null;
}

export interface PerformanceRecordTable {
  section_id: number;
  platform_code: string;
  winner_subject_id: number;
  quality: "met" | "not_met";
  safety: "met" | "not_met";
  environment: "met" | "not_met";
  settlement_amount_fen: number;
  construction_days: number;
  finished_at: Date;
  submitted_at: Date;
  submitted_by: number;
  credit_record_id: number | null;
}

// ---- credit ----
export type RestrictedAction = "register" | "bid" | "auction" | "evaluate";
export interface CreditRecordTable {
  id: Generated<number>;
  subject_id: number | null;
  expert_id: number | null;
  kind: "violation" | "blacklist" | "reward" | "performance";
  reason: string;
  document_no: string;
  department_code: string;
  decided_at: Date;
  public: boolean;
  restricted_actions: JSONColumnType<RestrictedAction[]>;
  scope: string;
  starts_at: Date | null;
  ends_at: Date | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  created_by: number;
  created_at: Date;
}

// ---- supervision ----
export type AlertStateColumn = "pending" | "issued" | "responded" | "closed";
export interface AlertTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  department_code: string;
  rule_id: string;
  node: string;
  severity: "green" | "yellow" | "red";
  state: Generated<AlertStateColumn>;
  message: JSONColumnType<{ zh: string; en: string }>;
  evidence: JSONColumnType<Record<string, unknown>>;
  /** USCCs of the subjects concerned, sorted. */
  subjects: JSONColumnType<string[]>;
  raised_at: Date;
  issued_at: Date | null;
  issued_by: number | null;
  notice: string | null;
  feedback: string | null;
  feedback_at: Date | null;
  feedback_by: number | null;
  closed_at: Date | null;
  closed_by: number | null;
  handling_result: string | null;
  credit_record_id: number | null;
}

/** One run of the nightly batch of cross-project supervision rules (a scheduled night runs once). */
export interface SupervisionBatchRunTable {
  id: Generated<number>;
  /** Beijing civil date "YYYY-MM-DD" of the night the run belongs to. */
  night: CivilDate;
  trigger: "scheduled" | "manual";
  status: Generated<"running" | "finished" | "failed">;
  started_at: Date;
  finished_at: Date | null;
  started_by: string;
  window_from: Date;
  window_to: Date;
  platforms: Generated<number>;
  sections: Generated<number>;
  rules_evaluated: Generated<number>;
  findings: Generated<number>;
  alerts_raised: Generated<number>;
  error: string | null;
}
/** The stable key of a batch finding that raised an alert (rule, platform, subjects, sections). */
export interface SupervisionBatchFindingTable {
  finding_key: string;
  alert_id: number;
  run_id: number;
  rule_id: string;
  created_at: Date;
}

export type ComplaintMatter = "document" | "opening" | "candidates" | "other";
export type ComplaintReversal = "redo_evaluation" | "cancel_award";
export interface ComplaintTable {
  id: Generated<number>;
  regime: Generated<"works" | "procurement">;
  section_id: number;
  platform_code: string;
  department_code: string;
  complainant_subject_id: number;
  complainant_user: number;
  respondent_subject_id: number;
  matter: ComplaintMatter;
  /** The prior objection to the tenderer (条例60: required for the matters of 条例22/44/54). */
  objection_id: number | null;
  content: string;
  basis: string;
  /** When the complainant knew: the objection's reply (or the end of its overdue reply period). */
  known_at: Date;
  submitted_at: Date;
  /** Last civil day to complain. */
  deadline: CivilDate;
  accepted: boolean | null;
  acceptance_decided_at: Date | null;
  acceptance_decided_by: number | null;
  acceptance_note: string | null;
  acceptance_due: CivilDate;
  acceptance_late: boolean | null;
  decision: "upheld" | "dismissed" | null;
  decision_text: string | null;
  decided_at: Date | null;
  decided_by: number | null;
  decision_due: CivilDate | null;
  decision_late: boolean | null;
  reversal: ComplaintReversal | null;
  credit_record_id: number | null;
  published: Generated<boolean>;
}
/** 质疑 (政府采购法52–53): a supplier's challenge to the purchaser or its agency, answered in 7 working days. */
export interface ProcurementChallengeTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  matter: "document" | "opening" | "candidates";
  raised_by_subject_id: number;
  raised_by: number;
  addressee_subject_id: number;
  known_at: Date;
  raised_at: Date;
  /** Last civil day to raise it (7 working days from knowing). */
  deadline: CivilDate;
  content: string;
  reply_due: CivilDate;
  reply: string | null;
  replied_by: number | null;
  replied_at: Date | null;
  reply_late: boolean | null;
  /** The 投诉 that followed it (政府采购法55). */
  complaint_id: number | null;
}

// ---- auctions (招拍挂, 国有产权 网络竞价) ----
export type AuctionKind = "land" | "mining" | "equity" | "asset";
/** Ladder methods (listing, auction, multi_round) and sealed ones (tender 招标, sealed 一次报价, weighted 权重报价). */
export type AuctionMethod = "listing" | "auction" | "multi_round" | "tender" | "sealed" | "weighted";
export type AuctionPhase = "open" | "live" | "closed";
export interface AuctionLotTable {
  id: Generated<number>;
  platform_code: string;
  department_code: string;
  lot_code: string;
  unified_deal_code: string;
  kind: AuctionKind;
  method: AuctionMethod;
  name: string;
  description: Generated<string>;
  seller_subject_id: number;
  created_by: number;
  created_at: Date;
  announced_at: Date;
  opens_at: Date;
  scheduled_end: Date;
  /** 多次报价: end of the 自由报价期. */
  free_end: Date | null;
  starting_price_fen: number;
  increment_fen: number;
  deposit_fen: number;
  appraisal_fen: number | null;
  /** Countdown (ms) of the timed period / 现场竞价; the anti-sniping window of an 拍卖. */
  countdown_ms: number;
  /** The sealed 底价 (bid-seal envelope, hex fields); opened only at the close. */
  reserve_seal: JSONColumnType<Record<string, unknown>> | null;
  reserve_fen: number | null;
  phase: Generated<AuctionPhase>;
  live_participants: string[] | null;
  outcome: "sold" | "no_sale" | null;
  outcome_reason: string | null;
  winner_bidder_id: number | null;
  deal_price_fen: number | null;
  needs_approval: boolean | null;
  closed_at: Date | null;
}

/** The running ladder of a lot (derived from its bids; not audited itself). */
export interface AuctionLotLiveTable {
  lot_id: number;
  /** The current end: moved by anti-sniping and by the switch to 现场竞价. */
  closes_at: Date;
  last_sequence: Generated<number>;
  current_price_fen: number | null;
  current_bidder_number: string | null;
  current_bid_time: Date | null;
  current_client_bid_id: string | null;
  extensions: Generated<number>;
  closed: Generated<boolean>;
}

export type DepositStatus = "awaiting" | "arrived" | "refund_due" | "refunded" | "applied_to_price";
export interface AuctionBidderTable {
  id: Generated<number>;
  lot_id: number;
  subject_id: number;
  applied_by: number;
  applied_at: Date;
  deposit_status: Generated<DepositStatus>;
  deposit_fen: number | null;
  deposit_account_no: string | null;
  deposit_arrived_at: Date | null;
  deposit_refunded_at: Date | null;
  qualified: boolean | null;
  qualification_note: string | null;
  qualified_by: number | null;
  bidder_number: string | null;
  numbered_at: Date | null;
  wants_live_at: Date | null;
}

export interface AuctionBidRefusalTable {
  id: Generated<number>;
  lot_id: number;
  bidder_id: number;
  bidder_number: string;
  price_fen: number;
  client_bid_id: string;
  reasons: string[];
  refused_at: Date;
  user_id: number;
  ip: string;
}

export interface AuctionBidTable {
  id: Generated<number>;
  lot_id: number;
  sequence: number;
  bidder_id: number;
  bidder_number: string;
  price_fen: number;
  client_bid_id: string;
  phase: "open" | "live";
  server_time: Date;
  ip: string;
}

/** A sealed lot (tender, sealed, weighted): the published 权重报价 terms and the opening. */
export interface AuctionSealedLotTable {
  lot_id: number;
  /** 权重报价: { priceWeightBp, factors: [{ key, name, weightBp }], fullScore, priceFormula }. */
  weights: JSONColumnType<Record<string, unknown>> | null;
  opened_at: Date | null;
}

/** One sealed price per bidder: only the envelope and its receipt until the opening. */
export interface AuctionSealedOfferTable {
  id: Generated<number>;
  lot_id: number;
  bidder_id: number;
  bidder_number: string;
  sequence: number;
  submitted_at: Date;
  ip: string;
  /** The bid-seal envelope (hex fields), encrypted to the custodians' keys. */
  sealed: JSONColumnType<Record<string, unknown>>;
  receipt_sm3: string;
  price_fen: number | null;
  opened_at: Date | null;
  factor_scores: JSONColumnType<Record<string, number>> | null;
  price_score: number | null;
  total_score: number | null;
  rank: number | null;
  /** Set at the opening when the envelope did not open or held no valid price (then no price and no rank). */
  invalid_reason: string | null;
}

// ---- tender documents, their logged download, 答疑 ----
export interface TenderDocumentTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  sm3: string;
  /** Set when the file is added after the notice: the clarification (法23) that changes the documents. */
  clarification_id: number | null;
  uploaded_by: number;
  uploaded_at: Date;
}
/** The bytes of a tender document (covered by the hashes of its audited `tender_document` row). */
export interface TenderDocumentFileTable {
  document_id: number;
  content: Uint8Array;
}
export interface TenderDocumentDownloadTable {
  id: Generated<number>;
  document_id: number;
  section_id: number;
  platform_code: string;
  user_id: number;
  role: string;
  subject_id: number | null;
  ip: string;
  downloaded_at: Date;
  sha256: string;
  sm3: string;
}
export interface TenderQuestionTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  asked_by_subject_id: number;
  asked_by: number;
  asked_at: Date;
  content: string;
  answer: string | null;
  answered_by: number | null;
  answered_at: Date | null;
  clarification_id: number | null;
}

// ---- 资格预审 (条例15–19) ----
export type PrequalificationStatus = "open" | "notified" | "failed";
export interface TenderPrequalificationTable {
  section_id: number;
  platform_code: string;
  status: Generated<PrequalificationStatus>;
  doc_sale_start: Date;
  doc_sale_end: Date;
  application_deadline: Date;
  published_by: number;
  published_at: Date;
  notified_by: number | null;
  notified_at: Date | null;
  passed_count: number | null;
}
export type PrequalificationResult = "passed" | "failed";
export interface PrequalificationApplicationTable {
  id: Generated<number>;
  section_id: number;
  platform_code: string;
  applicant_subject_id: number;
  applied_by: number;
  applied_at: Date;
  ip: string;
  statement: string | null;
  result: PrequalificationResult | null;
  reasons: ColumnType<string[], string | undefined, string>;
  reviewed_by: number | null;
  reviewed_at: Date | null;
}

// ---- 双随机 inspection plans ----
export type InspectionPlanStatus = "draft" | "committed" | "drawn" | "published";
export type InspectionOutcome = "pass" | "problem" | "rectify";
export interface InspectionPlanTable {
  id: Generated<number>;
  platform_code: string;
  department_code: string;
  year: number;
  name: string;
  project_count: number;
  agency_count: number;
  inspectors_per_target: number;
  /** The named inspector list, or null for the department's supervisor accounts. */
  inspector_usernames: JSONColumnType<string[]> | null;
  status: Generated<InspectionPlanStatus>;
  active_agencies: number | null;
  required_agencies: number | null;
  /** Population, inspector pool and avoidance pairs taken at the commitment (the draw's input). */
  snapshot: JSONColumnType<Record<string, unknown>> | null;
  input_digest: string | null;
  commitment: string | null;
  /** Hex; null until the results are published. */
  seed: string | null;
  created_by: number;
  created_at: Date;
  committed_by: number | null;
  committed_at: Date | null;
  drawn_by: number | null;
  drawn_at: Date | null;
  published_by: number | null;
  published_at: Date | null;
}
export interface InspectionTargetTable {
  id: Generated<number>;
  plan_id: number;
  kind: "project" | "agency";
  target_key: string;
  tender_project_id: number | null;
  subject_id: number | null;
  draw_order: number;
  outcome: InspectionOutcome | null;
  finding: string | null;
  rectify_by: CivilDate | null;
  recorded_by: number | null;
  recorded_at: Date | null;
  credit_record_id: number | null;
}
export interface InspectionAssignmentTable {
  id: Generated<number>;
  plan_id: number;
  target_id: number;
  inspector_user_id: number;
  draw_order: number;
}

/** The approving body's written consent to a 国有产权 deal below 90% of the appraisal (32号令第十八条 [mem]). */
export interface AuctionDealApprovalTable {
  lot_id: number;
  approving_body: string;
  document_no: string;
  approved_on: CivilDate;
  note: Generated<string>;
  recorded_by: number;
  recorded_at: Date;
}

/** 成交确认书: canonical JSON text, its digests and the platform's SM2 signature; only the 签收 columns change. */
export interface DealConfirmationTable {
  lot_id: number;
  platform_code: string;
  document_no: string;
  document: string;
  sha256: string;
  sm3: string;
  signature: string;
  signer_holder: string;
  signer_public_key: string;
  issued_by: number;
  issued_at: Date;
  buyer_signed_at: Date | null;
  buyer_signed_by: number | null;
  seller_signed_at: Date | null;
  seller_signed_by: number | null;
}

export interface DB {
  installation: InstallationTable;
  platform: PlatformTable;
  department: DepartmentTable;
  calendar_day: CalendarDayTable;
  person: PersonTable;
  user_account: UserAccountTable;
  user_certificate: UserCertificateTable;
  auth_session: AuthSessionTable;
  login_challenge: LoginChallengeTable;
  subject: SubjectTable;
  subject_role: SubjectRoleTable;
  subject_qualification: SubjectQualificationTable;
  subject_staff: SubjectStaffTable;
  subject_history: SubjectHistoryTable;
  audit_entry: AuditEntryTable;
  audit_leaf: AuditLeafTable;
  audit_tree_head: AuditTreeHeadTable;
  audit_state: AuditStateTable;
  code_sequence: CodeSequenceTable;
  custodian_key: CustodianKeyTable;
  tender_project: TenderProjectTable;
  tender_section: TenderSectionTable;
  bid_registration: BidRegistrationTable;
  bid: BidTable;
  bid_opening_record: BidOpeningRecordTable;
  tender_award: TenderAwardTable;
  tender_clarification: TenderClarificationTable;
  tender_objection: TenderObjectionTable;
  bid_bond: BidBondTable;
  expert: ExpertTable;
  expert_draw: ExpertDrawTable;
  evaluation_review: EvaluationReviewTable;
  evaluation_report: EvaluationReportTable;
  credit_record: CreditRecordTable;
  tender_invitation: TenderInvitationTable;
  tender_exemption: TenderExemptionTable;
  performance_record: PerformanceRecordTable;
  alert: AlertTable;
  supervision_batch_run: SupervisionBatchRunTable;
  supervision_batch_finding: SupervisionBatchFindingTable;
  complaint: ComplaintTable;
  procurement_challenge: ProcurementChallengeTable;
  auction_lot: AuctionLotTable;
  auction_lot_live: AuctionLotLiveTable;
  auction_bidder: AuctionBidderTable;
  auction_bid: AuctionBidTable;
  auction_bid_refusal: AuctionBidRefusalTable;
  auction_deal_approval: AuctionDealApprovalTable;
  deal_confirmation: DealConfirmationTable;
  auction_sealed_lot: AuctionSealedLotTable;
  auction_sealed_offer: AuctionSealedOfferTable;
  tender_document: TenderDocumentTable;
  tender_document_file: TenderDocumentFileTable;
  tender_document_download: TenderDocumentDownloadTable;
  tender_question: TenderQuestionTable;
  tender_prequalification: TenderPrequalificationTable;
  prequalification_application: PrequalificationApplicationTable;
  inspection_plan: InspectionPlanTable;
  inspection_target: InspectionTargetTable;
  inspection_assignment: InspectionAssignmentTable;
}
