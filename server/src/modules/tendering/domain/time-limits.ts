/**
 * Statutory time limits and counts of 工程建设项目招标投标 (招标投标法 2017, 实施条例 2019). Pure, no I/O.
 * Every check returns `{ ok: true }` or a violation naming the rule, its legal basis and bilingual text.
 *
 * Day counting — one convention everywhere:
 * - Inputs are instants (timestamptz → `Date`). Each is reduced to its Beijing civil date with
 *   `toCivilDate`; the clock time never matters for a day count.
 * - 民法典第二百零一条: the start day is not counted. "A 至 B 不少于 n 日" is
 *   `calendar.isAtLeast(dateA, dateB, n, "day")`, i.e. B ≥ A + n: issue 03-01 → deadline 03-21 is 20 days
 *   (accepted), 03-20 is 19 (refused). A minimum span is measured, never extended.
 * - "X 前 n 日" (a notice or objection at least n days before a deadline D): the act's date A must
 *   satisfy D ≥ A + n, the same measure seen from the other side; the latest allowed day is D − n.
 * - "自 A 之日起 n 日内" (a deadline for an act): the last allowed day is
 *   `calendar.periodEnd(dateA, n, "day")` = A + n, moved to the next working day when A + n is a rest day
 *   (民法典第二百零三条第一款); the day ends at 24:00 (第二款; an electronic platform has no 业务时间).
 * - Where the text says 日 the count is in calendar days; where it says 工作日 (条例第六十一条) it is
 *   in working days of the {@link WorkingCalendar} (holidays and 调休 make-up days included).
 * Dates in violations (`earliest`, `latest`) are Beijing civil dates "YYYY-MM-DD".
 */
import { beijingMinute, type CivilDate, startOfCivilDay, toCivilDate, type WorkingCalendar } from "../../../platform/calendar/working-days.ts";

export type TimeLimitRule =
  | "DOCUMENT_SALE_TOO_SHORT"
  | "TENDER_PERIOD_TOO_SHORT"
  | "CLARIFICATION_TOO_LATE"
  | "PREQUALIFICATION_CLARIFICATION_TOO_LATE"
  | "PREQUALIFICATION_PERIOD_TOO_SHORT"
  | "OBJECTION_TOO_LATE"
  | "OBJECTION_OUTSIDE_PUBLICITY"
  | "OBJECTION_REPLY_LATE"
  | "BID_BOND_TOO_HIGH"
  | "PERFORMANCE_BOND_TOO_HIGH"
  | "TOO_FEW_INVITEES"
  | "TOO_FEW_BIDS"
  | "TOO_FEW_PREQUALIFIED"
  | "COMMITTEE_TOO_SMALL"
  | "COMMITTEE_SIZE_EVEN"
  | "COMMITTEE_TOO_FEW_EXPERTS"
  | "PUBLICITY_START_LATE"
  | "PUBLICITY_TOO_SHORT"
  | "CONTRACT_LATE"
  | "REPORT_LATE"
  | "BOND_REFUND_LATE"
  | "COMPLAINT_TOO_LATE"
  | "COMPLAINT_ACCEPTANCE_LATE"
  | "COMPLAINT_DECISION_LATE";

export interface LimitViolation {
  ok: false;
  rule: TimeLimitRule;
  /** The article(s) the rule comes from, e.g. "招标投标法第二十四条". */
  basis: string;
  zh: string;
  en: string;
  /** Earliest civil date that would satisfy the rule (for a too-short span / too-early deadline). */
  earliest?: CivilDate;
  /** Latest civil date that would have satisfied the rule (for an act done too late). */
  latest?: CivilDate;
  /** The numeric limit (count, or amount in fen) for count and amount rules. */
  limit?: number;
}

export type LimitResult = { ok: true } | LimitViolation;

const OK: LimitResult = Object.freeze({ ok: true });
const DAY_MS = 86_400_000;

/** Legal bases, as cited in violations. */
export const BASIS = {
  law17: "招标投标法第十七条",
  law23_reg21: "招标投标法第二十三条；招标投标法实施条例第二十一条",
  law24: "招标投标法第二十四条",
  law28_reg44: "招标投标法第二十八条；招标投标法实施条例第四十四条",
  law37: "招标投标法第三十七条",
  law46: "招标投标法第四十六条",
  law47: "招标投标法第四十七条",
  reg16: "招标投标法实施条例第十六条",
  reg17: "招标投标法实施条例第十七条",
  reg19: "招标投标法实施条例第十九条",
  reg21: "招标投标法实施条例第二十一条",
  reg22: "招标投标法实施条例第二十二条",
  reg26: "招标投标法实施条例第二十六条",
  reg35: "招标投标法实施条例第三十五条",
  reg54: "招标投标法实施条例第五十四条",
  reg54_2: "招标投标法实施条例第五十四条第二款",
  reg57: "招标投标法实施条例第五十七条",
  reg58: "招标投标法实施条例第五十八条",
  reg60: "招标投标法实施条例第六十条",
  reg61: "招标投标法实施条例第六十一条",
} as const;

