import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarSeed } from "../../../platform/calendar/chinese-days-seed.ts";
import { WorkingCalendar } from "../../../platform/calendar/working-days.ts";
import {
  assertCatalog,
  catalogDeviations,
  FEN_PER_WAN,
  type MustTenderProject,
  mustTender,
  NATIONAL_CATALOG,
  offPlatformReportDeadline,
  offPlatformReportStatus,
  type ProcurementKind,
  type ProjectFunding,
  platformCatalog,
} from "./trade-catalog.ts";

const seed = calendarSeed(2025, 2026);
const cal = new WorkingCalendar({
  holidays: new Set(seed.filter((r) => r.kind === "holiday").map((r) => r.date)),
  workdays: new Set(seed.filter((r) => r.kind === "workday").map((r) => r.date)),
});
const bj = (local: string) => new Date(`${local}+08:00`);
const WAN = FEN_PER_WAN; // 1万元 in fen

/** A project in scope by its state-owned funding. */
const stateOwned: ProjectFunding = {
  totalInvestmentFen: 10_000 * WAN,
  budgetFundsFen: 0,
  stateOwnedControlling: true,
  foreignLoanOrAid: false,
  publicInfrastructure: false,
};
const privateFunding: ProjectFunding = { ...stateOwned, stateOwnedControlling: false };

const single = (kind: ProcurementKind, fen: number, funding = stateOwned): MustTenderProject => ({ funding, parts: [{ kind, estimatedPriceFen: fen }] });
const codes = (p: MustTenderProject) => mustTender(p).reasons.map((r) => r.code);

describe("mustTender thresholds (16号令第五条)", () => {
  it("works: 399.99万 not compulsory, 400万 compulsory", () => {
    expect(mustTender(single("works", 399_990_000)).compulsory).toBe(false); // 399.99万元
    expect(mustTender(single("works", 400 * WAN - 1)).compulsory).toBe(false); // one fen short
    const r = mustTender(single("works", 400 * WAN));
    expect(r.compulsory).toBe(true);
    expect(r.reasons.find((x) => x.code === "THRESHOLD_REACHED")).toMatchObject({
      kind: "works",
      basis: "《必须招标的工程项目规定》第五条第一款",
      zh: expect.stringContaining("400万元"),
    });
    expect(mustTender(single("works", 399_990_000)).reasons.find((x) => x.code === "BELOW_THRESHOLD")?.zh).toContain("399.99万元");
  });

  it("goods: 199.99万 / 200万; services: 99.99万 / 100万", () => {
    expect(mustTender(single("goods", 199_990_000)).compulsory).toBe(false);
    expect(mustTender(single("goods", 200 * WAN)).compulsory).toBe(true);
    expect(mustTender(single("services", 99_990_000)).compulsory).toBe(false);
    expect(mustTender(single("services", 100 * WAN)).compulsory).toBe(true);
  });

  it("merged procurements of the same kind count with their total (第五条第二款)", () => {
    const p: MustTenderProject = { ...single("services", 60 * WAN), mergedTotalsFen: { services: 100 * WAN } };
    expect(mustTender(p).compulsory).toBe(true);
    expect(codes(p)).toContain("MERGED_THRESHOLD_REACHED");
    const below: MustTenderProject = { ...single("services", 60 * WAN), mergedTotalsFen: { services: 100 * WAN - 1 } };
    expect(mustTender(below).compulsory).toBe(false);
    // a merged total of another kind does not concern this contract
    expect(mustTender({ ...single("services", 60 * WAN), mergedTotalsFen: { works: 500 * WAN } }).compulsory).toBe(false);
  });

  it("工程总承包: one part reaching its own threshold is enough", () => {
    const epc: MustTenderProject = {
      funding: stateOwned,
      parts: [
        { kind: "works", estimatedPriceFen: 300 * WAN },
        { kind: "goods", estimatedPriceFen: 250 * WAN },
        { kind: "services", estimatedPriceFen: 50 * WAN },
      ],
    };
    const r = mustTender(epc);
    expect(r.compulsory).toBe(true);
    expect(r.reasons.filter((x) => x.code === "BELOW_THRESHOLD").map((x) => x.kind)).toEqual(["works", "services"]);
    expect(r.reasons.find((x) => x.code === "THRESHOLD_REACHED")?.kind).toBe("goods");
  });
});

