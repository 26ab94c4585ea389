import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PASSWORD, testCodes } from "../../test-support/tender-fixture.ts";
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
const bidder = (i: number) => `p-bidder-${i}`;
const asBidder = (i: number, options: InjectOptions) => inject(options, bidder(i), FIXTURE_PASSWORD);

const projectPayload = (departmentCode: string, kind: string, name: string) => ({
  name,
  kind,
  departmentCode,
  approvalLevel: "city",
  approvalDivisionCode: "330100",
  estimateFen: 5_000_000_000,
  funding: {
    totalInvestmentFen: 5_000_000_000,
    budgetFundsFen: 5_000_000_000,
    stateOwnedControlling: true,
    foreignLoanOrAid: false,
    publicInfrastructure: true,
  },
  method: "open",
  sections: [{ name: "采购包1", classifyCode: "A080000", estimateFen: 5_000_000_000, bondFen: 0 }],
});

/**
 * 政府采购 (政府采购法52–56, 财政部令第94号) on the working calendar of 2026: 中秋 09-25..27, 国庆 10-01..07,
 * 调休 workday Saturday 10-10. 7 working days from Thursday 09-24 end on Monday 10-12 (7 calendar days
 * would end on 10-01, a holiday).
 */
describe("government procurement: 质疑 (7 working days), reply (7), 投诉 to the 财政 department (15), decision (30)", () => {
  let sectionId: number;
  let worksSectionId: number;
  let challengeA: number;
  let challengeB: number;
  let complaintA: number;

  it("sets up a project supervised by the 财政 department, two registered suppliers and its supervisor", async () => {
    platform.clock.set("2026-09-21T02:00:00Z");
    const { idCard } = testCodes(9, "P");
    const account = await inject(
      {
        method: "POST",
        url: "/api/v1/accounts",
        payload: {
          username: "supervisor-cz",
          password: FIXTURE_PASSWORD,
          displayName: "市财政局 采购监管",
          role: "supervisor",
          platformCode: "330100",
          idCard,
          departmentCode: "330100-cz",
        },
      },
      "admin",
    );
    expect(account.statusCode, account.body).toBe(201);
    const project = await inject(
      { method: "POST", url: "/api/v1/tender-projects", payload: projectPayload("330100-cz", "goods", "政府采购项目P") },
      "tenderer",
    );
    expect(project.statusCode, project.body).toBe(201);
    sectionId = project.json().sections[0].id;
    const works = await inject({ method: "POST", url: "/api/v1/tender-projects", payload: projectPayload("330100-zj", "works", "工程项目P") }, "tenderer");
    expect(works.statusCode, works.body).toBe(201);
    worksSectionId = works.json().sections[0].id;
    const notice = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/notice`,
        payload: { docSaleStart: "2026-09-21T02:00:00Z", docSaleEnd: "2026-09-30T09:00:00Z", bidDeadline: "2026-11-30T01:30:00Z" },
      },
      "tenderer",
    );
    expect(notice.statusCode, notice.body).toBe(200);
    for (const i of [1, 2]) {
      const { uscc, idCard: bidderIdCard } = testCodes(i, "P");
      const subject = await inject({
        method: "POST",
        url: "/api/v1/subjects",
        payload: {
          uscc,
          name: `供应商P${i}`,
          roles: ["bidder"],
          account: { username: bidder(i), password: FIXTURE_PASSWORD, displayName: bidder(i), idCard: bidderIdCard, role: "bidder" },
        },
      });
      expect(subject.statusCode, subject.body).toBe(201);
      const registered = await asBidder(i, { method: "POST", url: `/api/v1/sections/${sectionId}/registrations` });
      expect(registered.statusCode, registered.body).toBeLessThan(300);
    }
  });

  it("accepts a 质疑 on the 7th working day after knowing and refuses it on the 8th (across 中秋 and 国庆)", async () => {
    const challenge = (i: number, knownAt: string, sid = sectionId) =>
      asBidder(i, {
        method: "POST",
        url: `/api/v1/sections/${sid}/challenges`,
        payload: { matter: "document", knownAt, content: `采购需求含有倾向性条款 ${i}` },
      });
    platform.clock.set("2026-10-12T15:30:00Z"); // 10-12 23:30 Beijing: the 7th working day
    const a = await challenge(1, "2026-09-24T02:00:00Z");
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ deadline: "2026-10-12", replyDue: "2026-10-21", reply: null });
    challengeA = a.json().id;

    platform.clock.set("2026-10-12T16:00:00Z"); // 10-13 00:00 Beijing: the 8th
    const late = await challenge(2, "2026-09-24T02:00:00Z");
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ code: "TIME_LIMIT", rule: "CHALLENGE_TOO_LATE", basis: "政府采购法第五十二条", latest: "2026-10-12" });

    const b = await challenge(2, "2026-10-09T02:00:00Z");
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({ deadline: "2026-10-19", replyDue: "2026-10-22" });
    challengeB = b.json().id;

    expect((await challenge(1, "2026-10-09T02:00:00Z", worksSectionId)).json().code).toBe("STATE_INVALID");
    const own = await asBidder(1, { url: `/api/v1/sections/${sectionId}/challenges` });
    expect(own.json().items.map((c: { id: number }) => c.id)).toEqual([challengeA]);
    const all = await inject({ url: `/api/v1/sections/${sectionId}/challenges` }, "tenderer");
    expect(all.json().items).toHaveLength(2);
  });

  it("needs the 质疑 and its reply (or an expired reply period) before a 投诉; a late reply is flagged", async () => {
    platform.clock.set("2026-10-14T02:00:00Z");
    const file = (i: number, payload: Record<string, unknown>) =>
      asBidder(i, {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/complaints`,
        payload: { content: "质疑答复不满意", basis: "政府采购法第五十五条", ...payload },
      });
    const withoutChallenge = await file(1, { matter: "document", knownAt: "2026-10-13T02:00:00Z" });
    expect(withoutChallenge.json()).toMatchObject({ code: "VALIDATION_FAILED", basis: "政府采购法第五十五条" });
    expect((await file(1, { matter: "document", challengeId: challengeA })).json().code).toBe("STATE_INVALID");
    expect((await file(2, { matter: "document", challengeId: challengeA })).statusCode).toBe(404);

    const byOtherSupplier = await asBidder(2, { method: "POST", url: `/api/v1/challenges/${challengeA}/reply`, payload: { reply: "x" } });
    expect(byOtherSupplier.statusCode).toBe(403);
    platform.clock.set("2026-10-21T09:00:00Z"); // day 7
    const onTime = await inject({ method: "POST", url: `/api/v1/challenges/${challengeA}/reply`, payload: { reply: "采购需求符合规定" } }, "tenderer");
    expect(onTime.statusCode, onTime.body).toBe(200);
    expect(onTime.json()).toMatchObject({ replyLate: false, flags: [] });

    platform.clock.set("2026-10-23T02:00:00Z"); // B's reply due 10-22 has passed: complain without a reply
    const unanswered = await file(2, { matter: "document", challengeId: challengeB });
    expect(unanswered.statusCode, unanswered.body).toBe(201);
    expect(unanswered.json()).toMatchObject({ regime: "procurement", challengeId: challengeB, deadline: "2026-11-12", acceptanceDue: "2026-10-30" });
    const lateReply = await inject({ method: "POST", url: `/api/v1/challenges/${challengeB}/reply`, payload: { reply: "迟到的答复" } }, "tenderer");
    expect(lateReply.json()).toMatchObject({ replyLate: true, flags: [{ rule: "CHALLENGE_REPLY_LATE", basis: "政府采购法第五十三条", latest: "2026-10-22" }] });
  });

  it("accepts a 投诉 on the 15th working day after the reply period and refuses it on the 16th", async () => {
    const file = () =>
      asBidder(1, {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/complaints`,
        payload: { matter: "document", challengeId: challengeA, content: "采购需求含有倾向性条款", basis: "质疑答复未予纠正" },
      });
    platform.clock.set("2026-11-11T16:00:00Z"); // 11-12 00:00 Beijing: day 16 after the reply due 10-21
    const late = await file();
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ code: "TIME_LIMIT", rule: "COMPLAINT_TOO_LATE", basis: "政府采购法第五十五条", latest: "2026-11-11" });
    platform.clock.set("2026-11-11T15:59:00Z"); // 11-11 23:59 Beijing: day 15
    const a = await file();
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ regime: "procurement", status: "submitted", deadline: "2026-11-11", acceptanceDue: "2026-11-18", suspendsSection: false });
    complaintA = a.json().id;
    expect((await file()).json().code).toBe("CONFLICT");
  });

  it("is handled by the 财政 department: acceptance in 5 working days, decision 30 working days from receipt", async () => {
    platform.clock.set("2026-11-18T02:00:00Z");
    const byWorks = await inject({ method: "POST", url: `/api/v1/complaints/${complaintA}/acceptance`, payload: { accept: true } }, "supervisor");
    expect(byWorks.json().code).toBe("FORBIDDEN_SCOPE");
    const accepted = await inject(
      { method: "POST", url: `/api/v1/complaints/${complaintA}/acceptance`, payload: { accept: true, note: "符合受理条件" } },
      "supervisor-cz",
      FIXTURE_PASSWORD,
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: "accepted", acceptanceLate: false, decisionDue: "2026-12-23", suspendsSection: true, flags: [] });

    platform.clock.set("2026-12-23T08:00:00Z");
    const decided = await inject(
      { method: "POST", url: `/api/v1/complaints/${complaintA}/decision`, payload: { decision: "dismissed", text: "采购需求未含倾向性条款，投诉不成立" } },
      "supervisor-cz",
      FIXTURE_PASSWORD,
    );
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: "decided", decisionLate: false, flags: [] });
    const published = (await inject({ url: `/api/v1/complaints?sectionId=${sectionId}` })).json();
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ id: complaintA, HANDLE_BASIS: "政府采购法第五十六条" });
    expect(await platform.auditProblems()).toEqual([]);
  });
});