/** The statutory numbers, in one place. */
export const LIMITS = {
  documentSaleDays: 5, // 条例16
  tenderPeriodDays: 20, // 法24
  clarificationDays: 15, // 法23, 条例21
  prequalificationClarificationDays: 3, // 条例21
  prequalificationApplicationDays: 5, // 条例17
  tenderObjectionDays: 10, // 条例22
  prequalificationObjectionDays: 2, // 条例22
  objectionReplyDays: 3, // 条例22, 条例54
  bidBondPercent: 2, // 条例26
  performanceBondPercent: 10, // 条例58
  minInvitees: 3, // 法17
  minBids: 3, // 法28, 条例44
  minPrequalified: 3, // 条例19
  minCommittee: 5, // 法37
  publicityStartDays: 3, // 条例54
  publicityMinDays: 3, // 条例54
  contractDays: 30, // 法46
  reportDays: 15, // 法47
  bondRefundDays: 5, // 条例35, 条例57
  complaintDays: 10, // 条例60
  complaintAcceptanceWorkdays: 3, // 条例61
  complaintDecisionWorkdays: 30, // 条例61
} as const;

export type DocumentKind = "tender" | "prequalification";

const day = (t: Date): CivilDate => toCivilDate(t);

/** "YYYY-MM-DD HH:mm" in Beijing time, for messages. */

function violation(rule: TimeLimitRule, basis: string, zh: string, en: string, extra: Partial<LimitViolation> = {}): LimitViolation {
  return { ok: false, rule, basis, zh, en, ...extra };
}

/** Act on `actDate` is on time for a deadline period of `n` days from `startDate` (民法典 201, 203). */
function withinDays(calendar: WorkingCalendar, startDate: CivilDate, actDate: CivilDate, n: number): { ok: boolean; due: CivilDate } {
  const due = calendar.periodEnd(startDate, n, "day");
  return { ok: actDate <= due, due };
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be an integer ≥ 0, got ${n}`);
}

function assertFen(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer number of fen, got ${n}`);
}

function assertOrder(a: Date, b: Date, what: string): void {
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) throw new RangeError(`invalid Date in ${what}`);
  if (b.getTime() < a.getTime()) throw new RangeError(`${what}: end is before start`);
}

// ---------------------------------------------------------------------------------------------
// 招标: documents, tender period, clarifications
// ---------------------------------------------------------------------------------------------

/**
 * 条例16: 资格预审文件或者招标文件的发售期不得少于5日 — sale start date to sale end date ≥ 5 calendar
 * days (start day not counted: 03-02 → 03-07 accepted, 03-06 refused). Applies to every tender.
 */
export function checkDocumentSalePeriod(input: { saleStart: Date; saleEnd: Date; document?: DocumentKind }, calendar: WorkingCalendar): LimitResult {
  const start = day(input.saleStart);
  const end = day(input.saleEnd);
  const n = LIMITS.documentSaleDays;
  if (calendar.isAtLeast(start, end, n, "day")) return OK;
  const doc = input.document === "prequalification" ? ["资格预审文件", "pre-qualification documents"] : ["招标文件", "tender documents"];
  const earliest = calendar.addCalendarDays(start, n);
  return violation(
    "DOCUMENT_SALE_TOO_SHORT",
    BASIS.reg16,
    `${doc[0]}发售期不得少于${n}日：自${start}起发售的，最早于${earliest}停止发售，实际为${end}`,
    `The ${doc[1]} must be on sale for at least ${n} days: sale starting ${start} may end on ${earliest} at the earliest; it ends ${end}`,
    { earliest },
  );
}

/**
 * 法24: 依法必须进行招标的项目，自招标文件开始发出之日起至投标人提交投标文件截止之日止，最短不得少于二十日.
 * Issue date to bid-deadline date ≥ 20 calendar days (03-01 → 03-21 accepted, 03-20 refused).
 * For a project that is not 依法必须招标 the law only asks for 合理时间: always ok here.
 */
