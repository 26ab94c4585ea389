/**
 * 挂牌出让 of land-use and mining rights: announcement → listing (挂牌) → close. Pure, no I/O.
 *
 * Schedule (checkListingSchedule):
 * - 39号令第八条 [mem]: the announcement is published at least 20 days before the 挂牌 starts — calendar
 *   days ("日"), counted like every "X 前 n 日" in this project: listing start date ≥ announcement date + 20.
 *   Configurable (some local rules and the mining-rights rules set their own numbers).
 * - 39号令第十八条 [mem]: 挂牌时间不得少于10日; the 2006 挂牌 规范 and practice say 10 个工作日, which is the
 *   default here (the stricter reading: 10 working days always cover ≥ 10 calendar days). The unit is
 *   configurable. Start day not counted (民法典第二百零一条): listing start 2025-09-26 (Fri) reaches 10 working
 *   days on 2025-10-16 across 国庆 2025 (09-28 and 10-11 are 调休 working days).
 *
 * Close (closeListing), 39号令第十九条 [mem]:
 * - first, the bidders are asked whether they want to continue. If at least `minContinuingBidders` (default 2,
 *   the 2006 规范 wording "仍有两个或者两个以上的竞买人要求报价的"; 39号令 itself says "有竞买人表示愿意继续竞价的",
 *   so 1 is configurable) distinct eligible bidders want to, the lot goes to 现场竞价 (live-auction.ts): its first
 *   acceptable price is the highest 挂牌 price plus one increment, and the highest 挂牌 bid stands — if nobody
 *   bids live, it wins unless below the reserve (规范; e.g. 钦州/汕头 网上交易规则);
 * - otherwise: bids below the reserve (底价) and bids of disqualified bidders are void; the highest valid bid
 *   wins; on equal prices the earliest (先提交报价单者) wins; no valid bid → no sale.
 *   With the online ladder two bids never have the same price (each must beat the last by an increment); the
 *   tie rule matters for 报价单 recorded from paper at the trading venue and is kept for them.
 */
import { type CivilDate, type PeriodUnit, toCivilDate, type WorkingCalendar } from "../../../platform/calendar/working-days.ts";
import { type AuctionLimitViolation, assertCount, assertId, assertInstant, BASIS, violation } from "./common.ts";
import {
  type AcceptedBid,
  acceptBid,
  type BidInput,
  type BidResult,
  closeLadder,
  createLadder,
  type IncrementRule,
  incrementAt,
  type LadderState,
} from "./ladder.ts";

export const LISTING_LIMITS = {
  announcementDays: 20, // 39号令第八条 [mem]
  listingWorkdays: 10, // 39号令第十八条 [mem]; 规范: 工作日
  minContinuingBidders: 2, // 规范 "两个或者两个以上"
} as const;

export interface ListingSchedule {
  /** Publication of the 挂牌出让公告. */
  announcementTime: Date;
  /** 挂牌起始时间 (data set 600 LISTING_START_TIME). */
  listingStart: Date;
  /** 挂牌截止时间 (data set 600 LISTING_DEADLINE). */
  listingEnd: Date;
}

export interface ListingScheduleOptions {
  announcementDays?: number;
  announcementUnit?: PeriodUnit;
  listingMin?: number;
  listingUnit?: PeriodUnit;
}

function assertSchedule(s: ListingSchedule): void {
  const a = assertInstant(s.announcementTime, "announcementTime");
  const b = assertInstant(s.listingStart, "listingStart");
  const c = assertInstant(s.listingEnd, "listingEnd");
  if (b < a) throw new RangeError("the listing starts before its announcement");
  if (c <= b) throw new RangeError("the listing must end after it starts");
}

const unitZh = (u: PeriodUnit) => (u === "day" ? "日" : "个工作日");
const unitEn = (u: PeriodUnit) => (u === "day" ? "days" : "working days");

/** Earliest `end` with isAtLeast(start, end, n, unit). */
function earliestEnd(calendar: WorkingCalendar, start: CivilDate, n: number, unit: PeriodUnit): CivilDate {
  return unit === "day" ? calendar.addCalendarDays(start, n) : n === 0 ? start : calendar.addWorkingDays(start, n);
}

