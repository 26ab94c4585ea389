import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSm2 } from "../../platform/crypto/sm2.ts";
import { drawCommitteeFor, FIXTURE_PASSWORD, type Participant, tenderToOpened } from "../../test-support/tender-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = async (options: InjectOptions, username?: string, password?: string) =>
  platform.app.http.inject({
    ...options,
    headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username, password)) : {}) },
  });
const asBidder = (b: Participant | undefined, options: InjectOptions) => inject(options, b?.username, FIXTURE_PASSWORD);

describe("complaints (条例60–62): objection first, statutory windows, suspension, reversal, publication", () => {
  let sectionId: number;
  let bidders: Participant[];
  const objectionOf: Record<number, number> = {};
  let complaintA: number;
  let complaintC: number;

  it("runs a tender to the candidate publicity", async () => {
    const tender = await tenderToOpened(platform, { prices: [4_500_000_000, 4_600_000_000, 4_700_000_000], tag: "Q" });
    sectionId = tender.sectionId;
    bidders = tender.bidders;
    platform.clock.set("2026-05-25T03:00:00Z");
    const committee = await drawCommitteeFor(platform, sectionId, { count: 5, size: 5, tag: "Q" });
    for (const member of committee) {
      const h = bearer(await platform.login(member.username, FIXTURE_PASSWORD));
      const workspace = (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/evaluation`, headers: h })).json();
      const reviews = workspace.bids.map((b: { bidId: number }) => ({ bidId: b.bidId, qualified: true }));
      const submitted = await platform.app.http.inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/evaluation/reviews`,
        headers: h,
        payload: { reviews },
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
    }
    const chair = bearer(await platform.login(committee[0]?.username as string, FIXTURE_PASSWORD));
    const report = await platform.app.http.inject({ method: "POST", url: `/api/v1/sections/${sectionId}/evaluation/report`, headers: chair });
    expect(report.statusCode, report.body).toBe(201);
    for (const member of committee) {
      const signed = await platform.app.http.inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/evaluation/report/signatures`,
        headers: bearer(await platform.login(member.username, FIXTURE_PASSWORD)),
        payload: { signature: signSm2(report.json().digest, member.keys.privateKey) },
      });
      expect(signed.statusCode, signed.body).toBe(200);
    }
    const publicity = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/candidate-publicity`,
        payload: { publicityStart: "2026-05-26T00:00:00Z", publicityEnd: "2026-05-29T10:00:00Z" },
      },
      "tenderer",
    );
    expect(publicity.statusCode, publicity.body).toBe(201);
  });

  it("requires the objection first and its reply (or an overdue reply)", async () => {
    platform.clock.set("2026-05-27T02:00:00Z");
    for (const [i, b] of bidders.entries()) {
      const raised = await asBidder(b, {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/objections`,
        payload: { kind: "candidates", content: `对第一中标候选人业绩的异议 ${i}` },
      });
      expect(raised.statusCode, raised.body).toBe(201);
      objectionOf[i] = raised.json().objectionId;
    }
    platform.clock.set("2026-05-28T02:00:00Z");
    const file = (b: Participant | undefined, payload: Record<string, unknown>) =>
      asBidder(b, {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/complaints`,
        payload: { content: "第一中标候选人业绩造假", basis: "条例第六十条", ...payload },
      });
    const noObjection = await file(bidders[2], { matter: "candidates" });
    expect(noObjection.json()).toMatchObject({ code: "VALIDATION_FAILED", basis: "招标投标法实施条例第六十条" });
    const unanswered = await file(bidders[2], { matter: "candidates", objectionId: objectionOf[2] });
    expect(unanswered.json().code).toBe("STATE_INVALID");
    const notMine = await file(bidders[2], { matter: "candidates", objectionId: objectionOf[0] });
    expect(notMine.statusCode).toBe(404);

    platform.clock.set("2026-05-29T02:00:00Z");
    for (const i of [0, 1, 2]) {
      const replied = await inject({ method: "POST", url: `/api/v1/objections/${objectionOf[i]}/reply`, payload: { reply: "经核查，业绩真实" } }, "tenderer");
      expect(replied.statusCode, replied.body).toBe(200);
    }
  });

  it("accepts a complaint on day 10 after the reply and refuses one on day 11", async () => {
    const file = (i: number) =>
      asBidder(bidders[i], {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/complaints`,
        payload: { matter: "candidates", objectionId: objectionOf[i], content: `第一中标候选人业绩造假 ${i}`, basis: "异议答复未予纠正" },
      });
    platform.clock.set("2026-06-08T02:00:00Z"); // reply 05-29 + 10 days = 06-08 (Monday)
    const a = await file(0);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ status: "submitted", deadline: "2026-06-08", acceptanceDue: "2026-06-11", suspendsSection: false });
    complaintA = a.json().id;
    const c = await file(2);
    expect(c.statusCode, c.body).toBe(201);
    complaintC = c.json().id;
    expect((await file(2)).json().code).toBe("CONFLICT");

    platform.clock.set("2026-06-09T02:00:00Z");
    const late = await file(1);
    expect(late.json()).toMatchObject({ code: "TIME_LIMIT", rule: "COMPLAINT_TOO_LATE", basis: "招标投标法实施条例第六十条", latest: "2026-06-08" });
  });

  it("is decided only by the project's supervising department (not the centre: 管办分离)", async () => {
    platform.clock.set("2026-06-11T02:00:00Z");
    const byCentre = await inject({ method: "POST", url: `/api/v1/complaints/${complaintA}/acceptance`, payload: { accept: true } }, "centre");
    expect(byCentre.statusCode).toBe(403);
    expect(byCentre.json().code).toBe("FORBIDDEN_ROLE");
    const otherDepartment = await inject({ method: "POST", url: `/api/v1/complaints/${complaintA}/acceptance`, payload: { accept: true } }, "supervisor-fgw");
    expect(otherDepartment.statusCode).toBe(403);
    expect(otherDepartment.json().code).toBe("FORBIDDEN_SCOPE");
    expect((await inject({ url: "/api/v1/supervision/complaints" }, "supervisor-fgw")).json()).toEqual([]);
  });

  it("flags an acceptance on working day 4, not on day 3; while accepted and undecided the award is refused", async () => {
    const accepted = await inject({ method: "POST", url: `/api/v1/complaints/${complaintA}/acceptance`, payload: { accept: true } }, "supervisor");
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: "accepted", acceptanceLate: false, suspendsSection: true, flags: [] });
    expect(accepted.json().decisionDue).toMatch(/^2026-07-/);

    const award = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/award`, payload: { winnerUscc: bidders[0]?.uscc } }, "tenderer");
    expect(award.statusCode).toBe(409);
    expect(award.json()).toMatchObject({ code: "STATE_INVALID", complaintId: complaintA });
    expect(award.body).toContain("暂停");

    platform.clock.set("2026-06-12T02:00:00Z");
    const lateAcceptance = await inject({ method: "POST", url: `/api/v1/complaints/${complaintC}/acceptance`, payload: { accept: true } }, "supervisor");
    expect(lateAcceptance.statusCode, lateAcceptance.body).toBe(200);
    expect(lateAcceptance.json()).toMatchObject({ acceptanceLate: true, flags: [{ rule: "COMPLAINT_ACCEPTANCE_LATE", latest: "2026-06-11" }] });
    expect((await inject({ method: "POST", url: `/api/v1/complaints/${complaintC}/acceptance`, payload: { accept: true } }, "supervisor")).json().code).toBe(
      "CONFLICT",
    );
    expect((await inject({ url: `/api/v1/complaints?sectionId=${sectionId}` })).json()).toEqual([]);
  });

  it("dismisses one complaint (malicious: credit against the complainant) and upholds the other, cancelling the candidates", async () => {
    platform.clock.set("2026-06-15T02:00:00Z");
    const wrongTarget = await inject(
      {
        method: "POST",
        url: `/api/v1/complaints/${complaintC}/decision`,
        payload: {
          decision: "dismissed",
          text: "投诉事项缺乏事实依据",
          credit: { subjectUscc: bidders[0]?.uscc, kind: "violation", reason: "x", documentNo: "x", restrictedActions: [] },
        },
      },
      "supervisor",
    );
    expect(wrongTarget.json().code).toBe("VALIDATION_FAILED");
    const otherDepartment = await inject(
      { method: "POST", url: `/api/v1/complaints/${complaintC}/decision`, payload: { decision: "dismissed", text: "x" } },
      "supervisor-fgw",
    );
    expect(otherDepartment.json().code).toBe("FORBIDDEN_SCOPE");
    const dismissed = await inject(
      {
        method: "POST",
        url: `/api/v1/complaints/${complaintC}/decision`,
        payload: {
          decision: "dismissed",
          text: "投诉事项缺乏事实依据，属捏造事实的恶意投诉",
          credit: {
            subjectUscc: bidders[2]?.uscc,
            kind: "violation",
            reason: "捏造事实、伪造材料进行恶意投诉（条例第七十七条）",
            documentNo: "杭建监〔2026〕12号",
            restrictedActions: ["bid"],
            endsAt: "2027-06-15T00:00:00Z",
          },
        },
      },
      "supervisor",
    );
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json()).toMatchObject({ status: "decided", decision: "dismissed", decisionLate: false, published: true });
    expect(dismissed.json().creditRecordId).toEqual(expect.any(Number));
    // Still suspended by the other complaint.
    const award = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/award`, payload: { winnerUscc: bidders[0]?.uscc } }, "tenderer");
    expect(award.json()).toMatchObject({ code: "STATE_INVALID", complaintId: complaintA });

    const upheld = await inject(
      {
        method: "POST",
        url: `/api/v1/complaints/${complaintA}/decision`,
        payload: { decision: "upheld", text: "第一中标候选人业绩不实，责令招标人重新确定中标候选人", reversal: "cancel_award" },
      },
      "supervisor",
    );
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json()).toMatchObject({ decision: "upheld", reversal: "cancel_award", suspendsSection: false });
    expect((await inject({ url: `/api/v1/sections/${sectionId}/result` })).statusCode).toBe(404);
    const again = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/award`, payload: { winnerUscc: bidders[0]?.uscc } }, "tenderer");
    expect(again.json().code).toBe("STATE_INVALID");
    expect((await inject({ url: `/api/v1/sections/${sectionId}` })).json().status).toBe("evaluated");
  });

  it("publishes the decisions as set 404 records without the complainant's phone or e-mail", async () => {
    const published = await inject({ url: `/api/v1/complaints?sectionId=${sectionId}` });
    expect(published.statusCode).toBe(200);
    const records = published.json() as Record<string, unknown>[];
    expect(records).toHaveLength(2);
    for (const r of records) {
      for (const field of [
        "TENDER_PROJECT_NAME",
        "TENDER_PROJECT_CODE",
        "BID_SECTION_CODE",
        "BID_SECTION_NAME",
        "UNIFIED_DEAL_CODE",
        "COMPLAINT_NAME",
        "COMPLAINTED_BODY_NAME",
        "COMPLAINTED_BODY_CODE",
        "DISSENT_REASON",
        "COMPLAINT_CONTENT",
        "COMPLAINT_DATE",
        "ACCEPT_DATE",
        "HANDLE_RESULT",
        "HANDLE_BASIS",
        "HANDLE_DATE",
        "DEALING_UNIT",
        "ENTER_CREDIT_PLAT",
      ]) {
        expect(r[field], field).not.toBeNull();
        expect(r[field], field).toBeDefined();
      }
      expect(r).not.toHaveProperty("COMPLAINT_PHONE");
      expect(r).not.toHaveProperty("COMPLAINT_MAIL");
    }
    const [a, c] = records;
    expect(a).toMatchObject({ id: complaintA, ENTER_CREDIT_PLAT: false, CONFINED_ACTION: [], HANDLE_BASIS: "招标投标法实施条例第六十一条" });
    expect(String(a?.HANDLE_RESULT)).toContain("投诉成立");
    expect(c).toMatchObject({ id: complaintC, ENTER_CREDIT_PLAT: true, CONFINED_ACTION: ["bid"], END_DATE: "2027-06-15T00:00:00.000Z" });

    const inspector = await inject({ url: `/api/v1/supervision/complaints?sectionId=${sectionId}` }, "inspector");
    expect(inspector.json()).toHaveLength(2);
    const own = await asBidder(bidders[0], { url: "/api/v1/supervision/complaints" });
    expect(own.json().map((x: { id: number }) => x.id)).toEqual([complaintA]);
    expect(await platform.auditProblems()).toEqual([]);
  });
});