export function checkTenderPeriod(input: { issueTime: Date; bidDeadline: Date; compulsory: boolean }, calendar: WorkingCalendar): LimitResult {
  if (!input.compulsory) return OK;
  const issue = day(input.issueTime);
  const deadline = day(input.bidDeadline);
  const n = LIMITS.tenderPeriodDays;
  if (calendar.isAtLeast(issue, deadline, n, "day")) return OK;
  const earliest = calendar.addCalendarDays(issue, n);
  return violation(
    "TENDER_PERIOD_TOO_SHORT",
    BASIS.law24,
    `依法必须进行招标的项目，自招标文件开始发出之日（${issue}）起至投标截止之日止不得少于${n}日：投标截止日最早为${earliest}，实际为${deadline}`,
    `For a project that must be tendered, the bid deadline must be at least ${n} days after the tender documents are first issued (${issue}): ${earliest} at the earliest; it is ${deadline}`,
    { earliest },
  );
}

/**
 * Minimum notice before the deadline for a clarification or change that may affect the preparation
 * of bids / applications (法23, 条例21): 15 days before the bid deadline; 3 days before the
 * pre-qualification application deadline. Otherwise the deadline must be postponed; `earliest` is
 * the first allowed deadline date. A change that cannot affect the preparation
 * (`affectsPreparation: false`) needs no notice period.
 */
export function checkClarificationNotice(
  input: { clarificationTime: Date; deadline: Date; document?: DocumentKind; affectsPreparation?: boolean },
  calendar: WorkingCalendar,
): LimitResult {
  if (input.affectsPreparation === false) return OK;
  const prequal = input.document === "prequalification";
  const n = prequal ? LIMITS.prequalificationClarificationDays : LIMITS.clarificationDays;
  const clar = day(input.clarificationTime);
  const deadline = day(input.deadline);
  if (calendar.isAtLeast(clar, deadline, n, "day")) return OK;
  const earliest = calendar.addCalendarDays(clar, n);
  return prequal
    ? violation(
        "PREQUALIFICATION_CLARIFICATION_TOO_LATE",
        BASIS.reg21,
        `资格预审文件的澄清或者修改应当在提交资格预审申请文件截止时间至少${n}日前通知；${clar}发出的，截止日应顺延至${earliest}或之后（原为${deadline}）`,
        `A clarification of the pre-qualification documents must be sent at least ${n} days before the application deadline; sent on ${clar}, the deadline must move to ${earliest} or later (it is ${deadline})`,
        { earliest },
      )
    : violation(
        "CLARIFICATION_TOO_LATE",
        BASIS.law23_reg21,
        `招标文件的澄清或者修改应当在投标截止时间至少${n}日前通知；${clar}发出的，投标截止日应顺延至${earliest}或之后（原为${deadline}）`,
        `A clarification of the tender documents must be sent at least ${n} days before the bid deadline; sent on ${clar}, the deadline must move to ${earliest} or later (it is ${deadline})`,
        { earliest },
      );
}

/**
 * The earliest lawful deadline after a clarification or change (法23, 条例21): unchanged when the
 * notice is at least 15 (pre-qualification: 3) days before it; otherwise the clarification date
 * + 15 (3) days, at the SAME Beijing clock time as the current deadline (our choice: openings keep
 * their usual hour; any time on that day would satisfy the day count).
 */
export function deadlineAfterClarification(
  currentDeadline: Date,
  clarificationTime: Date,
  options: { document?: DocumentKind; affectsPreparation?: boolean } = {},
): Date {
  if (options.affectsPreparation === false) return currentDeadline;
  const n = options.document === "prequalification" ? LIMITS.prequalificationClarificationDays : LIMITS.clarificationDays;
  const clarDay = startOfCivilDay(day(clarificationTime)).getTime();
  const deadlineDay = startOfCivilDay(day(currentDeadline)).getTime();
  const spanDays = Math.round((deadlineDay - clarDay) / DAY_MS);
  if (spanDays >= n) return currentDeadline;
  // Beijing has a fixed UTC+8 offset, so shifting an instant by whole days keeps its clock time.
  return new Date(currentDeadline.getTime() + (n - spanDays) * DAY_MS);
}

/**
 * 条例17: 依法必须进行招标的项目提交资格预审申请文件的时间，自资格预审文件停止发售之日起不得少于5日.
 */
