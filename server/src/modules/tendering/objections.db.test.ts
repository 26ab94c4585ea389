import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
let sectionId: number;
beforeAll(async () => {
  platform = await startTestPlatform();
  const created = await inject(
    {
      method: "POST",
      url: "/api/v1/tender-projects",
      payload: {
        name: "西湖区学校改扩建工程",
        kind: "works",
        departmentCode: "330100-zj",
        approvalLevel: "city",
        approvalDivisionCode: "330100",
        estimateFen: 900_000_000,
        funding: {
          totalInvestmentFen: 900_000_000,
          budgetFundsFen: 900_000_000,
          stateOwnedControlling: true,
          foreignLoanOrAid: false,
          publicInfrastructure: true,
        },
        method: "open",
        sections: [{ name: "施工标", classifyCode: "A080000", estimateFen: 900_000_000, bondFen: 10_000_000 }],
      },
    },
    "tenderer",
  );
  sectionId = created.json().sections[0].id;
  const notice = await inject(
    {
      method: "POST",
      url: `/api/v1/sections/${sectionId}/notice`,
      payload: { docSaleStart: "2026-03-02T02:00:00Z", docSaleEnd: "2026-03-07T09:00:00Z", bidDeadline: "2026-03-22T01:30:00Z" },
    },
    "tenderer",
  );
  expect(notice.statusCode, notice.body).toBe(200);
  expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, "bidder")).statusCode).toBe(201);
});
afterAll(async () => {
  await platform?.close();
});

async function inject(options: InjectOptions, username?: string) {
  return platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username)) : {}) } });
}
const clarify = (payload: Record<string, unknown>) => inject({ method: "POST", url: `/api/v1/sections/${sectionId}/clarifications`, payload }, "tenderer");
const deadline = async () => (await inject({ url: `/api/v1/sections/${sectionId}` })).json().bidDeadline;

describe("clarifications (法23, 条例21)", () => {
  it("leaves the deadline when the clarification comes 15 days before it", async () => {
    platform.clock.set("2026-03-07T02:00:00Z");
    const response = await clarify({ content: "第3.2条工期更正为540日历天", affectsPreparation: true });
    expect(response.json()).toMatchObject({ bidDeadline: "2026-03-22T01:30:00.000Z" });
  });

  it("moves the deadline when it comes 14 days before, and refuses a new deadline that is still too early", async () => {
    platform.clock.set("2026-03-08T02:00:00Z");
    const tooEarly = await clarify({ content: "工程量清单更正", affectsPreparation: true, newDeadline: "2026-03-22T06:00:00Z" });
    expect(tooEarly.json()).toMatchObject({ code: "TIME_LIMIT", rule: "CLARIFICATION_TOO_LATE", earliest: "2026-03-23" });
    const moved = await clarify({ content: "工程量清单更正", affectsPreparation: true });
    expect(moved.json()).toMatchObject({ previousDeadline: "2026-03-22T01:30:00.000Z", bidDeadline: "2026-03-23T01:30:00.000Z" });
    expect(await deadline()).toBe("2026-03-23T01:30:00.000Z");
  });

  it("does not move it for a clarification that cannot affect the bids", async () => {
    platform.clock.set("2026-03-20T02:00:00Z");
    expect((await clarify({ content: "开标地点门牌号更正", affectsPreparation: false })).json().bidDeadline).toBe("2026-03-23T01:30:00.000Z");
  });
});

describe("objections to the documents (条例22)", () => {
  const raise = () =>
    inject({ method: "POST", url: `/api/v1/sections/${sectionId}/objections`, payload: { kind: "document", content: "资格条件设置排斥潜在投标人" } }, "bidder");

  it("are refused 9 days before the deadline and accepted 10 days before", async () => {
    platform.clock.set("2026-03-14T02:00:00Z");
    expect((await raise()).json()).toMatchObject({ code: "TIME_LIMIT", rule: "OBJECTION_TOO_LATE", latest: "2026-03-13" });
    platform.clock.set("2026-03-13T02:00:00Z");
    const accepted = await raise();
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ replyDue: "2026-03-16", paused: true });
  });

  it("move the deadline by the time the tender was paused, when answered", async () => {
    const [objection] = (await inject({ url: `/api/v1/sections/${sectionId}/objections` }, "tenderer")).json().items;
    expect(objection.raisedBySubjectId).toBeUndefined();
    platform.clock.set("2026-03-14T08:00:00Z");
    const reply = await inject(
      { method: "POST", url: `/api/v1/objections/${objection.id}/reply`, payload: { reply: "资格条件符合法律规定，不予采纳" } },
      "tenderer",
    );
    expect(reply.json()).toMatchObject({ late: false, bidDeadline: "2026-03-25T01:30:00.000Z" });
    const asSupervisor = (await inject({ url: `/api/v1/sections/${sectionId}/objections` }, "supervisor")).json().items;
    expect(asSupervisor[0].raisedBySubjectId).toBeGreaterThan(0);
  });

  it("keep the opening from starting while one waits for its answer", async () => {
    platform.clock.set("2026-03-15T02:00:00Z");
    expect((await raise()).statusCode).toBe(201);
    platform.clock.set("2026-03-25T02:00:00Z");
    const opening = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening` }, "centre");
    expect(opening.json()).toMatchObject({ code: "STATE_INVALID" });
    expect(opening.json().detail).toContain("条例第二十二条");
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
