/**
 * Test fixtures of the rule engine (used by the *.test.ts files beside it): a clean section on which no
 * rule fires, and builders of histories. Not used by production code.
 */
import { calendarSeed } from "../../../../platform/calendar/chinese-days-seed.ts";
import { WorkingCalendar } from "../../../../platform/calendar/working-days.ts";
import type { BidFact, HistoryFacts, HistorySection, SectionFacts } from "./rule-types.ts";

const seed = calendarSeed(2025, 2026);
export const calendar = new WorkingCalendar({
  holidays: new Set(seed.filter((r) => r.kind === "holiday").map((r) => r.date)),
  workdays: new Set(seed.filter((r) => r.kind === "workday").map((r) => r.date)),
});

/** An instant written in Beijing local time, e.g. bj("2026-03-02T09:00"). */
export const bj = (local: string): Date => new Date(`${local}+08:00`);

export const U = {
  tenderer: "913501007000000001",
  agency: "913501007000000002",
  A: "91350102MA00000A01",
  B: "91350102MA00000B02",
  C: "91350102MA00000C03",
  D: "91350102MA00000D04",
} as const;

export const BIDDERS = [U.A, U.B, U.C, U.D] as const;
export const EXPERTS = ["E1", "E2", "E3", "E4", "E5"] as const;

/** Prices (fen) of the clean section: 430万, 452万, 468万, 497万 — a competitive spread. */
export const PRICES: Record<string, number> = { [U.A]: 430_000_000, [U.B]: 452_000_000, [U.C]: 468_000_000, [U.D]: 497_000_000 };

const ACCOUNT: Record<string, string> = {
  [U.A]: "6222 0000 0000 0001",
  [U.B]: "6222 0000 0000 0002",
  [U.C]: "6222 0000 0000 0003",
  [U.D]: "6222 0000 0000 0004",
};

function bid(bidder: string, i: number): BidFact {
  return {
    bidder,
    status: "decrypted",
    submittedAt: bj(`2026-03-2${i}T10:00`),
    priceFen: PRICES[bidder],
    projectManager: { name: `PM${i}`, idNo: `35010219800101000${i}` },
    operator: `operator-${i}`,
    fingerprint: {
      ip: `203.0.113.${i + 1}`,
      uploadIp: `203.0.113.${i + 1}`,
      mac: `aa:bb:cc:dd:ee:0${i}`,
      cpuId: `BFEBFBFF00090${i}A2`,
      diskSerial: `WD-WCC4N0${i}`,
      fileMd5: `${i}`.repeat(32),
      author: `编制人${i}`,
    },
    plaintextSm3: `${i}`.repeat(64),
  };
}

/**
 * A compulsory, state-funded works section (open tender, lowest evaluated price) from the announcement
 * to the contract, with every fact in order: no rule fires on it.
 */
export function cleanSection(): SectionFacts {
  return {
    asOf: bj("2026-04-25T12:00"),
    calendar,
    project: {
      tenderProjectCode: "3501022026000001001",
      name: "某路面改造工程",
      category: "works",
      method: "open",
      compulsory: true,
      stateOwnedControlling: true,
      tenderer: { uscc: U.tenderer, name: "某市城市建设投资有限公司" },
      agency: { uscc: U.agency, name: "某招标代理有限公司" },
      regionCode: "350102",
    },
    section: {
      sectionCode: "3501022026000001001001",
      unifiedDealCode: "350102202603020000010",
      name: "第一标段",
      classifyCode: "A010101",
      estimateFen: 500_000_000,
      ceilingPriceFen: 500_000_000,
      bondFen: 8_000_000,
      evaluationMethod: "lowest_price",
    },
    notice: {
      publishedAt: bj("2026-03-02T09:00"),
      docSaleStart: bj("2026-03-02T09:00"),
      docSaleEnd: bj("2026-03-09T17:00"),
      bidDeadline: bj("2026-03-25T09:30"),
    },
    clarifications: [{ publishedAt: bj("2026-03-05T15:00"), affectsPreparation: true, deadline: bj("2026-03-25T09:30") }],
    registrations: BIDDERS.map((b, i) => ({ bidder: b, registeredAt: bj(`2026-03-0${i + 3}T10:00`), ip: `203.0.113.${i + 2}`, operator: `operator-${i + 1}` })),
    bids: BIDDERS.map((b, i) => bid(b, i + 1)),
    bonds: BIDDERS.map((b) => ({
      bidder: b,
      form: "transfer" as const,
      amountFen: 8_000_000,
      payerAccountNo: ACCOUNT[b],
      receivedAt: bj("2026-03-18T10:00"),
      refundTrigger: { kind: "contract" as const, at: bj("2026-04-20T15:00") },
      refundedAt: bj("2026-04-22T10:00"),
    })),
    basicAccounts: { ...ACCOUNT },
    opening: { openedAt: bj("2026-03-25T09:30") },
    committee: {
      experts: EXPERTS.map((e, i) => ({
        expertId: e,
        name: `专家${i + 1}`,
        kind: "technical" as const,
        employerUscc: `9135010070000009${i}0`,
        punishedUntil: "2025-12-31",
      })),
      tendererRepresentatives: 0,
    },
    reviews: EXPERTS.flatMap((e, i) =>
      BIDDERS.map((b, j) => ({ expertId: e, bidder: b, qualified: true, technical: 4000 + 100 * j + 50 * i, commercial: 2000 + 25 * i })),
    ),
    evaluationReportAt: bj("2026-03-27T17:00"),
    candidates: [
      { order: 1, bidder: U.A },
      { order: 2, bidder: U.B },
      { order: 3, bidder: U.C },
    ],
    publicity: { start: bj("2026-03-28T09:00"), end: bj("2026-03-31T17:00") },
    award: { winner: U.A, priceFen: PRICES[U.A], determinedAt: bj("2026-04-01T09:00"), noticeAt: bj("2026-04-01T10:00") },
    contract: { signedAt: bj("2026-04-20T15:00"), amountFen: PRICES[U.A] },
    reportFiledAt: bj("2026-04-10T10:00"),
    credit: [
      // expired before the tender: restricts nothing now
      {
        subject: U.A,
        kind: "blacklist",
        restrictedActions: ["register", "bid"],
        startsAt: bj("2025-01-01T00:00"),
        endsAt: bj("2026-01-01T00:00"),
        revokedAt: null,
        documentNo: "榕建罚〔2025〕1号",
      },
    ],
  };
}

