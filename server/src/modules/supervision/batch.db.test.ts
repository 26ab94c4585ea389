import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "../../platform/http/actor.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const WAN = 1_000_000; // fen per 万元
type AlertView = {
  id: number;
  sectionId: number;
  ruleId: string;
  severity: string;
  node: string;
  subjects: string[];
  departmentCode: string;
  evidence: Record<string, unknown>;
};

/** A below-threshold (non-compulsory) works project of the demo tenderer, its notice published. */
async function publishedSmallWorks(tag: string, estimateFen: number, publishAt: string) {
  const inject = platform.app.http.inject.bind(platform.app.http);
  platform.clock.set(publishAt);
  platform.forget("tenderer");
  const h = bearer(await platform.login("tenderer"));
  const project = await inject({
    method: "POST",
    url: "/api/v1/tender-projects",
    headers: h,
    payload: {
      name: `零星维修${tag}`,
      kind: "works",
      departmentCode: "330100-zj",
      approvalLevel: "city",
      approvalDivisionCode: "330100",
      estimateFen,
      funding: {
        totalInvestmentFen: estimateFen,
        budgetFundsFen: estimateFen,
        stateOwnedControlling: true,
        foreignLoanOrAid: false,
        publicInfrastructure: true,
      },
      method: "open",
      sections: [{ name: `维修标${tag}`, classifyCode: "A080000", estimateFen, bondFen: 0 }],
    },
  });
  expect(project.statusCode, project.body).toBe(201);
  const sectionId = project.json().sections[0].id as number;
  const start = new Date(publishAt);
  const notice = await inject({
    method: "POST",
    url: `/api/v1/sections/${sectionId}/notice`,
    headers: h,
    payload: {
      docSaleStart: start.toISOString(),
      docSaleEnd: new Date(start.getTime() + 7 * 86_400_000).toISOString(),
      bidDeadline: new Date(start.getTime() + 21 * 86_400_000).toISOString(),
    },
  });
  expect(notice.statusCode, notice.body).toBe(200);
  return { sectionId, projectId: project.json().id as number };
}

