import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import { pickLang } from "./problem.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = (options: InjectOptions) => platform.app.http.inject(options);

function expectProblem(response: Awaited<ReturnType<typeof inject>>, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ status, code, type: `urn:ggzy:problem:${code}` });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body;
}

describe("RFC 9457 problem responses", () => {
  it("answers malformed JSON with MALFORMED_JSON", async () => {
    const response = await inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: '{"username": "a", ',
      headers: { "content-type": "application/json" },
    });
    expectProblem(response, 400, "MALFORMED_JSON");
  });

  it("answers wrong types and missing fields with VALIDATION_FAILED, per field", async () => {
    const response = await inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: 42 } });
    const body = expectProblem(response, 400, "VALIDATION_FAILED");
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["password", "username"]);
    expect(body.detail).toContain("username");
  });

  it("answers unknown fields with UNKNOWN_FIELD naming them", async () => {
    const response = await inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "a", password: "b", admin: true } });
    const body = expectProblem(response, 400, "UNKNOWN_FIELD");
    expect(body.errors).toContainEqual({ field: "admin", message: "不允许的字段：admin" });
  });

  it("answers a body over the limit with PAYLOAD_TOO_LARGE before reading it all", async () => {
    const response = await inject({
      method: "POST",
      url: "/api/v1/subjects",
      payload: JSON.stringify({ uscc: "x", name: "x".repeat(2_000_000) }),
      headers: { "content-type": "application/json" },
    });
    expectProblem(response, 413, "PAYLOAD_TOO_LARGE");
  });

  it("answers an unsupported content type with UNSUPPORTED_MEDIA_TYPE", async () => {
    const response = await inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: "username=a",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expectProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("answers an unknown route with ROUTE_NOT_FOUND", async () => {
    expectProblem(await inject({ url: "/api/v1/nothing-here" }), 404, "ROUTE_NOT_FOUND");
  });

  it("speaks zh-CN by default and English on request", async () => {
    const zh = await inject({ url: "/api/v1/auth/me" });
    expect(expectProblem(zh, 401, "UNAUTHENTICATED").title).toBe("请先登录");
    expect(zh.headers["content-language"]).toBe("zh-CN");
    const en = await inject({ url: "/api/v1/auth/me", headers: { "accept-language": "en-GB,en;q=0.8" } });
    expect(expectProblem(en, 401, "UNAUTHENTICATED").title).toBe("Authentication required");
    expect(pickLang("fr-FR, en;q=0.5, zh;q=0.9")).toBe("zh");
    expect(pickLang("fr-FR")).toBe("zh");
  });

  it("never answers 500 to any JSON body sent to the public write endpoints", async () => {
    const token = await platform.login("centre");
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom("/api/v1/subjects", "/api/v1/auth/login", "/api/v1/auth/certificate/login"),
        fc.boolean(),
        async (body, url, signedIn) => {
          const response = await inject({
            method: "POST",
            url,
            payload: JSON.stringify(body),
            headers: { "content-type": "application/json", ...(signedIn ? bearer(token) : {}) },
          });
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode >= 400) expect(response.headers["content-type"]).toMatch(/problem\+json/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("never answers 500 to odd path and query values", async () => {
    for (const url of [
      "/api/v1/subjects/abc",
      "/api/v1/subjects/-1",
      "/api/v1/subjects/99999999999999999999",
      "/api/v1/subjects?limit=1000",
      "/api/v1/subjects/by-uscc/%00",
      "/api/v1/calendar/days?year=abc",
      "/api/v1/calendar/compute?from=2026-02-30&n=3",
      "/api/v1/audit/proofs/inclusion?index=-1&treeSize=2",
      "/api/v1/audit/proofs/consistency?from=5&to=2",
      "/api/v1/platforms/route?approvalLevel=city&divisionCode=12",
    ]) {
      const response = await inject({ url });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, url).toBeLessThan(500);
    }
  });
});