/** Latest `start` with isAtLeast(start, end, n, unit) ("X 前 n 日"). */
function latestStart(calendar: WorkingCalendar, end: CivilDate, n: number, unit: PeriodUnit): CivilDate {
  if (unit === "day") return calendar.addCalendarDays(end, -n);
  let d = end;
  while (!calendar.isAtLeast(d, end, n, "workday")) d = calendar.addCalendarDays(d, -1);
  return d;
}

/** Checks the announcement lead time and the 挂牌 length. Returns every violation (empty = ok). */
export function checkListingSchedule(schedule: ListingSchedule, calendar: WorkingCalendar, options: ListingScheduleOptions = {}): AuctionLimitViolation[] {
  assertSchedule(schedule);
  const annDays = options.announcementDays ?? LISTING_LIMITS.announcementDays;
  const annUnit = options.announcementUnit ?? "day";
  const minLen = options.listingMin ?? LISTING_LIMITS.listingWorkdays;
  const lenUnit = options.listingUnit ?? "workday";
  assertCount(annDays, "announcementDays");
  assertCount(minLen, "listingMin");
  const out: AuctionLimitViolation[] = [];
  const announced = toCivilDate(schedule.announcementTime);
  const start = toCivilDate(schedule.listingStart);
  const end = toCivilDate(schedule.listingEnd);
  if (!calendar.isAtLeast(announced, start, annDays, annUnit)) {
    const latest = latestStart(calendar, start, annDays, annUnit);
    out.push(
      violation(
        "ANNOUNCEMENT_TOO_LATE",
        BASIS.land8,
        `挂牌公告应当至少在挂牌开始日（${start}）前${annDays}${unitZh(annUnit)}发布：最迟${latest}，实际为${announced}`,
        `The listing announcement must be published at least ${annDays} ${unitEn(annUnit)} before the listing starts (${start}): by ${latest}; it was published on ${announced}`,
        { latest, limit: annDays },
      ),
    );
  }
  if (!calendar.isAtLeast(start, end, minLen, lenUnit)) {
    const earliest = earliestEnd(calendar, start, minLen, lenUnit);
    out.push(
      violation(
        "LISTING_TOO_SHORT",
        BASIS.land18,
        `挂牌时间不得少于${minLen}${unitZh(lenUnit)}：自${start}开始的，最早于${earliest}截止，实际为${end}`,
        `The listing lasts at least ${minLen} ${unitEn(lenUnit)}: starting ${start}, it may close on ${earliest} at the earliest; it closes ${end}`,
        { earliest, limit: minLen },
      ),
    );
  }
  return out;
}

export type ListingPhase = "scheduled" | "announcement" | "listing" | "closing";

/** Phase at `now`: before the announcement, announced, 挂牌 running, or at/after the 挂牌截止 (to be closed). */
export function listingPhase(schedule: ListingSchedule, now: Date): ListingPhase {
  const t = assertInstant(now, "now");
  if (t < schedule.announcementTime.getTime()) return "scheduled";
  if (t < schedule.listingStart.getTime()) return "announcement";
  if (t < schedule.listingEnd.getTime()) return "listing";
  return "closing";
}

export interface ListingState {
  schedule: ListingSchedule;
  ladder: LadderState;
  minContinuingBidders: number;
  /** Only bidders with at least one 挂牌 bid may ask for 现场竞价 (e.g. 汕头 网上交易规则第十九条). Default false. */
  requireListingBid: boolean;
}

export interface ListingInput {
  lotId: string;
  schedule: ListingSchedule;
  /** 挂牌起始价 (fen). */
  startingPriceFen: number;
  increment: IncrementRule;
  /** 底价 (fen), sealed. Land always has one (39号令第十条 [mem]); optional for other lots. */
  reserveFen?: number;
  onGrid?: boolean;
  /** Default true in 挂牌, see ladder.ts. */
  allowSelfOutbid?: boolean;
  minContinuingBidders?: number;
  requireListingBid?: boolean;
}

export function createListing(input: ListingInput): ListingState {
  assertSchedule(input.schedule);
  const minContinuing = input.minContinuingBidders ?? LISTING_LIMITS.minContinuingBidders;
  assertCount(minContinuing, "minContinuingBidders", 1);
  const ladder = createLadder({
    lotId: input.lotId,
    rules: {
      startingPriceFen: input.startingPriceFen,
      increment: input.increment,
      onGrid: input.onGrid ?? true,
      allowSelfOutbid: input.allowSelfOutbid ?? true,
    },
    opensAt: input.schedule.listingStart,
    closesAt: input.schedule.listingEnd,
    ...(input.reserveFen === undefined ? {} : { reserveFen: input.reserveFen }),
  });
  return { schedule: input.schedule, ladder, minContinuingBidders: minContinuing, requireListingBid: input.requireListingBid ?? false };
}

