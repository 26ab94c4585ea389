/**
 * The catalog, and for EVERY rule one case that triggers it and one that does not: the same fixture
 * with one fact changed.
 */
import { describe, expect, it } from "vitest";
import { RULES, ruleById } from "./catalog.ts";
import { runRules } from "./engine.ts";
import { CATEGORIES, type HistoryFacts, SEVERITIES, type SectionFacts, SUPERVISORY_NODES } from "./rule-types.ts";
import { BIDDERS, bidOf, bj, cleanSection, firm, gapSection, history, historySection, ringHistory, U } from "./test-fixtures.ts";

type EventCase = { setup?: (f: SectionFacts) => void; change: (f: SectionFacts) => void };
type BatchCase = { build: (triggered: boolean) => HistoryFacts };

const setPrices = (f: SectionFacts, prices: Record<string, number>) => {
  for (const [b, p] of Object.entries(prices)) bidOf(f, b).priceFen = p;
};
/** 1万元 in fen. */
const M = 1_000_000;

const EVENT_CASES: Record<string, EventCase> = {
  SR001: { change: (f) => (f.notice!.docSaleEnd = bj("2026-03-05T17:00")) },
  SR002: { change: (f) => (f.notice!.docSaleStart = bj("2026-03-08T09:00")) },
  SR003: { change: (f) => (f.clarifications[0]!.publishedAt = bj("2026-03-15T09:00")) },
  SR004: { change: (f) => (f.section.bondFen = 12_000_000) },
  SR005: {
    setup: (f) => {
      f.bids = f.bids.slice(0, 2);
      f.opening = undefined;
    },
    change: (f) => (f.opening = { openedAt: bj("2026-03-25T09:30") }),
  },
  SR006: { change: (f) => f.committee!.experts.pop() },
  SR007: { change: (f) => (f.evaluationReportAt = bj("2026-03-20T17:00")) },
  SR008: { change: (f) => (f.publicity!.end = bj("2026-03-30T17:00")) },
  SR009: { change: (f) => (f.contract!.signedAt = bj("2026-05-20T10:00")) },
  SR010: { change: (f) => (f.reportFiledAt = bj("2026-04-20T10:00")) },
  SR011: {
    setup: (f) => (f.offPlatform = { triggerTime: bj("2026-04-01T10:00"), reportedTime: bj("2026-04-15T10:00") }),
    change: (f) => (f.offPlatform!.reportedTime = bj("2026-04-30T10:00")),
  },
  SR012: { change: (f) => (f.bonds[1]!.refundedAt = bj("2026-05-10T10:00")) },
  SR013: { change: (f) => (f.award!.winner = U.B) },
  SR014: { change: (f) => (f.bonds[0]!.payerAccountNo = "6222 0000 0000 9999") },
  SR015: { setup: (f) => (f.project.compulsory = false), change: (f) => (f.notice!.publishedAt = bj("2026-03-15T09:00")) },
  SR016: { setup: (f) => (f.bids = f.bids.slice(0, 2)), change: (f) => (f.bids[1]!.status = "withdrawn") },
  SR017: { setup: (f) => (bidOf(f, U.C).rejected = true), change: (f) => (bidOf(f, U.D).rejected = true) },
  SR018: { change: (f) => (bidOf(f, U.B).priceFen = 431 * M) },
  SR019: { change: (f) => (bidOf(f, U.A).priceFen = 380 * M) },
  SR020: { change: (f) => (bidOf(f, U.A).submittedAt = bj("2026-03-25T10:00")) },
  SR021: {
    setup: (f) => {
      bidOf(f, U.B).rejected = true;
      bidOf(f, U.C).rejected = true;
    },
    change: (f) => (bidOf(f, U.D).rejected = true),
  },
  SR022: { change: (f) => (bidOf(f, U.A).rejected = true) },
  SR028: { change: (f) => (bidOf(f, U.B).fingerprint.ip = bidOf(f, U.A).fingerprint.ip) },
  SR029: { change: (f) => (bidOf(f, U.B).fingerprint.mac = "AA-BB-CC-DD-EE-01") },
  SR030: { change: (f) => (bidOf(f, U.C).fingerprint.cpuId = bidOf(f, U.A).fingerprint.cpuId) },
  SR031: { change: (f) => (bidOf(f, U.D).fingerprint.diskSerial = ` ${bidOf(f, U.B).fingerprint.diskSerial!.toLowerCase()} `) },
  SR032: { change: (f) => (bidOf(f, U.B).plaintextSm3 = bidOf(f, U.A).plaintextSm3) },
  SR033: { change: (f) => (bidOf(f, U.B).fingerprint.author = bidOf(f, U.A).fingerprint.author) },
  SR034: { change: (f) => (f.bonds[1]!.payerAccountNo = "6222-0000-0000-0001") },
  SR035: { change: (f) => (bidOf(f, U.C).projectManager = { idNo: bidOf(f, U.A).projectManager!.idNo }) },
  SR036: { change: (f) => (f.registrations[1]!.operator = "operator-1") },
  SR037: { change: (f) => (bidOf(f, U.C).priceFen = bidOf(f, U.B).priceFen) },
  SR038: { setup: (f) => setPrices(f, { [U.B]: 450 * M, [U.C]: 470 * M }), change: (f) => (bidOf(f, U.D).priceFen = 490 * M) },
  SR039: { setup: (f) => setPrices(f, { [U.B]: 470 * M, [U.C]: 472 * M }), change: (f) => (bidOf(f, U.D).priceFen = 474 * M) },
  SR040: { setup: (f) => setPrices(f, { [U.B]: 440 * M, [U.C]: 445 * M }), change: (f) => (bidOf(f, U.D).priceFen = 450 * M) },
  SR041: { change: (f) => (f.section.ceilingPriceFen = 435 * M) },
  SR047: { change: (f) => (f.credit[0]!.endsAt = bj("2027-01-01T00:00")) },
  SR048: { change: (f) => (f.credit[0]!.endsAt = bj("2027-01-01T00:00")) },
  SR049: { change: (f) => (f.credit[0]!.endsAt = bj("2027-01-01T00:00")) },
  SR050: { change: (f) => (f.reviews.find((r) => r.expertId === "E5" && r.bidder === U.B)!.technical = 1500) },
  SR051: { change: (f) => (f.committee!.experts[0]!.employerUscc = U.B) },
  SR052: { change: (f) => (f.committee!.experts[1]!.punishedUntil = "2026-12-31") },
};

