import { sql, type Transaction } from "kysely";
import { startOfCivilDay, toCivilDate } from "../../platform/calendar/working-days.ts";
import { newSeed } from "../../platform/crypto/hmac-drbg.ts";
import type { DB, InspectionOutcome, RestrictedAction } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CreditService } from "../credit/credit-service.ts";
import type { CustodianKeyring } from "../tendering/custodian-keyring.ts";
import { type Conflict, conflictsOf, FORMER_STAFF_YEARS, type InspectorFacts, type TargetFacts } from "./domain/inspection-avoidance.ts";
import {
  AGENCY_SHARE_BASIS,
  checkInspectionPlan,
  commitInspectionSeed,
  type DrawnTarget,
  drawInspection,
  INSPECTION_DRAW_ALGORITHM,
  INSPECTORS_BASIS,
  type InspectionDrawFailure,
  type InspectionDrawInput,
  inspectionInputDigest,
  requiredAgencyCount,
  shortOfInspectors,
  verifyInspectionDraw,
} from "./domain/inspection-draw.ts";

export interface NewInspectionPlan {
  year: number;
  name: string;
  projectCount: number;
  agencyCount: number;
  inspectorsPerTarget: number;
  /** A named inspector list (supervisor accounts of the platform); the department's own by default. */
  inspectorUsernames?: string[];
}

export interface InspectionFindingInput {
  outcome: InspectionOutcome;
  finding: string;
  /** 整改期限 (YYYY-MM-DD), for a `rectify` outcome. */
  rectifyBy?: string;
  credit?: {
    subjectUscc: string;
    kind: "violation" | "blacklist";
    reason: string;
    documentNo: string;
    restrictedActions: RestrictedAction[];
    endsAt?: Date;
  };
}

/** What the commitment fixes: the population, the pool and the avoidance pairs (the draw's input). */
interface Snapshot {
  projects: { key: string; projectId: number; code: string; name: string }[];
  agencies: { key: string; subjectId: number; uscc: string; name: string; projectIds: number[] }[];
  inspectors: { key: string; userId: number; name: string; departmentCode: string }[];
  conflicts: Conflict[];
}

type Db = Deps["db"] | Transaction<DB>;

/** The plan's id in the draw (the DRBG personalization) and the name of its seed outside the database. */
const planKey = (id: number) => `inspection-plan-${id}`;

/**
 * 双随机、一公开 (电子监督系统): a supervisory department's random inspection plan for its platform and a
 * year. Targets are tender projects the department supervises, created on its platform that year, and at
 * least a quarter (rounded up) of the agencies active there that year — an agency is *active* on platform
 * P in year Y when it holds the agency role and is the `agency_subject_id` of a tender project registered
 * on P with `created_at` in Y (Beijing time). Inspectors are drawn per target from the department's
 * supervisor accounts (or a named list of the platform's supervisor accounts), never one who must avoid
 * the target (`domain/inspection-avoidance.ts`). The seed is committed (SHA-256) before the draw, kept
 * outside the database, and revealed with the results, so anyone can re-run the draw.
 */
export class InspectionsService {
  constructor(
    private readonly deps: Deps,
    private readonly secrets: CustodianKeyring,
    private readonly credit: CreditService,
  ) {}

