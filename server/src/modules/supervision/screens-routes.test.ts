import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "../../platform/http/http-server.ts";
import type { Role } from "../identity/domain/roles.ts";
import { collusionRisk } from "./domain/collusion-risk.ts";
import { computeScreens } from "./domain/screens.ts";
import { screensRoutes } from "./screens-routes.ts";

async function appFor(role: Role): Promise<FastifyInstance> {
  const { app } = await createHttpServer({
    bodyLimit: 50_000_000,
    trustProxy: [],
    logLevel: "silent",
    authenticate: async () => ({
      userId: 1,
      username: "s",
      role,
      personId: null,
      subjectId: null,
      subjectUscc: null,
      departmentCode: "330100-zj",
      platformCode: "330100",
      sessionId: 1,
    }),
  });
  await app.register(screensRoutes());
  await app.ready();
  return app;
}

let supervisor: FastifyInstance;
let bidder: FastifyInstance;
beforeAll(async () => {
  supervisor = await appFor("supervisor");
  bidder = await appFor("bidder");
});
afterAll(async () => {
  await supervisor?.close();
  await bidder?.close();
});

const url = "/api/v1/supervision/screens";
const headers = { authorization: "Bearer x" };
const FIVE = [1030000, 980000, 1120000, 1000000, 1045000];

describe("POST /api/v1/supervision/screens", () => {
  it("screens each tender and scores its risk", async () => {
    const response = await supervisor.inject({
      method: "POST",
      url,
      headers,
      payload: {
        tenders: [
          { id: "T-1", estimate: 1_100_000, bids: FIVE.map((amount, i) => ({ bidder: `B${i}`, amount })) },
          { id: 42, bids: [{ bidder: "only", amount: 100 }] },
          { id: "T-3", bids: [900_000, 1_000_000, 1_005_000, 1_010_000, 1_015_000, 1_012_000].map((amount, i) => ({ bidder: `C${i}`, amount })) },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const { items } = response.json();
    expect(items).toHaveLength(3);
    const { n, screens } = computeScreens(FIVE, { id: "T-1", estimate: 1_100_000 });
    expect(items[0]).toEqual({ id: "T-1", n, screens, ...collusionRisk({ n, screens }) });
    expect(items[0].screens.cv).toBeCloseTo(0.05203057784671019, 12);
    expect(items[0].screens.bidToEstimate).toBeCloseTo(980000 / 1_100_000, 12);
    expect(items[0].screens.cv_sub3_mean).toBeCloseTo(0.04841925306688053, 12);
    expect(items[1]).toEqual({ id: "42", n: 1, screens: { identicalPrices: 0, regularSteps: false }, risk: 0.3, flags: ["SINGLE_BID"] });
    expect(items[2].risk).toBeGreaterThan(items[0].risk);
    expect(items[2].flags).toContain("HIGH_RD");
  });

  it("refuses a bidder with 403 FORBIDDEN_ROLE and an anonymous caller with 401", async () => {
    const payload = { tenders: [{ id: "T", bids: [{ bidder: "A", amount: 1 }] }] };
    const forbidden = await bidder.inject({ method: "POST", url, headers, payload });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: "FORBIDDEN_ROLE" });
    const anonymous = await supervisor.inject({ method: "POST", url, payload });
    expect(anonymous.statusCode).toBe(401);
  });

  it("answers a bad body with 400 problem+json", async () => {
    const bad = async (payload: unknown) => {
      const response = await supervisor.inject({ method: "POST", url, headers, payload: payload as object });
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
      return response.json();
    };
    expect(await bad({ tenders: [] })).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await bad({ tenders: [{ id: "T", bids: [{ bidder: "A", amount: 1.5 }] }] })).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await bad({ tenders: [{ id: "T", bids: [{ bidder: "A", amount: -3 }] }] })).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await bad({ tenders: [{ id: "", bids: [{ bidder: "A", amount: 1 }] }] })).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await bad({ tenders: [{ id: "T", bids: [] }] })).toMatchObject({ code: "VALIDATION_FAILED" });
    const unknown = await bad({ tenders: [{ id: "T", bids: [{ bidder: "A", amount: 1, note: "x" }] }] });
    expect(unknown).toMatchObject({ code: "UNKNOWN_FIELD" });
    expect(unknown.errors).toContainEqual(expect.objectContaining({ field: "tenders.0.bids.0.note" }));
  });

  it("is described in the OpenAPI document", async () => {
    const document = supervisor.swagger() as { paths: Record<string, Record<string, { operationId?: string }>> };
    expect(document.paths[url]?.post?.operationId).toBe("screenTenders");
  });
});