/** A 挂牌 报价 at server time `now` (the ladder decides). */
export function bidListing(state: ListingState, bid: BidInput, now: Date): { state: ListingState; result: BidResult } {
  const r = acceptBid(state.ladder, bid, now);
  return { state: r.state === state.ladder ? state : { ...state, ladder: r.state }, result: r.result };
}

/** 39号令 第十九条 [mem] three outcomes. */
export type ListingOutcome =
  | { outcome: "SOLD"; winner: string; priceFen: number; sequence: number; basis: string }
  | { outcome: "NO_SALE"; reason: "NO_BIDS" | "BELOW_RESERVE" | "NO_VALID_BID"; basis: string }
  | {
      outcome: "TO_LIVE_AUCTION";
      /** First acceptable live price: highest 挂牌 price + one increment (the 挂牌 starting price if no bid). */
      startingPriceFen: number;
      /** The 竞买号 admitted to 现场竞价, in the order they asked. */
      participants: string[];
      /** The highest 挂牌 bid, standing at the start of the live auction. */
      standingBid?: AcceptedBid;
      basis: string;
    };

export interface CloseListingInput {
  /** 竞买号 of the bidders who, asked at the close, want to continue (现场竞价). */
  stillCompeting: readonly string[];
  /** 竞买号 found not to meet the conditions (不符合其他条件): their bids are void. */
  disqualified?: readonly string[];
  /** 挂牌期间可根据竞买人竞价情况调整增价幅度: increment for the live auction (default: the listing's). */
  liveIncrement?: IncrementRule;
  now: Date;
}

/** Highest price first; equal prices → earliest server time, then lower sequence (先提交报价单者). */
export function compareListingBids(a: AcceptedBid, b: AcceptedBid): number {
  return b.priceFen - a.priceFen || a.serverTime.getTime() - b.serverTime.getTime() || a.sequence - b.sequence;
}

/** Decides the close of the 挂牌 at `now` (≥ 挂牌截止). Does not mutate; close the ladder with {@link closedListing}. */
export function closeListing(state: ListingState, input: CloseListingInput): ListingOutcome {
  const t = assertInstant(input.now, "now");
  if (t < state.schedule.listingEnd.getTime()) throw new RangeError("the listing cannot be closed before its 挂牌截止时间");
  for (const b of input.stillCompeting) assertId(b, "stillCompeting");
  const disqualified = new Set(input.disqualified ?? []);
  const bids = state.ladder.bids.filter((b) => !disqualified.has(b.bidderNumber));
  const ranked = [...bids].sort(compareListingBids);
  const top = ranked[0];

  const haveBid = new Set(bids.map((b) => b.bidderNumber));
  const participants = [...new Set(input.stillCompeting)].filter((b) => !disqualified.has(b) && (!state.requireListingBid || haveBid.has(b)));
  if (participants.length >= state.minContinuingBidders) {
    const increment = input.liveIncrement ?? state.ladder.rules.increment;
    const startingPriceFen = top === undefined ? state.ladder.rules.startingPriceFen : top.priceFen + incrementAt(increment, top.priceFen);
    return { outcome: "TO_LIVE_AUCTION", startingPriceFen, participants, ...(top ? { standingBid: top } : {}), basis: BASIS.land19 };
  }

  if (state.ladder.bids.length === 0) return { outcome: "NO_SALE", reason: "NO_BIDS", basis: BASIS.land19 };
  if (top === undefined) return { outcome: "NO_SALE", reason: "NO_VALID_BID", basis: BASIS.land19 };
  const reserve = state.ladder.reserveFen;
  const valid = ranked.filter((b) => reserve === undefined || b.priceFen >= reserve);
  const winner = valid[0];
  if (winner === undefined) return { outcome: "NO_SALE", reason: "BELOW_RESERVE", basis: BASIS.land19 };
  return { outcome: "SOLD", winner: winner.bidderNumber, priceFen: winner.priceFen, sequence: winner.sequence, basis: BASIS.land19 };
}

/** The listing with its ladder closed (after the close was decided). */
export function closedListing(state: ListingState): ListingState {
  return { ...state, ladder: closeLadder(state.ladder) };
}