  /** 制定抽查计划 (draft): the counts are checked against today's population at once, and again at the commitment. */
  async create(ctx: ActionContext, input: NewInspectionPlan) {
    const department = await this.departmentOf(ctx.actor);
    const thisYear = Number(toCivilDate(this.deps.clock.now()).slice(0, 4));
    if (input.year > thisYear)
      throw new AppError("VALIDATION_FAILED", { zh: `抽查年度不能晚于本年度（${thisYear}）`, en: `The plan's year is ${thisYear} or earlier` });
    const names = input.inspectorUsernames ? [...new Set(input.inspectorUsernames.map((u) => u.trim()))].sort() : undefined;
    return change(this.deps, async (trx) => {
      const population = await this.population(trx, department, input.year);
      const inspectors = await this.inspectorPool(trx, department, names);
      assertPlan({ ...input, projects: population.projects.map((p) => p.key), agencies: population.agencies.map((a) => a.key) });
      assertPoolSize(inspectors.length, input.inspectorsPerTarget);
      const row = await trx
        .insertInto("inspection_plan")
        .values({
          platform_code: department.platform_code,
          department_code: department.code,
          year: input.year,
          name: input.name,
          project_count: input.projectCount,
          agency_count: input.agencyCount,
          inspectors_per_target: input.inspectorsPerTarget,
          inspector_usernames: names ? JSON.stringify(names) : null,
          active_agencies: null,
          required_agencies: null,
          snapshot: null,
          input_digest: null,
          commitment: null,
          seed: null,
          created_by: ctx.actor.userId as number,
          created_at: this.deps.clock.now(),
          committed_by: null,
          committed_at: null,
          drawn_by: null,
          drawn_at: null,
          published_by: null,
          published_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, {
        action: "inspection.plan.create",
        objectType: "inspection_plan",
        objectId: row.id,
        detail: { year: input.year, projectCount: input.projectCount, agencyCount: input.agencyCount, activeAgencies: population.agencies.length },
      });
      return this.viewIn(trx, ctx.actor, row.id);
    });
  }

  /**
   * 承诺: snapshots the population, the inspector pool and the avoidance pairs, generates the seed (kept
   * outside the database) and publishes SHA-256(seed) with the digest of the input. Refused when some
   * candidate target would have fewer eligible inspectors than needed, so the draw itself cannot fail.
   */
  async commit(ctx: ActionContext, planId: number) {
    return change(this.deps, async (trx) => {
      const plan = await this.lockPlan(trx, ctx.actor, planId);
      if (plan.status !== "draft") throw stateError(plan.status, "draft");
      const department = { code: plan.department_code, platform_code: plan.platform_code };
      const population = await this.population(trx, department, plan.year);
      const pool = await this.inspectorPool(trx, department, plan.inspector_usernames ?? undefined);
      const conflicts = conflictsOf(await this.inspectorFacts(trx, pool), await this.targetFacts(trx, population));
      const snapshot: Snapshot = { ...population, inspectors: pool, conflicts };
      const input = drawInputOf(plan, snapshot);
      assertPlan(input);
      assertPoolSize(pool.length, plan.inspectors_per_target);
      const short = shortOfInspectors(input);
      if (short.length > 0) {
        const first = short[0] as { target: string; eligible: number };
        throw new AppError(
          "INSPECTORS_INSUFFICIENT",
          {
            zh: `回避后可检查 ${first.target} 的人员只有 ${first.eligible} 名，每个对象需 ${plan.inspectors_per_target} 名；请扩大检查人员名单`,
            en: `Only ${first.eligible} inspectors may inspect ${first.target} after avoidance; ${plan.inspectors_per_target} are needed`,
          },
          { extra: { targets: short, basis: INSPECTORS_BASIS } },
        );
      }
      const seed = newSeed();
      const commitment = commitInspectionSeed(seed);
      const inputDigest = inspectionInputDigest(input);
      this.secrets.storeSecret(planKey(planId), Buffer.from(seed).toString("hex"));
      await trx
        .updateTable("inspection_plan")
        .set({
          status: "committed",
          active_agencies: population.agencies.length,
          required_agencies: requiredAgencyCount(population.agencies.length),
          snapshot: JSON.stringify(snapshot),
          input_digest: inputDigest,
          commitment,
          committed_by: ctx.actor.userId,
          committed_at: this.deps.clock.now(),
        })
        .where("id", "=", planId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "inspection.plan.commit",
        objectType: "inspection_plan",
        objectId: planId,
        detail: { commitment, inputDigest, activeAgencies: population.agencies.length, conflicts: conflicts.length },
      });
      return this.viewIn(trx, ctx.actor, planId);
    });
  }

