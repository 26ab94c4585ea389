import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../modules/identity/domain/roles.ts";
import { USER_OF_ROLE } from "../../test-support/demo-users.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import { permits } from "./access.ts";

/** Sample values for path parameters, chosen so that a permitted call never touches demo data. */
const PARAMS: Record<string, string> = {
  id: "999999",
  qualificationId: "999999",
  uscc: "91350100M000100Y43",
  day: "2031-01-01",
  treeSize: "1",
};

function concrete(url: string) {
  return url.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? "1");
}

let platform: TestPlatform;

/** Server-sent event streams never end: open one over a socket, read the status, hang up. */
async function openStream(url: string, token: string | undefined) {
  if (!platform.app.http.server.listening) await platform.app.http.listen({ port: 0, host: "127.0.0.1" });
  const { port } = platform.app.http.server.address() as { port: number };
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}${url}`, { headers: token ? bearer(token) : {}, signal: controller.signal });
  const body = response.headers.get("content-type")?.includes("event-stream") ? "" : await response.text();
  controller.abort();
  return { statusCode: response.status, body };
}
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

describe("route × role matrix", () => {
  it("every route declares its access, and the server enforces exactly that declaration", async () => {
    const routes = platform.app.routes.filter((r) => !r.url.startsWith("/docs") && r.url !== "/*" && r.url !== "/openapi.json");
    expect(routes.length).toBeGreaterThan(30);
    const callers: (Role | "anonymous")[] = ["anonymous", ...ROLES];
    const mismatches: string[] = [];
    let calls = 0;
    for (const route of routes) {
      for (const caller of callers) {
        const token = caller === "anonymous" ? undefined : await platform.login(USER_OF_ROLE[caller]);
        const response = route.operationId?.startsWith("watch")
          ? await openStream(concrete(route.url), token)
          : await platform.app.http.inject({
              method: route.method as "GET",
              url: concrete(route.url),
              headers: token ? bearer(token) : {},
              ...(["POST", "PUT", "PATCH"].includes(route.method) ? { payload: {} } : {}),
            });
        calls++;
        const body = response.body ? (JSON.parse(response.body) as { code?: string }) : {};
        const allowed = caller === "anonymous" ? route.access.kind === "public" : permits(route.access, caller);
        const refused = body.code === "FORBIDDEN_ROLE" || body.code === "UNAUTHENTICATED";
        if (response.statusCode >= 500) mismatches.push(`${caller} ${route.method} ${route.url}: ${response.statusCode} ${response.body}`);
        else if (allowed === refused)
          mismatches.push(`${caller} ${route.method} ${route.url}: expected ${allowed ? "allowed" : "refused"}, got ${response.statusCode} ${body.code ?? ""}`);
        if (!allowed) expect(response.statusCode).toBe(caller === "anonymous" ? 401 : 403);
        // Logging out revokes the token; sign in again for the next route.
        if (route.url === "/api/v1/auth/logout" && caller !== "anonymous") platform.forget(USER_OF_ROLE[caller]);
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBe(routes.length * callers.length);
  });

  it("refuses a revoked, forged or malformed token on protected routes", async () => {
    const forged = await platform.app.http.inject({ url: "/api/v1/auth/me", headers: bearer("ggzy_forged") });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe("TOKEN_INVALID");
    const malformed = await platform.app.http.inject({ url: "/api/v1/auth/me", headers: { authorization: "Basic abc" } });
    expect(malformed.statusCode).toBe(401);
  });
});
