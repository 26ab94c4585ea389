import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ demo: false });
});
afterAll(async () => {
  await platform?.close();
});

describe("HTTP contract", () => {
  it("answers GET /health with status ok", async () => {
    const response = await platform.app.http.inject({ url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: "ok", database: platform.database.kind });
  });

  it("describes every API route in OpenAPI 3.1 with a unique operationId", async () => {
    const document = (await platform.app.http.inject({ url: "/openapi.json" })).json();
    expect(document.openapi).toBe("3.1.0");
    const operations: string[] = [];
    for (const route of platform.app.routes.filter((r) => r.url.startsWith("/api/") || r.url === "/health")) {
      const path = route.url.replace(/:(\w+)/g, "{$1}");
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(operation.operationId, `${route.method} ${route.url}`).toBe(route.operationId);
      operations.push(operation.operationId);
    }
    expect(new Set(operations).size).toBe(operations.length);
  });

  it("renders the documentation at /docs", async () => {
    const response = await platform.app.http.inject({ url: "/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.body).toContain("swagger");
  });
});