  /** 抽取: targets and inspectors from the committed seed; the seed stays secret until the results are published. */
  async draw(ctx: ActionContext, planId: number) {
    return change(this.deps, async (trx) => {
      const plan = await this.lockPlan(trx, ctx.actor, planId);
      if (plan.status !== "committed") throw stateError(plan.status, "committed");
      const snapshot = plan.snapshot as unknown as Snapshot;
      const result = drawInspection({ ...drawInputOf(plan, snapshot), seed: this.seedOf(planId) });
      if (!result.ok) throw drawError(result);
      const projectOf = new Map(snapshot.projects.map((p) => [p.key, p.projectId]));
      const agencyOf = new Map(snapshot.agencies.map((a) => [a.key, a.subjectId]));
      const userOf = new Map(snapshot.inspectors.map((i) => [i.key, i.userId]));
      for (const target of result.targets) {
        const row = await trx
          .insertInto("inspection_target")
          .values({
            plan_id: planId,
            kind: target.kind,
            target_key: target.id,
            tender_project_id: target.kind === "project" ? (projectOf.get(target.id) as number) : null,
            subject_id: target.kind === "agency" ? (agencyOf.get(target.id) as number) : null,
            draw_order: target.order,
            outcome: null,
            finding: null,
            rectify_by: null,
            recorded_by: null,
            recorded_at: null,
            credit_record_id: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await this.deps.audit.record(trx, ctx, { action: "inspection.target.draw", objectType: "inspection_target", objectId: row.id, detail: { planId } });
        for (const [k, inspector] of target.inspectors.entries()) {
          const assignment = await trx
            .insertInto("inspection_assignment")
            .values({ plan_id: planId, target_id: row.id, inspector_user_id: userOf.get(inspector) as number, draw_order: k + 1 })
            .returning("id")
            .executeTakeFirstOrThrow();
          await this.deps.audit.record(trx, ctx, {
            action: "inspection.inspector.draw",
            objectType: "inspection_assignment",
            objectId: assignment.id,
            detail: { planId, targetId: row.id },
          });
        }
      }
      await trx
        .updateTable("inspection_plan")
        .set({ status: "drawn", drawn_by: ctx.actor.userId, drawn_at: this.deps.clock.now() })
        .where("id", "=", planId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "inspection.plan.draw",
        objectType: "inspection_plan",
        objectId: planId,
        detail: { targets: result.targets.length, generateCalls: result.trace.generateCalls },
      });
      return this.viewIn(trx, ctx.actor, planId);
    });
  }

  /** 检查结果: by one of the target's drawn inspectors, once; a problem may carry a credit record. */
  async recordFinding(ctx: ActionContext, targetId: number, input: InspectionFindingInput) {
    return change(this.deps, async (trx) => {
      const head = await trx.selectFrom("inspection_target").select("plan_id").where("id", "=", targetId).executeTakeFirst();
      if (!head) throw notFound({ zh: "抽查对象", en: "The inspection target" });
      // The plan first, then the target: the order every change of a plan takes its locks in.
      const plan = await trx.selectFrom("inspection_plan").selectAll().where("id", "=", head.plan_id).forUpdate().executeTakeFirstOrThrow();
      const target = await trx.selectFrom("inspection_target").selectAll().where("id", "=", targetId).forUpdate().executeTakeFirstOrThrow();
      const assigned = await trx
        .selectFrom("inspection_assignment")
        .select("id")
        .where("target_id", "=", targetId)
        .where("inspector_user_id", "=", ctx.actor.userId ?? -1)
        .executeTakeFirst();
      if (!assigned)
        throw new AppError("FORBIDDEN_SCOPE", {
          zh: "只有抽中检查该对象的人员可以记录检查结果",
          en: "Only the inspectors drawn for this target record its finding",
        });
      if (plan.status !== "drawn") throw stateError(plan.status, "drawn");
      if (target.outcome !== null) throw new AppError("CONFLICT", { zh: "该对象已记录检查结果", en: "The finding of this target is recorded already" });
      const today = toCivilDate(this.deps.clock.now());
      if ((input.outcome === "rectify") !== (input.rectifyBy !== undefined))
        throw new AppError("VALIDATION_FAILED", { zh: "责令整改的须写明整改期限，其他结果不写", en: "A rectification order, and only it, gives a deadline" });
      if (input.rectifyBy !== undefined && input.rectifyBy < today)
        throw new AppError("VALIDATION_FAILED", { zh: "整改期限不能早于今天", en: "The rectification deadline is not in the past" });
      let creditRecordId: number | null = null;
      if (input.credit) {
        if (input.outcome !== "problem")
          throw new AppError("VALIDATION_FAILED", { zh: "只有发现问题的检查结果可以记录信用", en: "Only a finding with a problem records credit" });
        const parties = await partiesOf(trx, target);
        if (!parties.includes(input.credit.subjectUscc.trim().toUpperCase()))
          throw new AppError("VALIDATION_FAILED", {
            zh: "信用记录针对被检查的代理机构，或被检查项目的招标人、代理机构",
            en: "The credit record is about the inspected agency, or the inspected project's tenderer or agency",
          });
        const c = input.credit;
        creditRecordId = (
          await this.credit.recordIn(trx, ctx, {
            subjectUscc: c.subjectUscc,
            kind: c.kind,
            reason: c.reason,
            documentNo: c.documentNo,
            restrictedActions: c.restrictedActions,
            ...(c.endsAt ? { endsAt: c.endsAt } : {}),
            public: true,
          })
        ).id;
      }
      await trx
        .updateTable("inspection_target")
        .set({
          outcome: input.outcome,
          finding: input.finding,
          rectify_by: input.rectifyBy ?? null,
          recorded_by: ctx.actor.userId,
          recorded_at: this.deps.clock.now(),
          credit_record_id: creditRecordId,
        })
        .where("id", "=", targetId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "inspection.finding.record",
        objectType: "inspection_target",
        objectId: targetId,
        detail: { planId: plan.id, outcome: input.outcome, creditRecordId },
      });
      return this.viewIn(trx, ctx.actor, plan.id);
    });
  }

