import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PASSWORD, testCodes } from "../../test-support/tender-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
/** Applicants: the two demo bidders and three more subjects. */
const applicants = ["bidder", "bidder2", "pq-0", "pq-1", "pq-2"];

beforeAll(async () => {
  platform = await startTestPlatform();
  for (const i of [0, 1, 2]) {
    const { uscc, idCard } = testCodes(i + 1, "Q");
    const username = `pq-${i}`;
    const r = await inject({
      method: "POST",
      url: "/api/v1/subjects",
      payload: {
        uscc,
        name: `资格预审申请人${i}`,
        roles: ["bidder"],
        account: { username, password: FIXTURE_PASSWORD, displayName: username, idCard, role: "bidder" },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
  }
});
afterAll(async () => {
  await platform?.close();
});

async function inject(options: InjectOptions, username?: string) {
  const token = username ? await platform.login(username, username.startsWith("pq-") ? FIXTURE_PASSWORD : undefined) : undefined;
  return platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(token ? bearer(token) : {}) } });
}

async function newSection(name: string) {
  const created = await inject(
    {
      method: "POST",
      url: "/api/v1/tender-projects",
      payload: {
        name,
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
        sections: [{ name: "施工标", classifyCode: "A080000", estimateFen: 900_000_000, bondFen: 0 }],
      },
    },
    "tenderer",
  );
  expect(created.statusCode, created.body).toBe(201);
  return created.json().sections[0].id as number;
}

const publish = (sectionId: number, payload: Record<string, string>) =>
  inject({ method: "POST", url: `/api/v1/sections/${sectionId}/prequalification`, payload }, "tenderer");
const apply = (sectionId: number, username: string) =>
  inject({ method: "POST", url: `/api/v1/sections/${sectionId}/prequalification/applications`, payload: { statement: `${username} 资格申请` } }, username);
const applications = async (sectionId: number, username: string) => inject({ url: `/api/v1/sections/${sectionId}/prequalification/applications` }, username);
const review = (id: number, payload: Record<string, unknown>, username = "tenderer") =>
  inject({ method: "POST", url: `/api/v1/prequalification-applications/${id}/review`, payload }, username);
const notify = (sectionId: number) => inject({ method: "POST", url: `/api/v1/sections/${sectionId}/prequalification/notify` }, "tenderer");
const register = (sectionId: number, username: string) => inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, username);
const mine = async (sectionId: number, username: string) =>
  (await inject({ url: `/api/v1/sections/${sectionId}/prequalification/my-application` }, username)).json();

/** Reviews every application of a section: the applicants in `pass` pass, the others fail with a reason. */
async function reviewAll(sectionId: number, pass: string[]) {
  const items = (await applications(sectionId, "tenderer")).json().items as { id: number; name: string; uscc: string }[];
  for (const [i, username] of applicants.entries()) {
    const me = (await mine(sectionId, username)) as { applied: boolean; applicationId?: number };
    if (!me.applied) continue;
    const item = items.find((a) => a.id === me.applicationId);
    expect(item, username).toBeDefined();
    const passed = pass.includes(username);
    const r = await review(
      item?.id as number,
      passed ? { result: "passed" } : { result: "failed", reasons: [`申请人${i}类似工程业绩不满足资格预审文件第3.2条`] },
    );
    expect(r.statusCode, r.body).toBe(200);
  }
}