export function checkPrequalificationApplicationPeriod(
  input: { saleEnd: Date; applicationDeadline: Date; compulsory: boolean },
  calendar: WorkingCalendar,
): LimitResult {
  if (!input.compulsory) return OK;
  const saleEnd = day(input.saleEnd);
  const deadline = day(input.applicationDeadline);
  const n = LIMITS.prequalificationApplicationDays;
  if (calendar.isAtLeast(saleEnd, deadline, n, "day")) return OK;
  const earliest = calendar.addCalendarDays(saleEnd, n);
  return violation(
    "PREQUALIFICATION_PERIOD_TOO_SHORT",
    BASIS.reg17,
    `提交资格预审申请文件的时间自资格预审文件停止发售之日（${saleEnd}）起不得少于${n}日：截止日最早为${earliest}，实际为${deadline}`,
    `The application deadline must be at least ${n} days after the pre-qualification documents stop being sold (${saleEnd}): ${earliest} at the earliest; it is ${deadline}`,
    { earliest },
  );
}

/** Full check of a 招标公告 / 资格预审公告 schedule (set 503); returns every violation found. */
export function checkAnnouncementSchedule(
  input: {
    document: DocumentKind;
    compulsory: boolean;
    /** DOC_GET_START_TIME — also the date the documents are first issued (开始发出). */
    docGetStart: Date;
    /** DOC_GET_END_TIME. */
    docGetEnd: Date;
    /** BID_DOC_REFER_END_TIME (tender) or the application deadline (pre-qualification). */
    deadline: Date;
  },
  calendar: WorkingCalendar,
): LimitViolation[] {
  const results: LimitResult[] = [checkDocumentSalePeriod({ saleStart: input.docGetStart, saleEnd: input.docGetEnd, document: input.document }, calendar)];
  if (input.document === "tender") {
    results.push(checkTenderPeriod({ issueTime: input.docGetStart, bidDeadline: input.deadline, compulsory: input.compulsory }, calendar));
  } else {
    results.push(
      checkPrequalificationApplicationPeriod({ saleEnd: input.docGetEnd, applicationDeadline: input.deadline, compulsory: input.compulsory }, calendar),
    );
  }
  return results.filter((r): r is LimitViolation => !r.ok);
}

// ---------------------------------------------------------------------------------------------
// 异议 (objections)
// ---------------------------------------------------------------------------------------------

/**
 * 条例22: an objection to the 资格预审文件 must be raised 2 days before the application deadline, one to
 * the 招标文件 10 days before the bid deadline: objection date + n ≤ deadline date. `latest` is the last
 * day an objection is timely.
 */
export function checkObjectionTimely(input: { objectionTime: Date; deadline: Date; document: DocumentKind }, calendar: WorkingCalendar): LimitResult {
  const prequal = input.document === "prequalification";
  const n = prequal ? LIMITS.prequalificationObjectionDays : LIMITS.tenderObjectionDays;
  const obj = day(input.objectionTime);
  const deadline = day(input.deadline);
  if (calendar.isAtLeast(obj, deadline, n, "day")) return OK;
  const latest = calendar.addCalendarDays(deadline, -n);
  const doc = prequal
    ? ["资格预审文件", "pre-qualification documents", "提交资格预审申请文件截止时间", "application deadline"]
    : ["招标文件", "tender documents", "投标截止时间", "bid deadline"];
  return violation(
    "OBJECTION_TOO_LATE",
    BASIS.reg22,
    `对${doc[0]}的异议应当在${doc[2]}${n}日前提出：截止日为${deadline}，最迟应于${latest}提出，实际为${obj}`,
    `An objection to the ${doc[1]} must be raised ${n} days before the ${doc[3]} (${deadline}), i.e. by ${latest}; it was raised on ${obj}`,
    { latest },
  );
}

/**
 * 条例54第二款: an objection to the evaluation result (依法必须招标) must be raised during the
 * candidate publicity period [publicityStart, publicityEnd] (instants, inclusive).
 */
export function checkCandidateObjectionTimely(input: { objectionTime: Date; publicityStart: Date; publicityEnd: Date }): LimitResult {
  assertOrder(input.publicityStart, input.publicityEnd, "publicity");
  const t = input.objectionTime.getTime();
  if (t >= input.publicityStart.getTime() && t <= input.publicityEnd.getTime()) return OK;
  return violation(
    "OBJECTION_OUTSIDE_PUBLICITY",
    BASIS.reg54_2,
    `对评标结果的异议应当在中标候选人公示期间（北京时间${beijingMinute(input.publicityStart)}至${beijingMinute(input.publicityEnd)}）提出`,
    `An objection to the evaluation result must be raised during the candidate publicity (${beijingMinute(input.publicityStart)} to ${beijingMinute(input.publicityEnd)} Beijing time)`,
    { latest: day(input.publicityEnd) },
  );
}

