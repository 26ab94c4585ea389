import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import { generateSm2KeyPair } from "../crypto/sm2.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

let counter = 0;
/** Sends a state-changing request and returns the audit entries written for it (by request id). */
async function mutate(options: InjectOptions, expectedStatus: number) {
  const requestId = `coverage-${++counter}`;
  const response = await platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), "x-request-id": requestId } });
  expect(response.statusCode, `${options.method} ${options.url}: ${response.body}`).toBe(expectedStatus);
  const entries = await platform.database.db.selectFrom("audit_entry").selectAll().where("request_id", "=", requestId).orderBy("id").execute();
  return { response, entries };
}

describe("every state change lands in the audit log", () => {
  it("covers each successful write of the spine", async () => {
    const admin = bearer(await platform.login("admin"));
    const centre = bearer(await platform.login("centre"));
    const bidder = bearer(await platform.login("bidder"));
    const me = (await platform.app.http.inject({ url: "/api/v1/auth/me", headers: bidder })).json();

    const writes: [string, InjectOptions, number][] = [
      ["subject.register", { method: "POST", url: "/api/v1/subjects", payload: { uscc: "91350100M000100Y43", name: "覆盖测试" } }, 201],
      ["subject.update", { method: "PATCH", url: `/api/v1/subjects/${me.subjectId}`, headers: bidder, payload: { version: 1, zipCode: "310000" } }, 200],
      [
        "subject.qualification.add",
        {
          method: "POST",
          url: `/api/v1/subjects/${me.subjectId}/qualifications`,
          headers: bidder,
          payload: { kind: "license", name: "安全生产许可证", certificateNo: "(浙)JZ安许证字[2024]000001" },
        },
        201,
      ],
      [
        "subject.staff.add",
        {
          method: "POST",
          url: `/api/v1/subjects/${me.subjectId}/staff`,
          headers: bidder,
          payload: { idCard: "330106199102020020", name: "项目经理", position: "项目负责人" },
        },
        201,
      ],
      [
        "account.create",
        {
          method: "POST",
          url: "/api/v1/accounts",
          headers: admin,
          payload: { username: "new-expert", password: "Strong#Pass2026", displayName: "新专家", role: "expert", platformCode: "330100" },
        },
        201,
      ],
      ["calendar.set", { method: "PUT", url: "/api/v1/calendar/days/2031-10-01", headers: centre, payload: { kind: "holiday", name: "国庆节" } }, 200],
      ["calendar.clear", { method: "DELETE", url: "/api/v1/calendar/days/2031-10-01", headers: centre }, 204],
      [
        "platform.create",
        {
          method: "POST",
          url: "/api/v1/platforms",
          headers: admin,
          payload: { code: "330102", name: "杭州市上城区公共资源交易平台", level: "county", parentCode: "330100" },
        },
        201,
      ],
      [
        "certificate.register",
        { method: "POST", url: "/api/v1/auth/certificates", headers: bidder, payload: { serial: "SM2-COVERAGE", publicKey: generateSm2KeyPair().publicKey } },
        201,
      ],
      ["auth.login.password", { method: "POST", url: "/api/v1/auth/login", payload: { username: "expert", password: "Ggzy#Demo2026" } }, 200],
      ["auth.login_failed", { method: "POST", url: "/api/v1/auth/login", payload: { username: "expert", password: "wrong-password" } }, 401],
    ];
    for (const [action, options, status] of writes) {
      const { entries } = await mutate(options, status);
      expect(
        entries.map((e) => e.action),
        action,
      ).toContain(action);
      for (const e of entries) expect(e.ip).toBeTruthy();
    }

    const created = await platform.database.db.selectFrom("user_account").select("id").where("username", "=", "new-expert").executeTakeFirstOrThrow();
    const more: [string, InjectOptions, number][] = [
      ["account.disable", { method: "POST", url: `/api/v1/accounts/${created.id}/status`, headers: admin, payload: { status: "disabled" } }, 200],
      ["auth.session.revoke", { method: "POST", url: "/api/v1/auth/logout", headers: bearer(await platform.login("expert")) }, 204],
    ];
    for (const [action, options, status] of more) {
      const { entries } = await mutate(options, status);
      expect(
        entries.map((e) => e.action),
        action,
      ).toContain(action);
    }
  });

  it("writes nothing for a refused request", async () => {
    const { entries } = await mutate({ method: "POST", url: "/api/v1/subjects", payload: { uscc: "91350100M000100Y44", name: "坏代码" } }, 400);
    expect(entries).toEqual([]);
    const forbidden = await mutate(
      { method: "PUT", url: "/api/v1/calendar/days/2031-10-02", headers: bearer(await platform.login("bidder")), payload: { kind: "holiday", name: "x" } },
      403,
    );
    expect(forbidden.entries).toEqual([]);
  });

  it("leaves an audit log that verifies: every row change went through the platform", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
