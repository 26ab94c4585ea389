import { describe, expect, it } from "vitest";
import { checkContractSigning } from "../../../tendering/domain/time-limits.ts";
import { platformCatalog } from "../../../tendering/domain/trade-catalog.ts";
import type { SectionFacts } from "./rule-types.ts";
import { SR001, SR002, SR003, SR005, SR008, SR009, SR010, SR011, SR012, SR013, SR014 } from "./statutory-rules.ts";
import { bj, calendar, cleanSection, U } from "./test-fixtures.ts";

const ids = (list: { ruleId: string }[]) => list.map((f) => f.ruleId);
const withFacts = (change: (f: SectionFacts) => void): SectionFacts => {
  const f = cleanSection();
  change(f);
  return f;
};

describe("SR009 法46 contract within 30 days (WorkingCalendar from chinese-days)", () => {
  const at = (notice: string, signed: string) =>
    withFacts((f) => {
      f.award!.noticeAt = bj(notice);
      f.contract!.signedAt = bj(signed);
    });

  it("day 30 is on time, day 31 is flagged", () => {
    expect(SR009.evaluate(at("2026-06-01T10:00", "2026-07-01T23:59"))).toEqual([]);
    const late = SR009.evaluate(at("2026-06-01T10:00", "2026-07-02T00:00"));
    expect(ids(late)).toEqual(["SR009"]);
    expect(late[0]!.evidence).toMatchObject({ check: "CONTRACT_LATE", latest: "2026-07-01", basis: "招标投标法第四十六条" });
    expect(late[0]!.subjects).toEqual([U.tenderer]);
  });

  it("a 30th day on the 劳动节 holiday moves to the next working day (民法典第二百零三条)", () => {
    // 2026-04-01 + 30 = 05-01, a holiday (05-01…05-05): the period ends on 05-06
    expect(SR009.evaluate(at("2026-04-01T10:00", "2026-05-06T18:00"))).toEqual([]);
    expect(SR009.evaluate(at("2026-04-01T10:00", "2026-05-07T09:00"))[0]!.evidence.latest).toBe("2026-05-06");
  });

  it("uses the time-limits check, not its own count", () => {
    const f = at("2026-04-01T10:00", "2026-05-07T09:00");
    const r = checkContractSigning({ awardNoticeTime: f.award!.noticeAt, contractSignTime: f.contract!.signedAt }, calendar);
    expect(r.ok).toBe(false);
    expect(SR009.evaluate(f)[0]!.message.zh).toBe(!r.ok && r.zh);
  });

  it("a contract not signed yet is flagged only once its period is over (nightly re-run)", () => {
    const pending = (asOf: string) =>
      withFacts((f) => {
        f.award!.noticeAt = bj("2026-06-01T10:00");
        f.contract = undefined;
        f.asOf = bj(asOf);
      });
    expect(SR009.evaluate(pending("2026-07-01T23:00"))).toEqual([]);
    const overdue = SR009.evaluate(pending("2026-07-02T08:00"));
    expect(overdue[0]!.evidence).toMatchObject({ pending: true, latest: "2026-07-01" });
    expect(overdue[0]!.message.zh).toContain("仍未完成");
  });
});

describe("SR010 法47 report within 15 days", () => {
  const filed = (d: string) =>
    withFacts((f) => {
      f.award!.determinedAt = bj("2026-06-01T09:00");
      f.reportFiledAt = bj(d);
    });
  it("day 15 on time, day 16 flagged; only for compulsory projects", () => {
    expect(SR010.evaluate(filed("2026-06-16T17:00"))).toEqual([]);
    expect(ids(SR010.evaluate(filed("2026-06-17T09:00")))).toEqual(["SR010"]);
    const voluntary = filed("2026-06-17T09:00");
    voluntary.project.compulsory = false;
    expect(SR010.evaluate(voluntary)).toEqual([]);
  });
});

describe("SR011 off-platform report within 20 days (platform catalog)", () => {
  const report = (d: string | undefined, asOf = "2026-07-30T00:00") =>
    withFacts((f) => {
      f.offPlatform = { triggerTime: bj("2026-06-01T10:00"), ...(d ? { reportedTime: bj(d) } : {}) };
      f.asOf = bj(asOf);
    });
  it("day 20 falls on 端午 (06-19…06-21): the 22nd is on time, the 23rd is late", () => {
    expect(SR011.evaluate(report("2026-06-22T10:00"))).toEqual([]);
    const late = SR011.evaluate(report("2026-06-23T10:00"));
    expect(late[0]!.evidence).toMatchObject({ deadline: "2026-06-22", daysLate: 1 });
  });
  it("never reported: flagged once the deadline has passed", () => {
    expect(SR011.evaluate(report(undefined, "2026-06-22T20:00"))).toEqual([]);
    expect(SR011.evaluate(report(undefined, "2026-06-25T08:00"))[0]!.evidence).toMatchObject({ pending: true, daysLate: 3 });
  });
  it("follows the catalog's reporting days", () => {
    const f = report("2026-06-12T10:00");
    expect(SR011.evaluate(f)).toEqual([]);
    f.catalog = platformCatalog({ offPlatformReportDays: 10 });
    expect(ids(SR011.evaluate(f))).toEqual(["SR011"]);
  });
});