/** 条例22 / 条例54: 招标人应当自收到异议之日起3日内作出答复 — last civil day of the reply period. */
export function objectionReplyDue(receivedTime: Date, calendar: WorkingCalendar): CivilDate {
  return calendar.periodEnd(day(receivedTime), LIMITS.objectionReplyDays, "day");
}

export function checkObjectionReply(
  input: { receivedTime: Date; replyTime: Date; about?: "documents" | "evaluation" },
  calendar: WorkingCalendar,
): LimitResult {
  assertOrder(input.receivedTime, input.replyTime, "objection reply");
  const { ok, due } = withinDays(calendar, day(input.receivedTime), day(input.replyTime), LIMITS.objectionReplyDays);
  if (ok) return OK;
  return violation(
    "OBJECTION_REPLY_LATE",
    input.about === "evaluation" ? BASIS.reg54_2 : BASIS.reg22,
    `招标人应当自收到异议之日起${LIMITS.objectionReplyDays}日内作出答复：最迟${due}，实际为${day(input.replyTime)}`,
    `The tenderer must reply within ${LIMITS.objectionReplyDays} days of receiving an objection: by ${due}; it replied on ${day(input.replyTime)}`,
    { latest: due },
  );
}

export interface ObjectionPause {
  /** Last civil day for the reply (3 days, 民法典 201/203). */
  replyDue: CivilDate;
  replyLate: boolean;
  /** Exact length of the suspension (收到异议 → 作出答复), milliseconds. */
  pausedMs: number;
  /** Whole days the deadline moves: ⌈pausedMs / 24 h⌉. */
  shiftDays: number;
  /** The bid (or application) deadline after the suspension, same Beijing clock time. */
  movedDeadline: Date;
}

/**
 * 条例22 (and 54): 作出答复前，应当暂停招标投标活动. We model the suspension as a stopped clock: the
 * deadline moves by the suspension, rounded UP to whole days so that bidders never lose paused time
 * and the deadline keeps its clock time (our choice; the regulation fixes no formula). A reply that
 * changes the documents is also a clarification: apply {@link deadlineAfterClarification} to
 * `movedDeadline` with the reply time.
 */
export function objectionPause(input: { receivedTime: Date; replyTime: Date; deadline: Date }, calendar: WorkingCalendar): ObjectionPause {
  assertOrder(input.receivedTime, input.replyTime, "objection pause");
  const replyDue = objectionReplyDue(input.receivedTime, calendar);
  const pausedMs = input.replyTime.getTime() - input.receivedTime.getTime();
  const shiftDays = Math.ceil(pausedMs / DAY_MS);
  return {
    replyDue,
    replyLate: day(input.replyTime) > replyDue,
    pausedMs,
    shiftDays,
    movedDeadline: new Date(input.deadline.getTime() + shiftDays * DAY_MS),
  };
}

// ---------------------------------------------------------------------------------------------
// Bonds (amounts, exact in fen)
// ---------------------------------------------------------------------------------------------

/**
 * 条例26: 投标保证金不得超过招标项目估算价的2% — bond × 100 ≤ estimate × 2, compared exactly in
 * integers. `limit` is the largest allowed bond in fen (⌊estimate / 50⌋). An optional `capFen` adds a
 * platform/department cap ([mem] e.g. 80万元 in 《工程建设项目施工招标投标办法》第三十七条 — verify).
 */
export function checkBidBond(input: { bondFen: number; estimatedPriceFen: number; capFen?: number }): LimitResult {
  assertFen(input.bondFen, "bondFen");
  assertFen(input.estimatedPriceFen, "estimatedPriceFen");
  if (input.capFen !== undefined) assertFen(input.capFen, "capFen");
  const pctLimit = Number(BigInt(input.estimatedPriceFen) / 50n);
  const limit = input.capFen === undefined ? pctLimit : Math.min(pctLimit, input.capFen);
  if (input.bondFen <= limit) return OK;
  return violation(
    "BID_BOND_TOO_HIGH",
    BASIS.reg26,
    `投标保证金不得超过招标项目估算价的${LIMITS.bidBondPercent}%${input.capFen === undefined ? "" : "及规定上限"}：最多${limit}分，实际为${input.bondFen}分`,
    `The bid bond may not exceed ${LIMITS.bidBondPercent}% of the estimated price${input.capFen === undefined ? "" : " or the configured cap"}: at most ${limit} fen; it is ${input.bondFen} fen`,
    { limit },
  );
}

