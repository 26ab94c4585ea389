import type { RestrictedAction } from "../../api/supervision.ts";

/** Shapes of the complaints API (server/src/modules/supervision/complaints-routes.ts). */

export type ComplaintStatus = "submitted" | "rejected" | "accepted" | "decided";
export type ComplaintMatter = "document" | "opening" | "candidates" | "other";
export const COMPLAINT_STATUSES: ComplaintStatus[] = ["submitted", "accepted", "rejected", "decided"];
export const COMPLAINT_MATTERS: ComplaintMatter[] = ["document", "opening", "candidates", "other"];

export interface ComplaintFlag {
  rule: string;
  basis: string;
  latest: string | null;
}

export interface Complaint {
  id: number;
  regime: string;
  sectionId: number;
  departmentCode: string;
  status: ComplaintStatus;
  suspendsSection: boolean;
  matter: ComplaintMatter;
  objectionId: number | null;
  /** The prior 质疑 of a 政府采购 complaint. */
  challengeId: number | null;
  complainantSubjectId?: number;
  respondentSubjectId: number;
  projectId: number;
  projectName: string;
  sectionName: string;
  sectionCode: string;
  complainantName: string;
  complainantUscc: string;
  respondentName: string;
  respondentUscc: string;
  content: string;
  basis: string;
  knownAt: string;
  submittedAt: string;
  /** Civil dates (Beijing). */
  deadline: string;
  accepted: boolean | null;
  acceptanceDecidedAt: string | null;
  acceptanceNote: string | null;
  acceptanceDue: string;
  acceptanceLate: boolean | null;
  decision: "upheld" | "dismissed" | null;
  decisionText: string | null;
  decidedAt: string | null;
  decisionDue: string | null;
  decisionLate: boolean | null;
  reversal: "cancel_award" | null;
  creditRecordId: number | null;
  published: boolean;
  flags: ComplaintFlag[];
}

export interface Objection {
  id: number;
  kind: "document" | "opening" | "candidates";
  content: string;
  raisedAt: string;
  replyDue: string;
  reply: string | null;
  repliedAt: string | null;
}

/** 质疑 (政府采购法52–53), answered by the purchaser or its agency. */
export interface Challenge {
  id: number;
  matter: "document" | "opening" | "candidates";
  content: string;
  knownAt: string;
  raisedAt: string;
  deadline: string;
  replyDue: string;
  reply: string | null;
  repliedAt: string | null;
  replyLate: boolean | null;
  complaintId: number | null;
}

/** A set 404 record (public). */
export interface PublishedComplaint {
  id: number;
  sectionId: number;
  TENDER_PROJECT_NAME: string;
  TENDER_PROJECT_CODE: string;
  BID_SECTION_CODE: string;
  BID_SECTION_NAME: string;
  UNIFIED_DEAL_CODE: string;
  COMPLAINT_NAME: string;
  COMPLAINTED_BODY_NAME: string;
  COMPLAINTED_BODY_CODE: string;
  DISSENT_REASON: string;
  COMPLAINT_CONTENT: string;
  COMPLAINT_DATE: string;
  ACCEPT_DATE: string | null;
  HANDLE_RESULT: string;
  HANDLE_BASIS: string;
  HANDLE_DATE: string | null;
  CONFINED_ACTION: RestrictedAction[];
  START_DATE: string | null;
  END_DATE: string | null;
  DEALING_UNIT: string;
  ENTER_CREDIT_PLAT: boolean;
}

/** Today's civil date in Beijing, on the server's clock. */
export function beijingToday(offsetMs = 0): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + offsetMs),
  );
}

/** The statutory step still open and its due date, and whether it is overdue today (Beijing). */
export function pendingDue(c: Complaint, today: string): { step: "acceptance" | "decision"; due: string; overdue: boolean } | null {
  if (c.status === "submitted") return { step: "acceptance", due: c.acceptanceDue, overdue: today > c.acceptanceDue };
  if (c.status === "accepted" && c.decisionDue) return { step: "decision", due: c.decisionDue, overdue: today > c.decisionDue };
  return null;
}