const spread = (i: number) => new Date(bj("2026-01-05T09:00").getTime() + i * 86_400_000);

const BATCH_CASES: Record<string, BatchCase> = {
  // 20 price-only sections with gaps 4.00% … 4.95%; one section's gap becomes 0.1% / 30%
  SR023: { build: (t) => history(Array.from({ length: 20 }, (_, i) => gapSection(i, t && i === 7 ? 0.001 : 0.04 + 0.0005 * i))) },
  SR024: { build: (t) => history(Array.from({ length: 20 }, (_, i) => gapSection(i, t && i === 7 ? 0.3 : 0.04 + 0.0005 * i))) },
  // 6 firms bid in 24 sections; firm 6 wins its share, or never
  SR025: { build: (t) => ringHistory((i) => firm(t ? (i % 5) + 1 : (i % 6) + 1)) },
  // every firm has 2 bids rejected (never when it wins); firm 6 has 2, or 12
  SR026: {
    build: (t) =>
      ringHistory(
        (i) => firm((i % 5) + 1),
        (i, f) => {
          const k = Number(f.slice(-3));
          return k === 6 ? i < (t ? 12 : 2) : i < 10 && i % 5 === k % 5;
        },
      ),
  },
  // 5 firms × 20 wins; firm 1's wins spread over 2 divisions, or 10
  SR027: {
    build: (t) =>
      history(
        Array.from({ length: 100 }, (_, i) =>
          historySection({
            bids: [{ bidder: firm(i % 5), priceFen: 100_000_000 }],
            winner: firm(i % 5),
            classifyCode: `A${String(i % 5 === 0 && t ? (Math.floor(i / 5) % 10) + 10 : (i % 2) + 1).padStart(2, "0")}0101`,
          }),
        ),
      ),
  },
  // the same three firms meet three times; the second winner repeats the first, or not
  SR042: {
    build: (t) =>
      history(
        [firm(1), t ? firm(2) : firm(1), firm(3)].map((w, i) =>
          historySection({ bids: [1, 2, 3].map((k) => ({ bidder: firm(k), priceFen: 100_000_000 + k })), winner: w, awardedAt: spread(i) }),
        ),
      ),
  },
  // firm 1 holds region 350102, firm 2 region 350103; each bids in the other's region and loses — unless firm 1 wins once there
  SR043: {
    build: (t) =>
      history([
        ...[0, 1, 2, 3].map((i) =>
          historySection({ regionCode: "350102", bids: [firm(1), firm(2), firm(3)].map((b) => ({ bidder: b })), winner: firm(1), awardedAt: spread(i) }),
        ),
        ...[0, 1, 2, 3].map((i) =>
          historySection({
            regionCode: "350103",
            bids: [firm(1), firm(2), firm(4)].map((b) => ({ bidder: b })),
            winner: !t && i === 0 ? firm(1) : firm(2),
            awardedAt: spread(i + 10),
          }),
        ),
      ]),
  },
  // 5 awarded sections of one buyer; firm 1 wins 3 (60%) or 2
  SR044: {
    build: (t) =>
      history(
        [1, 1, t ? 1 : 2, 3, 4].map((w, i) => historySection({ bids: [1, 2, 3, 4].map((k) => ({ bidder: firm(k) })), winner: firm(w), awardedAt: spread(i) })),
      ),
  },
  // two non-compulsory works lots of 250万 each, 30 or 120 days apart
  SR045: {
    build: (t) =>
      history([
        historySection({ compulsory: false, estimateFen: 250_000_000, publishedAt: bj("2026-03-01T09:00") }),
        historySection({ compulsory: false, estimateFen: 250_000_000, publishedAt: t ? bj("2026-03-31T09:00") : bj("2026-06-29T09:00") }),
      ]),
  },
  // three goods sections just under 200万 (190/195/185万), or one at 150万
  SR046: {
    build: (t) =>
      history(
        [190, 195, t ? 185 : 150].map((w, i) =>
          historySection({ category: "goods", classifyCode: "B010101", compulsory: false, estimateFen: w * 1_000_000, publishedAt: spread(i * 20) }),
        ),
      ),
  },
  // expert X on three sections of one tenderer, or on two
  SR053: { build: (t) => history([0, 1, 2].map((i) => historySection({ experts: [i === 2 && !t ? "Y" : "X", `Z${i}`], awardedAt: spread(i) }))) },
};

