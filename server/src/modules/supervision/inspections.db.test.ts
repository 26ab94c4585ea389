import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PASSWORD, tenderToOpened, testCodes } from "../../test-support/tender-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import { drawInspection } from "./domain/inspection-draw.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = async (options: InjectOptions, username?: string, password?: string) =>
  platform.app.http.inject({
    ...options,
    headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username, password)) : {}) },
  });
const DEMO_USERS = new Set(["admin", "centre", "supervisor", "supervisor-fgw", "inspector", "tenderer", "agency"]);
/** Calls as `username`: a demo account, or one this test created (with the fixture password). */
const call = (username: string, options: InjectOptions) => inject(options, username, DEMO_USERS.has(username) ? undefined : FIXTURE_PASSWORD);
const demoUscc = async (username: string) => {
  const row = await platform.database.db
    .selectFrom("user_account as u")
    .innerJoin("subject as s", "s.id", "u.subject_id")
    .select(["s.id", "s.uscc"])
    .where("u.username", "=", username)
    .executeTakeFirstOrThrow();
  return row;
};

interface Target {
  id: number;
  kind: "project" | "agency";
  key: string;
  code: string;
  inspectors: { userId: number; name: string }[];
  outcome: string | null;
}

describe("双随机一公开: random inspection plans with commit–reveal, avoidance and public results", () => {
  let tendererUscc: string;
  const agencies: { username: string; uscc: string; subjectId: number }[] = [];
  const inspectors: { username: string; userId: number; idCard: string }[] = [];
  let tenderedProjectCode: string;
  let planId: number;
  let targets: Target[];
  const usernameOf = (userId: number) => inspectors.find((i) => i.userId === userId)?.username ?? "supervisor";

  /** A project registered by agency `username` for the demo tenderer. */
  const agencyProject = async (username: string, name: string, departmentCode: string, divisionCode = "330100") => {
    const created = await call(username, {
      method: "POST",
      url: "/api/v1/tender-projects",
      payload: {
        name,
        kind: "works",
        tendererUscc,
        departmentCode,
        approvalLevel: "city",
        approvalDivisionCode: divisionCode,
        estimateFen: 500_000_000,
        funding: {
          totalInvestmentFen: 500_000_000,
          budgetFundsFen: 500_000_000,
          stateOwnedControlling: true,
          foreignLoanOrAid: false,
          publicInfrastructure: true,
        },
        method: "open",
        sections: [{ name: "施工", classifyCode: "A080000", estimateFen: 500_000_000, bondFen: 0 }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json();
  };

  it("builds a population: 7 agencies active on 330100 in 2026, others not (another platform, 2025, no project)", async () => {
    tendererUscc = (await demoUscc("tenderer")).uscc;
    for (let i = 1; i <= 9; i++) {
      const { uscc, idCard } = testCodes(10 + i, "R");
      const username = `ag-i-${i}`;
      const r = await inject({
        method: "POST",
        url: "/api/v1/subjects",
        payload: {
          uscc,
          name: `抽查代理${i}`,
          roles: ["agency"],
          account: { username, password: FIXTURE_PASSWORD, displayName: username, idCard, role: "agency" },
        },
      });
      expect(r.statusCode, r.body).toBe(201);
      agencies.push({ username, uscc, subjectId: r.json().id });
    }
    platform.clock.set("2025-06-02T02:00:00Z");
    await agencyProject("ag-i-7", "去年的项目", "330100-zj"); // 2025: not active in 2026
    platform.clock.set("2026-03-02T02:00:00Z");
    await agencyProject("ag-i-8", "宁波的项目", "330200-zj", "330200"); // another platform
    // ag-i-9 registers no project at all.
    const demoAgency = await demoUscc("agency");
    agencies.unshift({ username: "agency", uscc: demoAgency.uscc, subjectId: demoAgency.id });
    for (const [i, a] of agencies.slice(0, 7).entries()) {
      const created = await call(a.username, {
        method: "POST",
        url: "/api/v1/tender-projects",
        payload: {
          name: `代理项目${i}`,
          kind: "works",
          tendererUscc,
          departmentCode: i < 3 ? "330100-zj" : "330100-fgw",
          approvalLevel: "city",
          approvalDivisionCode: "330100",
          estimateFen: 500_000_000,
          funding: {
            totalInvestmentFen: 500_000_000,
            budgetFundsFen: 500_000_000,
            stateOwnedControlling: true,
            foreignLoanOrAid: false,
            publicInfrastructure: true,
          },
          method: "open",
          sections: [{ name: "施工", classifyCode: "A080000", estimateFen: 500_000_000, bondFen: 0 }],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const tender = await tenderToOpened(platform, { prices: [4_500_000_000, 4_600_000_000], tag: "W", stopAtOpening: true });
    const tendered = await platform.database.db
      .selectFrom("tender_section as s")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .select("p.tender_project_code")
      .where("s.id", "=", tender.sectionId)
      .executeTakeFirstOrThrow();
    tenderedProjectCode = tendered.tender_project_code;

    // Four more staff accounts of 杭州市住建 (the pool is them and the demo supervisor).
    for (let i = 0; i < 4; i++) {
      const { idCard } = testCodes(60 + i, "R");
      const username = `insp-${i}`;
      const created = await inject(
        {
          method: "POST",
          url: "/api/v1/accounts",
          payload: {
            username,
            password: FIXTURE_PASSWORD,
            displayName: `检查员${i}`,
            role: "supervisor",
            platformCode: "330100",
            departmentCode: "330100-zj",
            idCard,
          },
        },
        "admin",
      );
      expect(created.statusCode, created.body).toBe(201);
      inspectors.push({ username, userId: created.json().id, idCard });
    }
    // insp-0 is on the staff of the agency ag-i-1; insp-1 handled an alert of the tendered project.
    const staffed = await call("ag-i-1", {
      method: "POST",
      url: `/api/v1/subjects/${agencies[1]?.subjectId}/staff`,
      payload: { idCard: inspectors[0]?.idCard, name: "检查员0", position: "造价工程师" },
    });
    expect(staffed.statusCode, staffed.body).toBe(201);
    const alerts = (await call("insp-1", { url: "/api/v1/supervision/alerts" })).json();
    const alertList = (Array.isArray(alerts) ? alerts : alerts.items) as { id: number; sectionId: number }[];
    const alert = alertList.find((a) => a.sectionId === tender.sectionId);
    expect(alert, "the shared bidder-tool fingerprint raises an alert").toBeDefined();
    const issued = await call("insp-1", { method: "POST", url: `/api/v1/supervision/alerts/${alert?.id}/issue`, payload: {} });
    expect(issued.statusCode, issued.body).toBe(200);
  });

  it("refuses 1 of 7 agencies (⌈25%⌉ = 2) and accepts 2; refuses 1 inspector per target; only supervisors create", async () => {
    platform.clock.set("2026-06-01T02:00:00Z");
    const create = (payload: Record<string, unknown>, username = "supervisor") =>
      inject(
        { method: "POST", url: "/api/v1/supervision/inspection-plans", payload: { year: 2026, name: "2026年度第一批双随机抽查", projectCount: 2, ...payload } },
        username,
      );
    const one = await create({ agencyCount: 1 });
    expect(one.statusCode, one.body).toBe(400);
    expect(one.headers["content-type"]).toContain("application/problem+json");
    expect(one.json()).toMatchObject({ code: "INSPECTION_SHARE_TOO_LOW", active: 7, required: 2, requested: 1 });
    const english = await inject(
      {
        method: "POST",
        url: "/api/v1/supervision/inspection-plans",
        headers: { "accept-language": "en" },
        payload: { year: 2026, name: "x", projectCount: 2, agencyCount: 1 },
      },
      "supervisor",
    );
    expect(english.json().detail).toContain("at least 2 must be inspected");
    expect((await create({ agencyCount: 2, inspectorsPerTarget: 1 })).json()).toMatchObject({ code: "RULE_VIOLATION", rule: "INSPECTORS_PER_TARGET" });
    expect((await create({ agencyCount: 8 })).json()).toMatchObject({ code: "INSPECTION_POPULATION_TOO_SMALL", kind: "agency", available: 7 });
    expect((await create({ agencyCount: 2, projectCount: 5 })).json()).toMatchObject({
      code: "INSPECTION_POPULATION_TOO_SMALL",
      kind: "project",
      available: 4,
    });
    expect((await create({ agencyCount: 2, year: 2027 })).json().code).toBe("VALIDATION_FAILED");
    expect((await create({ agencyCount: 2, inspectorUsernames: ["insp-0", "centre"] })).json()).toMatchObject({
      code: "VALIDATION_FAILED",
      usernames: ["centre"],
    });
    const byCentre = await create({ agencyCount: 2 }, "centre");
    expect(byCentre.statusCode).toBe(403);
    expect(byCentre.json().code).toBe("FORBIDDEN_ROLE");

    const two = await create({ agencyCount: 2 });
    expect(two.statusCode, two.body).toBe(201);
    expect(two.json()).toMatchObject({ status: "draft", activeAgencies: 7, requiredAgencies: 2, candidateProjects: 4, commitment: null, targets: [] });
    planId = two.json().id;
  });

  it("commits to the seed before the draw: SHA-256 published, the population and avoidance pairs frozen", async () => {
    const otherDepartment = await inject({ method: "POST", url: `/api/v1/supervision/inspection-plans/${planId}/commit` }, "supervisor-fgw");
    expect(otherDepartment.statusCode, otherDepartment.body).toBe(403);
    expect(otherDepartment.json().code).toBe("FORBIDDEN_SCOPE");
    expect((await inject({ url: `/api/v1/inspection-plans/${planId}/draw` })).statusCode).toBe(404); // drafts are not public

    const committed = await inject({ method: "POST", url: `/api/v1/supervision/inspection-plans/${planId}/commit` }, "supervisor");
    expect(committed.statusCode, committed.body).toBe(200);
    const plan = committed.json();
    expect(plan).toMatchObject({ status: "committed", activeAgencies: 7, requiredAgencies: 2, seed: null });
    expect(plan.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.pool).toHaveLength(5);
    const pair = (inspector: string, target: string) =>
      plan.avoidance.find((c: { inspectorKey: string; targetKey: string }) => c.inspectorKey === inspector && c.targetKey === target);
    const insp0 = `user:${inspectors[0]?.userId}`;
    const insp1 = `user:${inspectors[1]?.userId}`;
    expect(pair(insp0, `agency:${agencies[1]?.uscc}`)).toMatchObject({ reasons: ["EMPLOYED_BY_PARTY"] });
    // ag-i-1's own project (杭州住建) is avoided too: the agency is its party.
    expect(
      plan.avoidance.some(
        (c: { inspectorKey: string; targetKey: string; reasons: string[] }) => c.inspectorKey === insp0 && c.targetKey.startsWith("project:"),
      ),
    ).toBe(true);
    expect(pair(insp1, `project:${tenderedProjectCode}`)).toMatchObject({ reasons: ["HANDLED_PROJECT"] });

    const again = await inject({ method: "POST", url: `/api/v1/supervision/inspection-plans/${planId}/commit` }, "supervisor");
    expect(again.json()).toMatchObject({ code: "STATE_INVALID", planStatus: "committed" });
    const published = (await inject({ url: `/api/v1/inspection-plans/${planId}/draw` })).json();
    expect(published).toMatchObject({ status: "committed", commitment: plan.commitment, inputDigest: plan.inputDigest, seed: null, targets: null });
  });

  it("draws 2 projects and 2 agencies with 2 inspectors each, none of whom must avoid the target; the seed stays secret", async () => {
    const drawn = await inject({ method: "POST", url: `/api/v1/supervision/inspection-plans/${planId}/draw` }, "supervisor");
    expect(drawn.statusCode, drawn.body).toBe(200);
    const plan = drawn.json();
    expect(plan.status).toBe("drawn");
    targets = plan.targets;
    expect(targets.map((t) => t.kind)).toEqual(["project", "project", "agency", "agency"]);
    const avoid = new Set(plan.avoidance.map((c: { inspectorKey: string; targetKey: string }) => `${c.inspectorKey}|${c.targetKey}`));
    for (const t of targets) {
      expect(t.inspectors).toHaveLength(2);
      expect(new Set(t.inspectors.map((i) => i.userId)).size).toBe(2);
      for (const i of t.inspectors) expect(avoid.has(`user:${i.userId}|${t.key}`), `${i.name} on ${t.key}`).toBe(false);
    }
    const candidates = new Set([...agencies.slice(0, 7).map((a) => `agency:${a.uscc}`)]);
    for (const t of targets.filter((x) => x.kind === "agency")) expect(candidates.has(t.key)).toBe(true);
    expect((await inject({ method: "POST", url: `/api/v1/supervision/inspection-plans/${planId}/draw` }, "supervisor")).json().code).toBe("STATE_INVALID");
    const record = (await inject({ url: `/api/v1/inspection-plans/${planId}/draw` })).json();
    expect(record).toMatchObject({ status: "drawn", seed: null, targets: null });
    expect((await inject({ url: "/api/v1/inspection-results" })).json()).toEqual([]);
    // The 纪检 inspector reads every plan; another department sees none of it.
    expect((await inject({ url: "/api/v1/supervision/inspection-plans" }, "inspector")).json().map((p: { id: number }) => p.id)).toContain(planId);
    expect((await inject({ url: `/api/v1/supervision/inspection-plans/${planId}` }, "supervisor-fgw")).json().code).toBe("FORBIDDEN_SCOPE");
  });

  it("lets only a drawn inspector record a finding; a problem can carry a credit record against a party", async () => {
    const record = (t: Target, username: string, payload: Record<string, unknown>) =>
      call(username, { method: "POST", url: `/api/v1/supervision/inspection-targets/${t.id}/finding`, payload });
    const [p1, p2, a1, a2] = targets as [Target, Target, Target, Target];
    const outsider = ["supervisor", ...inspectors.map((i) => i.username)].find((u) => !p1.inspectors.some((i) => usernameOf(i.userId) === u)) as string;
    const refused = await record(p1, outsider, { outcome: "pass", finding: "程序合规" });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("FORBIDDEN_SCOPE");
    expect((await inject({ url: "/api/v1/supervision/inspection-plans" }, "supervisor-fgw")).json()).toEqual([]);

    const p1Inspector = usernameOf(p1.inspectors[0]?.userId as number);
    expect((await record(p1, p1Inspector, { outcome: "pass", finding: "x", rectifyBy: "2026-07-01" })).json().code).toBe("VALIDATION_FAILED");
    expect(
      (
        await record(p1, p1Inspector, {
          outcome: "pass",
          finding: "x",
          credit: { subjectUscc: tendererUscc, kind: "violation", reason: "x", documentNo: "x", restrictedActions: [] },
        })
      ).json().code,
    ).toBe("VALIDATION_FAILED");
    const passed = await record(p1, p1Inspector, { outcome: "pass", finding: "招标程序、公告、开标记录齐全，合格" });
    expect(passed.statusCode, passed.body).toBe(200);
    expect((await record(p1, p1Inspector, { outcome: "pass", finding: "again" })).json().code).toBe("CONFLICT");

    const p2Inspector = usernameOf(p2.inspectors[1]?.userId as number);
    expect((await record(p2, p2Inspector, { outcome: "rectify", finding: "缺少书面报告", rectifyBy: "2026-05-01" })).json().code).toBe("VALIDATION_FAILED");
    expect((await record(p2, p2Inspector, { outcome: "rectify", finding: "招标文件备案材料不全，责令补正", rectifyBy: "2026-06-30" })).statusCode).toBe(200);

    const a1Inspector = usernameOf(a1.inspectors[0]?.userId as number);
    const wrongSubject = await record(a1, a1Inspector, {
      outcome: "problem",
      finding: "x",
      credit: { subjectUscc: tendererUscc, kind: "violation", reason: "x", documentNo: "x", restrictedActions: [] },
    });
    expect(wrongSubject.json().code).toBe("VALIDATION_FAILED");
    const problem = await record(a1, a1Inspector, {
      outcome: "problem",
      finding: "代理机构未按规定保存招标投标资料",
      credit: { subjectUscc: a1.code, kind: "violation", reason: "双随机抽查发现未按规定保存资料", documentNo: "杭建监抽〔2026〕3号", restrictedActions: [] },
    });
    expect(problem.statusCode, problem.body).toBe(200);
    const recorded = (problem.json().targets as (Target & { creditRecordId: number | null })[]).find((t) => t.id === a1.id);
    expect(recorded).toMatchObject({ outcome: "problem", creditRecordId: expect.any(Number) });
    const credit = await inject({ url: `/api/v1/subjects/${agencies.find((a) => a.uscc === a1.code)?.subjectId}/credit` });
    expect(credit.json().records.map((r: { documentNo: string }) => r.documentNo)).toContain("杭建监抽〔2026〕3号");

    const early = await inject({ method: "POST", url: `/api/v1/supervision/inspection-plans/${planId}/publish` }, "supervisor");
    expect(early.json()).toMatchObject({ code: "STATE_INVALID", targetIds: [a2.id] });
    expect((await record(a2, usernameOf(a2.inspectors[1]?.userId as number), { outcome: "pass", finding: "合格" })).statusCode).toBe(200);
  });

  it("publishes the results without login and reveals the seed; anyone re-runs the draw to the same result", async () => {
    const byFgw = await inject({ method: "POST", url: `/api/v1/supervision/inspection-plans/${planId}/publish` }, "supervisor-fgw");
    expect(byFgw.json().code).toBe("FORBIDDEN_SCOPE");
    const published = await inject({ method: "POST", url: `/api/v1/supervision/inspection-plans/${planId}/publish` }, "supervisor");
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().status).toBe("published");
    expect(published.json().seed).toMatch(/^[0-9a-f]{96}$/);

    const results = await inject({ url: "/api/v1/inspection-results?year=2026" });
    expect(results.statusCode).toBe(200);
    const [result] = results.json();
    expect(result).toMatchObject({ id: planId, departmentName: "杭州市住房和城乡建设", activeAgencies: 7, requiredAgencies: 2 });
    expect(result.targets.map((t: { outcome: string }) => t.outcome)).toEqual(["pass", "rectify", "problem", "pass"]);
    expect(result.targets[1]).toMatchObject({ rectifyBy: "2026-06-30" });
    expect(result.targets[0].inspectors).toHaveLength(2);
    expect((await inject({ url: "/api/v1/inspection-results?year=2025" })).json()).toEqual([]);

    const record = (await inject({ url: `/api/v1/inspection-plans/${planId}/draw` })).json();
    expect(record.verification).toEqual({ commitmentOk: true, inputDigestOk: true, resultOk: true });
    // Re-run here from the public record alone.
    const seed = new Uint8Array(Buffer.from(record.seed, "hex"));
    const rerun = drawInspection({ ...record.input, seed });
    expect(rerun.ok && rerun.targets).toEqual(record.targets);
    expect(rerun.ok && rerun.trace.commitment).toBe(record.commitment);
    expect(rerun.ok && rerun.trace.inputDigest).toBe(record.inputDigest);
    const other = drawInspection({ ...record.input, seed: new Uint8Array(48).fill(7) });
    expect(other.ok && other.targets).not.toEqual(record.targets);

    const drawnInspector = usernameOf(targets[3]?.inspectors[0]?.userId as number);
    const after = await call(drawnInspector, {
      method: "POST",
      url: `/api/v1/supervision/inspection-targets/${targets[3]?.id}/finding`,
      payload: { outcome: "pass", finding: "x" },
    });
    expect(after.json()).toMatchObject({ code: "STATE_INVALID", planStatus: "published" });
    const audit = await platform.database.db
      .selectFrom("audit_entry")
      .select(["action", "actor_username"])
      .where("object_type", "in", ["inspection_plan", "inspection_target", "inspection_assignment"])
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "inspection.plan.create",
        "inspection.plan.commit",
        "inspection.plan.draw",
        "inspection.inspector.draw",
        "inspection.finding.record",
        "inspection.plan.publish",
      ]),
    );
    expect(audit.filter((a) => a.action === "inspection.inspector.draw")).toHaveLength(8);
    expect(await platform.auditProblems()).toEqual([]);
  });
});