describe("资格预审公告 (条例16, 17)", () => {
  let sectionId: number;
  beforeAll(async () => {
    platform.clock.set("2026-03-02T01:00:00Z");
    sectionId = await newSection("资格预审示范工程");
  });

  it("refuses a sale of 4 days and accepts 5 (条例16)", async () => {
    const four = await publish(sectionId, {
      docSaleStart: "2026-03-02T02:00:00Z",
      docSaleEnd: "2026-03-06T09:00:00Z",
      applicationDeadline: "2026-03-20T01:30:00Z",
    });
    expect(four.json()).toMatchObject({ code: "TIME_LIMIT", rule: "DOCUMENT_SALE_TOO_SHORT", basis: "招标投标法实施条例第十六条", earliest: "2026-03-07" });
    // Five days of sale pass the first rule: what refuses this one is the application period.
    const five = await publish(sectionId, {
      docSaleStart: "2026-03-02T02:00:00Z",
      docSaleEnd: "2026-03-07T09:00:00Z",
      applicationDeadline: "2026-03-11T01:30:00Z",
    });
    expect(five.json().rule).not.toBe("DOCUMENT_SALE_TOO_SHORT");
  });

  it("refuses an application deadline 4 days after the sale ends and accepts 5 (条例17)", async () => {
    const four = await publish(sectionId, {
      docSaleStart: "2026-03-02T02:00:00Z",
      docSaleEnd: "2026-03-07T09:00:00Z",
      applicationDeadline: "2026-03-11T01:30:00Z",
    });
    expect(four.statusCode).toBe(400);
    expect(four.json()).toMatchObject({
      code: "TIME_LIMIT",
      rule: "PREQUALIFICATION_PERIOD_TOO_SHORT",
      basis: "招标投标法实施条例第十七条",
      earliest: "2026-03-12",
    });
    const five = await publish(sectionId, {
      docSaleStart: "2026-03-02T02:00:00Z",
      docSaleEnd: "2026-03-07T09:00:00Z",
      applicationDeadline: "2026-03-12T01:30:00Z",
    });
    expect(five.statusCode, five.body).toBe(201);
    expect(five.json()).toMatchObject({ status: "open", applicationDeadline: "2026-03-12T01:30:00.000Z" });
    expect((await inject({ url: `/api/v1/sections/${sectionId}/prequalification` })).json()).toMatchObject({ status: "open" });
    const listed = (await inject({ url: "/api/v1/prequalification-notices" })).json().items;
    expect(listed).toEqual([expect.objectContaining({ sectionId, projectName: "资格预审示范工程", status: "open" })]);
  });

  it("holds the tender notice back until the results are notified", async () => {
    const notice = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/notice`,
        payload: { docSaleStart: "2026-03-02T02:00:00Z", docSaleEnd: "2026-03-07T09:00:00Z", bidDeadline: "2026-03-30T01:30:00Z" },
      },
      "tenderer",
    );
    expect(notice.json()).toMatchObject({ code: "PREQUALIFICATION_PENDING" });
  });

  it("takes applications from the start of the sale, secret from the other applicants and the tenderer", async () => {
    expect((await apply(sectionId, "bidder")).json()).toMatchObject({ code: "NOT_YET_DUE" });
    platform.clock.set("2026-03-03T02:00:00Z");
    for (const username of applicants) {
      const r = await apply(sectionId, username);
      expect(r.statusCode, r.body).toBe(201);
    }
    expect((await apply(sectionId, "bidder")).statusCode).toBe(201); // idempotent
    expect((await applications(sectionId, "bidder")).json()).toMatchObject({ code: "FORBIDDEN_ROLE" });
    expect((await applications(sectionId, "tenderer")).json()).toMatchObject({ code: "FORBIDDEN_SCOPE" });
    expect((await applications(sectionId, "supervisor-fgw")).json()).toMatchObject({ code: "FORBIDDEN_SCOPE" });
    const supervised = (await applications(sectionId, "supervisor")).json().items;
    expect(supervised).toHaveLength(5);
    expect(supervised[0].ip).toBeTruthy();
    expect(await mine(sectionId, "bidder")).toMatchObject({ applied: true, result: null });
    expect((await review(supervised[0].id, { result: "passed" })).json()).toMatchObject({ code: "NOT_YET_DUE" });
  });

  it("closes at the deadline; the tenderer reviews, every failure with its reasons; the supervisor only reads", async () => {
    platform.clock.set("2026-03-12T02:00:00Z");
    expect((await apply(sectionId, "tenderer")).json()).toMatchObject({ code: "FORBIDDEN_ROLE" });
    const { uscc, idCard } = testCodes(9, "Q");
    await inject({
      method: "POST",
      url: "/api/v1/subjects",
      payload: {
        uscc,
        name: "迟到申请人",
        roles: ["bidder"],
        account: { username: "pq-late", password: FIXTURE_PASSWORD, displayName: "pq-late", idCard, role: "bidder" },
      },
    });
    expect((await apply(sectionId, "pq-late")).json()).toMatchObject({ code: "DEADLINE_PASSED" });
    const items = (await applications(sectionId, "tenderer")).json().items;
    expect(items).toHaveLength(5);
    expect(items[0].ip).toBeUndefined();
    expect((await review(items[0].id, { result: "failed", reasons: [" "] })).json()).toMatchObject({ code: "VALIDATION_FAILED" });
    expect((await review(items[0].id, { result: "passed" }, "supervisor")).json()).toMatchObject({ code: "FORBIDDEN_ROLE" });
    expect((await review(items[0].id, { result: "passed" }, "agency")).json()).toMatchObject({ code: "FORBIDDEN_SCOPE" });
    expect((await review(items[0].id, { result: "passed" })).statusCode).toBe(200);
    expect((await notify(sectionId)).json()).toMatchObject({ code: "PREQUALIFICATION_UNREVIEWED", unreviewed: 4 });
    await reviewAll(sectionId, ["bidder", "pq-0", "pq-1"]);
  });

  it("notifies the results: each applicant sees its own, with the reasons of a failure", async () => {
    const result = await notify(sectionId);
    expect(result.json()).toMatchObject({ status: "notified", applications: 5, passed: 3 });
    expect(await mine(sectionId, "bidder")).toMatchObject({ result: "passed", reasons: [] });
    const failed = await mine(sectionId, "bidder2");
    expect(failed).toMatchObject({ result: "failed" });
    expect(failed.reasons[0]).toContain("业绩");
    expect((await review((await mine(sectionId, "pq-2")).applicationId, { result: "passed" })).json()).toMatchObject({ code: "STATE_INVALID" });
  });

  it("then only applicants who passed may register for the tender (条例19)", async () => {
    platform.clock.set("2026-03-13T01:00:00Z");
    const notice = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/notice`,
        payload: { docSaleStart: "2026-03-13T02:00:00Z", docSaleEnd: "2026-03-18T09:00:00Z", bidDeadline: "2026-04-02T01:30:00Z" },
      },
      "tenderer",
    );
    expect(notice.statusCode, notice.body).toBe(200);
    platform.clock.set("2026-03-14T02:00:00Z");
    const refused = await register(sectionId, "bidder2");
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: "NOT_PREQUALIFIED" });
    expect((await register(sectionId, "pq-late")).json()).toMatchObject({ code: "NOT_PREQUALIFIED" });
    const accepted = await register(sectionId, "bidder");
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect((await register(sectionId, "pq-0")).statusCode).toBe(201);
  });
});