  /** 一公开: every target has its finding; the results become public and the seed is revealed. */
  async publish(ctx: ActionContext, planId: number) {
    return change(this.deps, async (trx) => {
      const plan = await this.lockPlan(trx, ctx.actor, planId);
      if (plan.status !== "drawn") throw stateError(plan.status, "drawn");
      const open = await trx.selectFrom("inspection_target").select("id").where("plan_id", "=", planId).where("outcome", "is", null).execute();
      if (open.length > 0)
        throw new AppError(
          "STATE_INVALID",
          { zh: `还有 ${open.length} 个抽查对象未记录检查结果`, en: `${open.length} targets have no finding yet` },
          { extra: { targetIds: open.map((t) => t.id) } },
        );
      const seed = Buffer.from(this.seedOf(planId)).toString("hex");
      await trx
        .updateTable("inspection_plan")
        .set({ status: "published", seed, published_by: ctx.actor.userId, published_at: this.deps.clock.now() })
        .where("id", "=", planId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "inspection.plan.publish",
        objectType: "inspection_plan",
        objectId: planId,
        detail: { seedRevealed: true },
      });
      return this.viewIn(trx, ctx.actor, planId);
    });
  }

  /** Plans in the caller's scope: its department's and those it inspects (supervisor), all (inspector). */
  async list(actor: Actor) {
    let q = this.deps.db.selectFrom("inspection_plan as p").select("p.id").orderBy("p.id", "desc");
    if (actor.role === "supervisor") {
      q = q.where((eb) =>
        eb.or([
          eb("p.department_code", "=", actor.departmentCode ?? ""),
          eb.exists(
            eb
              .selectFrom("inspection_assignment as a")
              .select("a.id")
              .whereRef("a.plan_id", "=", "p.id")
              .where("a.inspector_user_id", "=", actor.userId ?? -1),
          ),
        ]),
      );
    } else if (actor.role !== "inspector") throw new AppError("FORBIDDEN_SCOPE");
    const ids = await q.execute();
    const out = [];
    for (const { id } of ids) out.push(await this.viewIn(this.deps.db, actor, id, false));
    return out;
  }

  async view(actor: Actor, planId: number) {
    return this.viewIn(this.deps.db, actor, planId);
  }

  /**
   * Public: the commitment from the moment it is made; once published, the seed, the whole draw input
   * and the result — with the server's own re-run — so anyone can check the draw.
   */
  async publicDraw(planId: number) {
    const plan = await this.deps.db.selectFrom("inspection_plan").selectAll().where("id", "=", planId).executeTakeFirst();
    if (!plan || plan.status === "draft") throw notFound({ zh: "抽查计划", en: "The inspection plan" });
    const revealed = plan.status === "published" && plan.seed !== null;
    const base = {
      id: plan.id,
      planId: planKey(plan.id),
      status: plan.status,
      year: plan.year,
      departmentCode: plan.department_code,
      platformCode: plan.platform_code,
      algorithm: `${INSPECTION_DRAW_ALGORITHM} (HMAC-DRBG SHA-256, commitment SHA-256)`,
      commitment: plan.commitment,
      inputDigest: plan.input_digest,
      committedAt: plan.committed_at?.toISOString() ?? null,
      seed: revealed ? plan.seed : null,
    };
    if (!revealed) return { ...base, input: null, snapshot: null, targets: null, verification: null };
    const snapshot = plan.snapshot as unknown as Snapshot;
    const input = drawInputOf(plan, snapshot);
    const targets = await drawnTargets(this.deps.db, plan.id, snapshot);
    const verification = verifyInspectionDraw({
      ...input,
      seedHex: plan.seed as string,
      commitment: plan.commitment as string,
      inputDigest: plan.input_digest as string,
      targets,
    });
    return {
      ...base,
      input,
      snapshot: {
        projects: snapshot.projects.map((p) => ({ key: p.key, code: p.code, name: p.name })),
        agencies: snapshot.agencies.map((a) => ({ key: a.key, uscc: a.uscc, name: a.name })),
        inspectors: snapshot.inspectors.map((i) => ({ key: i.key, name: i.name })),
      },
      targets,
      verification,
    };
  }

  /** Public (一公开): the published plans with every target's finding. */
  async published(filter: { year?: number } = {}) {
    let q = this.deps.db.selectFrom("inspection_plan").select("id").where("status", "=", "published").orderBy("published_at", "desc");
    if (filter.year !== undefined) q = q.where("year", "=", filter.year);
    const ids = await q.execute();
    const out = [];
    for (const { id } of ids) {
      const v = await this.viewIn(this.deps.db, null, id);
      out.push({
        id: v.id,
        name: v.name,
        year: v.year,
        platformCode: v.platformCode,
        departmentCode: v.departmentCode,
        departmentName: v.departmentName,
        activeAgencies: v.activeAgencies,
        requiredAgencies: v.requiredAgencies,
        commitment: v.commitment,
        seed: v.seed,
        publishedAt: v.publishedAt,
        targets: v.targets.map((t) => ({
          order: t.order,
          kind: t.kind,
          code: t.code,
          name: t.name,
          inspectors: t.inspectors.map((i) => i.name),
          outcome: t.outcome,
          finding: t.finding,
          rectifyBy: t.rectifyBy,
          recordedAt: t.recordedAt,
          creditRecordId: t.creditRecordId,
        })),
      });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------

  private async departmentOf(actor: Actor) {
    const department = await this.deps.db
      .selectFrom("department")
      .select(["code", "platform_code"])
      .where("code", "=", actor.departmentCode ?? "")
      .executeTakeFirst();
    if (!department) throw new AppError("FORBIDDEN_SCOPE", { zh: "账户未隶属监管部门", en: "The account belongs to no supervisory department" });
    return department;
  }

  private async lockPlan(trx: Transaction<DB>, actor: Actor, planId: number) {
    const plan = await trx.selectFrom("inspection_plan").selectAll().where("id", "=", planId).forUpdate().executeTakeFirst();
    if (!plan) throw notFound({ zh: "抽查计划", en: "The inspection plan" });
    if (actor.role !== "supervisor" || actor.departmentCode !== plan.department_code)
      throw new AppError("FORBIDDEN_SCOPE", { zh: "只有制定计划的监管部门可以办理", en: "Only the plan's department handles it" });
    return plan;
  }

  private seedOf(planId: number): Uint8Array {
    const hex = this.secrets.secret(planKey(planId));
    if (!hex) throw new AppError("STATE_INVALID", { zh: "抽查种子不可用", en: "The committed seed is unavailable" });
    return new Uint8Array(Buffer.from(hex, "hex"));
  }

  /**
   * The population of a plan: the department's tender projects registered on its platform in the year,
   * and the agencies active on the platform in the year (agency role, agency of such a project of any
   * department), both by Beijing-time `created_at`.
   */
  private async population(db: Db, department: { code: string; platform_code: string }, year: number) {
    const from = startOfCivilDay(`${year}-01-01`);
    const to = startOfCivilDay(`${year + 1}-01-01`);
    const projects = await db
      .selectFrom("tender_project")
      .select(["id", "tender_project_code", "name"])
      .where("platform_code", "=", department.platform_code)
      .where("department_code", "=", department.code)
      .where("created_at", ">=", from)
      .where("created_at", "<", to)
      .orderBy("id")
      .execute();
    const agencyProjects = await db
      .selectFrom("tender_project as p")
      .innerJoin("subject as s", "s.id", "p.agency_subject_id")
      .innerJoin("subject_role as r", (j) => j.onRef("r.subject_id", "=", "s.id").on("r.role", "=", "agency"))
      .select(["s.id", "s.uscc", "s.name", "p.id as project_id"])
      .where("p.platform_code", "=", department.platform_code)
      .where("p.created_at", ">=", from)
      .where("p.created_at", "<", to)
      .orderBy("s.id")
      .orderBy("p.id")
      .execute();
    const agencies = new Map<number, Snapshot["agencies"][number]>();
    for (const r of agencyProjects) {
      const a = agencies.get(r.id) ?? { key: `agency:${r.uscc}`, subjectId: r.id, uscc: r.uscc, name: r.name, projectIds: [] };
      a.projectIds.push(r.project_id);
      agencies.set(r.id, a);
    }
    return {
      projects: projects.map((p) => ({ key: `project:${p.tender_project_code}`, projectId: p.id, code: p.tender_project_code, name: p.name })),
      agencies: [...agencies.values()],
    };
  }

  /** The inspector pool: the named supervisor accounts of the platform, or the department's own. */
  private async inspectorPool(db: Db, department: { code: string; platform_code: string }, names: string[] | undefined): Promise<Snapshot["inspectors"]> {
    let q = db
      .selectFrom("user_account as u")
      .innerJoin("department as d", "d.code", "u.department_code")
      .select(["u.id", "u.username", "u.display_name", "u.department_code"])
      .where("u.role", "=", "supervisor")
      .where("u.status", "=", "active")
      .where("d.platform_code", "=", department.platform_code)
      .orderBy("u.id");
    q = names ? q.where("u.username", "in", names.length > 0 ? names : [""]) : q.where("u.department_code", "=", department.code);
    const rows = await q.execute();
    if (names) {
      const found = new Set(rows.map((r) => r.username));
      const unknown = names.filter((n) => !found.has(n));
      if (unknown.length > 0)
        throw new AppError(
          "VALIDATION_FAILED",
          { zh: `以下账户不是本平台在用的监管部门账户：${unknown.join("、")}`, en: `Not active supervisor accounts of this platform: ${unknown.join(", ")}` },
          { extra: { usernames: unknown } },
        );
    }
    return rows.map((r) => ({ key: `user:${r.id}`, userId: r.id, name: r.display_name, departmentCode: r.department_code as string }));
  }

  /** The relations of each inspector the avoidance rules look at, read from the platform's records. */
  private async inspectorFacts(db: Db, pool: Snapshot["inspectors"]): Promise<InspectorFacts[]> {
    if (pool.length === 0) return [];
    const userIds = pool.map((i) => i.userId);
    const accounts = await db.selectFrom("user_account").select(["id", "person_id"]).where("id", "in", userIds).execute();
    const personOf = new Map(accounts.map((a) => [a.id, a.person_id]));
    const personIds = accounts.flatMap((a) => (a.person_id === null ? [] : [a.person_id]));
    const now = this.deps.clock.now();
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - FORMER_STAFF_YEARS);
    const staff = personIds.length
      ? await db
          .selectFrom("subject_staff as st")
          .innerJoin("subject as s", "s.id", "st.subject_id")
          .select(["st.person_id", "s.uscc"])
          .where("st.person_id", "in", personIds)
          .where((eb) => eb.or([eb("st.ended_at", "is", null), eb("st.ended_at", ">=", cutoff)]))
          .execute()
      : [];
    const held = personIds.length
      ? await db
          .selectFrom("user_account as u")
          .innerJoin("subject as s", "s.id", "u.subject_id")
          .select(["u.person_id", "s.uscc"])
          .where("u.person_id", "in", personIds)
          .execute()
      : [];
    const committees = personIds.length
      ? await db
          .selectFrom("expert as e")
          .innerJoin("expert_draw as d", (j) => j.on(sql<boolean>`d.members @> jsonb_build_array(jsonb_build_object('expertId', e.id::text))`))
          .innerJoin("tender_section as s", "s.id", "d.section_id")
          .select(["e.person_id", "s.tender_project_id"])
          .where("e.person_id", "in", personIds)
          .execute()
      : [];
    const handled = await this.handledProjects(db, userIds);
    return pool.map((inspector) => {
      const person = personOf.get(inspector.userId) ?? null;
      return {
        id: inspector.key,
        employerUsccs: staff.filter((r) => r.person_id === person).map((r) => r.uscc),
        accountUsccs: held.filter((r) => r.person_id === person).map((r) => r.uscc),
        handledProjectIds: handled.get(inspector.userId) ?? [],
        committeeProjectIds: committees.filter((r) => r.person_id === person).map((r) => r.tender_project_id),
      };
    });
  }

  /**
   * Tender projects each account acted on, from the audit log: the project itself, its sections (and
   * their award), and the alerts and complaints about its sections.
   */
  private async handledProjects(db: Db, userIds: number[]) {
    const entries = await db
      .selectFrom("audit_entry as e")
      .leftJoin("tender_section as s", (j) =>
        j.on((eb) => eb.and([eb("e.object_type", "in", ["tender_section", "tender_award"]), sql<boolean>`e.object_id = s.id::text`])),
      )
      .leftJoin("alert as a", (j) => j.on((eb) => eb.and([eb("e.object_type", "=", "alert"), sql<boolean>`e.object_id = a.id::text`])))
      .leftJoin("complaint as c", (j) => j.on((eb) => eb.and([eb("e.object_type", "=", "complaint"), sql<boolean>`e.object_id = c.id::text`])))
      .leftJoin("tender_section as sa", (j) => j.on((eb) => eb.or([eb("sa.id", "=", eb.ref("a.section_id")), eb("sa.id", "=", eb.ref("c.section_id"))])))
      .select(["e.actor_user_id", "e.object_type", "e.object_id", "s.tender_project_id as section_project", "sa.tender_project_id as matter_project"])
      .where("e.actor_user_id", "in", userIds)
      .where("e.object_type", "in", ["tender_project", "tender_section", "tender_award", "alert", "complaint"])
      .execute();
    const out = new Map<number, number[]>();
    for (const e of entries) {
      const project = e.object_type === "tender_project" ? Number(e.object_id) : (e.section_project ?? e.matter_project);
      if (project === null || project === undefined || e.actor_user_id === null) continue;
      const list = out.get(e.actor_user_id) ?? [];
      if (!list.includes(project)) list.push(project);
      out.set(e.actor_user_id, list);
    }
    return out;
  }

  /** The parties of each candidate target: an agency itself; a project's tenderer, agency and registered bidders. */
  private async targetFacts(db: Db, population: Pick<Snapshot, "projects" | "agencies">): Promise<TargetFacts[]> {
    const projectIds = population.projects.map((p) => p.projectId);
    const parties = new Map<number, string[]>();
    if (projectIds.length > 0) {
      const heads = await db
        .selectFrom("tender_project as p")
        .innerJoin("subject as t", "t.id", "p.tenderer_subject_id")
        .leftJoin("subject as a", "a.id", "p.agency_subject_id")
        .select(["p.id", "t.uscc as tenderer", "a.uscc as agency"])
        .where("p.id", "in", projectIds)
        .execute();
      for (const h of heads) parties.set(h.id, [h.tenderer, ...(h.agency ? [h.agency] : [])]);
      const bidders = await db
        .selectFrom("bid_registration as r")
        .innerJoin("tender_section as s", "s.id", "r.section_id")
        .innerJoin("subject as b", "b.id", "r.bidder_subject_id")
        .select(["s.tender_project_id", "b.uscc"])
        .where("s.tender_project_id", "in", projectIds)
        .execute();
      for (const b of bidders) parties.get(b.tender_project_id)?.push(b.uscc);
    }
    return [
      ...population.projects.map((p) => ({ id: p.key, partyUsccs: parties.get(p.projectId) ?? [], projectIds: [p.projectId] })),
      ...population.agencies.map((a) => ({ id: a.key, partyUsccs: [a.uscc], projectIds: a.projectIds })),
    ];
  }

  private async viewIn(db: Db, actor: Actor | null, planId: number, withTargets = true) {
    const plan = await db
      .selectFrom("inspection_plan as p")
      .innerJoin("department as d", "d.code", "p.department_code")
      .innerJoin("user_account as u", "u.id", "p.created_by")
      .selectAll("p")
      .select(["d.name as department_name", "u.display_name as created_by_name"])
      .where("p.id", "=", planId)
      .executeTakeFirst();
    if (!plan) throw notFound({ zh: "抽查计划", en: "The inspection plan" });
    const targets = withTargets || actor === null ? await targetViews(db, planId) : [];
    if (actor !== null) {
      const own = actor.role === "supervisor" && actor.departmentCode === plan.department_code;
      const assigned =
        !own &&
        actor.role !== "inspector" &&
        (await db
          .selectFrom("inspection_assignment")
          .select("id")
          .where("plan_id", "=", planId)
          .where("inspector_user_id", "=", actor.userId ?? -1)
          .executeTakeFirst()) !== undefined;
      if (!(actor.role === "inspector" || own || assigned))
        throw new AppError("FORBIDDEN_SCOPE", { zh: "该抽查计划不属于本部门", en: "This inspection plan is not your department's" });
    }
    const snapshot = plan.snapshot as unknown as Snapshot | null;
    const population =
      plan.status === "draft" && actor !== null
        ? await this.population(db, { code: plan.department_code, platform_code: plan.platform_code }, plan.year)
        : undefined;
    const nameOf = new Map((snapshot?.inspectors ?? []).map((i) => [i.key, i.name]));
    const targetName = new Map([...(snapshot?.projects ?? []), ...(snapshot?.agencies ?? [])].map((t) => [t.key, t.name]));
    return {
      id: plan.id,
      planId: planKey(plan.id),
      platformCode: plan.platform_code,
      departmentCode: plan.department_code,
      departmentName: plan.department_name,
      year: plan.year,
      name: plan.name,
      status: plan.status,
      projectCount: plan.project_count,
      agencyCount: plan.agency_count,
      inspectorsPerTarget: plan.inspectors_per_target,
      inspectorUsernames: plan.inspector_usernames,
      activeAgencies: plan.active_agencies ?? population?.agencies.length ?? null,
      requiredAgencies: plan.required_agencies ?? (population ? requiredAgencyCount(population.agencies.length) : null),
      candidateProjects: snapshot?.projects.length ?? population?.projects.length ?? null,
      commitment: plan.commitment,
      inputDigest: plan.input_digest,
      seed: plan.status === "published" ? plan.seed : null,
      createdBy: plan.created_by_name,
      createdAt: plan.created_at.toISOString(),
      committedAt: plan.committed_at?.toISOString() ?? null,
      drawnAt: plan.drawn_at?.toISOString() ?? null,
      publishedAt: plan.published_at?.toISOString() ?? null,
      basis: { agencies: AGENCY_SHARE_BASIS, inspectors: INSPECTORS_BASIS },
      /** After the commitment: the inspector pool and who avoids what (names resolved). */
      pool: actor === null ? null : (snapshot?.inspectors.map((i) => ({ userId: i.userId, name: i.name, departmentCode: i.departmentCode })) ?? null),
      avoidance:
        actor === null
          ? null
          : (snapshot?.conflicts.map((c) => ({
              inspector: nameOf.get(c.inspector) ?? c.inspector,
              inspectorKey: c.inspector,
              target: targetName.get(c.target) ?? c.target,
              targetKey: c.target,
              reasons: c.reasons,
            })) ?? null),
      targets: targets.map((t) => ({ ...t, mine: actor !== null && t.inspectors.some((i) => i.userId === actor.userId) })),
    };
  }
}

