import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
let sectionId: number;
/** The demo bidders' identities, which the tenderer must never learn from the questions. */
const secrets: string[] = [];
let q1: number;
let q2: number;
let q3: number;

beforeAll(async () => {
  platform = await startTestPlatform();
  const created = await inject(
    {
      method: "POST",
      url: "/api/v1/tender-projects",
      payload: {
        name: "拱墅区社区服务中心新建工程",
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
  // Bid deadline 2026-03-22 09:30 Beijing time: questions close on 2026-03-07, 15 days before.
  const notice = await inject(
    {
      method: "POST",
      url: `/api/v1/sections/${sectionId}/notice`,
      payload: { docSaleStart: "2026-03-02T02:00:00Z", docSaleEnd: "2026-03-09T09:00:00Z", bidDeadline: "2026-03-22T01:30:00Z" },
    },
    "tenderer",
  );
  expect(notice.statusCode, notice.body).toBe(200);
  for (const username of ["bidder", "bidder2"]) {
    const who = await platform.database.db
      .selectFrom("user_account as u")
      .innerJoin("subject as s", "s.id", "u.subject_id")
      .select(["s.uscc", "s.name"])
      .where("u.username", "=", username)
      .executeTakeFirstOrThrow();
    secrets.push(username, who.uscc, who.name);
  }
  expect(
    secrets.every((s) => typeof s === "string" && s.length > 0),
    JSON.stringify(secrets),
  ).toBe(true);
});
afterAll(async () => {
  await platform?.close();
});

async function inject(options: InjectOptions, username?: string) {
  return platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username)) : {}) } });
}
const ask = (username: string, content: string) => inject({ method: "POST", url: `/api/v1/sections/${sectionId}/questions`, payload: { content } }, username);
const list = (username: string) => inject({ url: `/api/v1/sections/${sectionId}/questions` }, username);
const answer = (id: number, payload: Record<string, unknown>, username = "tenderer") =>
  inject({ method: "POST", url: `/api/v1/questions/${id}/answer`, payload }, username);

describe("asking (答疑)", () => {
  it("is for bidders that registered for the section", async () => {
    platform.clock.set("2026-03-03T02:00:00Z");
    expect((await ask("bidder2", "工程量清单第5项单位是否有误？")).json()).toMatchObject({ code: "NOT_REGISTERED" });
    for (const b of ["bidder", "bidder2"])
      expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, b)).statusCode).toBe(201);
    const asked = await ask("bidder", "第3.2条工期能否调整为600日历天？");
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ latestDay: "2026-03-07" });
    q1 = asked.json().questionId;
    expect((await list("agency")).json()).toMatchObject({ code: "FORBIDDEN_SCOPE" });
  });

  it("closes at the end of the 15th day before the bid deadline (Beijing time)", async () => {
    platform.clock.set("2026-03-07T15:59:59Z"); // 2026-03-07 23:59:59 in Beijing
    const last = await ask("bidder2", "工程量清单第5项单位是否有误？");
    expect(last.statusCode, last.body).toBe(201);
    q2 = last.json().questionId;
    platform.clock.set("2026-03-07T16:00:00Z"); // 2026-03-08 00:00 in Beijing
    const late = await ask("bidder", "是否允许联合体投标？");
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: "QUESTIONS_CLOSED", latest: "2026-03-07" });
    expect(late.json().detail).toContain("条例第二十二条");
    expect((await list("bidder")).json()).toMatchObject({ open: false, latestDay: "2026-03-07" });
  });
});

