import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarSeed } from "../../../platform/calendar/chinese-days-seed.ts";
import { WorkingCalendar } from "../../../platform/calendar/working-days.ts";
import type { AcceptedBid } from "./ladder.ts";
import { bidListing, checkListingSchedule, closedListing, closeListing, createListing, type ListingInput, type ListingState, listingPhase } from "./listing.ts";

const seed = calendarSeed(2025, 2026);
const cal = new WorkingCalendar({
  holidays: new Set(seed.filter((r) => r.kind === "holiday").map((r) => r.date)),
  workdays: new Set(seed.filter((r) => r.kind === "workday").map((r) => r.date)),
});
const bj = (local: string) => new Date(`${local}+08:00`);
const rules = (v: ReturnType<typeof checkListingSchedule>) => v.map((x) => x.rule);

describe("checkListingSchedule: announcement ≥ 20 days before the 挂牌 starts (39号令 [mem])", () => {
  const start = bj("2026-04-21T09:00");
  const end = bj("2026-05-12T15:00");

  it("day 19 refused, day 20 accepted (calendar days)", () => {
    const late = checkListingSchedule({ announcementTime: bj("2026-04-02T10:00"), listingStart: start, listingEnd: end }, cal);
    expect(late).toEqual([expect.objectContaining({ rule: "ANNOUNCEMENT_TOO_LATE", latest: "2026-04-01", limit: 20 })]);
    expect(late[0]!.basis).toContain("第39号");
    expect(checkListingSchedule({ announcementTime: bj("2026-04-01T18:00"), listingStart: start, listingEnd: end }, cal)).toEqual([]);
  });

  it("counts calendar days straight through 国庆 2025", () => {
    const listingStart = bj("2025-10-20T09:00");
    const listingEnd = bj("2025-11-10T15:00");
    expect(rules(checkListingSchedule({ announcementTime: bj("2025-10-01T09:00"), listingStart, listingEnd }, cal))).toEqual(["ANNOUNCEMENT_TOO_LATE"]);
    expect(checkListingSchedule({ announcementTime: bj("2025-09-30T09:00"), listingStart, listingEnd }, cal)).toEqual([]);
  });

  it("is configurable (e.g. 20 working days)", () => {
    const listingStart = bj("2025-10-30T09:00");
    const listingEnd = bj("2025-11-20T15:00");
    const options = { announcementUnit: "workday" as const };
    // 2025-09-26 → 2025-10-30 is exactly 20 working days across 国庆 (09-28 and 10-11 are 调休 working days)
    expect(checkListingSchedule({ announcementTime: bj("2025-09-26T09:00"), listingStart, listingEnd }, cal, options)).toEqual([]);
    expect(checkListingSchedule({ announcementTime: bj("2025-09-28T09:00"), listingStart, listingEnd }, cal, options)).toEqual([
      expect.objectContaining({ rule: "ANNOUNCEMENT_TOO_LATE", latest: "2025-09-27" }), // a Saturday: (09-27, 10-30] still holds 20 working days
    ]);
  });
});