/** 条例58: 履约保证金不得超过中标合同金额的10% (exact, in fen). */
export function checkPerformanceBond(input: { bondFen: number; contractPriceFen: number }): LimitResult {
  assertFen(input.bondFen, "bondFen");
  assertFen(input.contractPriceFen, "contractPriceFen");
  const limit = Number(BigInt(input.contractPriceFen) / 10n);
  if (input.bondFen <= limit) return OK;
  return violation(
    "PERFORMANCE_BOND_TOO_HIGH",
    BASIS.reg58,
    `履约保证金不得超过中标合同金额的${LIMITS.performanceBondPercent}%：最多${limit}分，实际为${input.bondFen}分`,
    `The performance bond may not exceed ${LIMITS.performanceBondPercent}% of the contract price: at most ${limit} fen; it is ${input.bondFen} fen`,
    { limit },
  );
}

// ---------------------------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------------------------

/** 法17: 邀请招标应当向三个以上……特定的法人或者其他组织发出投标邀请书. */
export function checkInvitees(count: number): LimitResult {
  assertCount(count, "count");
  if (count >= LIMITS.minInvitees) return OK;
  return violation(
    "TOO_FEW_INVITEES",
    BASIS.law17,
    `邀请招标应当向${LIMITS.minInvitees}个以上特定的法人或者其他组织发出投标邀请书，实际为${count}个`,
    `An invitation tender must invite at least ${LIMITS.minInvitees} organisations; got ${count}`,
    { limit: LIMITS.minInvitees },
  );
}

/** 法28, 条例44: 投标人少于3个的，不得开标；招标人应当重新招标. */
export function checkBidsForOpening(count: number): LimitResult {
  assertCount(count, "count");
  if (count >= LIMITS.minBids) return OK;
  return violation(
    "TOO_FEW_BIDS",
    BASIS.law28_reg44,
    `投标人少于${LIMITS.minBids}个（实际${count}个），不得开标，招标人应当重新招标`,
    `Fewer than ${LIMITS.minBids} bids (${count}): the bids may not be opened and the tender must be repeated`,
    { limit: LIMITS.minBids },
  );
}

/** 条例19: 通过资格预审的申请人少于3个的，应当重新招标. */
export function checkPrequalifiedApplicants(count: number): LimitResult {
  assertCount(count, "count");
  if (count >= LIMITS.minPrequalified) return OK;
  return violation(
    "TOO_FEW_PREQUALIFIED",
    BASIS.reg19,
    `通过资格预审的申请人少于${LIMITS.minPrequalified}个（实际${count}个），应当重新招标`,
    `Fewer than ${LIMITS.minPrequalified} applicants passed pre-qualification (${count}): the tender must be repeated`,
    { limit: LIMITS.minPrequalified },
  );
}

/**
 * 法37: 评标委员会……成员人数为五人以上单数，其中技术、经济等方面的专家不得少于成员总数的三分之二.
 * Checked in that order (size, odd, experts ≥ ⌈2n/3⌉ — exact: experts × 3 ≥ members × 2).
 */
export function checkCommittee(input: { experts: number; tendererRepresentatives: number }): LimitResult {
  assertCount(input.experts, "experts");
  assertCount(input.tendererRepresentatives, "tendererRepresentatives");
  const members = input.experts + input.tendererRepresentatives;
  if (members < LIMITS.minCommittee) {
    return violation(
      "COMMITTEE_TOO_SMALL",
      BASIS.law37,
      `评标委员会成员人数应为${LIMITS.minCommittee}人以上单数，实际为${members}人`,
      `An evaluation committee has at least ${LIMITS.minCommittee} members (an odd number); got ${members}`,
      { limit: LIMITS.minCommittee },
    );
  }
  if (members % 2 === 0) {
    return violation(
      "COMMITTEE_SIZE_EVEN",
      BASIS.law37,
      `评标委员会成员人数应为单数，实际为${members}人`,
      `An evaluation committee has an odd number of members; got ${members}`,
    );
  }
  if (input.experts * 3 < members * 2) {
    const limit = Math.ceil((members * 2) / 3);
    return violation(
      "COMMITTEE_TOO_FEW_EXPERTS",
      BASIS.law37,
      `技术、经济等方面的专家不得少于成员总数的三分之二：${members}人的委员会至少需${limit}名专家，实际为${input.experts}名`,
      `Technical and economic experts must be at least two thirds of the committee: ${limit} of ${members}; got ${input.experts}`,
      { limit },
    );
  }
  return OK;
}

// ---------------------------------------------------------------------------------------------
// 中标候选人公示, contract, report, bond refunds
// ---------------------------------------------------------------------------------------------

