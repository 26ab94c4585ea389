import { Tag } from "antd";
import { useI18n } from "../../i18n.ts";

/** Shapes of the inspection API (server/src/modules/supervision/inspections-routes.ts). */

export type InspectionPlanStatus = "draft" | "committed" | "drawn" | "published";
export type InspectionOutcome = "pass" | "problem" | "rectify";
export type AvoidanceReason = "EMPLOYED_BY_PARTY" | "ACCOUNT_OF_PARTY" | "HANDLED_PROJECT" | "SAT_ON_COMMITTEE";

export interface InspectionTarget {
  id: number;
  order: number;
  kind: "project" | "agency";
  key: string;
  projectId: number | null;
  subjectId: number | null;
  code: string;
  name: string;
  inspectors: { userId: number; name: string }[];
  outcome: InspectionOutcome | null;
  finding: string | null;
  rectifyBy: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  creditRecordId: number | null;
  /** The signed-in account is one of the target's inspectors. */
  mine: boolean;
}

export interface InspectionPlan {
  id: number;
  planId: string;
  platformCode: string;
  departmentCode: string;
  departmentName: string;
  year: number;
  name: string;
  status: InspectionPlanStatus;
  projectCount: number;
  agencyCount: number;
  inspectorsPerTarget: number;
  inspectorUsernames: string[] | null;
  activeAgencies: number | null;
  requiredAgencies: number | null;
  candidateProjects: number | null;
  commitment: string | null;
  inputDigest: string | null;
  seed: string | null;
  createdBy: string;
  createdAt: string;
  committedAt: string | null;
  drawnAt: string | null;
  publishedAt: string | null;
  basis: { agencies: string; inspectors: string };
  pool: { userId: number; name: string; departmentCode: string }[] | null;
  avoidance: { inspector: string; inspectorKey: string; target: string; targetKey: string; reasons: AvoidanceReason[] }[] | null;
  targets: InspectionTarget[];
}

export interface PublishedInspection {
  id: number;
  name: string;
  year: number;
  platformCode: string;
  departmentCode: string;
  departmentName: string;
  activeAgencies: number;
  requiredAgencies: number;
  commitment: string;
  seed: string;
  publishedAt: string;
  targets: {
    order: number;
    kind: "project" | "agency";
    code: string;
    name: string;
    inspectors: string[];
    outcome: InspectionOutcome;
    finding: string;
    rectifyBy: string | null;
    recordedAt: string;
    creditRecordId: number | null;
  }[];
}

export interface PublicInspectionDraw {
  id: number;
  planId: string;
  status: InspectionPlanStatus;
  year: number;
  departmentCode: string;
  platformCode: string;
  algorithm: string;
  commitment: string;
  inputDigest: string;
  committedAt: string | null;
  seed: string | null;
  input: {
    planId: string;
    projects: string[];
    agencies: string[];
    inspectors: string[];
    projectCount: number;
    agencyCount: number;
    inspectorsPerTarget: number;
    conflicts: { inspector: string; target: string; reasons: AvoidanceReason[] }[];
  } | null;
  snapshot: {
    projects: { key: string; code: string; name: string }[];
    agencies: { key: string; uscc: string; name: string }[];
    inspectors: { key: string; name: string }[];
  } | null;
  targets: { id: string; kind: "project" | "agency"; order: number; inspectors: string[] }[] | null;
  verification: { commitmentOk: boolean; inputDigestOk: boolean; resultOk: boolean } | null;
}

const STATUS_COLOR: Record<InspectionPlanStatus, string> = { draft: "default", committed: "gold", drawn: "blue", published: "green" };
const OUTCOME_COLOR: Record<InspectionOutcome, string> = { pass: "green", problem: "red", rectify: "orange" };

export function PlanStatusTag({ value }: { value: InspectionPlanStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[value]}>{t(`inspection.status.${value}`)}</Tag>;
}

export function OutcomeTag({ value }: { value: InspectionOutcome | null }) {
  const { t } = useI18n();
  if (value === null) return <Tag>{t("inspection.outcome.pending")}</Tag>;
  return <Tag color={OUTCOME_COLOR[value]}>{t(`inspection.outcome.${value}`)}</Tag>;
}

export function TargetKindTag({ value }: { value: "project" | "agency" }) {
  const { t } = useI18n();
  return <Tag color={value === "project" ? "geekblue" : "purple"}>{t(`inspection.target.kind.${value}`)}</Tag>;
}
