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
        name: "鄞州区道路养护",
        kind: "works",
        departmentCode: "330100-jt",
        approvalLevel: "city",
        approvalDivisionCode: "330100",
        estimateFen: 600_000_000,
        funding: {
          totalInvestmentFen: 600_000_000,
          budgetFundsFen: 600_000_000,
          stateOwnedControlling: true,
          foreignLoanOrAid: false,
          publicInfrastructure: true,
        },
        method: "open",
        sections: [{ name: "养护一标", classifyCode: "A080000", estimateFen: 600_000_000, bondFen: 0 }],
      },
    },
    "tenderer",
  );
  sectionId = created.json().sections[0].id;
  await inject(
    {
      method: "POST",
      url: `/api/v1/sections/${sectionId}/notice`,
      payload: { docSaleStart: "2026-03-02T02:00:00Z", docSaleEnd: "2026-03-09T09:00:00Z", bidDeadline: "2026-03-25T01:30:00Z" },
    },
    "tenderer",
  );
});
afterAll(async () => {
  await platform?.close();
});

async function inject(options: InjectOptions, username?: string) {
  return platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username)) : {}) } });
}
const BIDDER2 = "91330200MA2H04007C";

describe("credit and sanctions (一处失信、处处受限)", () => {
  it("lets only a supervisory department sanction: not the trading centre (管办分离)", async () => {
    const byCentre = await inject(
      { method: "POST", url: "/api/v1/credit/records", payload: { subjectUscc: BIDDER2, kind: "violation", reason: "x", documentNo: "x" } },
      "centre",
    );
    expect(byCentre.statusCode).toBe(403);
    const vague = await inject(
      {
        method: "POST",
        url: "/api/v1/credit/records",
        payload: { subjectUscc: BIDDER2, kind: "blacklist", reason: "串通投标", documentNo: "杭建罚〔2026〕8号" },
      },
      "supervisor",
    );
    expect(vague.json().code).toBe("VALIDATION_FAILED");
  });

  it("bars a blacklisted subject from registering and bidding on every platform for the period, and no longer after", async () => {
    const blacklisted = await inject(
      {
        method: "POST",
        url: "/api/v1/credit/records",
        payload: {
          subjectUscc: BIDDER2,
          kind: "blacklist",
          reason: "串通投标",
          documentNo: "杭建罚〔2026〕8号",
          restrictedActions: ["register", "bid", "auction"],
          endsAt: "2026-03-05T16:00:00Z",
        },
      },
      "supervisor",
    );
    expect(blacklisted.statusCode, blacklisted.body).toBe(201);
    const refused = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, "bidder2");
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: "SUBJECT_RESTRICTED", action: "register" });
    expect(refused.json().detail).toContain("杭建罚〔2026〕8号");
    const credit = (await inject({ url: `/api/v1/subjects/${(await inject({ url: `/api/v1/subjects/by-uscc/${BIDDER2}` })).json().id}/credit` })).json();
    expect(credit).toMatchObject({ rating: "D" });
    expect(credit.records[0]).toMatchObject({ kind: "blacklist", inForce: true });

    platform.clock.set("2026-03-05T16:00:00Z");
    expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, "bidder2")).statusCode).toBe(201);
  });

  it("lifts a restriction when the deciding department revokes it", async () => {
    const record = await inject(
      {
        method: "POST",
        url: "/api/v1/credit/records",
        payload: {
          subjectUscc: "91330106MA2H03004D",
          kind: "violation",
          reason: "提供虚假材料",
          documentNo: "杭建罚〔2026〕9号",
          restrictedActions: ["register"],
          endsAt: "2027-01-01T00:00:00Z",
        },
      },
      "supervisor",
    );
    expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, "bidder")).json().code).toBe("SUBJECT_RESTRICTED");
    const otherDepartment = await inject(
      { method: "POST", url: `/api/v1/credit/records/${record.json().id}/revocation`, payload: { reason: "x" } },
      "supervisor-fgw",
    );
    expect(otherDepartment.json().code).toBe("FORBIDDEN_SCOPE");
    await inject({ method: "POST", url: `/api/v1/credit/records/${record.json().id}/revocation`, payload: { reason: "行政复议撤销" } }, "supervisor");
    expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, "bidder")).statusCode).toBe(201);
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