describe("announcement limits", () => {
  it("SR001 sale 03-02 → 03-07 (5 days) accepted, 03-06 flagged", () => {
    expect(SR001.evaluate(withFacts((f) => (f.notice!.docSaleEnd = bj("2026-03-07T09:00"))))).toEqual([]);
    expect(ids(SR001.evaluate(withFacts((f) => (f.notice!.docSaleEnd = bj("2026-03-06T17:00")))))).toEqual(["SR001"]);
  });

  it("SR002 issue 03-01 → deadline 03-21 (20 days) accepted, 03-20 flagged; the clarified deadline counts", () => {
    const deadline = (d: string) =>
      withFacts((f) => {
        f.notice!.docSaleStart = bj("2026-03-01T09:00");
        f.notice!.bidDeadline = bj(d);
        f.clarifications = [];
      });
    expect(SR002.evaluate(deadline("2026-03-21T09:00"))).toEqual([]);
    expect(SR002.evaluate(deadline("2026-03-20T09:00"))[0]!.evidence).toMatchObject({ earliest: "2026-03-21" });
    const extended = deadline("2026-03-20T09:00");
    extended.clarifications = [{ publishedAt: bj("2026-03-05T09:00"), affectsPreparation: true, deadline: bj("2026-03-23T09:00") }];
    expect(SR002.evaluate(extended)).toEqual([]);
  });

  it("SR003 clarification exactly 15 days before accepted, 14 flagged, a harmless change never", () => {
    const clar = (d: string, affects = true) =>
      withFacts((f) => (f.clarifications = [{ publishedAt: bj(d), affectsPreparation: affects, deadline: bj("2026-03-25T09:30") }]));
    expect(SR003.evaluate(clar("2026-03-10T18:00"))).toEqual([]);
    expect(ids(SR003.evaluate(clar("2026-03-11T08:00")))).toEqual(["SR003"]);
    expect(SR003.evaluate(clar("2026-03-20T08:00", false))).toEqual([]);
  });
});

describe("counts, publicity, bonds, award", () => {
  it("SR005 opening with 3 bids is fine, with 2 is flagged; withdrawn bids do not count", () => {
    expect(SR005.evaluate(withFacts((f) => (f.bids = f.bids.slice(0, 3))))).toEqual([]);
    const f = withFacts((x) => {
      x.bids = x.bids.slice(0, 3);
      x.bids[2]!.status = "withdrawn";
    });
    expect(SR005.evaluate(f)[0]!.evidence).toMatchObject({ check: "TOO_FEW_BIDS", limit: 3 });
  });

  it("SR008 publicity of 3 days accepted, 2 flagged, not for voluntary tenders", () => {
    const end = (d: string) => withFacts((f) => (f.publicity!.end = bj(d)));
    expect(SR008.evaluate(end("2026-03-31T00:00"))).toEqual([]);
    expect(ids(SR008.evaluate(end("2026-03-30T23:59")))).toEqual(["SR008"]);
    const voluntary = end("2026-03-30T23:59");
    voluntary.project.compulsory = false;
    expect(SR008.evaluate(voluntary)).toEqual([]);
  });

  it("SR012 bond not refunded yet: flagged once the 5 days (extended past the weekend) are over", () => {
    const f = withFacts((x) => {
      x.bonds[2]!.refundedAt = undefined;
      x.asOf = bj("2026-04-27T20:00"); // contract 04-20 + 5 = 04-25 (Sat) → 04-27
    });
    expect(SR012.evaluate(f)).toEqual([]);
    f.asOf = bj("2026-04-28T08:00");
    expect(SR012.evaluate(f)[0]!.evidence).toMatchObject({ bidder: U.C, latest: "2026-04-27", pending: true });
  });

  it("SR013 only for state-controlled compulsory projects", () => {
    const f = withFacts((x) => (x.award!.winner = U.B));
    expect(ids(SR013.evaluate(f))).toEqual(["SR013"]);
    f.project.stateOwnedControlling = false;
    expect(SR013.evaluate(f)).toEqual([]);
  });

  it("SR014 compares accounts without spaces or dashes; guarantees are not transfers", () => {
    expect(SR014.evaluate(withFacts((f) => (f.bonds[0]!.payerAccountNo = "6222-0000-0000-0001")))).toEqual([]);
    const g = withFacts((f) => {
      f.bonds[0]!.payerAccountNo = "9999";
      f.bonds[0]!.form = "guarantee";
    });
    expect(SR014.evaluate(g)).toEqual([]);
  });
});