async function targetViews(db: Db, planId: number) {
  const rows = await db
    .selectFrom("inspection_target as t")
    .leftJoin("tender_project as p", "p.id", "t.tender_project_id")
    .leftJoin("subject as s", "s.id", "t.subject_id")
    .leftJoin("user_account as r", "r.id", "t.recorded_by")
    .selectAll("t")
    .select(["p.name as project_name", "p.tender_project_code", "s.name as subject_name", "s.uscc", "r.display_name as recorded_by_name"])
    .where("t.plan_id", "=", planId)
    .orderBy("t.draw_order")
    .execute();
  const assignments = await db
    .selectFrom("inspection_assignment as a")
    .innerJoin("user_account as u", "u.id", "a.inspector_user_id")
    .select(["a.target_id", "a.inspector_user_id", "a.draw_order", "u.display_name"])
    .where("a.plan_id", "=", planId)
    .orderBy("a.target_id")
    .orderBy("a.draw_order")
    .execute();
  return rows.map((t) => ({
    id: t.id,
    order: t.draw_order,
    kind: t.kind,
    key: t.target_key,
    projectId: t.tender_project_id,
    subjectId: t.subject_id,
    code: (t.kind === "project" ? t.tender_project_code : t.uscc) as string,
    name: (t.kind === "project" ? t.project_name : t.subject_name) as string,
    inspectors: assignments.filter((a) => a.target_id === t.id).map((a) => ({ userId: a.inspector_user_id, name: a.display_name })),
    outcome: t.outcome,
    finding: t.finding,
    rectifyBy: t.rectify_by,
    recordedBy: t.recorded_by_name,
    recordedAt: t.recorded_at?.toISOString() ?? null,
    creditRecordId: t.credit_record_id,
  }));
}