describe("checkListingSchedule: 挂牌 ≥ 10 working days", () => {
  const announcementTime = bj("2025-09-01T09:00");

  it("across 国庆 2025: working day 9 refused, working day 10 accepted", () => {
    const listingStart = bj("2025-09-26T09:00"); // Friday; 09-28 (Sun) and 10-11 (Sat) are 调休 working days
    expect(cal.workingDaysBetween("2025-09-26", "2025-10-15")).toBe(9);
    expect(cal.workingDaysBetween("2025-09-26", "2025-10-16")).toBe(10);
    const short = checkListingSchedule({ announcementTime, listingStart, listingEnd: bj("2025-10-15T17:00") }, cal);
    expect(short).toEqual([expect.objectContaining({ rule: "LISTING_TOO_SHORT", earliest: "2025-10-16", limit: 10 })]);
    expect(short[0]!.zh).toContain("10个工作日");
    expect(checkListingSchedule({ announcementTime, listingStart, listingEnd: bj("2025-10-16T10:00") }, cal)).toEqual([]);
  });

  it("10 calendar days are not 10 working days (the bug to avoid)", () => {
    const listingStart = bj("2025-09-26T09:00");
    const listingEnd = bj("2025-10-06T15:00"); // 10 calendar days, 3 working days
    expect(rules(checkListingSchedule({ announcementTime, listingStart, listingEnd }, cal))).toEqual(["LISTING_TOO_SHORT"]);
    expect(checkListingSchedule({ announcementTime, listingStart, listingEnd }, cal, { listingUnit: "day" })).toEqual([]);
  });

  it("days are Beijing dates: 2025-09-25T16:30Z is 09-26 in Beijing", () => {
    const listingStart = new Date("2025-09-25T16:30:00Z");
    expect(rules(checkListingSchedule({ announcementTime, listingStart, listingEnd: bj("2025-10-15T17:00") }, cal))).toEqual(["LISTING_TOO_SHORT"]);
    expect(checkListingSchedule({ announcementTime, listingStart, listingEnd: bj("2025-10-16T09:00") }, cal)).toEqual([]);
  });

  it("reports both problems at once and refuses impossible schedules", () => {
    const v = checkListingSchedule({ announcementTime: bj("2025-09-20T09:00"), listingStart: bj("2025-09-26T09:00"), listingEnd: bj("2025-10-09T09:00") }, cal);
    expect(rules(v)).toEqual(["ANNOUNCEMENT_TOO_LATE", "LISTING_TOO_SHORT"]);
    expect(() =>
      checkListingSchedule({ announcementTime: bj("2025-09-27T09:00"), listingStart: bj("2025-09-26T09:00"), listingEnd: bj("2025-10-20T09:00") }, cal),
    ).toThrow(RangeError);
    expect(() => checkListingSchedule({ announcementTime, listingStart: bj("2025-09-26T09:00"), listingEnd: bj("2025-09-26T09:00") }, cal)).toThrow(RangeError);
  });

  it("property: refused ⇔ fewer than 10 working days, and `earliest` is always accepted", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 30 }), (offset, span) => {
        const s = cal.addCalendarDays("2025-01-20", offset);
        const e = cal.addCalendarDays(s, span);
        const ann = bj(`${cal.addCalendarDays(s, -30)}T09:00`);
        const v = checkListingSchedule({ announcementTime: ann, listingStart: bj(`${s}T09:00`), listingEnd: bj(`${e}T15:00`) }, cal);
        expect(v.length === 0).toBe(cal.workingDaysBetween(s, e) >= 10);
        const earliest = v[0]?.earliest;
        if (earliest)
          expect(checkListingSchedule({ announcementTime: ann, listingStart: bj(`${s}T09:00`), listingEnd: bj(`${earliest}T15:00`) }, cal)).toEqual([]);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Phases, bids and the close
// ---------------------------------------------------------------------------------------------

const schedule = { announcementTime: bj("2025-09-01T09:00"), listingStart: bj("2025-09-26T09:00"), listingEnd: bj("2025-10-16T10:00") };
const base: ListingInput = {
  lotId: "2025-GP-07",
  schedule,
  startingPriceFen: 100_000_000, // 100万元
  increment: { kind: "fixed", incrementFen: 1_000_000 }, // 1万元
  reserveFen: 105_000_000,
};
const t = (day: string, hm = "10:00") => bj(`2025-${day}T${hm}`);

function listing(bids: [bidder: string, priceFen: number, at: Date][], input: Partial<ListingInput> = {}): ListingState {
  let s = createListing({ ...base, ...input });
  bids.forEach(([bidderNumber, priceFen, at], i) => {
    const r = bidListing(s, { bidderNumber, priceFen, clientBidId: `c${i}` }, at);
    if (!r.result.accepted) throw new Error(`setup bid ${i} refused: ${r.result.reasons}`);
    s = r.state;
  });
  return s;
}

/** A state with bids recorded as given (e.g. paper 报价单 with equal prices), bypassing the ladder. */
function recorded(bids: [bidder: string, priceFen: number, at: Date][]): ListingState {
  const s = createListing(base);
  const entries: AcceptedBid[] = bids.map(([bidderNumber, priceFen, serverTime], i) => ({
    sequence: i + 1,
    bidderNumber,
    priceFen,
    serverTime,
    clientBidId: `p${i}`,
  }));
  return { ...s, ladder: { ...s.ladder, bids: entries, lastSequence: entries.length } };
}

const END = schedule.listingEnd;

describe("listing phases and bids", () => {
  it("scheduled → announcement → listing → closing", () => {
    expect(listingPhase(schedule, t("08-31"))).toBe("scheduled");
    expect(listingPhase(schedule, t("09-10"))).toBe("announcement");
    expect(listingPhase(schedule, t("09-26", "09:00"))).toBe("listing");
    expect(listingPhase(schedule, END)).toBe("closing");
  });

  it("bids only during the 挂牌 window; the same bidder may raise its own bid (default in 挂牌)", () => {
    const s = createListing(base);
    expect(bidListing(s, { bidderNumber: "381920", priceFen: 100_000_000, clientBidId: "a" }, t("09-20")).result).toMatchObject({ reasons: ["NOT_OPEN"] });
    const r = bidListing(s, { bidderNumber: "381920", priceFen: 100_000_000, clientBidId: "a" }, t("09-29"));
    expect(r.result.accepted).toBe(true);
    expect(bidListing(r.state, { bidderNumber: "381920", priceFen: 101_000_000, clientBidId: "b" }, t("09-30")).result.accepted).toBe(true);
    expect(bidListing(r.state, { bidderNumber: "520117", priceFen: 101_000_000, clientBidId: "b" }, END).result).toMatchObject({ reasons: ["LOT_CLOSED"] });
    const strict = createListing({ ...base, allowSelfOutbid: false });
    const r2 = bidListing(strict, { bidderNumber: "381920", priceFen: 100_000_000, clientBidId: "a" }, t("09-29"));
    expect(bidListing(r2.state, { bidderNumber: "381920", priceFen: 101_000_000, clientBidId: "b" }, t("09-30")).result).toMatchObject({
      reasons: ["SELF_OUTBID"],
    });
  });
});

describe("closeListing (39号令第十九条 [mem])", () => {
  it("one bid ≥ the reserve: sold", () => {
    const s = listing([["381920", 105_000_000, t("09-29")]]);
    expect(closeListing(s, { stillCompeting: [], now: END })).toMatchObject({ outcome: "SOLD", winner: "381920", priceFen: 105_000_000, sequence: 1 });
  });

  it("one bid below the reserve: no sale (the bid is void)", () => {
    const s = listing([["381920", 104_000_000, t("09-29")]]);
    expect(closeListing(s, { stillCompeting: [], now: END })).toMatchObject({ outcome: "NO_SALE", reason: "BELOW_RESERVE" });
  });

  it("exactly the reserve is enough (不低于底价)", () => {
    const s = listing([
      ["381920", 100_000_000, t("09-29")],
      ["520117", 105_000_000, t("09-30")],
    ]);
    expect(closeListing(s, { stillCompeting: [], now: END })).toMatchObject({ outcome: "SOLD", winner: "520117", priceFen: 105_000_000 });
  });

  it("several bidders: the highest wins", () => {
    const s = listing([
      ["381920", 100_000_000, t("09-29")],
      ["520117", 106_000_000, t("09-30")],
      ["704433", 110_000_000, t("10-10")],
    ]);
    expect(closeListing(s, { stillCompeting: ["704433"], now: END })).toMatchObject({ outcome: "SOLD", winner: "704433", priceFen: 110_000_000 });
  });

  it("equal prices (paper 报价单): the earliest wins; a disqualified bid is void", () => {
    const s = recorded([
      ["381920", 100_000_000, t("09-29")],
      ["520117", 108_000_000, t("10-10", "11:00")],
      ["704433", 108_000_000, t("10-10", "10:59")],
    ]);
    expect(closeListing(s, { stillCompeting: [], now: END })).toMatchObject({ outcome: "SOLD", winner: "704433", sequence: 3 });
    expect(closeListing(s, { stillCompeting: [], disqualified: ["704433"], now: END })).toMatchObject({ outcome: "SOLD", winner: "520117" });
  });

  it("no bid: no sale; only disqualified bids: no valid bid", () => {
    expect(closeListing(listing([]), { stillCompeting: [], now: END })).toMatchObject({ outcome: "NO_SALE", reason: "NO_BIDS" });
    const s = listing([["381920", 106_000_000, t("09-29")]]);
    expect(closeListing(s, { stillCompeting: [], disqualified: ["381920"], now: END })).toMatchObject({ outcome: "NO_SALE", reason: "NO_VALID_BID" });
  });

  it("two or more still competing: live auction from the last price + one increment", () => {
    const s = listing([
      ["381920", 100_000_000, t("09-29")],
      ["520117", 103_000_000, t("10-13")],
    ]);
    const out = closeListing(s, { stillCompeting: ["381920", "704433", "381920"], now: END });
    expect(out).toMatchObject({ outcome: "TO_LIVE_AUCTION", startingPriceFen: 104_000_000, participants: ["381920", "704433"] });
    expect(out.outcome === "TO_LIVE_AUCTION" && out.standingBid).toMatchObject({ bidderNumber: "520117", priceFen: 103_000_000 });
  });

  it("one still competing is not enough by default (规范: 两个或者两个以上); 39号令's 有竞买人 is configurable", () => {
    const bids: [string, number, Date][] = [["381920", 106_000_000, t("09-29")]];
    expect(closeListing(listing(bids), { stillCompeting: ["520117"], now: END })).toMatchObject({ outcome: "SOLD", winner: "381920" });
    expect(closeListing(listing(bids, { minContinuingBidders: 1 }), { stillCompeting: ["520117"], now: END })).toMatchObject({
      outcome: "TO_LIVE_AUCTION",
      startingPriceFen: 107_000_000,
      participants: ["520117"],
    });
  });

  it("no 挂牌 bid but two want to compete: the live auction starts at the 挂牌 starting price", () => {
    const out = closeListing(listing([]), { stillCompeting: ["381920", "520117"], now: END });
    expect(out).toEqual({ outcome: "TO_LIVE_AUCTION", startingPriceFen: 100_000_000, participants: ["381920", "520117"], basis: expect.any(String) });
  });

  it("disqualified bidders and (optionally) bidders without a 挂牌 bid are not admitted", () => {
    const s = listing([["381920", 100_000_000, t("09-29")]]);
    expect(closeListing(s, { stillCompeting: ["381920", "520117"], disqualified: ["520117"], now: END })).toMatchObject({ outcome: "NO_SALE" });
    const strict = listing([["381920", 100_000_000, t("09-29")]], { requireListingBid: true });
    expect(closeListing(strict, { stillCompeting: ["381920", "520117"], now: END })).toMatchObject({ outcome: "NO_SALE", reason: "BELOW_RESERVE" });
  });

  it("a new increment for the live auction (挂牌期间可根据竞价情况调整增价幅度)", () => {
    const s = listing([["381920", 100_000_000, t("09-29")]]);
    const out = closeListing(s, { stillCompeting: ["381920", "520117"], liveIncrement: { kind: "fixed", incrementFen: 5_000_000 }, now: END });
    expect(out).toMatchObject({ startingPriceFen: 105_000_000 });
  });

  it("cannot close before the 挂牌截止; closedListing refuses later bids", () => {
    const s = listing([["381920", 100_000_000, t("09-29")]]);
    expect(() => closeListing(s, { stillCompeting: [], now: new Date(END.getTime() - 1) })).toThrow(RangeError);
    const c = closedListing(s);
    expect(c.ladder.closed).toBe(true);
  });
});
