import { describe, expect, it } from "vitest";
import { SR047, SR048, SR049 } from "./credit-rules.ts";
import type { SectionFacts } from "./rule-types.ts";
import { bj, cleanSection, U } from "./test-fixtures.ts";

/** Bidder B under a restriction [starts, ends) on `actions`. */
const restricted = (actions: ("register" | "bid" | "auction" | "evaluate")[], starts = "2026-01-01T00:00", ends: string | null = "2027-01-01T00:00") => {
  const f = cleanSection();
  f.credit.push({
    subject: U.B,
    kind: "violation",
    restrictedActions: actions,
    startsAt: bj(starts),
    endsAt: ends ? bj(ends) : null,
    revokedAt: null,
    documentNo: "闽建罚〔2026〕7号",
  });
  return f;
};
const subjects = (f: SectionFacts) => ({
  register: SR047.evaluate(f).map((x) => x.subjects),
  bid: SR048.evaluate(f).map((x) => x.subjects),
  award: SR049.evaluate(f).map((x) => x.subjects),
});

describe("credit restrictions in force at the time of the act", () => {
  it("each rule looks at its own action", () => {
    expect(subjects(restricted(["register"]))).toEqual({ register: [[U.B]], bid: [], award: [] });
    expect(subjects(restricted(["bid"]))).toEqual({ register: [], bid: [[U.B]], award: [] });
  });

  it("the winner check uses the award date", () => {
    const f = restricted(["bid"], "2026-03-30T00:00"); // after B's bid (03-22), before the award (04-01)
    f.award!.winner = U.B;
    expect(subjects(f)).toEqual({ register: [], bid: [], award: [[U.B]] });
    expect(SR049.evaluate(f)[0]!.evidence).toMatchObject({ action: "bid", records: [{ kind: "violation", documentNo: "闽建罚〔2026〕7号" }] });
  });

  it("revoked, expired or not-yet-started records restrict nothing; an open end does", () => {
    const revoked = restricted(["register", "bid"]);
    revoked.credit.at(-1)!.revokedAt = bj("2026-02-01T00:00");
    expect(subjects(revoked)).toEqual({ register: [], bid: [], award: [] });
    expect(subjects(restricted(["bid"], "2026-03-23T00:00"))).toEqual({ register: [], bid: [], award: [] });
    expect(subjects(restricted(["bid"], "2025-01-01T00:00", "2026-03-22T10:00"))).toEqual({ register: [], bid: [], award: [] });
    expect(subjects(restricted(["bid"], "2025-01-01T00:00", null)).bid).toEqual([[U.B]]);
  });

  it("land, mining and property bids are 竞买: the auction restriction applies", () => {
    const f = restricted(["bid"]);
    f.project.category = "land";
    expect(SR048.evaluate(f)).toEqual([]);
    f.credit.at(-1)!.restrictedActions = ["auction"];
    expect(SR048.evaluate(f).map((x) => x.evidence.action)).toEqual(["auction"]);
  });
});
