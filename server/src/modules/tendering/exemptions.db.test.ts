import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

async function inject(options: InjectOptions, username?: string) {
  return platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username)) : {}) } });
}
const FUNDING = {
  totalInvestmentFen: 500_000_000,
  budgetFundsFen: 500_000_000,
  stateOwnedControlling: true,
  foreignLoanOrAid: false,
  publicInfrastructure: true,
};
const request = (estimateFen: number) =>
  inject(
    {
      method: "POST",
      url: "/api/v1/exemption-requests",
      payload: {
        projectName: "防汛抢险堤防加固",
        kind: "works",
        estimateFen,
        funding: FUNDING,
        departmentCode: "330100-sl",
        approvalLevel: "city",
        approvalDivisionCode: "330100",
        reason: "EMERGENCY_RELIEF",
        explanation: "台风过境，堤防出现险情",
      },
    },
    "tenderer",
  );

describe("应进必进: exemptions (一事一审一批) and off-platform reports", () => {
  it("needs no exemption below the threshold (399.99万 works), and asks for one at 400万", async () => {
    expect((await request(3_999_999_99)).json().code).toBe("CONFLICT");
    expect((await request(4_000_000_00)).statusCode).toBe(201);
  });

  it("is decided by the project's supervisory department only, never by the trading centre", async () => {
    const [pending] = (await inject({ url: "/api/v1/exemption-requests" }, "tenderer")).json().items;
    expect(
      (await inject({ method: "POST", url: `/api/v1/exemption-requests/${pending.id}/decision`, payload: { decision: "approved", note: "x" } }, "centre"))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await inject({ method: "POST", url: `/api/v1/exemption-requests/${pending.id}/decision`, payload: { decision: "approved", note: "x" } }, "supervisor")
      ).json().code,
    ).toBe("FORBIDDEN_SCOPE");
  });

  it("reports an approved off-platform deal within 20 days (a Sunday deadline moves to Monday), and flags the day after", async () => {
    const admin = await platform.login("admin");
    await platform.app.http.inject({
      method: "POST",
      url: "/api/v1/accounts",
      headers: bearer(admin),
      payload: {
        username: "water",
        password: "Strong#Pass2026",
        displayName: "市水利局 孙",
        role: "supervisor",
        departmentCode: "330100-sl",
        platformCode: "330100",
        idCard: "330106199102020020",
      },
    });
    const water = await platform.login("water", "Strong#Pass2026");
    const items = (await platform.app.http.inject({ url: "/api/v1/exemption-requests", headers: bearer(water) })).json().items;
    expect(items).toHaveLength(1);
    const approved = await platform.app.http.inject({
      method: "POST",
      url: `/api/v1/exemption-requests/${items[0].id}/decision`,
      headers: bearer(water),
      payload: { decision: "approved", note: "符合抢险救灾情形" },
    });
    expect(approved.json()).toMatchObject({ status: "approved" });
    const second = await request(5_000_000_00);
    await platform.app.http.inject({
      method: "POST",
      url: `/api/v1/exemption-requests/${second.json().id}/decision`,
      headers: bearer(water),
      payload: { decision: "approved", note: "同上" },
    });

    // Contract 2026-03-02 + 20 days = Sunday 03-22, so the period ends on Monday 03-23 (民法典第二百零三条).
    platform.clock.set("2026-03-23T10:00:00Z");
    const report = (id: number) =>
      inject(
        {
          method: "POST",
          url: `/api/v1/exemption-requests/${id}/off-platform-report`,
          payload: { contractSignedAt: "2026-03-02T02:00:00Z", amountFen: 4_000_000_00, counterpartyUscc: "91330106MA2H03004D" },
        },
        "tenderer",
      );
    expect((await report(items[0].id)).json()).toMatchObject({ reportDue: "2026-03-23", late: false });
    platform.clock.set("2026-03-24T01:00:00Z");
    expect((await report(second.json().id)).json()).toMatchObject({ reportDue: "2026-03-23", late: true, daysLate: 1 });
  });
});

describe("邀请招标 (invited tender)", () => {
  async function invitedSection() {
    const created = await inject(
      {
        method: "POST",
        url: "/api/v1/tender-projects",
        payload: {
          name: "保密机房改造",
          kind: "works",
          departmentCode: "330100-zj",
          approvalLevel: "city",
          approvalDivisionCode: "330100",
          estimateFen: 800_000_000,
          funding: FUNDING,
          method: "invited",
          sections: [{ name: "改造工程", classifyCode: "A080000", estimateFen: 800_000_000, bondFen: 0 }],
        },
      },
      "tenderer",
    );
    return created.json().sections[0].id as number;
  }
  const notice = (id: number, invitees: string[]) =>
    inject(
      {
        method: "POST",
        url: `/api/v1/sections/${id}/notice`,
        payload: { docSaleStart: "2026-04-01T02:00:00Z", docSaleEnd: "2026-04-08T09:00:00Z", bidDeadline: "2026-04-22T01:30:00Z", invitees },
      },
      "tenderer",
    );

  it("needs at least 3 invitees (法17), and only invitees may register", async () => {
    platform.clock.set("2026-04-01T02:00:00Z");
    const id = await invitedSection();
    const two = await notice(id, ["91330106MA2H03004D", "91330200MA2H04007C"]);
    expect(two.json()).toMatchObject({ code: "RULE_VIOLATION", basis: "招标投标法第十七条" });
    const three = await notice(id, ["91330106MA2H03004D", "91330212MA2H0500X4", "91330100MA2H020016"]);
    expect(three.statusCode, three.body).toBe(200);
    expect((await inject({ method: "POST", url: `/api/v1/sections/${id}/registrations` }, "bidder")).statusCode).toBe(201);
    const outsider = await inject({ method: "POST", url: `/api/v1/sections/${id}/registrations` }, "bidder2");
    expect(outsider.json().code).toBe("FORBIDDEN_SCOPE");
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