describe("mustTender scope (16号令第二条至第四条)", () => {
  const investment = 2_000 * WAN;
  const withBudget = (budget: number, total = investment): ProjectFunding => ({ ...privateFunding, totalInvestmentFen: total, budgetFundsFen: budget });

  it("budget funds: ≥ 200万 AND ≥ 10% of the investment", () => {
    // 200万 of 2000万 = exactly 10%: in scope
    expect(codes(single("works", 400 * WAN, withBudget(200 * WAN)))).toContain("SCOPE_BUDGET_FUNDS");
    expect(mustTender(single("works", 400 * WAN, withBudget(200 * WAN))).compulsory).toBe(true);
    // 199.99万: below the amount
    expect(mustTender(single("works", 400 * WAN, withBudget(199_990_000))).inScope).toBe(false);
    // 200万 of 2000.01万 = 9.99995%: below the share
    expect(mustTender(single("works", 400 * WAN, withBudget(200 * WAN, 2_000 * WAN + 10_000))).inScope).toBe(false);
    // 500万 of 4000万 = 12.5%
    expect(mustTender(single("works", 400 * WAN, withBudget(500 * WAN, 4_000 * WAN))).inScope).toBe(true);
  });

  it("out of scope is never compulsory, whatever the amount", () => {
    const r = mustTender(single("works", 100_000 * WAN, privateFunding));
    expect(r).toMatchObject({ compulsory: false, inScope: false, thresholdReached: true });
    expect(r.reasons[0]?.code).toBe("NOT_IN_SCOPE");
  });

  it("foreign loans and public infrastructure are in scope", () => {
    expect(codes(single("goods", 200 * WAN, { ...privateFunding, foreignLoanOrAid: true }))).toEqual(["SCOPE_FOREIGN_FUNDS", "THRESHOLD_REACHED"]);
    expect(codes(single("goods", 200 * WAN, { ...privateFunding, publicInfrastructure: true }))).toEqual(["SCOPE_PUBLIC_INFRASTRUCTURE", "THRESHOLD_REACHED"]);
  });

  it("an approved exemption turns compulsory off and says why", () => {
    const r = mustTender({ ...single("works", 1_000 * WAN), approvedExemption: "EMERGENCY_RELIEF" });
    expect(r.compulsory).toBe(false);
    expect(r.reasons.at(-1)).toMatchObject({ code: "EXEMPT", basis: "招标投标法第六十六条；招标投标法实施条例第九条" });
  });

  it("rejects malformed input", () => {
    expect(() => mustTender({ funding: stateOwned, parts: [] })).toThrow(RangeError);
    expect(() => mustTender(single("works", 1.5))).toThrow(RangeError);
    expect(() => mustTender(single("works", 1, withBudget(3_000 * WAN)))).toThrow(RangeError); // budget > investment
  });

  it("property: compulsory ⇔ in scope ∧ estimate ≥ threshold (single contract, no exemption)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ProcurementKind>("works", "goods", "services"),
        fc.integer({ min: 0, max: 1_000 * WAN }),
        fc.boolean(),
        (kind, fen, state) => {
          const r = mustTender(single(kind, fen, state ? stateOwned : privateFunding));
          expect(r.compulsory).toBe(state && fen >= NATIONAL_CATALOG.thresholdsFen[kind]);
        },
      ),
    );
  });
});

describe("platform catalogs", () => {
  it("thresholds are data; deviations from the national catalog are listed", () => {
    const local = platformCatalog({ thresholdsFen: { works: 200 * WAN }, offPlatformReportDays: 15 });
    expect(mustTender(single("works", 300 * WAN), local).compulsory).toBe(true);
    expect(mustTender(single("works", 300 * WAN)).compulsory).toBe(false);
    expect(catalogDeviations(local)).toEqual([{ field: "thresholdsFen.works", national: 400 * WAN, platform: 200 * WAN, direction: "stricter" }]);
    expect(catalogDeviations(NATIONAL_CATALOG)).toEqual([]);
    expect(catalogDeviations(platformCatalog({ budgetFunds: { minShareBasisPoints: 2000 } }))[0]?.direction).toBe("looser");
  });

  it("refuses malformed catalogs", () => {
    expect(() => platformCatalog({ thresholdsFen: { goods: -1 } })).toThrow(RangeError);
    expect(() => platformCatalog({ budgetFunds: { minShareBasisPoints: 10_001 } })).toThrow(RangeError);
    expect(() => platformCatalog({ offPlatformReportDays: 0 })).toThrow(RangeError);
    expect(() => assertCatalog(NATIONAL_CATALOG)).not.toThrow();
  });
});

describe("off-platform report within 20 days (platform policy)", () => {
  it("day 20 on time, day 21 late", () => {
    // triggered Wed 2026-03-04 → day 20 is Tue 2026-03-24
    expect(offPlatformReportDeadline(bj("2026-03-04T16:00"), cal)).toBe("2026-03-24");
    expect(
      offPlatformReportStatus({ triggerTime: bj("2026-03-04T16:00"), reportedTime: bj("2026-03-24T23:59:59"), asOf: bj("2026-04-01T00:00") }, cal),
    ).toEqual({
      deadline: "2026-03-24",
      late: false,
      daysLate: 0,
    });
    expect(offPlatformReportStatus({ triggerTime: bj("2026-03-04T16:00"), reportedTime: bj("2026-03-25T00:00"), asOf: bj("2026-04-01T00:00") }, cal)).toEqual({
      deadline: "2026-03-24",
      late: true,
      daysLate: 1,
    });
  });

  it("a period ending in 国庆 2025 ends on the first working day after it (民法典 203)", () => {
    // 2025-09-15 + 20 = 2025-10-05 (holiday); 10-01..10-08 are off → 2025-10-09
    expect(offPlatformReportDeadline(bj("2025-09-15T10:00"), cal)).toBe("2025-10-09");
    // not reported yet: judged at asOf
    expect(offPlatformReportStatus({ triggerTime: bj("2025-09-15T10:00"), asOf: bj("2025-10-09T20:00") }, cal).late).toBe(false);
    expect(offPlatformReportStatus({ triggerTime: bj("2025-09-15T10:00"), asOf: bj("2025-10-11T09:00") }, cal)).toMatchObject({ late: true, daysLate: 2 });
  });

  it("the trigger day is its Beijing date", () => {
    // 2026-03-03T16:30Z is 2026-03-04 00:30 in Beijing
    expect(offPlatformReportDeadline(new Date("2026-03-03T16:30:00Z"), cal)).toBe("2026-03-24");
  });
});
