/**
 * The rule engine: run the rules that watch a node, map a finding to a data set 402 PROJECT_ALERTING_INFO
 * record, and the alert workflow 待处理 → 已发出预警 → 已反馈 → 已办结. Pure, no I/O.
 *
 * Choices (no national text fixes them; see regulations-cn.md §2):
 * - ALERT_LEVEL (code table 1008): 1 绿 / 2 黄 / 3 红 (GGZY's traffic light).
 * - Dates are Beijing time "YYYY-MM-DD HH:mm:ss"; 是否 fields are "1" (是) / "0" (否).
 * - BODY_CODE / BODY_NAME (责任主体): the finding's subjects joined by ";", else the context's body
 *   (normally the tenderer).
 * - CONFINED_ACTION (code table 1007, not in our references): the platform's restricted-action names
 *   (register, bid, auction, evaluate) joined by ","; the exchange adapter maps them to 1007 codes.
 * - The workflow is strictly linear (GGZY also has 反馈已读 between 已反馈 and 已办结; we fold it into
 *   已反馈). A close may carry a request for a credit record (credit_record), which the caller files.
 */
import type { RestrictedAction } from "../../../../platform/db/schema.ts";
import type {
  AlertRule,
  Bilingual,
  Finding,
  HistoryFacts,
  HistorySection,
  RuleParams,
  SectionFacts,
  SectionRef,
  Severity,
  SubjectRef,
  SupervisoryNode,
} from "./rule-types.ts";
import { DEFAULT_RULE_PARAMS, NODE_LABELS, SEVERITIES } from "./rule-types.ts";
import { beijingDateTime, sectionRefOf } from "./support.ts";

// ---------------------------------------------------------------------------------------------
// runRules
// ---------------------------------------------------------------------------------------------

export interface RunOptions {
  /** Overrides of the documented defaults. */
  params?: Partial<RuleParams>;
  /** Only these rule ids. */
  only?: readonly string[];
  /** Drop findings below this severity. */
  minSeverity?: Severity;
  /**
   * A rule that throws (malformed facts) is reported here and skipped; without a handler the error is
   * rethrown as a {@link RuleEvaluationError} naming the rule.
   */
  onError?: (ruleId: string, error: unknown) => void;
}

