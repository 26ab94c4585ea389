import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarSeed } from "../../../platform/calendar/chinese-days-seed.ts";
import { toCivilDate, WorkingCalendar } from "../../../platform/calendar/working-days.ts";
import {
  checkAnnouncementSchedule,
  checkBidBond,
  checkBidsForOpening,
  checkBondRefund,
  checkCandidateObjectionTimely,
  checkCandidatePublicity,
  checkClarificationNotice,
  checkCommittee,
  checkComplaintAcceptance,
  checkComplaintDecision,
  checkComplaintTimely,
  checkContractSigning,
  checkDocumentSalePeriod,
  checkInvitees,
  checkObjectionReply,
  checkObjectionTimely,
  checkPerformanceBond,
  checkPrequalificationApplicationPeriod,
  checkPrequalifiedApplicants,
  checkTenderPeriod,
  checkWinnerReport,
  complaintAcceptanceDue,
  complaintDeadline,
  complaintDecisionDue,
  deadlineAfterClarification,
  type LimitResult,
  objectionPause,
  objectionReplyDue,
} from "./time-limits.ts";

const seed = calendarSeed(2025, 2026);
const cal = new WorkingCalendar({
  holidays: new Set(seed.filter((r) => r.kind === "holiday").map((r) => r.date)),
  workdays: new Set(seed.filter((r) => r.kind === "workday").map((r) => r.date)),
});
/** An instant written in Beijing local time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const ruleOf = (r: LimitResult) => (r.ok ? "OK" : r.rule);

describe("法24: tender period ≥ 20 days for 依法必须招标", () => {
  const issue = bj("2026-03-01T09:00");

  it("day 19 refused, day 20 accepted", () => {
    const refused = checkTenderPeriod({ issueTime: issue, bidDeadline: bj("2026-03-20T23:59"), compulsory: true }, cal);
    expect(refused).toMatchObject({ ok: false, rule: "TENDER_PERIOD_TOO_SHORT", basis: "招标投标法第二十四条", earliest: "2026-03-21" });
    expect(checkTenderPeriod({ issueTime: issue, bidDeadline: bj("2026-03-21T00:00"), compulsory: true }, cal)).toEqual({ ok: true });
  });

  it("counts calendar days straight through 国庆 2025 (日, not 工作日)", () => {
    const from = bj("2025-09-20T10:00");
    expect(ruleOf(checkTenderPeriod({ issueTime: from, bidDeadline: bj("2025-10-09T09:30"), compulsory: true }, cal))).toBe("TENDER_PERIOD_TOO_SHORT");
    expect(ruleOf(checkTenderPeriod({ issueTime: from, bidDeadline: bj("2025-10-10T09:30"), compulsory: true }, cal))).toBe("OK");
  });

  it("days are Beijing dates, not UTC dates", () => {
    // issued 2026-02-28T16:30Z = 2026-03-01 00:30 Beijing → day 20 is 03-21
    const utcIssue = new Date("2026-02-28T16:30:00Z");
    expect(ruleOf(checkTenderPeriod({ issueTime: utcIssue, bidDeadline: bj("2026-03-20T10:00"), compulsory: true }, cal))).toBe("TENDER_PERIOD_TOO_SHORT");
    expect(ruleOf(checkTenderPeriod({ issueTime: utcIssue, bidDeadline: bj("2026-03-21T10:00"), compulsory: true }, cal))).toBe("OK");
  });

  it("does not apply to a project that need not be tendered", () => {
    expect(checkTenderPeriod({ issueTime: issue, bidDeadline: bj("2026-03-05T09:00"), compulsory: false }, cal)).toEqual({ ok: true });
  });

  it("property: refused ⇔ fewer than 20 days, and `earliest` is always accepted", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 40 }), (offset, span) => {
        const start = cal.addCalendarDays("2025-01-01", offset);
        const end = cal.addCalendarDays(start, span);
        const r = checkTenderPeriod({ issueTime: bj(`${start}T12:00`), bidDeadline: bj(`${end}T09:30`), compulsory: true }, cal);
        expect(r.ok).toBe(span >= 20);
        if (!r.ok) expect(checkTenderPeriod({ issueTime: bj(`${start}T12:00`), bidDeadline: bj(`${r.earliest}T09:30`), compulsory: true }, cal).ok).toBe(true);
      }),
    );
  });
});

describe("条例16/17: document sale and pre-qualification application periods", () => {
  it("sale: 4 days refused, 5 days accepted", () => {
    const r = checkDocumentSalePeriod({ saleStart: bj("2026-03-02T09:00"), saleEnd: bj("2026-03-06T17:00") }, cal);
    expect(r).toMatchObject({ ok: false, rule: "DOCUMENT_SALE_TOO_SHORT", basis: "招标投标法实施条例第十六条", earliest: "2026-03-07" });
    expect(checkDocumentSalePeriod({ saleStart: bj("2026-03-02T09:00"), saleEnd: bj("2026-03-07T17:00") }, cal).ok).toBe(true);
    expect(checkDocumentSalePeriod({ saleStart: bj("2026-03-02T09:00"), saleEnd: bj("2026-03-06T17:00"), document: "prequalification" }, cal)).toMatchObject({
      zh: expect.stringContaining("资格预审文件"),
    });
  });

  it("sale across 春节 2026 counts calendar days", () => {
    expect(checkDocumentSalePeriod({ saleStart: bj("2026-02-13T09:00"), saleEnd: bj("2026-02-17T17:00") }, cal).ok).toBe(false);
    expect(checkDocumentSalePeriod({ saleStart: bj("2026-02-13T09:00"), saleEnd: bj("2026-02-18T17:00") }, cal).ok).toBe(true);
  });

  it("pre-qualification application: ≥ 5 days after the sale ends (依法必须招标)", () => {
    const saleEnd = bj("2026-03-06T17:00");
    expect(checkPrequalificationApplicationPeriod({ saleEnd, applicationDeadline: bj("2026-03-10T17:00"), compulsory: true }, cal)).toMatchObject({
      rule: "PREQUALIFICATION_PERIOD_TOO_SHORT",
      basis: "招标投标法实施条例第十七条",
      earliest: "2026-03-11",
    });
    expect(checkPrequalificationApplicationPeriod({ saleEnd, applicationDeadline: bj("2026-03-11T09:00"), compulsory: true }, cal).ok).toBe(true);
    expect(checkPrequalificationApplicationPeriod({ saleEnd, applicationDeadline: bj("2026-03-07T09:00"), compulsory: false }, cal).ok).toBe(true);
  });

  it("announcement schedule (set 503) reports every violation", () => {
    const bad = checkAnnouncementSchedule(
      { document: "tender", compulsory: true, docGetStart: bj("2026-03-02T09:00"), docGetEnd: bj("2026-03-05T17:00"), deadline: bj("2026-03-21T09:30") },
      cal,
    );
    expect(bad.map((v) => v.rule)).toEqual(["DOCUMENT_SALE_TOO_SHORT", "TENDER_PERIOD_TOO_SHORT"]);
    expect(
      checkAnnouncementSchedule(
        { document: "tender", compulsory: true, docGetStart: bj("2026-03-02T09:00"), docGetEnd: bj("2026-03-07T17:00"), deadline: bj("2026-03-22T09:30") },
        cal,
      ),
    ).toEqual([]);
    expect(
      checkAnnouncementSchedule(
        {
          document: "prequalification",
          compulsory: true,
          docGetStart: bj("2026-03-02T09:00"),
          docGetEnd: bj("2026-03-07T17:00"),
          deadline: bj("2026-03-11T17:00"),
        },
        cal,
      ).map((v) => v.rule),
    ).toEqual(["PREQUALIFICATION_PERIOD_TOO_SHORT"]);
  });
});

describe("法23/条例21: clarifications move the deadline", () => {
  const deadline = bj("2026-03-31T09:30");

  it("15 days before is fine, 14 days is too late", () => {
    expect(checkClarificationNotice({ clarificationTime: bj("2026-03-16T18:00"), deadline }, cal).ok).toBe(true);
    expect(checkClarificationNotice({ clarificationTime: bj("2026-03-17T08:00"), deadline }, cal)).toMatchObject({
      rule: "CLARIFICATION_TOO_LATE",
      basis: "招标投标法第二十三条；招标投标法实施条例第二十一条",
      earliest: "2026-04-01",
    });
  });

  it("deadlineAfterClarification keeps the clock time and moves to clarification day + 15", () => {
    expect(deadlineAfterClarification(deadline, bj("2026-03-16T18:00"))).toBe(deadline);
    expect(deadlineAfterClarification(deadline, bj("2026-03-17T08:00")).toISOString()).toBe(bj("2026-04-01T09:30").toISOString());
    expect(deadlineAfterClarification(deadline, bj("2026-03-30T08:00")).toISOString()).toBe(bj("2026-04-14T09:30").toISOString());
    // across 国庆: clarification 2025-09-26 → earliest 2025-10-11 (a 调休 Saturday; spans are not extended)
    expect(deadlineAfterClarification(bj("2025-10-09T09:30"), bj("2025-09-26T10:00")).toISOString()).toBe(bj("2025-10-11T09:30").toISOString());
    // a change that cannot affect bid preparation needs no notice period
    expect(deadlineAfterClarification(deadline, bj("2026-03-30T08:00"), { affectsPreparation: false })).toBe(deadline);
    expect(checkClarificationNotice({ clarificationTime: bj("2026-03-30T08:00"), deadline, affectsPreparation: false }, cal).ok).toBe(true);
  });

  it("pre-qualification documents: 3 days before the application deadline", () => {
    const appDeadline = bj("2026-03-10T17:00");
    expect(checkClarificationNotice({ clarificationTime: bj("2026-03-07T10:00"), deadline: appDeadline, document: "prequalification" }, cal).ok).toBe(true);
    expect(checkClarificationNotice({ clarificationTime: bj("2026-03-08T10:00"), deadline: appDeadline, document: "prequalification" }, cal)).toMatchObject({
      rule: "PREQUALIFICATION_CLARIFICATION_TOO_LATE",
      earliest: "2026-03-11",
    });
    expect(deadlineAfterClarification(appDeadline, bj("2026-03-08T10:00"), { document: "prequalification" }).toISOString()).toBe(
      bj("2026-03-11T17:00").toISOString(),
    );
  });

  it("property: the moved deadline satisfies the rule, is never earlier, and is the earliest such day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 86_399 }), (offset, span, sec) => {
        const clarDay = cal.addCalendarDays("2025-01-01", offset);
        const clar = new Date(bj(`${clarDay}T00:00`).getTime() + sec * 1000);
        const current = bj(`${cal.addCalendarDays(clarDay, span)}T09:30`);
        const moved = deadlineAfterClarification(current, clar);
        expect(moved.getTime()).toBeGreaterThanOrEqual(current.getTime());
        expect(checkClarificationNotice({ clarificationTime: clar, deadline: moved }, cal).ok).toBe(true);
        if (moved !== current) {
          expect(checkClarificationNotice({ clarificationTime: clar, deadline: new Date(moved.getTime() - 86_400_000) }, cal).ok).toBe(false);
        }
      }),
    );
  });
});

describe("条例22/54: objections", () => {
  it("to the tender documents: 10 days before the deadline", () => {
    const deadline = bj("2026-03-31T09:30");
    expect(checkObjectionTimely({ objectionTime: bj("2026-03-21T23:00"), deadline, document: "tender" }, cal).ok).toBe(true);
    expect(checkObjectionTimely({ objectionTime: bj("2026-03-22T08:00"), deadline, document: "tender" }, cal)).toMatchObject({
      rule: "OBJECTION_TOO_LATE",
      basis: "招标投标法实施条例第二十二条",
      latest: "2026-03-21",
    });
  });

  it("to the pre-qualification documents: 2 days before the application deadline", () => {
    const deadline = bj("2026-03-10T17:00");
    expect(checkObjectionTimely({ objectionTime: bj("2026-03-08T10:00"), deadline, document: "prequalification" }, cal).ok).toBe(true);
    expect(checkObjectionTimely({ objectionTime: bj("2026-03-09T10:00"), deadline, document: "prequalification" }, cal)).toMatchObject({
      rule: "OBJECTION_TOO_LATE",
      latest: "2026-03-08",
    });
  });

  it("reply within 3 days; a period ending in a holiday runs to the next working day", () => {
    expect(objectionReplyDue(bj("2026-03-02T10:00"), cal)).toBe("2026-03-05");
    expect(checkObjectionReply({ receivedTime: bj("2026-03-02T10:00"), replyTime: bj("2026-03-05T23:59") }, cal).ok).toBe(true);
    expect(checkObjectionReply({ receivedTime: bj("2026-03-02T10:00"), replyTime: bj("2026-03-06T00:01") }, cal)).toMatchObject({
      rule: "OBJECTION_REPLY_LATE",
      latest: "2026-03-05",
    });
    // received Sun 2025-09-28 (调休 working day): +3 = 10-01, holiday until 10-08 → 10-09
    expect(objectionReplyDue(bj("2025-09-28T10:00"), cal)).toBe("2025-10-09");
    // received 2026-02-13 (Fri): +3 = 02-16, 春节 02-15..02-23 → 02-24
    expect(objectionReplyDue(bj("2026-02-13T10:00"), cal)).toBe("2026-02-24");
    expect(checkObjectionReply({ receivedTime: bj("2026-02-13T10:00"), replyTime: bj("2026-02-25T09:00"), about: "evaluation" }, cal)).toMatchObject({
      basis: "招标投标法实施条例第五十四条第二款",
    });
  });

  it("the pause moves the deadline by the paused time, rounded up to whole days", () => {
    const deadline = bj("2026-03-31T09:30");
    // 47 h pause → 2 days
    const p = objectionPause({ receivedTime: bj("2026-03-10T10:00"), replyTime: bj("2026-03-12T09:00"), deadline }, cal);
    expect(p).toMatchObject({ replyDue: "2026-03-13", replyLate: false, pausedMs: 47 * 3_600_000, shiftDays: 2 });
    expect(p.movedDeadline.toISOString()).toBe(bj("2026-04-02T09:30").toISOString());
    // exactly 48 h → 2 days; 48 h + 1 ms → 3 days
    expect(objectionPause({ receivedTime: bj("2026-03-10T10:00"), replyTime: bj("2026-03-12T10:00"), deadline }, cal).shiftDays).toBe(2);
    expect(objectionPause({ receivedTime: bj("2026-03-10T10:00"), replyTime: new Date(bj("2026-03-12T10:00").getTime() + 1), deadline }, cal).shiftDays).toBe(
      3,
    );
    // same-instant reply: no shift; late reply flagged
    expect(objectionPause({ receivedTime: bj("2026-03-10T10:00"), replyTime: bj("2026-03-10T10:00"), deadline }, cal).movedDeadline).toEqual(deadline);
    expect(objectionPause({ receivedTime: bj("2026-03-10T10:00"), replyTime: bj("2026-03-14T10:00"), deadline }, cal).replyLate).toBe(true);
    expect(() => objectionPause({ receivedTime: bj("2026-03-10T10:00"), replyTime: bj("2026-03-09T10:00"), deadline }, cal)).toThrow(RangeError);
  });

  it("objections to the evaluation result only during the publicity", () => {
    const window = { publicityStart: bj("2026-03-05T09:00"), publicityEnd: bj("2026-03-08T23:59:59") };
    expect(checkCandidateObjectionTimely({ objectionTime: bj("2026-03-05T09:00"), ...window }).ok).toBe(true);
    expect(checkCandidateObjectionTimely({ objectionTime: bj("2026-03-08T23:59:59"), ...window }).ok).toBe(true);
    expect(checkCandidateObjectionTimely({ objectionTime: bj("2026-03-09T00:00"), ...window })).toMatchObject({
      rule: "OBJECTION_OUTSIDE_PUBLICITY",
      zh: expect.stringContaining("北京时间2026-03-05 09:00至2026-03-08 23:59"),
    });
    expect(checkCandidateObjectionTimely({ objectionTime: bj("2026-03-05T08:59"), ...window }).ok).toBe(false);
  });
});

describe("bonds (exact, in fen)", () => {
  it("条例26: bid bond ≤ 2% of the estimate", () => {
    // 400万元 = 400,000,000 fen → 2% = 8,000,000 fen (8万元)
    expect(checkBidBond({ bondFen: 8_000_000, estimatedPriceFen: 400_000_000 }).ok).toBe(true);
    expect(checkBidBond({ bondFen: 8_000_001, estimatedPriceFen: 400_000_000 })).toMatchObject({
      rule: "BID_BOND_TOO_HIGH",
      basis: "招标投标法实施条例第二十六条",
      limit: 8_000_000,
    });
    // 12,345 fen × 2% = 246.9 fen → at most 246 fen
    expect(checkBidBond({ bondFen: 246, estimatedPriceFen: 12_345 }).ok).toBe(true);
    expect(checkBidBond({ bondFen: 247, estimatedPriceFen: 12_345 }).ok).toBe(false);
    // an optional cap (e.g. 80万元): 5000万 × 2% = 100万 > cap
    expect(checkBidBond({ bondFen: 80_000_001, estimatedPriceFen: 5_000_000_000, capFen: 80_000_000 })).toMatchObject({ limit: 80_000_000 });
    // beyond 2^53 / 100: exact in BigInt
    expect(checkBidBond({ bondFen: 180_143_985_094_819, estimatedPriceFen: 9_007_199_254_740_991 }).ok).toBe(true);
    expect(checkBidBond({ bondFen: 180_143_985_094_820, estimatedPriceFen: 9_007_199_254_740_991 }).ok).toBe(false);
    expect(() => checkBidBond({ bondFen: 1.5, estimatedPriceFen: 100 })).toThrow(RangeError);
  });

  it("条例58: performance bond ≤ 10% of the contract", () => {
    expect(checkPerformanceBond({ bondFen: 100_000, contractPriceFen: 1_000_000 }).ok).toBe(true);
    expect(checkPerformanceBond({ bondFen: 100_001, contractPriceFen: 1_000_000 })).toMatchObject({ rule: "PERFORMANCE_BOND_TOO_HIGH", limit: 100_000 });
  });

  it("property: bond accepted ⇔ bond × 50 ≤ estimate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 500_000_000 }), (bond, estimate) => {
        expect(checkBidBond({ bondFen: bond, estimatedPriceFen: estimate }).ok).toBe(bond * 50 <= estimate);
      }),
    );
  });
});

describe("counts", () => {
  it("法17: ≥ 3 invitees; 法28/条例44: ≥ 3 bids; 条例19: ≥ 3 pre-qualified", () => {
    expect(checkInvitees(2)).toMatchObject({ rule: "TOO_FEW_INVITEES", basis: "招标投标法第十七条", limit: 3 });
    expect(checkInvitees(3).ok).toBe(true);
    expect(checkBidsForOpening(2)).toMatchObject({ rule: "TOO_FEW_BIDS", basis: "招标投标法第二十八条；招标投标法实施条例第四十四条" });
    expect(checkBidsForOpening(3).ok).toBe(true);
    expect(checkBidsForOpening(0).ok).toBe(false);
    expect(checkPrequalifiedApplicants(2)).toMatchObject({ rule: "TOO_FEW_PREQUALIFIED" });
    expect(checkPrequalifiedApplicants(3).ok).toBe(true);
    expect(() => checkInvitees(-1)).toThrow(RangeError);
  });

  it("法37: committee ≥ 5, odd, experts ≥ 2/3", () => {
    expect(ruleOf(checkCommittee({ experts: 4, tendererRepresentatives: 0 }))).toBe("COMMITTEE_TOO_SMALL");
    expect(ruleOf(checkCommittee({ experts: 4, tendererRepresentatives: 2 }))).toBe("COMMITTEE_SIZE_EVEN");
    expect(ruleOf(checkCommittee({ experts: 5, tendererRepresentatives: 0 }))).toBe("OK");
    expect(ruleOf(checkCommittee({ experts: 4, tendererRepresentatives: 1 }))).toBe("OK"); // 4/5 ≥ 2/3
    expect(checkCommittee({ experts: 3, tendererRepresentatives: 2 })).toMatchObject({ rule: "COMMITTEE_TOO_FEW_EXPERTS", limit: 4 }); // 3/5 < 2/3
    expect(ruleOf(checkCommittee({ experts: 5, tendererRepresentatives: 2 }))).toBe("OK"); // 5/7 ≥ 2/3
    expect(checkCommittee({ experts: 4, tendererRepresentatives: 3 })).toMatchObject({ rule: "COMMITTEE_TOO_FEW_EXPERTS", limit: 5 });
    expect(ruleOf(checkCommittee({ experts: 6, tendererRepresentatives: 3 }))).toBe("OK"); // exactly 2/3
  });
});

describe("条例54: candidate publicity", () => {
  it("starts within 3 days of the report and lasts ≥ 3 days", () => {
    const report = bj("2026-03-02T18:00");
    expect(checkCandidatePublicity({ reportReceivedTime: report, publicityStart: bj("2026-03-05T09:00"), publicityEnd: bj("2026-03-08T09:00") }, cal)).toEqual(
      [],
    );
    expect(
      checkCandidatePublicity({ reportReceivedTime: report, publicityStart: bj("2026-03-06T09:00"), publicityEnd: bj("2026-03-09T09:00") }, cal),
    ).toMatchObject([{ rule: "PUBLICITY_START_LATE", basis: "招标投标法实施条例第五十四条", latest: "2026-03-05" }]);
    // 2 days refused, 3 days accepted
    expect(
      checkCandidatePublicity({ reportReceivedTime: report, publicityStart: bj("2026-03-05T09:00"), publicityEnd: bj("2026-03-07T23:59") }, cal),
    ).toMatchObject([{ rule: "PUBLICITY_TOO_SHORT", earliest: "2026-03-08" }]);
  });

  it("the start deadline runs past 国庆 2025", () => {
    // report 2025-09-29 → +3 = 10-02 (holiday) → 10-09
    const report = bj("2025-09-29T18:00");
    expect(checkCandidatePublicity({ reportReceivedTime: report, publicityStart: bj("2025-10-09T09:00"), publicityEnd: bj("2025-10-12T09:00") }, cal)).toEqual(
      [],
    );
    expect(
      checkCandidatePublicity({ reportReceivedTime: report, publicityStart: bj("2025-10-10T09:00"), publicityEnd: bj("2025-10-13T09:00") }, cal),
    ).toMatchObject([{ rule: "PUBLICITY_START_LATE", latest: "2025-10-09" }]);
  });
});

describe("award, contract, report, refunds", () => {
  it("法46: contract within 30 days of the award notice (day 30 ok, day 31 late)", () => {
    const notice = bj("2026-03-02T10:00");
    expect(checkContractSigning({ awardNoticeTime: notice, contractSignTime: bj("2026-04-01T23:59") }, cal).ok).toBe(true);
    expect(checkContractSigning({ awardNoticeTime: notice, contractSignTime: bj("2026-04-02T00:00") }, cal)).toMatchObject({
      rule: "CONTRACT_LATE",
      basis: "招标投标法第四十六条",
      latest: "2026-04-01",
    });
    // notice 2025-09-01 → +30 = 10-01 (国庆) → due 10-09
    expect(checkContractSigning({ awardNoticeTime: bj("2025-09-01T10:00"), contractSignTime: bj("2025-10-09T16:00") }, cal).ok).toBe(true);
    expect(checkContractSigning({ awardNoticeTime: bj("2025-09-01T10:00"), contractSignTime: bj("2025-10-10T09:00") }, cal)).toMatchObject({
      latest: "2025-10-09",
    });
  });

  it("法47: written report within 15 days of determining the winner, across 春节 2026", () => {
    // 2026-02-02 + 15 = 02-17 (春节 02-15..02-23) → due 02-24
    const decided = bj("2026-02-02T10:00");
    expect(checkWinnerReport({ winnerDeterminedTime: decided, reportTime: bj("2026-02-24T17:00") }, cal).ok).toBe(true);
    expect(checkWinnerReport({ winnerDeterminedTime: decided, reportTime: bj("2026-02-25T09:00") }, cal)).toMatchObject({
      rule: "REPORT_LATE",
      basis: "招标投标法第四十七条",
      latest: "2026-02-24",
    });
    // ordinary case: 2026-03-04 + 15 = 03-19 (Thu)
    expect(checkWinnerReport({ winnerDeterminedTime: bj("2026-03-04T10:00"), reportTime: bj("2026-03-19T10:00") }, cal).ok).toBe(true);
    expect(checkWinnerReport({ winnerDeterminedTime: bj("2026-03-04T10:00"), reportTime: bj("2026-03-20T10:00") }, cal).ok).toBe(false);
  });

  it("条例35/57: bond refunds within 5 days", () => {
    // contract 2026-03-02 → 03-07 is a Saturday → due Monday 03-09
    expect(checkBondRefund({ trigger: "contract", triggerTime: bj("2026-03-02T10:00"), refundTime: bj("2026-03-09T10:00") }, cal).ok).toBe(true);
    expect(checkBondRefund({ trigger: "contract", triggerTime: bj("2026-03-02T10:00"), refundTime: bj("2026-03-10T10:00") }, cal)).toMatchObject({
      rule: "BOND_REFUND_LATE",
      basis: "招标投标法实施条例第五十七条",
      latest: "2026-03-09",
    });
    // withdrawal 2026-03-04 → 03-09 (Mon)
    expect(checkBondRefund({ trigger: "withdrawal", triggerTime: bj("2026-03-04T10:00"), refundTime: bj("2026-03-09T10:00") }, cal).ok).toBe(true);
    expect(checkBondRefund({ trigger: "withdrawal", triggerTime: bj("2026-03-04T10:00"), refundTime: bj("2026-03-10T10:00") }, cal)).toMatchObject({
      basis: "招标投标法实施条例第三十五条",
    });
    // contract 2026-02-10 → 02-15 (春节) → 02-24
    expect(checkBondRefund({ trigger: "contract", triggerTime: bj("2026-02-10T10:00"), refundTime: bj("2026-02-24T10:00") }, cal).ok).toBe(true);
  });
});

describe("条例60/61: complaints", () => {
  it("within 10 days of knowing; objection-reply days do not count", () => {
    const known = bj("2026-03-02T10:00");
    expect(complaintDeadline({ knownTime: known }, cal)).toBe("2026-03-12");
    expect(checkComplaintTimely({ knownTime: known, complaintTime: bj("2026-03-12T23:00") }, cal).ok).toBe(true);
    expect(checkComplaintTimely({ knownTime: known, complaintTime: bj("2026-03-13T08:00") }, cal)).toMatchObject({
      rule: "COMPLAINT_TOO_LATE",
      basis: "招标投标法实施条例第六十条",
      latest: "2026-03-12",
    });
    // objection 03-04, reply 03-06: 2 days excluded → 03-14 (Sat) → Monday 03-16
    const objection = { submittedTime: bj("2026-03-04T10:00"), repliedTime: bj("2026-03-06T15:00") };
    expect(complaintDeadline({ knownTime: known, objection }, cal)).toBe("2026-03-16");
    expect(checkComplaintTimely({ knownTime: known, complaintTime: bj("2026-03-16T10:00"), objection }, cal).ok).toBe(true);
    expect(checkComplaintTimely({ knownTime: known, complaintTime: bj("2026-03-17T10:00"), objection }, cal).ok).toBe(false);
  });

  it("acceptance decision in 3 working days — across 国庆 2025 and 春节 2026", () => {
    // received Tue 2025-09-30: working days 10-09 (1), 10-10 (2), Sat 10-11 调休 (3)
    expect(complaintAcceptanceDue(bj("2025-09-30T10:00"), cal)).toBe("2025-10-11");
    expect(checkComplaintAcceptance({ receivedTime: bj("2025-09-30T10:00"), acceptanceDecisionTime: bj("2025-10-11T16:00") }, cal).ok).toBe(true);
    expect(checkComplaintAcceptance({ receivedTime: bj("2025-09-30T10:00"), acceptanceDecisionTime: bj("2025-10-13T09:00") }, cal)).toMatchObject({
      rule: "COMPLAINT_ACCEPTANCE_LATE",
      basis: "招标投标法实施条例第六十一条",
      latest: "2025-10-11",
    });
    // received Fri 2026-02-13: Sat 02-14 调休 (1), 02-24 (2), 02-25 (3)
    expect(complaintAcceptanceDue(bj("2026-02-13T10:00"), cal)).toBe("2026-02-25");
  });

  it("decision in 30 working days, testing time excluded", () => {
    // accepted 2026-02-13: 02-14(1), 02-24..27(2–5), Sat 02-28(6), 03-02..06(7–11), 03-09..13(12–16),
    // 03-16..20(17–21), 03-23..27(22–26), 03-30, 03-31, 04-01, 04-02 (27–30)
    expect(complaintDecisionDue(bj("2026-02-13T10:00"), cal)).toBe("2026-04-02");
    // +2 excluded working days: 04-03 (31), 清明 04-04..06, 04-07 (32)
    expect(complaintDecisionDue(bj("2026-02-13T10:00"), cal, 2)).toBe("2026-04-07");
    expect(checkComplaintDecision({ acceptedTime: bj("2026-02-13T10:00"), decisionTime: bj("2026-04-03T10:00") }, cal)).toMatchObject({
      rule: "COMPLAINT_DECISION_LATE",
      latest: "2026-04-02",
    });
    expect(checkComplaintDecision({ acceptedTime: bj("2026-02-13T10:00"), decisionTime: bj("2026-04-07T10:00"), excludedWorkdays: 2 }, cal).ok).toBe(true);
  });

  it("working-day rule agrees with the calendar: due day is a working day with exactly n working days after the start", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 650 }), (offset) => {
        const start = cal.addCalendarDays("2025-01-01", offset);
        const due = complaintAcceptanceDue(bj(`${start}T12:00`), cal);
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(cal.workingDaysBetween(start, due)).toBe(3);
        expect(cal.workingDaysBetween(start, cal.addCalendarDays(due, -1))).toBe(2);
        expect(toCivilDate(bj(`${start}T12:00`))).toBe(start);
      }),
    );
  });
});
