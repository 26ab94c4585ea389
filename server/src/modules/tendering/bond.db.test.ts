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

const PASSWORD = "Strong#Pass2026";
const inject = async (options: InjectOptions, username?: string, password?: string) =>
  platform.app.http.inject({
    ...options,
    headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username, password)) : {}) },
  });

const BOND = 80_000_000;
const BIDDER = { username: "bidder", uscc: "91330106MA2H03004D", account: "19000101040000303" };
const BIDDER2 = { username: "bidder2", uscc: "91330200MA2H04007C", account: "51010122000000404" };
/** Two companies that share one basic account (条例40: a collusion sign). */
const SHARED_ACCOUNT = "6222-0200-0000-7777";
const TWINS = [
  { uscc: "91330100MA2HT00125", name: "杭州甲建设有限公司", username: "twin-a", idCard: "330106199203030033" },
  { uscc: "91330100MA2HT00200", name: "杭州乙建设有限公司", username: "twin-b", idCard: "330106199304040046" },
];

const project = {
  name: "杭州示范滨江路改造工程",
  kind: "works",
  departmentCode: "330100-zj",
  approvalLevel: "city",
  approvalDivisionCode: "330100",
  estimateFen: 5_000_000_000,
  funding: {
    totalInvestmentFen: 6_000_000_000,
    budgetFundsFen: 6_000_000_000,
    stateOwnedControlling: true,
    foreignLoanOrAid: false,
    publicInfrastructure: true,
  },
  method: "open",
  sections: [{ name: "施工标段", classifyCode: "A080000", estimateFen: 5_000_000_000, bondFen: BOND }],
};