/**
 * 条例54: 依法必须进行招标的项目，招标人应当自收到评标报告之日起3日内公示中标候选人，公示期不得少于3日.
 * Start: publicity start date ≤ periodEnd(report date, 3) (a deadline; 民法典 203 applies).
 * Length: start date → end date ≥ 3 calendar days (a minimum span; no extension).
 */
export function checkCandidatePublicity(
  input: { reportReceivedTime: Date; publicityStart: Date; publicityEnd: Date },
  calendar: WorkingCalendar,
): LimitViolation[] {
  assertOrder(input.publicityStart, input.publicityEnd, "publicity");
  const out: LimitViolation[] = [];
  const report = day(input.reportReceivedTime);
  const start = day(input.publicityStart);
  const end = day(input.publicityEnd);
  const { ok, due } = withinDays(calendar, report, start, LIMITS.publicityStartDays);
  if (!ok) {
    out.push(
      violation(
        "PUBLICITY_START_LATE",
        BASIS.reg54,
        `应当自收到评标报告之日（${report}）起${LIMITS.publicityStartDays}日内公示中标候选人：最迟${due}开始，实际为${start}`,
        `The candidates must be published within ${LIMITS.publicityStartDays} days of receiving the evaluation report (${report}): by ${due}; publicity starts ${start}`,
        { latest: due },
      ),
    );
  }
  const n = LIMITS.publicityMinDays;
  if (!calendar.isAtLeast(start, end, n, "day")) {
    const earliest = calendar.addCalendarDays(start, n);
    out.push(
      violation(
        "PUBLICITY_TOO_SHORT",
        BASIS.reg54,
        `中标候选人公示期不得少于${n}日：自${start}开始的，最早于${earliest}结束，实际为${end}`,
        `The candidate publicity lasts at least ${n} days: starting ${start}, it may end on ${earliest} at the earliest; it ends ${end}`,
        { earliest },
      ),
    );
  }
  return out;
}

/** 法46: 招标人和中标人应当自中标通知书发出之日起三十日内……订立书面合同. */
export function checkContractSigning(input: { awardNoticeTime: Date; contractSignTime: Date }, calendar: WorkingCalendar): LimitResult {
  const notice = day(input.awardNoticeTime);
  const signed = day(input.contractSignTime);
  const { ok, due } = withinDays(calendar, notice, signed, LIMITS.contractDays);
  if (ok) return OK;
  return violation(
    "CONTRACT_LATE",
    BASIS.law46,
    `应当自中标通知书发出之日（${notice}）起${LIMITS.contractDays}日内订立书面合同：最迟${due}，实际为${signed}`,
    `The written contract must be concluded within ${LIMITS.contractDays} days of the award notice (${notice}): by ${due}; it was signed on ${signed}`,
    { latest: due },
  );
}

/** 法47: 依法必须进行招标的项目，招标人应当自确定中标人之日起十五日内，向有关行政监督部门提交招标投标情况的书面报告. */
export function checkWinnerReport(input: { winnerDeterminedTime: Date; reportTime: Date }, calendar: WorkingCalendar): LimitResult {
  const decided = day(input.winnerDeterminedTime);
  const reported = day(input.reportTime);
  const { ok, due } = withinDays(calendar, decided, reported, LIMITS.reportDays);
  if (ok) return OK;
  return violation(
    "REPORT_LATE",
    BASIS.law47,
    `应当自确定中标人之日（${decided}）起${LIMITS.reportDays}日内提交招标投标情况的书面报告：最迟${due}，实际为${reported}`,
    `The written report must be filed within ${LIMITS.reportDays} days of determining the winner (${decided}): by ${due}; it was filed on ${reported}`,
    { latest: due },
  );
}

/**
 * Bid-bond refunds within 5 days: 条例35 (bid withdrawn before the deadline — from receipt of the
 * written withdrawal notice) and 条例57 (every bidder, winner and losers — from the written contract).
 */
export function checkBondRefund(input: { trigger: "withdrawal" | "contract"; triggerTime: Date; refundTime: Date }, calendar: WorkingCalendar): LimitResult {
  const from = day(input.triggerTime);
  const refunded = day(input.refundTime);
  const { ok, due } = withinDays(calendar, from, refunded, LIMITS.bondRefundDays);
  if (ok) return OK;
  const [basis, zhFrom, enFrom] =
    input.trigger === "withdrawal"
      ? [BASIS.reg35, "收到书面撤回通知之日", "receipt of the written withdrawal"]
      : [BASIS.reg57, "书面合同签订", "signature of the written contract"];
  return violation(
    "BOND_REFUND_LATE",
    basis,
    `投标保证金应当自${zhFrom}（${from}）起${LIMITS.bondRefundDays}日内退还：最迟${due}，实际为${refunded}`,
    `The bid bond must be refunded within ${LIMITS.bondRefundDays} days of ${enFrom} (${from}): by ${due}; it was refunded on ${refunded}`,
    { latest: due },
  );
}