describe("who sees whom", () => {
  it("never gives the tenderer, its agency or the centre the asker", async () => {
    for (const who of ["tenderer", "centre"]) {
      const response = await list(who);
      expect(response.statusCode).toBe(200);
      const items = response.json().items;
      expect(items.map((q: { id: number }) => q.id)).toEqual([q1, q2]);
      for (const item of items) expect(Object.keys(item).sort()).toEqual(["answer", "answeredAt", "askedAt", "clarification", "content", "id"]);
      for (const secret of secrets) expect(response.body).not.toContain(secret);
    }
  });

  it("gives the supervising department and the inspector the asker", async () => {
    for (const who of ["supervisor", "inspector"]) {
      const items = (await list(who)).json().items;
      expect(items[0].asker).toEqual({ uscc: secrets[1], name: secrets[2], username: "bidder" });
      expect(items[1].asker).toEqual({ uscc: secrets[4], name: secrets[5], username: "bidder2" });
    }
    expect((await list("supervisor-fgw")).json()).toMatchObject({ code: "FORBIDDEN_SCOPE" });
  });

  it("shows a bidder its own unanswered questions and nobody else's", async () => {
    const mine = (await list("bidder")).json().items;
    expect(mine).toEqual([expect.objectContaining({ id: q1, mine: true, answer: null })]);
    expect(JSON.stringify(mine)).not.toContain("asker");
  });
});

describe("answering", () => {
  it("publishes the answer to every registered bidder, once", async () => {
    platform.clock.set("2026-03-08T02:00:00Z");
    expect((await answer(q1, { answer: "工期以招标文件为准，不作调整" }, "agency")).json()).toMatchObject({ code: "FORBIDDEN_SCOPE" });
    const answered = await answer(q1, { answer: "工期以招标文件为准，不作调整" });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ answeredAt: "2026-03-08T02:00:00.000Z", clarificationId: null });
    expect((await answer(q1, { answer: "再答一次" })).json()).toMatchObject({ code: "CONFLICT" });
    const seen = (await list("bidder2")).json().items;
    expect(seen.map((q: { id: number; mine: boolean }) => [q.id, q.mine])).toEqual([
      [q1, false],
      [q2, true],
    ]);
    expect(seen[0]).toMatchObject({ answer: "工期以招标文件为准，不作调整" });
  });

  it("that changes the documents points at the clarification, which moved the deadline", async () => {
    platform.clock.set("2026-03-10T02:00:00Z");
    const clarification = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/clarifications`,
        payload: { content: "工程量清单第5项单位更正为m³", affectsPreparation: true },
      },
      "tenderer",
    );
    expect(clarification.json()).toMatchObject({ bidDeadline: "2026-03-25T01:30:00.000Z" });
    const foreign = await answer(q2, { answer: "已更正", clarificationId: 999_999 });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ code: "VALIDATION_FAILED" });
    const linked = await answer(q2, { answer: "已更正，见澄清", clarificationId: clarification.json().clarificationId });
    expect(linked.statusCode, linked.body).toBe(200);
    const [, second] = (await list("bidder")).json().items;
    expect(second).toMatchObject({
      id: q2,
      mine: false,
      answer: "已更正，见澄清",
      clarification: { content: "工程量清单第5项单位更正为m³", bidDeadline: "2026-03-25T01:30:00.000Z" },
    });
  });

  it("moves the question cut-off with the deadline", async () => {
    platform.clock.set("2026-03-10T15:59:59Z");
    const asked = await ask("bidder", "澄清后的清单是否另行发布电子版？");
    expect(asked.json()).toMatchObject({ latestDay: "2026-03-10" });
    q3 = asked.json().questionId;
    platform.clock.set("2026-03-10T16:00:00Z");
    expect((await ask("bidder", "还有问题")).json()).toMatchObject({ code: "QUESTIONS_CLOSED", latest: "2026-03-10" });
    expect((await list("bidder2")).json().items.map((q: { id: number }) => q.id)).toEqual([q1, q2]);
    for (const secret of secrets) expect((await list("tenderer")).body).not.toContain(secret);
  });

  it("ends at the bid deadline", async () => {
    platform.clock.set("2026-03-25T01:30:00Z");
    expect((await answer(q3, { answer: "迟到的答复" })).json()).toMatchObject({ code: "DEADLINE_PASSED" });
  });

  it("leaves an audit log that verifies", async () => {
    const entries = await platform.database.db
      .selectFrom("audit_entry")
      .select(["action", "actor_username"])
      .where("object_type", "=", "tender_question")
      .orderBy("id")
      .execute();
    expect(entries.map((e) => e.action)).toEqual([
      "tender.question.ask",
      "tender.question.ask",
      "tender.question.answer",
      "tender.question.answer",
      "tender.question.ask",
    ]);
    expect(await platform.auditProblems()).toEqual([]);
  });
});