describe("catalog", () => {
  it("has at least 30 rules with unique SRnnn ids, in id order", () => {
    expect(RULES.length).toBeGreaterThanOrEqual(30);
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^SR\d{3}$/);
    expect(ruleById("SR009")?.node).toBe("contract");
    expect(ruleById("SR999")).toBeUndefined();
  });

  it("every rule is well-formed data", () => {
    for (const r of RULES) {
      expect(r.name.zh.length, r.id).toBeGreaterThan(0);
      expect(r.name.en.length, r.id).toBeGreaterThan(0);
      expect(r.basis.length, r.id).toBeGreaterThan(0);
      expect(r.appliesTo.categories.length, r.id).toBeGreaterThan(0);
      for (const c of r.appliesTo.categories) expect(CATEGORIES).toContain(c);
      expect(SUPERVISORY_NODES).toContain(r.node);
      expect(SEVERITIES).toContain(r.severity);
      expect(typeof r.evaluate).toBe("function");
      // cross-project analysis is what the nightly batch does
      expect(r.mode === "batch", r.id).toBe(r.node === "cross_project");
    }
  });

  it("covers the required families: statutory limits, counts, 条例40, screens, red flags, market, credit, experts", () => {
    const bases = RULES.map((r) => r.basis).join("\n");
    for (const needle of [
      "第二十四条",
      "第四十六条",
      "第四十七条",
      "第五十四条",
      "第二十八条",
      "第四十条",
      "R003",
      "R018",
      "R024",
      "R058",
      "R025",
      "R028",
      "R035",
      "R036",
      "R038",
      "R048",
    ]) {
      expect(bases).toContain(needle);
    }
  });

  it("has a trigger / no-trigger case for every rule", () => {
    for (const r of RULES) expect(r.mode === "event" ? EVENT_CASES[r.id] : BATCH_CASES[r.id], r.id).toBeDefined();
  });
});