describe("fewer than 3 passing (条例19)", () => {
  let sectionId: number;
  it("sends the section back to be tendered again", async () => {
    platform.clock.set("2026-05-04T01:00:00Z");
    sectionId = await newSection("资格预审不足三家工程");
    expect(
      (await publish(sectionId, { docSaleStart: "2026-05-04T02:00:00Z", docSaleEnd: "2026-05-09T09:00:00Z", applicationDeadline: "2026-05-14T01:30:00Z" }))
        .statusCode,
    ).toBe(201);
    platform.clock.set("2026-05-05T02:00:00Z");
    for (const username of ["bidder", "bidder2", "pq-0"]) expect((await apply(sectionId, username)).statusCode).toBe(201);
    platform.clock.set("2026-05-14T02:00:00Z");
    await reviewAll(sectionId, ["bidder", "bidder2"]);
    const result = await notify(sectionId);
    expect(result.json()).toMatchObject({ status: "failed", passed: 2, reason: { rule: "TOO_FEW_PREQUALIFIED", basis: "招标投标法实施条例第十九条" } });
    const section = (await inject({ url: `/api/v1/sections/${sectionId}` })).json();
    expect(section).toMatchObject({ status: "failed", failureReason: "TOO_FEW_PREQUALIFIED" });
    expect((await inject({ url: `/api/v1/sections/${sectionId}/prequalification` })).json()).toMatchObject({ status: "failed" });
    const notice = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/notice`,
        payload: { docSaleStart: "2026-05-15T02:00:00Z", docSaleEnd: "2026-05-20T09:00:00Z", bidDeadline: "2026-06-05T01:30:00Z" },
      },
      "tenderer",
    );
    expect(notice.json()).toMatchObject({ code: "STATE_INVALID" });
    expect((await register(sectionId, "bidder")).json()).toMatchObject({ code: "STATE_INVALID" });
    expect(await mine(sectionId, "pq-0")).toMatchObject({ prequalification: "failed", result: "failed" });
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