// ---------------------------------------------------------------------------------------------
// 投诉 (complaints)
// ---------------------------------------------------------------------------------------------

/**
 * 条例60: complaint within 10 days of the day the complainant knew or should have known. For matters
 * of 条例22/44/54 an objection must come first, and 异议答复期间不计算在前款规定的期限内: the days from
 * the objection's date to the reply's date — (submitted, replied], 民法典 201 — are added to the period.
 * Returns the last allowed civil day (民法典 203 applies).
 */
export function complaintDeadline(input: { knownTime: Date; objection?: { submittedTime: Date; repliedTime: Date } }, calendar: WorkingCalendar): CivilDate {
  let n: number = LIMITS.complaintDays;
  if (input.objection) {
    assertOrder(input.objection.submittedTime, input.objection.repliedTime, "objection");
    n += calendar.calendarDaysBetween(day(input.objection.submittedTime), day(input.objection.repliedTime));
  }
  return calendar.periodEnd(day(input.knownTime), n, "day");
}

export function checkComplaintTimely(
  input: { knownTime: Date; complaintTime: Date; objection?: { submittedTime: Date; repliedTime: Date } },
  calendar: WorkingCalendar,
): LimitResult {
  const due = complaintDeadline(input, calendar);
  const filed = day(input.complaintTime);
  if (filed <= due) return OK;
  return violation(
    "COMPLAINT_TOO_LATE",
    BASIS.reg60,
    `投诉应当自知道或者应当知道之日起${LIMITS.complaintDays}日内提出（异议答复期间不计算在内）：最迟${due}，实际为${filed}`,
    `A complaint must be filed within ${LIMITS.complaintDays} days of knowing (objection-reply periods excluded): by ${due}; it was filed on ${filed}`,
    { latest: due },
  );
}

/** 条例61: 行政监督部门应当自收到投诉之日起3个工作日内决定是否受理 — last working day. */
export function complaintAcceptanceDue(receivedTime: Date, calendar: WorkingCalendar): CivilDate {
  return calendar.periodEnd(day(receivedTime), LIMITS.complaintAcceptanceWorkdays, "workday");
}

/**
 * 条例61: 自受理投诉之日起30个工作日内作出书面处理决定；需要检验、检测、鉴定、专家评审的，所需时间不计算在内
 * — `excludedWorkdays` adds those working days.
 */
export function complaintDecisionDue(acceptedTime: Date, calendar: WorkingCalendar, excludedWorkdays = 0): CivilDate {
  assertCount(excludedWorkdays, "excludedWorkdays");
  return calendar.periodEnd(day(acceptedTime), LIMITS.complaintDecisionWorkdays + excludedWorkdays, "workday");
}

export function checkComplaintAcceptance(input: { receivedTime: Date; acceptanceDecisionTime: Date }, calendar: WorkingCalendar): LimitResult {
  const due = complaintAcceptanceDue(input.receivedTime, calendar);
  const decided = day(input.acceptanceDecisionTime);
  if (decided <= due) return OK;
  return violation(
    "COMPLAINT_ACCEPTANCE_LATE",
    BASIS.reg61,
    `应当自收到投诉之日起${LIMITS.complaintAcceptanceWorkdays}个工作日内决定是否受理：最迟${due}，实际为${decided}`,
    `Whether to accept a complaint must be decided within ${LIMITS.complaintAcceptanceWorkdays} working days of receipt: by ${due}; decided on ${decided}`,
    { latest: due },
  );
}

export function checkComplaintDecision(input: { acceptedTime: Date; decisionTime: Date; excludedWorkdays?: number }, calendar: WorkingCalendar): LimitResult {
  const due = complaintDecisionDue(input.acceptedTime, calendar, input.excludedWorkdays ?? 0);
  const decided = day(input.decisionTime);
  if (decided <= due) return OK;
  return violation(
    "COMPLAINT_DECISION_LATE",
    BASIS.reg61,
    `应当自受理投诉之日起${LIMITS.complaintDecisionWorkdays}个工作日内作出书面处理决定（检验、检测、鉴定、专家评审时间不计）：最迟${due}，实际为${decided}`,
    `A written decision on the complaint is due within ${LIMITS.complaintDecisionWorkdays} working days of acceptance (testing and expert review excluded): by ${due}; decided on ${decided}`,
    { latest: due },
  );
}
