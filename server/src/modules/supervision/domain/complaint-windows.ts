/**
 * The statutory windows of 异议/质疑 and 投诉, as data: one table per regime. 工程建设项目 (招标投标法实施条例
 * 22/54/60/61) and 政府采购 (政府采购法 52–56, 财政部令第94号: projects supervised by a 财政 department).
 * Each window is "n days or working days from an event" (民法典 201/203 via `WorkingCalendar.periodEnd`),
 * except a window that is a period of the procedure itself (`during`).
 */
import { type CivilDate, type PeriodUnit, toCivilDate, type WorkingCalendar } from "../../../platform/calendar/working-days.ts";
import { BASIS, LIMITS } from "../../tendering/domain/time-limits.ts";

export type ComplaintRegime = "works" | "procurement";

export type WindowEvent = "known" | "objection" | "objection_reply" | "objection_reply_due" | "complaint" | "acceptance";

export type ComplaintWindow =
  | { n: number; unit: PeriodUnit; from: WindowEvent; basis: string }
  /** At least n days before the bid deadline (条例22). */
  | { before: "bid_deadline"; n: number; unit: PeriodUnit; basis: string }
  | { during: "opening" | "candidate_publicity"; basis: string };

export interface ComplaintWindows {
  /** 异议 (工程) / 质疑 (政府采购), by matter. */
  objection: Record<"document" | "opening" | "candidates", ComplaintWindow>;
  objectionReply: ComplaintWindow;
  complaint: ComplaintWindow;
  acceptance: ComplaintWindow;
  decision: ComplaintWindow;
  /** Matters that must be objected to first (条例60 / 政府采购法55). */
  objectionFirst: readonly ("document" | "opening" | "candidates" | "other")[];
  /** Accepting a complaint suspends the procedure (条例62 / 政府采购法57: may suspend). */
  suspendsWhilePending: boolean;
}

const GOV_PROCUREMENT = {
  law52: "政府采购法第五十二条",
  law53: "政府采购法第五十三条",
  law55: "政府采购法第五十五条",
  law56: "政府采购法第五十六条",
  order94_21: "政府采购质疑和投诉办法（财政部令第94号）第二十一条",
} as const;

export const COMPLAINT_WINDOWS: Record<ComplaintRegime, ComplaintWindows> = {
  works: {
    objection: {
      document: { before: "bid_deadline", n: LIMITS.tenderObjectionDays, unit: "day", basis: BASIS.reg22 },
      opening: { during: "opening", basis: BASIS.law28_reg44 },
      candidates: { during: "candidate_publicity", basis: BASIS.reg54_2 },
    },
    objectionReply: { n: LIMITS.objectionReplyDays, unit: "day", from: "objection", basis: BASIS.reg22 },
    complaint: { n: LIMITS.complaintDays, unit: "day", from: "objection_reply", basis: BASIS.reg60 },
    acceptance: { n: LIMITS.complaintAcceptanceWorkdays, unit: "workday", from: "complaint", basis: BASIS.reg61 },
    decision: { n: LIMITS.complaintDecisionWorkdays, unit: "workday", from: "acceptance", basis: BASIS.reg61 },
    objectionFirst: ["document", "opening", "candidates"],
    suspendsWhilePending: true,
  },
  procurement: {
    objection: {
      document: { n: 7, unit: "workday", from: "known", basis: GOV_PROCUREMENT.law52 },
      opening: { n: 7, unit: "workday", from: "known", basis: GOV_PROCUREMENT.law52 },
      candidates: { n: 7, unit: "workday", from: "known", basis: GOV_PROCUREMENT.law52 },
    },
    objectionReply: { n: 7, unit: "workday", from: "objection", basis: GOV_PROCUREMENT.law53 },
    complaint: { n: 15, unit: "workday", from: "objection_reply_due", basis: GOV_PROCUREMENT.law55 },
    acceptance: { n: 5, unit: "workday", from: "complaint", basis: GOV_PROCUREMENT.order94_21 },
    /** 政府采购法56 / 94号令26: 30 working days from receiving the complaint (not from its acceptance). */
    decision: { n: 30, unit: "workday", from: "complaint", basis: GOV_PROCUREMENT.law56 },
    objectionFirst: ["document", "opening", "candidates", "other"],
    suspendsWhilePending: true,
  },
};

/** Last civil day of a window counted from an event at `start` (null for the other kinds). */
export function windowEnd(window: ComplaintWindow, start: Date, calendar: WorkingCalendar): CivilDate | null {
  if (!("from" in window)) return null;
  return calendar.periodEnd(toCivilDate(start), window.n, window.unit);
}

/** The regime of a project, by its supervising department's industry: 财政 ('cz') supervises 政府采购. */
export function regimeOfIndustry(industry: string): ComplaintRegime {
  return industry === "cz" ? "procurement" : "works";
}