describe("bid bonds (投标保证金)", () => {
  let sectionId: number;
  const bondOf: Record<string, number> = {};

  const transfer = (body: Record<string, unknown>) =>
    inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/bonds/transfers`,
        payload: { amountFen: BOND, payerBank: "某银行", payerAccountName: "某公司", receivedAt: "2026-03-03T01:00:00Z", ...body },
      },
      "centre",
    );
  const list = (username: string) => inject({ url: `/api/v1/sections/${sectionId}/bonds` }, username);

  it("sets up an announced section with four registered bidders, two of them sharing a basic account", async () => {
    const created = await inject({ method: "POST", url: "/api/v1/tender-projects", payload: project }, "tenderer");
    expect(created.statusCode, created.body).toBe(201);
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
    for (const t of TWINS) {
      const r = await inject({
        method: "POST",
        url: "/api/v1/subjects",
        payload: {
          uscc: t.uscc,
          name: t.name,
          roles: ["bidder"],
          account: { username: t.username, password: PASSWORD, displayName: t.name, idCard: t.idCard, role: "bidder" },
        },
      });
      expect(r.statusCode, r.body).toBe(201);
      const me = (await inject({ url: "/api/v1/auth/me" }, t.username, PASSWORD)).json();
      const own = (await inject({ url: `/api/v1/subjects/${me.subjectId}` }, t.username, PASSWORD)).json();
      const patched = await inject(
        { method: "PATCH", url: `/api/v1/subjects/${me.subjectId}`, payload: { version: own.version, basicAccountNo: SHARED_ACCOUNT } },
        t.username,
        PASSWORD,
      );
      expect(patched.statusCode, patched.body).toBe(200);
    }
    for (const [username, password] of [["bidder"], ["bidder2"], ["twin-a", PASSWORD], ["twin-b", PASSWORD]] as const) {
      const registration = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, username, password);
      expect(registration.statusCode, registration.body).toBe(201);
    }
    platform.clock.set("2026-03-03T02:00:00Z");
  });

  it("accepts a transfer from the bidder's basic account (spaces and dashes aside)", async () => {
    const response = await transfer({ bidderUscc: BIDDER.uscc, payerAccountNo: "1900-0101 0400 00303" });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      bidderUscc: BIDDER.uscc,
      form: "transfer",
      amountFen: BOND,
      payerAccountNo: BIDDER.account,
      status: "held",
      flags: [],
    });
    bondOf.bidder = response.json().id;
  });

  it("refuses a transfer from another account (条例26) and flags the refusal in the audit log", async () => {
    const response = await transfer({ bidderUscc: BIDDER2.uscc, payerAccountNo: "6222 0000 1111 2222" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "RULE_VIOLATION", basis: "招标投标法实施条例第二十六条" });
    const flagged = await platform.database.db
      .selectFrom("audit_entry")
      .selectAll()
      .where("action", "=", "bond.account_mismatch")
      .where("object_type", "=", "tender_section")
      .where("object_id", "=", String(sectionId))
      .execute();
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.detail).toMatchObject({ bidderUscc: BIDDER2.uscc, payerAccountNo: "6222000011112222", registeredAccountNo: BIDDER2.account });
    expect(flagged[0]?.actor_username).toBe("centre");
    expect((await list("centre")).json().items).toHaveLength(1);
  });

  it("refuses an amount other than the section's bond", async () => {
    const response = await transfer({ bidderUscc: BIDDER2.uscc, payerAccountNo: BIDDER2.account, amountFen: BOND - 1 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "VALIDATION_FAILED", requiredFen: BOND });
  });

  it("flags bonds of two bidders paid from the same account (条例40), without refusing", async () => {
    const first = await transfer({ bidderUscc: TWINS[0]?.uscc, payerAccountNo: "6222 0200 0000 7777" });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().flags).toEqual([]);
    const second = await transfer({ bidderUscc: TWINS[1]?.uscc, payerAccountNo: SHARED_ACCOUNT });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().flags.map((f: { rule: string }) => f.rule)).toEqual(["SAME_BOND_ACCOUNT"]);
    bondOf.twinA = first.json().id;
    bondOf.twinB = second.json().id;
    const items = (await list("supervisor")).json().items;
    const flagsOf = (uscc: string | undefined) => items.find((b: { bidderUscc: string }) => b.bidderUscc === uscc).flags.map((f: { rule: string }) => f.rule);
    expect(flagsOf(TWINS[0]?.uscc)).toEqual(["SAME_BOND_ACCOUNT"]);
    expect(flagsOf(TWINS[1]?.uscc)).toEqual(["SAME_BOND_ACCOUNT"]);
    expect(flagsOf(BIDDER.uscc)).toEqual([]);
    // A second bond for the same bidder is refused.
    expect((await transfer({ bidderUscc: TWINS[1]?.uscc, payerAccountNo: SHARED_ACCOUNT })).json().code).toBe("CONFLICT");
  });

  it("takes an electronic guarantee only when it covers the bid validity (deadline + 30 days)", async () => {
    const guarantee = (validUntil: string, guaranteeCode = "BH-2026-0001") =>
      inject(
        {
          method: "POST",
          url: `/api/v1/sections/${sectionId}/bonds/guarantees`,
          payload: { guaranteeCode, guarantorName: "示范保险股份有限公司", guarantorCode: "91350100M000100Y43", amountFen: BOND, validUntil },
        },
        "bidder2",
      );
    const short = await guarantee("2026-04-20T15:59:59Z");
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: "RULE_VIOLATION", basis: "招标投标法实施条例第二十六条", earliest: "2026-04-21" });
    const enough = await guarantee("2026-04-21T15:59:59Z");
    expect(enough.statusCode, enough.body).toBe(201);
    expect(enough.json()).toMatchObject({ form: "guarantee", guaranteeCode: "BH-2026-0001", status: "held", bidderUscc: BIDDER2.uscc });
    bondOf.bidder2 = enough.json().id;
  });

  it("shows the bonds to the centre, the supervisor and inspectors only; a bidder sees its own", async () => {
    expect((await list("tenderer")).statusCode).toBe(403);
    expect((await list("bidder")).statusCode).toBe(403);
    expect((await list("supervisor-fgw")).json().code).toBe("FORBIDDEN_SCOPE");
    expect((await list("inspector")).json().items).toHaveLength(4);
    const mine = (await inject({ url: `/api/v1/sections/${sectionId}/my-bond` }, "bidder")).json();
    expect(mine.bond).toMatchObject({ id: bondOf.bidder, bidderUscc: BIDDER.uscc });
    // The collusion signal is for supervision, not for the bidder.
    const twin = (await inject({ url: `/api/v1/sections/${sectionId}/my-bond` }, "twin-a", PASSWORD)).json();
    expect(twin.bond.flags).toEqual([]);
  });

  it("refunds within 5 days of a withdrawal (条例35): day 5 on time, day 6 flagged, to the 分", async () => {
    platform.clock.set("2026-03-04T02:00:00Z"); // Wednesday: due Monday 2026-03-09
    for (const uscc of [BIDDER.uscc, TWINS[0]?.uscc]) {
      const due = await inject(
        { method: "POST", url: `/api/v1/sections/${sectionId}/bonds/refund-due`, payload: { trigger: "withdrawal", bidderUscc: uscc } },
        "centre",
      );
      expect(due.statusCode, due.body).toBe(200);
      expect(due.json().items).toMatchObject([{ status: "refund_due", refundTrigger: "withdrawal", refundDue: "2026-03-09" }]);
    }
    platform.clock.set("2026-03-10T08:00:00Z");
    const refund = (id: number | undefined, body: Record<string, unknown>) =>
      inject({ method: "POST", url: `/api/v1/bonds/${id}/refund`, payload: body }, "centre");
    const offByOne = await refund(bondOf.bidder, { refundedAt: "2026-03-09T02:00:00Z", amountFen: BOND + 1233, interestFen: 1234 });
    expect(offByOne.statusCode).toBe(400);
    expect(offByOne.json()).toMatchObject({ code: "RULE_VIOLATION", expectedFen: BOND + 1234 });
    const onTime = await refund(bondOf.bidder, { refundedAt: "2026-03-09T02:00:00Z", amountFen: BOND + 1234, interestFen: 1234 });
    expect(onTime.statusCode, onTime.body).toBe(200);
    expect(onTime.json()).toMatchObject({ status: "refunded", refundAmountFen: BOND + 1234, interestFen: 1234, flags: [] });
    const late = await refund(bondOf.twinA, { refundedAt: "2026-03-10T02:00:00Z", amountFen: BOND, interestFen: 0 });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().flags.map((f: { rule: string }) => f.rule)).toEqual(["SAME_BOND_ACCOUNT", "BOND_REFUND_LATE"]);
    expect(late.json().flags[1]).toMatchObject({ basis: "招标投标法实施条例第三十五条" });
    // Twice, or before a due date is set: refused.
    expect((await refund(bondOf.bidder, { refundedAt: "2026-03-09T02:00:00Z", amountFen: BOND, interestFen: 0 })).json().code).toBe("STATE_INVALID");
    expect((await refund(bondOf.twinB, { refundedAt: "2026-03-09T02:00:00Z", amountFen: BOND, interestFen: 0 })).json().code).toBe("STATE_INVALID");
  });

  it("refuses bonds after the bid deadline, by the server clock", async () => {
    platform.clock.set("2026-03-22T01:30:00Z");
    const response = await transfer({ bidderUscc: BIDDER.uscc, payerAccountNo: BIDDER.account, receivedAt: "2026-03-22T01:00:00Z" });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("DEADLINE_PASSED");
  });

  it("releases a guarantee (amount 0) when the section fails", async () => {
    const opening = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening` }, "centre");
    expect(opening.json()).toMatchObject({ status: "failed" });
    const due = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/bonds/refund-due`, payload: { trigger: "failed" } }, "centre");
    expect(due.json().items.map((b: { id: number }) => b.id)).toEqual([bondOf.twinB, bondOf.bidder2]);
    const release = (amountFen: number) =>
      inject(
        { method: "POST", url: `/api/v1/bonds/${bondOf.bidder2}/refund`, payload: { refundedAt: "2026-03-22T02:00:00Z", amountFen, interestFen: 0 } },
        "centre",
      );
    expect((await release(BOND)).json().code).toBe("VALIDATION_FAILED");
    platform.clock.set("2026-03-23T02:00:00Z");
    const released = await release(0);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ status: "refunded", released: true, refundAmountFen: 0, flags: [] });
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