export const bidOf = (f: SectionFacts, bidder: string): BidFact => {
  const b = f.bids.find((x) => x.bidder === bidder);
  if (!b) throw new Error(`no bid of ${bidder}`);
  return b;
};

/** Firms of the histories. */
export const firm = (i: number): string => `91350100MA0000F${String(i).padStart(3, "0")}`;

let counter = 0;

/** A history section; defaults: works, open, lowest price, region 350102, buyer = the tenderer. */
export function historySection(over: Partial<HistorySection> & { bids?: HistorySection["bids"] } = {}): HistorySection {
  counter++;
  const n = String(counter).padStart(3, "0");
  return {
    ref: { tenderProjectCode: `3501022026000${n}001`, sectionCode: `3501022026000${n}001001`, unifiedDealCode: `350102202601010${n}0001` },
    buyer: U.tenderer,
    regionCode: "350102",
    category: "works",
    method: "open",
    classifyCode: "A010101",
    estimateFen: 500_000_000,
    compulsory: true,
    evaluationMethod: "lowest_price",
    publishedAt: bj("2026-01-05T09:00"),
    awardedAt: bj("2026-02-05T09:00"),
    bids: [],
    experts: [],
    ...over,
  };
}

export function history(sections: HistorySection[], over: Partial<HistoryFacts> = {}): HistoryFacts {
  return {
    asOf: bj("2026-12-31T23:00"),
    scope: { kind: "platform", from: bj("2026-01-01T00:00"), to: bj("2026-12-31T23:59") },
    sections,
    ...over,
  };
}

/** A price-only section won by `winner` at 100万 whose second valid bid is `gap` above it. */
export function gapSection(i: number, gap: number): HistorySection {
  const w = firm(i % 7);
  const s = firm((i + 1) % 7);
  const t = firm((i + 2) % 7);
  const win = 100_000_000;
  const second = Math.round(win * (1 + gap));
  return historySection({
    bids: [
      { bidder: w, priceFen: win },
      { bidder: s, priceFen: second },
      { bidder: t, priceFen: second + 5_000_000 },
    ],
    winner: w,
    awardFen: win,
  });
}

/** 24 sections where 6 firms all bid; `winnerOf(i)` wins section i; `rejected(i, firm)` marks rejections. */
export function ringHistory(winnerOf: (i: number) => string, rejected: (i: number, f: string) => boolean = () => false, sections = 24): HistoryFacts {
  const firms = [1, 2, 3, 4, 5, 6].map(firm);
  return history(
    Array.from({ length: sections }, (_, i) =>
      historySection({
        bids: firms.map((f, k) => ({ bidder: f, priceFen: 100_000_000 + k * 3_000_000 + i * 1000, rejected: rejected(i, f) })),
        winner: winnerOf(i),
        publishedAt: new Date(bj("2026-01-05T09:00").getTime() + i * 7 * 86_400_000),
        awardedAt: new Date(bj("2026-02-05T09:00").getTime() + i * 7 * 86_400_000),
      }),
    ),
  );
}