/** The published result in the draw's own terms (target keys, inspector keys), for the re-run. */
async function drawnTargets(db: Db, planId: number, snapshot: Snapshot): Promise<DrawnTarget[]> {
  const keyOf = new Map(snapshot.inspectors.map((i) => [i.userId, i.key]));
  return (await targetViews(db, planId)).map((t) => ({
    id: t.key,
    kind: t.kind,
    order: t.order,
    inspectors: t.inspectors.map((i) => keyOf.get(i.userId) ?? `user:${i.userId}`),
  }));
}

async function partiesOf(trx: Transaction<DB>, target: { kind: "project" | "agency"; tender_project_id: number | null; subject_id: number | null }) {
  if (target.kind === "agency") {
    const s = await trx
      .selectFrom("subject")
      .select("uscc")
      .where("id", "=", target.subject_id as number)
      .executeTakeFirstOrThrow();
    return [s.uscc];
  }
  const p = await trx
    .selectFrom("tender_project as p")
    .innerJoin("subject as t", "t.id", "p.tenderer_subject_id")
    .leftJoin("subject as a", "a.id", "p.agency_subject_id")
    .select(["t.uscc as tenderer", "a.uscc as agency"])
    .where("p.id", "=", target.tender_project_id as number)
    .executeTakeFirstOrThrow();
  return [p.tenderer, ...(p.agency ? [p.agency] : [])];
}