export class RuleEvaluationError extends Error {
  readonly ruleId: string;
  constructor(ruleId: string, cause: unknown) {
    super(`rule ${ruleId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "RuleEvaluationError";
    this.ruleId = ruleId;
  }
}

export const isHistoryFacts = (facts: SectionFacts | HistoryFacts): facts is HistoryFacts => Array.isArray((facts as HistoryFacts).sections);

const applies = (rule: AlertRule, category: string, method: string): boolean =>
  (rule.appliesTo.categories as readonly string[]).includes(category) && (!rule.appliesTo.methods || rule.appliesTo.methods.includes(method));

/**
 * Runs the rules that watch `node` ("all": every node) on the facts. The facts choose the mode:
 * {@link SectionFacts} run the event rules whose categories / methods include the section's project;
 * {@link HistoryFacts} run the batch rules, each on the sections of its categories / methods only.
 * Findings come back in rule order, stamped with the rule's severity, node and basis (and, for event
 * rules, the section).
 */
export function runRules(rules: readonly AlertRule[], node: SupervisoryNode | "all", facts: SectionFacts | HistoryFacts, options: RunOptions = {}): Finding[] {
  const params: RuleParams = { ...DEFAULT_RULE_PARAMS, ...options.params };
  const only = options.only ? new Set(options.only) : undefined;
  const minRank = SEVERITIES.indexOf(options.minSeverity ?? "green");
  const batch = isHistoryFacts(facts);
  const out: Finding[] = [];
  for (const rule of rules) {
    if (node !== "all" && rule.node !== node) continue;
    if (only && !only.has(rule.id)) continue;
    if (SEVERITIES.indexOf(rule.severity) < minRank) continue;
    let found: Finding[];
    try {
      if (batch) {
        if (rule.mode !== "batch") continue;
        const sections: HistorySection[] = facts.sections.filter((s) => applies(rule, s.category, s.method));
        if (sections.length === 0) continue;
        found = rule.evaluate({ ...facts, sections }, params);
      } else {
        if (rule.mode !== "event" || !applies(rule, facts.project.category, facts.project.method)) continue;
        found = rule.evaluate(facts, params);
      }
    } catch (error) {
      if (!options.onError) throw new RuleEvaluationError(rule.id, error);
      options.onError(rule.id, error);
      continue;
    }
    for (const f of found) {
      const section = f.section ?? (batch ? undefined : sectionRefOf(facts));
      out.push({ ...f, ...(section ? { section } : {}), severity: rule.severity, node: rule.node, basis: rule.basis });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workflow 待处理 → 已发出预警 → 已反馈 → 已办结
// ---------------------------------------------------------------------------------------------

export type AlertState = "pending" | "issued" | "responded" | "closed";

export const ALERT_STATES: readonly AlertState[] = ["pending", "issued", "responded", "closed"];

export const ALERT_STATE_LABELS: Readonly<Record<AlertState, Bilingual>> = {
  pending: { zh: "待处理", en: "pending" },
  issued: { zh: "已发出预警", en: "warning issued" },
  responded: { zh: "已反馈", en: "feedback received" },
  closed: { zh: "已办结", en: "closed" },
};

/** A credit record to file when an alert is closed (shape of credit_record). */
export interface CreditRecordRequest {
  /** USCCs (or expert ids) the record is about. */
  subjects: string[];
  kind: "violation" | "blacklist";
  reason: string;
  /** 处理文件文号. */
  documentNo: string;
  restrictedActions: RestrictedAction[];
  startsAt: Date;
  endsAt: Date | null;
  public: boolean;
}

export type AlertAction =
  /** 发出预警 to the responsible subject. */
  | { type: "issue"; at: Date; by: string; notice?: string }
  /** The responsible subject's 反馈. */
  | { type: "feedback"; at: Date; by: string; content: string }
  /** 办结 by the supervisor, optionally with a credit record. */
  | { type: "close"; at: Date; by: string; result: string; signature?: string; creditRecord?: CreditRecordRequest };

export type AlertActionType = AlertAction["type"];

const TRANSITIONS: Readonly<Record<AlertState, Partial<Record<AlertActionType, AlertState>>>> = {
  pending: { issue: "issued" },
  issued: { feedback: "responded" },
  responded: { close: "closed" },
  closed: {},
};

export type AlertWorkflowErrorCode = "INVALID_TRANSITION" | "INVALID_ACTION";

export class AlertWorkflowError extends Error {
  readonly code: AlertWorkflowErrorCode;
  readonly from: AlertState;
  readonly action: AlertActionType;
  constructor(code: AlertWorkflowErrorCode, from: AlertState, action: AlertActionType, message: string) {
    super(message);
    this.name = "AlertWorkflowError";
    this.code = code;
    this.from = from;
    this.action = action;
  }
}

const RESTRICTED_ACTIONS: readonly RestrictedAction[] = ["register", "bid", "auction", "evaluate"];

function validateAction(state: AlertState, a: AlertAction): void {
  const bad = (why: string) => new AlertWorkflowError("INVALID_ACTION", state, a.type, why);
  if (!(a.at instanceof Date) || Number.isNaN(a.at.getTime())) throw bad("the action needs a valid time");
  if (!a.by.trim()) throw bad("the action needs an operator");
  if (a.type === "feedback" && !a.content.trim()) throw bad("feedback needs content");
  if (a.type !== "close") return;
  if (!a.result.trim()) throw bad("a close needs a handling result");
  const c = a.creditRecord;
  if (!c) return;
  if (c.subjects.length === 0 || c.subjects.some((s) => !s.trim())) throw bad("the credit record needs its subjects");
  if (!c.documentNo.trim() || !c.reason.trim()) throw bad("the credit record needs a document number and a reason");
  if (c.restrictedActions.some((x) => !RESTRICTED_ACTIONS.includes(x))) throw bad("unknown restricted action");
  if (c.kind === "blacklist" && c.restrictedActions.length === 0) throw bad("a blacklist record restricts at least one action");
  if (Number.isNaN(c.startsAt.getTime()) || (c.endsAt && !(c.endsAt.getTime() > c.startsAt.getTime()))) throw bad("the restriction ends before it starts");
}

/**
 * The state after `action`, or an {@link AlertWorkflowError}: INVALID_TRANSITION when the action is not
 * allowed in `state`, INVALID_ACTION when it is malformed. A close passes its credit-record request on.
 */
export function nextAlertState(state: AlertState, action: AlertAction): { state: AlertState; creditRecord?: CreditRecordRequest } {
  const to = TRANSITIONS[state]?.[action.type];
  if (!to) {
    throw new AlertWorkflowError(
      "INVALID_TRANSITION",
      state,
      action.type,
      `cannot ${action.type} an alert that is ${ALERT_STATE_LABELS[state]?.en ?? state} (${ALERT_STATE_LABELS[state]?.zh ?? state})`,
    );
  }
  validateAction(state, action);
  return action.type === "close" && action.creditRecord ? { state: to, creditRecord: action.creditRecord } : { state: to };
}

/** What is known about the handling of one alert. */
export interface AlertHandling {
  state: AlertState;
  issuedAt?: Date;
  issuedBy?: string;
  feedback?: { at: Date; by: string; content: string };
  closedAt?: Date;
  operator?: string;
  result?: string;
  signature?: string;
  creditRecord?: CreditRecordRequest;
}

export const NEW_ALERT: AlertHandling = Object.freeze({ state: "pending" });

/** Applies an action through {@link nextAlertState} and records what it carries. */
export function applyAlertAction(h: AlertHandling, action: AlertAction): AlertHandling {
  const { state, creditRecord } = nextAlertState(h.state, action);
  switch (action.type) {
    case "issue":
      return { ...h, state, issuedAt: action.at, issuedBy: action.by };
    case "feedback":
      return { ...h, state, feedback: { at: action.at, by: action.by, content: action.content } };
    case "close":
      return {
        ...h,
        state,
        closedAt: action.at,
        operator: action.by,
        result: action.result,
        ...(action.signature ? { signature: action.signature } : {}),
        ...(creditRecord ? { creditRecord } : {}),
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Data set 402 PROJECT_ALERTING_INFO
// ---------------------------------------------------------------------------------------------

/** ALERT_LEVEL (code table 1008). */
export const ALERT_LEVEL: Readonly<Record<Severity, "1" | "2" | "3">> = { green: "1", yellow: "2", red: "3" };

export interface AlertContext {
  /** The section the alert is filed under (default: the finding's). */
  section?: SectionRef;
  /** PROJECT_TYPE and TRADE_TYPE (code table 1301), as the exchange codes them. */
  projectType: string;
  tradeType: string;
  /** 责任主体 when the finding names no subject (normally the tenderer). */
  body?: SubjectRef;
  /** USCC → name, for BODY_NAME. */
  names?: Readonly<Record<string, string>>;
  /** 监管单位. */
  supervisor: { name: string; code: string };
  alertDate: Date;
  /** Needed when the finding was not stamped by {@link runRules}. */
  rule?: Pick<AlertRule, "severity" | "node" | "basis" | "name">;
  handling?: AlertHandling;
}

export interface ProjectAlertingInfo {
  TENDER_PROJECT_NAME: string;
  TENDER_PROJECT_CODE: string;
  BID_SECTION_CODE: string;
  BID_SECTION_NAME: string;
  UNIFIED_DEAL_CODE: string;
  PROJECT_TYPE: string;
  TRADE_TYPE: string;
  BODY_NAME: string;
  BODY_CODE: string;
  SUPERVISOR_UNIT_NAME: string;
  SUPERVISOR_UNIT_CODE: string;
  SUPERVISORY_NODE: string;
  ALERT_LEVEL: "1" | "2" | "3";
  ALERT_DATE: string;
  ALERT_INFO: string;
  HANDLED: "0" | "1";
  HANDLE_RESULT: string | null;
  PULISH_DATE: string | null;
  CONFINED_ACTION: string | null;
  START_DATE: string | null;
  END_DATE: string | null;
  OPERATOR: string | null;
  ENTER_CREDIT_PLAT: "0" | "1";
  SIGNATURE: string | null;
}

/** The set 402 record of a finding. Throws TypeError when neither the finding nor the context gives the severity and node. */
export function alertRecord(finding: Finding, context: AlertContext): ProjectAlertingInfo {
  const severity = finding.severity ?? context.rule?.severity;
  const node = finding.node ?? context.rule?.node;
  if (!severity || !node) throw new TypeError(`finding ${finding.ruleId} has no severity / node: run it through runRules or pass context.rule`);
  const basis = finding.basis ?? context.rule?.basis;
  const section = context.section ?? finding.section;
  const subjects = finding.subjects ?? [];
  const bodyCodes = subjects.length > 0 ? subjects : context.body ? [context.body.uscc] : [];
  const nameOf = (u: string) => context.names?.[u] ?? (context.body?.uscc === u ? context.body.name : undefined) ?? u;
  const h = context.handling ?? NEW_ALERT;
  const credit = h.state === "closed" ? h.creditRecord : undefined;
  const namePart = context.rule?.name ? `${context.rule.name.zh}：` : "";
  return {
    TENDER_PROJECT_NAME: section?.tenderProjectName ?? "",
    TENDER_PROJECT_CODE: section?.tenderProjectCode ?? "",
    BID_SECTION_CODE: section?.sectionCode ?? "",
    BID_SECTION_NAME: section?.sectionName ?? "",
    UNIFIED_DEAL_CODE: section?.unifiedDealCode ?? "",
    PROJECT_TYPE: context.projectType,
    TRADE_TYPE: context.tradeType,
    BODY_NAME: bodyCodes.map(nameOf).join(";"),
    BODY_CODE: bodyCodes.join(";"),
    SUPERVISOR_UNIT_NAME: context.supervisor.name,
    SUPERVISOR_UNIT_CODE: context.supervisor.code,
    SUPERVISORY_NODE: NODE_LABELS[node].zh,
    ALERT_LEVEL: ALERT_LEVEL[severity],
    ALERT_DATE: beijingDateTime(context.alertDate),
    ALERT_INFO: `[${finding.ruleId}] ${namePart}${finding.message.zh}${basis ? `（依据：${basis}）` : ""}`,
    HANDLED: h.state === "closed" ? "1" : "0",
    HANDLE_RESULT: h.state === "closed" ? (h.result ?? null) : null,
    PULISH_DATE: h.issuedAt ? beijingDateTime(h.issuedAt) : null,
    CONFINED_ACTION: credit ? credit.restrictedActions.join(",") : null,
    START_DATE: credit ? beijingDateTime(credit.startsAt) : null,
    END_DATE: credit?.endsAt ? beijingDateTime(credit.endsAt) : null,
    OPERATOR: h.state === "closed" ? (h.operator ?? null) : null,
    ENTER_CREDIT_PLAT: credit ? "1" : "0",
    SIGNATURE: h.state === "closed" ? (h.signature ?? null) : null,
  };
}
