import type { Bilingual } from "./types.ts";

/** Shapes of the supervision API (server/src/modules/supervision/alerts-routes.ts, credit/credit-routes.ts). */

export type AlertSeverity = "green" | "yellow" | "red";
export type AlertState = "pending" | "issued" | "responded" | "closed";
export type RestrictedAction = "register" | "bid" | "auction" | "evaluate";
export const RESTRICTED_ACTIONS: RestrictedAction[] = ["register", "bid", "auction", "evaluate"];

export interface SupervisionAlert {
  id: number;
  sectionId: number;
  sectionCode: string;
  sectionName: string;
  unifiedDealCode: string;
  projectId: number;
  tenderProjectCode: string;
  projectName: string;
  platformCode: string;
  departmentCode: string;
  ruleId: string;
  ruleName: Bilingual | null;
  basis: string | null;
  node: string;
  severity: AlertSeverity;
  state: AlertState;
  message: Bilingual;
  evidence: Record<string, unknown>;
  subjects: string[];
  raisedAt: string;
  issuedAt: string | null;
  notice: string | null;
  feedback: string | null;
  feedbackAt: string | null;
  closedAt: string | null;
  handlingResult: string | null;
  creditRecordId: number | null;
}

export interface OpenAlertCounts {
  green: number;
  yellow: number;
  red: number;
  total: number;
}

export interface SupervisedProject {
  id: number;
  tenderProjectCode: string;
  name: string;
  departmentCode: string;
  platformCode: string;
  method: string;
  sections: { id: number; sectionCode: string; name: string; status: string; openAlerts: OpenAlertCounts }[];
}

export interface CreditRecord {
  id: number;
  kind: "violation" | "blacklist" | "reward" | "performance";
  reason: string;
  documentNo: string;
  departmentCode: string;
  decidedAt: string;
  restrictedActions: RestrictedAction[];
  startsAt: string | null;
  endsAt: string | null;
  revokedAt: string | null;
  inForce: boolean;
}

export interface SubjectCredit {
  subjectId: number;
  rating: "A" | "B" | "C" | "D";
  score: number;
  records: CreditRecord[];
}