describe("every rule: triggers on its fact, stays silent with that one fact changed", () => {
  for (const rule of RULES) {
    it(`${rule.id} ${rule.name.zh}`, () => {
      let clean: SectionFacts | HistoryFacts;
      let triggered: SectionFacts | HistoryFacts;
      if (rule.mode === "event") {
        const c = EVENT_CASES[rule.id]!;
        const a = cleanSection();
        c.setup?.(a);
        const b = cleanSection();
        c.setup?.(b);
        c.change(b);
        [clean, triggered] = [a, b];
        expect(rule.evaluate(a)).toEqual([]);
        const found = rule.evaluate(b);
        expect(found.length).toBeGreaterThan(0);
        for (const f of found) {
          expect(f.ruleId).toBe(rule.id);
          expect(f.message.zh.length).toBeGreaterThan(0);
          expect(f.message.en.length).toBeGreaterThan(0);
          expect(typeof f.evidence).toBe("object");
          for (const s of f.subjects ?? []) expect(s).toMatch(/^[0-9A-Z]{18}$/);
        }
      } else {
        const c = BATCH_CASES[rule.id]!;
        [clean, triggered] = [c.build(false), c.build(true)];
        expect(rule.evaluate(clean)).toEqual([]);
        const found = rule.evaluate(triggered);
        expect(found.length).toBeGreaterThan(0);
        for (const f of found) expect(f.ruleId).toBe(rule.id);
      }
      // the engine agrees when asked for the rule's node
      expect(runRules(RULES, rule.node, clean, { only: [rule.id] })).toEqual([]);
      expect(runRules(RULES, rule.node, triggered, { only: [rule.id] }).length).toBeGreaterThan(0);
    });
  }
});

describe("the clean fixture", () => {
  it("raises no alert at any node", () => {
    expect(runRules(RULES, "all", cleanSection())).toEqual([]);
    expect(BIDDERS.length).toBe(4);
  });
});

describe("README", () => {
  it("lists every rule with its name, node, severity, mode and basis", async () => {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(new URL("./README.md", import.meta.url), "utf8");
    const rows = new Map(
      text
        .split("\n")
        .filter((l) => /^\|\s*SR\d{3}\s*\|/.test(l))
        .map((l) => {
          const cells = l
            .split("|")
            .slice(1, -1)
            .map((c) => c.trim());
          return [cells[0]!, cells.slice(1)];
        }),
    );
    const sev = { green: "绿 green", yellow: "黄 yellow", red: "红 red" };
    expect([...rows.keys()]).toEqual(RULES.map((r) => r.id));
    for (const r of RULES) expect(rows.get(r.id), r.id).toEqual([`${r.name.zh} — ${r.name.en}`, r.node, sev[r.severity], r.mode, r.basis]);
  });
});