function drawInputOf(
  plan: { id: number; project_count: number; agency_count: number; inspectors_per_target: number },
  snapshot: Snapshot,
): Omit<InspectionDrawInput, "seed"> {
  return {
    planId: planKey(plan.id),
    projects: snapshot.projects.map((p) => p.key),
    agencies: snapshot.agencies.map((a) => a.key),
    inspectors: snapshot.inspectors.map((i) => i.key),
    projectCount: plan.project_count,
    agencyCount: plan.agency_count,
    inspectorsPerTarget: plan.inspectors_per_target,
    conflicts: snapshot.conflicts,
  };
}

function assertPlan(input: Parameters<typeof checkInspectionPlan>[0]) {
  const failure = checkInspectionPlan(input);
  if (failure) throw drawError(failure);
}

function assertPoolSize(size: number, needed: number) {
  if (size < needed)
    throw new AppError(
      "INSPECTORS_INSUFFICIENT",
      { zh: `检查人员名单只有 ${size} 人，每个对象需 ${needed} 人`, en: `The inspector list has ${size} people; ${needed} are needed per target` },
      { extra: { eligible: size, needed, basis: INSPECTORS_BASIS } },
    );
}

function drawError(failure: InspectionDrawFailure): AppError {
  switch (failure.code) {
    case "AGENCY_SHARE":
      return new AppError(
        "INSPECTION_SHARE_TOO_LOW",
        {
          zh: `本年度本平台活跃的代理机构 ${failure.active} 家，至少应抽查 ${failure.required} 家（25%，向上取整）`,
          en: `${failure.active} agencies were active: at least ${failure.required} must be inspected (25%, rounded up)`,
        },
        { extra: { active: failure.active, required: failure.required, requested: failure.requested, basis: AGENCY_SHARE_BASIS } },
      );
    case "POPULATION_TOO_SMALL":
      return new AppError(
        "INSPECTION_POPULATION_TOO_SMALL",
        {
          zh: `${failure.kind === "project" ? "项目" : "代理机构"}只有 ${failure.available} 个，不能抽取 ${failure.requested} 个`,
          en: `Only ${failure.available} ${failure.kind} targets; ${failure.requested} requested`,
        },
        { extra: { kind: failure.kind, available: failure.available, requested: failure.requested } },
      );
    case "TOO_FEW_INSPECTORS_PER_TARGET":
      return new AppError(
        "RULE_VIOLATION",
        { zh: `每个抽查对象的检查人员不得少于 ${failure.minimum} 人`, en: `At least ${failure.minimum} inspectors per target` },
        { extra: { rule: "INSPECTORS_PER_TARGET", basis: INSPECTORS_BASIS, minimum: failure.minimum } },
      );
    case "INSUFFICIENT_INSPECTORS":
      return new AppError(
        "INSPECTORS_INSUFFICIENT",
        { zh: `回避后可检查 ${failure.target} 的人员不足`, en: failure.message },
        { extra: { target: failure.target, eligible: failure.eligible, needed: failure.needed } },
      );
    default:
      return new AppError("VALIDATION_FAILED", { zh: failure.message, en: failure.message });
  }
}

function stateError(status: string, expected: string) {
  return new AppError(
    "STATE_INVALID",
    { zh: `抽查计划状态为 ${status}，此操作需在 ${expected} 状态`, en: `The plan is ${status}; this step needs ${expected}` },
    { extra: { planStatus: status } },
  );
}