describe("supervision batch: the cross-project rules run nightly, once, idempotently", () => {
  let sections: number[];
  let tendererUscc: string;
  let firstAlerts: AlertView[];

  it("three works lots of one buyer just under the 400万 threshold raise splitting (SR045) and just-under (SR046)", async () => {
    sections = [];
    for (const [i, day] of ["2026-03-02T02:00:00Z", "2026-03-20T02:00:00Z", "2026-04-08T02:00:00Z"].entries()) {
      sections.push((await publishedSmallWorks(`B${i}`, 380 * WAN, day)).sectionId);
    }
    const tenderer = await platform.app.services.deps.db
      .selectFrom("tender_section as s")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .innerJoin("subject as t", "t.id", "p.tenderer_subject_id")
      .select(["t.uscc", "p.compulsory"])
      .where("s.id", "=", sections[0] as number)
      .executeTakeFirstOrThrow();
    expect(tenderer.compulsory).toBe(false);
    tendererUscc = tenderer.uscc;

    platform.clock.set("2026-05-31T18:00:00Z"); // 02:00 Beijing, 1 June
    const result = await platform.app.services.supervisionBatch.run(systemContext("supervision-batch"), { trigger: "scheduled", night: "2026-06-01" });
    expect(result.skipped).toBe(false);
    if (result.skipped) return;
    expect(result.run).toMatchObject({ night: "2026-06-01", trigger: "scheduled", status: "finished", startedBy: "system:supervision-batch", error: null });
    expect(result.run.rulesEvaluated).toBeGreaterThanOrEqual(10);
    expect(result.run.sections).toBeGreaterThanOrEqual(3);
    expect(result.run.alertsRaised).toBe(result.alertIds.length);

    platform.forget("supervisor");
    const list = await platform.app.http.inject({ url: "/api/v1/supervision/alerts", headers: bearer(await platform.login("supervisor")) });
    expect(list.statusCode, list.body).toBe(200);
    firstAlerts = (list.json() as AlertView[]).filter((a) => ["SR045", "SR046"].includes(a.ruleId) && a.subjects.includes(tendererUscc));
    expect(firstAlerts.map((a) => a.ruleId).sort()).toEqual(["SR045", "SR046"]);
    for (const a of firstAlerts) {
      expect(a.subjects).toEqual([tendererUscc]);
      expect(a).toMatchObject({ node: "cross_project", departmentCode: "330100-zj", sectionId: sections[2] }); // hung on the latest lot
      expect(result.alertIds).toContain(a.id);
    }
    const split = firstAlerts.find((a) => a.ruleId === "SR045") as AlertView;
    expect(split.severity).toBe("red");
    expect((split.evidence.sections as string[]).length).toBe(3);

    const audit = await platform.app.services.deps.db
      .selectFrom("audit_entry")
      .select(["actor_username", "actor_role"])
      .where("action", "=", "supervision.alert.raise")
      .where("object_id", "=", String(split.id))
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_username: "system:supervision-batch", actor_role: "system" });
  });

  it("a second claim of the same night is skipped (another server process)", async () => {
    const again = await platform.app.services.supervisionBatch.run(systemContext("supervision-batch"), { trigger: "scheduled", night: "2026-06-01" });
    expect(again.skipped).toBe(true);
    expect(again.run).toMatchObject({ night: "2026-06-01", status: "finished" });
  });

  it("running again (manual, or the next night) raises no duplicate", async () => {
    platform.clock.set("2026-06-01T03:00:00Z");
    const manual = await platform.app.services.supervisionBatch.run(systemContext("cli"), { trigger: "manual" });
    expect(manual.skipped).toBe(false);
    if (manual.skipped) return;
    expect(manual.run).toMatchObject({ trigger: "manual", status: "finished", alertsRaised: 0 });
    expect(manual.run.findings).toBeGreaterThanOrEqual(2);

    platform.clock.set("2026-06-01T18:00:00Z");
    const next = await platform.app.services.supervisionBatch.run(systemContext("supervision-batch"), { trigger: "scheduled", night: "2026-06-02" });
    expect(next).toMatchObject({ skipped: false, run: { night: "2026-06-02", alertsRaised: 0 } });

    platform.forget("inspector");
    const list = await platform.app.http.inject({ url: "/api/v1/supervision/alerts", headers: bearer(await platform.login("inspector")) });
    const now = (list.json() as AlertView[]).filter((a) => ["SR045", "SR046"].includes(a.ruleId) && a.subjects.includes(tendererUscc));
    expect(now.map((a) => a.id).sort()).toEqual(firstAlerts.map((a) => a.id).sort());
  });

  it("concurrent scheduled runs of one night: exactly one runs", async () => {
    platform.clock.set("2026-06-02T18:00:00Z");
    const ctx = systemContext("supervision-batch");
    const results = await Promise.all([1, 2, 3].map(() => platform.app.services.supervisionBatch.run(ctx, { trigger: "scheduled", night: "2026-06-03" })));
    expect(results.filter((r) => !r.skipped)).toHaveLength(1);
  });

  it("the runs are listed for supervision, not for the trading parties; nobody starts one over HTTP", async () => {
    for (const user of ["supervisor", "tenderer", "centre", "admin"]) platform.forget(user);
    const runs = await platform.app.http.inject({ url: "/api/v1/supervision/batch-runs", headers: bearer(await platform.login("supervisor")) });
    expect(runs.statusCode, runs.body).toBe(200);
    const body = runs.json() as { night: string; trigger: string; status: string }[];
    expect(body.filter((r) => r.trigger === "scheduled").map((r) => r.night)).toEqual(["2026-06-03", "2026-06-02", "2026-06-01"]);
    expect(body.every((r) => r.status === "finished")).toBe(true);
    for (const user of ["tenderer", "centre"]) {
      const denied = await platform.app.http.inject({ url: "/api/v1/supervision/batch-runs", headers: bearer(await platform.login(user)) });
      expect(denied.statusCode).toBe(403);
    }
    const post = await platform.app.http.inject({ method: "POST", url: "/api/v1/supervision/batch-runs", headers: bearer(await platform.login("admin")) });
    expect(post.statusCode).toBe(404);
  });

  it("leaves an intact audit log", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
