import { describe, expect, it } from "vitest";
import { platformCatalog } from "../../../tendering/domain/trade-catalog.ts";
import { SR042, SR043, SR044, SR045, SR046 } from "./market-rules.ts";
import { DEFAULT_RULE_PARAMS, type HistorySection } from "./rule-types.ts";
import { bj, firm, history, historySection } from "./test-fixtures.ts";

const day = (i: number) => new Date(bj("2026-01-05T09:00").getTime() + i * 86_400_000);
const P = DEFAULT_RULE_PARAMS;

describe("SR042 rotation", () => {
  const meet = (winners: number[], extra?: (i: number) => number[]) =>
    history(
      winners.map((w, i) =>
        historySection({
          bids: [1, 2, 3, ...(extra?.(i) ?? [])].map((k) => ({ bidder: firm(k), priceFen: 100_000_000 + k })),
          winner: firm(w),
          awardedAt: day(i),
        }),
      ),
    );

  it("orders the sections by award date", () => {
    const h = meet([1, 2, 3, 1]);
    h.sections.reverse();
    expect(SR042.evaluate(h)[0]!.evidence.winners).toEqual([1, 2, 3, 1].map(firm));
  });

  it("needs the same bidder set: an outsider in one meeting breaks the group", () => {
    expect(SR042.evaluate(meet([1, 2, 3], (i) => (i === 1 ? [4] : [])))).toEqual([]);
  });

  it("two bidders are not a group by default", () => {
    const h = history([1, 2, 1].map((w, i) => historySection({ bids: [1, 2].map((k) => ({ bidder: firm(k) })), winner: firm(w), awardedAt: day(i) })));
    expect(SR042.evaluate(h)).toEqual([]);
    expect(SR042.evaluate(h, { ...P, rotationMinBidders: 2 })).toHaveLength(1);
  });
});

describe("SR043 market allocation", () => {
  const areas = (by: "region" | "buyer") => {
    const s = (area: string, winner: number, bidders: number[], i: number): HistorySection =>
      historySection({
        ...(by === "region" ? { regionCode: area } : { buyer: area }),
        bids: bidders.map((k) => ({ bidder: firm(k) })),
        winner: firm(winner),
        awardedAt: day(i),
      });
    return history([0, 1, 2, 3].flatMap((i) => [s("AREA-1", 1, [1, 2, 3], i), s("AREA-2", 2, [1, 2, 4], i + 10)]));
  };

  it("by region (default) and by buyer", () => {
    const found = SR043.evaluate(areas("region"));
    expect(found[0]!.subjects).toEqual([firm(1), firm(2)]);
    expect(found[0]!.evidence).toMatchObject({ by: "region", crossBids: { [firm(1)]: 4, [firm(2)]: 4 } });
    expect(SR043.evaluate(areas("buyer"))).toEqual([]);
    expect(SR043.evaluate(areas("buyer"), { ...P, allocationBy: "buyer" })).toHaveLength(1);
  });

  it("firms that never enter each other's area are not flagged (no reciprocal cover bids)", () => {
    const h = areas("region");
    for (const s of h.sections) s.bids = s.bids.filter((b) => b.bidder !== (s.regionCode === "AREA-1" ? firm(2) : firm(1)));
    expect(SR043.evaluate(h)).toEqual([]);
  });
});

describe("SR044 concentration", () => {
  it("needs at least 5 awarded sections", () => {
    const h = history([1, 1, 1, 2].map((w, i) => historySection({ bids: [{ bidder: firm(w) }], winner: firm(w), awardedAt: day(i) })));
    expect(SR044.evaluate(h)).toEqual([]);
    expect(SR044.evaluate(h, { ...P, concentrationMinTenders: 4 })[0]!.evidence).toMatchObject({ wins: 3, awarded: 4, share: 0.75 });
  });
});

describe("SR045 splitting / SR046 just under the threshold (trade-catalog thresholds)", () => {
  const lot = (estimateWan: number, d: number, over: Partial<HistorySection> = {}) =>
    historySection({ compulsory: false, estimateFen: Math.round(estimateWan * 1_000_000), publishedAt: day(d), ...over });

  it("SR045: the window is inclusive (90 days), and the sum must reach 400万 for works", () => {
    expect(SR045.evaluate(history([lot(250, 0), lot(250, 90)]))).toHaveLength(1);
    expect(SR045.evaluate(history([lot(250, 0), lot(250, 91)]))).toEqual([]);
    expect(SR045.evaluate(history([lot(199, 0), lot(200, 10)]))).toEqual([]);
    expect(SR045.evaluate(history([lot(199, 0), lot(201, 10)]))[0]!.evidence).toMatchObject({ totalFen: 400_000_000, thresholdFen: 400_000_000 });
  });

  it("SR045: only non-compulsory in-scope lots of one buyer, kind and division", () => {
    expect(SR045.evaluate(history([lot(250, 0), lot(250, 10, { compulsory: true })]))).toEqual([]);
    expect(SR045.evaluate(history([lot(250, 0), lot(250, 10, { inScope: false })]))).toEqual([]);
    expect(SR045.evaluate(history([lot(250, 0), lot(250, 10, { buyer: firm(9) })]))).toEqual([]);
    expect(SR045.evaluate(history([lot(250, 0), lot(250, 10, { classifyCode: "A020101" })]))).toEqual([]);
    expect(SR045.evaluate(history([lot(250, 0), lot(250, 10, { category: "goods" })]))).toEqual([]);
  });

  it("SR045: reports each cluster once and follows the facts' catalog", () => {
    const found = SR045.evaluate(history([lot(150, 0), lot(150, 20), lot(150, 40), lot(150, 200), lot(150, 210), lot(150, 220)]));
    expect(found.map((f) => (f.evidence.sections as string[]).length)).toEqual([3, 3]);
    const h = history([lot(150, 0), lot(150, 20)]);
    expect(SR045.evaluate(h)).toEqual([]);
    h.catalog = platformCatalog({ thresholdsFen: { works: 250_000_000 } });
    expect(SR045.evaluate(h)).toHaveLength(1);
  });

  it("SR046: [90% of the threshold, threshold) — 180万 counts for goods, 200万 does not", () => {
    const goods = (wan: number, d: number) => lot(wan, d, { category: "goods", classifyCode: "B010101" });
    expect(SR046.evaluate(history([goods(180, 0), goods(190, 30), goods(199.99, 60)]))).toHaveLength(1);
    expect(SR046.evaluate(history([goods(180, 0), goods(190, 30), goods(200, 60)]))).toEqual([]);
    expect(SR046.evaluate(history([goods(179.99, 0), goods(190, 30), goods(199, 60)]))).toEqual([]);
  });
});
