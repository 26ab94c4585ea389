import type { Transaction } from "kysely";
import { toCivilDate } from "../../platform/calendar/working-days.ts";
import type { DB, PrequalificationResult } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import { assertNotRestricted } from "../credit/credit-service.ts";
import { checkDocumentSalePeriod, checkPrequalificationApplicationPeriod, checkPrequalifiedApplicants, type LimitResult } from "./domain/time-limits.ts";
import { assertTendererSide, lockSection, readSection, stateError } from "./section-access.ts";

type Reader = Deps["db"] | Transaction<DB>;

const limitError = (result: LimitResult) =>
  result.ok
    ? undefined
    : new AppError(
        "TIME_LIMIT",
        { zh: result.zh, en: result.en },
        { extra: { rule: result.rule, basis: result.basis, earliest: result.earliest, latest: result.latest } },
      );

/**
 * 资格预审 of an open tender's section (招标投标法实施条例第十五条至第十九条):
 * the 资格预审公告 with the documents' sale window (≥ 5 days, 条例16) and the application deadline
 * (≥ 5 days after the sale ends, 条例17 — calendar days, the text says 日); applications, secret from
 * the other applicants and from the tenderer until the deadline; the review (资格审查, 条例18) with
 * the reasons for every failure; the results notified to each applicant (条例19). Fewer than 3
 * passing: the section fails and is tendered again (条例19); otherwise only the applicants who passed
 * may register once the tender notice (投标邀请书) is out — checked by {@link assertPrequalified},
 * which the registration calls.
 */
export class PrequalificationService {
  constructor(
    private readonly deps: Deps,
    private readonly calendar: CalendarService,
  ) {}

  private now() {
    return this.deps.clock.now();
  }

  /** 资格预审公告: the sale window of the pre-qualification documents and the application deadline. */
  async publish(ctx: ActionContext, sectionId: number, input: { docSaleStart: Date; docSaleEnd: Date; applicationDeadline: Date }) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      assertTendererSide(ctx.actor, project);
      if (project.method !== "open") throw new AppError("STATE_INVALID", { zh: "资格预审适用于公开招标", en: "Pre-qualification applies to open tenders" });
      if (section.status !== "draft") throw stateError(section.status, "draft");
      const existing = await trx.selectFrom("tender_prequalification").select("section_id").where("section_id", "=", sectionId).executeTakeFirst();
      if (existing) throw new AppError("CONFLICT", { zh: "该标段已发布资格预审公告", en: "The pre-qualification notice is already published" });
      const now = this.now();
      if (toCivilDate(input.docSaleStart) < toCivilDate(now))
        throw new AppError("VALIDATION_FAILED", { zh: "资格预审文件发售开始日期不能早于今天", en: "The sale cannot start in the past" });
      if (input.docSaleEnd.getTime() <= input.docSaleStart.getTime() || input.applicationDeadline.getTime() <= input.docSaleEnd.getTime())
        throw new AppError("VALIDATION_FAILED", {
          zh: "须依次为发售开始、发售截止、申请截止",
          en: "The sale starts, then ends, then applications close",
        });
      const problem =
        limitError(checkDocumentSalePeriod({ saleStart: input.docSaleStart, saleEnd: input.docSaleEnd, document: "prequalification" }, calendar)) ??
        limitError(
          checkPrequalificationApplicationPeriod(
            { saleEnd: input.docSaleEnd, applicationDeadline: input.applicationDeadline, compulsory: project.compulsory },
            calendar,
          ),
        );
      if (problem) throw problem;
      await trx
        .insertInto("tender_prequalification")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          doc_sale_start: input.docSaleStart,
          doc_sale_end: input.docSaleEnd,
          application_deadline: input.applicationDeadline,
          published_by: ctx.actor.userId as number,
          published_at: now,
          notified_by: null,
          notified_at: null,
          passed_count: null,
        })
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.prequalification.publish",
        objectType: "tender_prequalification",
        objectId: sectionId,
        detail: { basis: "招标投标法实施条例第十五条、第十六条、第十七条" },
      });
      return this.viewIn(trx, sectionId);
    });
  }

  /** The public 资格预审公告: its schedule and where it stands; never who applied. */
  async notice(sectionId: number) {
    await readSection(this.deps.db, sectionId);
    return this.viewIn(this.deps.db, sectionId);
  }

  /** Public 资格预审公告, newest first: the schedule of each, never who applied. */
  async notices(limit: number) {
    const rows = await this.deps.db
      .selectFrom("tender_prequalification as q")
      .innerJoin("tender_section as s", "s.id", "q.section_id")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .select([
        "q.section_id",
        "q.status",
        "q.doc_sale_start",
        "q.doc_sale_end",
        "q.application_deadline",
        "q.published_at",
        "s.name as section_name",
        "s.section_code",
        "p.name as project_name",
        "p.platform_code",
      ])
      .orderBy("q.published_at", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      sectionId: r.section_id,
      projectName: r.project_name,
      sectionName: r.section_name,
      sectionCode: r.section_code,
      platformCode: r.platform_code,
      status: r.status,
      publishedAt: r.published_at.toISOString(),
      docSaleStart: r.doc_sale_start.toISOString(),
      docSaleEnd: r.doc_sale_end.toISOString(),
      applicationDeadline: r.application_deadline.toISOString(),
    }));
  }

  /** 提交资格预审申请文件: from the start of the sale until the application deadline. */
  apply(ctx: ActionContext, sectionId: number, input: { statement?: string }) {
    return change(this.deps, async (trx) => {
      await lockSection(trx, sectionId);
      const prequal = await this.lockPrequalification(trx, sectionId);
      if (prequal.status !== "open") throw new AppError("STATE_INVALID", { zh: "资格预审已结束", en: "The pre-qualification is over" });
      const now = this.now();
      if (now.getTime() < prequal.doc_sale_start.getTime())
        throw new AppError("NOT_YET_DUE", { zh: "资格预审文件尚未开始发售", en: "The pre-qualification documents are not on sale yet" });
      if (now.getTime() > prequal.application_deadline.getTime())
        throw new AppError("DEADLINE_PASSED", { zh: "提交资格预审申请文件的截止时间已过", en: "The application deadline has passed" });
      const subjectId = ctx.actor.subjectId as number;
      await assertNotRestricted(trx, subjectId, "register", now);
      const existing = await trx
        .selectFrom("prequalification_application")
        .select("id")
        .where("section_id", "=", sectionId)
        .where("applicant_subject_id", "=", subjectId)
        .executeTakeFirst();
      if (existing) return { applicationId: existing.id, sectionId };
      const row = await trx
        .insertInto("prequalification_application")
        .values({
          section_id: sectionId,
          platform_code: prequal.platform_code,
          applicant_subject_id: subjectId,
          applied_by: ctx.actor.userId as number,
          applied_at: now,
          ip: ctx.ip,
          statement: input.statement ?? null,
          result: null,
          reasons: JSON.stringify([]),
          reviewed_by: null,
          reviewed_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "tender.prequalification.apply", objectType: "prequalification_application", objectId: row.id });
      return { applicationId: row.id, sectionId };
    });
  }

  /** 资格审查: the tenderer (or its agency) records the result of one applicant; a failure needs its reasons. */
  review(ctx: ActionContext, applicationId: number, input: { result: PrequalificationResult; reasons?: string[] }) {
    return change(this.deps, async (trx) => {
      const application = await trx.selectFrom("prequalification_application").selectAll().where("id", "=", applicationId).executeTakeFirst();
      if (!application) throw notFound({ zh: "资格预审申请", en: "The application" });
      const { project } = await lockSection(trx, application.section_id);
      assertTendererSide(ctx.actor, project);
      const prequal = await this.lockPrequalification(trx, application.section_id);
      if (prequal.status !== "open") throw new AppError("STATE_INVALID", { zh: "资格预审结果已通知，不得更改", en: "The results are notified and final" });
      const now = this.now();
      if (now.getTime() <= prequal.application_deadline.getTime())
        throw new AppError("NOT_YET_DUE", { zh: "申请截止后方可进行资格审查", en: "The review starts after the application deadline" });
      const reasons = (input.reasons ?? []).map((r) => r.trim()).filter((r) => r.length > 0);
      if (input.result === "failed" && reasons.length === 0) {
        const message = { zh: "未通过资格审查的，须逐项写明理由", en: "A failed applicant needs the reasons" };
        throw new AppError("VALIDATION_FAILED", message, { fieldErrors: [{ field: "reasons", ...message }] });
      }
      await trx
        .updateTable("prequalification_application")
        .set({
          result: input.result,
          reasons: JSON.stringify(input.result === "failed" ? reasons : []),
          reviewed_by: ctx.actor.userId as number,
          reviewed_at: now,
        })
        .where("id", "=", applicationId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.prequalification.review",
        objectType: "prequalification_application",
        objectId: applicationId,
        detail: { result: input.result, revised: application.result !== null },
      });
      return { applicationId, result: input.result, reasons: input.result === "failed" ? reasons : [], reviewedAt: now.toISOString() };
    });
  }

  /**
   * 资格预审结果通知书 (条例19): once every application is reviewed. Fewer than 3 passing: the section
   * fails (重新招标); otherwise the tender notice may go out to those who passed.
   */
  notify(ctx: ActionContext, sectionId: number) {
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      assertTendererSide(ctx.actor, project);
      const prequal = await this.lockPrequalification(trx, sectionId);
      if (prequal.status !== "open") throw new AppError("STATE_INVALID", { zh: "资格预审结果已通知", en: "The results are already notified" });
      if (section.status !== "draft") throw stateError(section.status, "draft");
      const now = this.now();
      if (now.getTime() <= prequal.application_deadline.getTime())
        throw new AppError("NOT_YET_DUE", { zh: "申请截止后方可通知资格预审结果", en: "Results are notified after the application deadline" });
      const applications = await trx.selectFrom("prequalification_application").select(["id", "result"]).where("section_id", "=", sectionId).execute();
      const unreviewed = applications.filter((a) => a.result === null).length;
      if (unreviewed > 0)
        throw new AppError(
          "PREQUALIFICATION_UNREVIEWED",
          { zh: `尚有${unreviewed}份资格预审申请未审查`, en: `${unreviewed} application(s) are not reviewed yet` },
          { extra: { unreviewed } },
        );
      const passed = applications.filter((a) => a.result === "passed").length;
      const enough = checkPrequalifiedApplicants(passed);
      await trx
        .updateTable("tender_prequalification")
        .set({ status: enough.ok ? "notified" : "failed", notified_by: ctx.actor.userId as number, notified_at: now, passed_count: passed })
        .where("section_id", "=", sectionId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.prequalification.notify",
        objectType: "tender_prequalification",
        objectId: sectionId,
        detail: { applications: applications.length, passed },
      });
      if (!enough.ok) {
        await trx.updateTable("tender_section").set({ status: "failed", failure_reason: enough.rule }).where("id", "=", sectionId).execute();
        await this.deps.audit.record(trx, ctx, {
          action: "tender.section.fail",
          objectType: "tender_section",
          objectId: sectionId,
          detail: { rule: enough.rule, basis: enough.basis, passed },
        });
        return {
          status: "failed" as const,
          applications: applications.length,
          passed,
          reason: { rule: enough.rule, basis: enough.basis, zh: enough.zh, en: enough.en },
        };
      }
      return { status: "notified" as const, applications: applications.length, passed, reason: null };
    });
  }

  /**
   * Applications of a section: the authorities (centre of the platform, the supervising department,
   * inspectors) always; the tenderer side after the application deadline; nobody else.
   */
  async applications(actor: Actor, sectionId: number) {
    const { section, project } = await readSection(this.deps.db, sectionId);
    const prequal = await this.deps.db.selectFrom("tender_prequalification").selectAll().where("section_id", "=", sectionId).executeTakeFirst();
    if (!prequal) throw notFound({ zh: "资格预审公告", en: "The pre-qualification notice" });
    const authority =
      actor.role === "inspector" ||
      (actor.role === "supervisor" && actor.departmentCode === project.department_code) ||
      (actor.role === "centre_staff" && actor.platformCode === section.platform_code);
    const owner = actor.subjectId !== null && (actor.subjectId === project.tenderer_subject_id || actor.subjectId === project.agency_subject_id);
    if (!authority && !owner) throw new AppError("FORBIDDEN_SCOPE", { zh: "资格预审申请人名单不公开", en: "The list of applicants is not public" });
    if (!authority && this.now().getTime() <= prequal.application_deadline.getTime())
      throw new AppError("FORBIDDEN_SCOPE", { zh: "申请截止前申请人名单保密", en: "The applicants are secret until the application deadline" });
    const rows = await this.deps.db
      .selectFrom("prequalification_application as a")
      .innerJoin("subject as s", "s.id", "a.applicant_subject_id")
      .select(["a.id", "a.applied_at", "a.ip", "a.statement", "a.result", "a.reasons", "a.reviewed_at", "s.uscc", "s.name"])
      .where("a.section_id", "=", sectionId)
      .orderBy("a.id")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      uscc: r.uscc,
      name: r.name,
      appliedAt: r.applied_at.toISOString(),
      ip: authority ? r.ip : undefined,
      statement: r.statement,
      result: r.result,
      reasons: r.reasons,
      reviewedAt: r.reviewed_at?.toISOString() ?? null,
    }));
  }

  /** The applicant's own application; its result once the results are notified (资格预审结果通知书). */
  async mine(actor: Actor, sectionId: number) {
    await readSection(this.deps.db, sectionId);
    const prequal = await this.deps.db.selectFrom("tender_prequalification").select("status").where("section_id", "=", sectionId).executeTakeFirst();
    const row = await this.deps.db
      .selectFrom("prequalification_application")
      .selectAll()
      .where("section_id", "=", sectionId)
      .where("applicant_subject_id", "=", actor.subjectId ?? -1)
      .executeTakeFirst();
    if (!row) return { applied: false as const, prequalification: prequal?.status ?? null };
    const notified = prequal !== undefined && prequal.status !== "open";
    return {
      applied: true as const,
      prequalification: prequal?.status ?? null,
      applicationId: row.id,
      appliedAt: row.applied_at.toISOString(),
      statement: row.statement,
      result: notified ? row.result : null,
      reasons: notified ? row.reasons : [],
    };
  }

  private async viewIn(db: Reader, sectionId: number) {
    const p = await db.selectFrom("tender_prequalification").selectAll().where("section_id", "=", sectionId).executeTakeFirst();
    if (!p) throw notFound({ zh: "资格预审公告", en: "The pre-qualification notice" });
    return {
      sectionId: p.section_id,
      platformCode: p.platform_code,
      status: p.status,
      docSaleStart: p.doc_sale_start.toISOString(),
      docSaleEnd: p.doc_sale_end.toISOString(),
      applicationDeadline: p.application_deadline.toISOString(),
      publishedAt: p.published_at.toISOString(),
      notifiedAt: p.notified_at?.toISOString() ?? null,
    };
  }

  private async lockPrequalification(trx: Transaction<DB>, sectionId: number) {
    const row = await trx.selectFrom("tender_prequalification").selectAll().where("section_id", "=", sectionId).forUpdate().executeTakeFirst();
    if (!row) throw notFound({ zh: "资格预审公告", en: "The pre-qualification notice" });
    return row;
  }
}

/** The tender notice of a pre-qualified section goes out only once the results are notified (条例19). */
export async function assertPrequalificationSettled(db: Reader, sectionId: number): Promise<void> {
  const row = await db.selectFrom("tender_prequalification").select("status").where("section_id", "=", sectionId).executeTakeFirst();
  if (row && row.status !== "notified")
    throw new AppError("PREQUALIFICATION_PENDING", {
      zh: "资格预审结果通知前不得发出投标邀请书",
      en: "The tender notice waits for the pre-qualification results",
    });
}

/**
 * 条例19: 未通过资格预审的申请人不具备投标资格. On a section tendered with pre-qualification only an
 * applicant who passed may register; without pre-qualification this changes nothing.
 */
export async function assertPrequalified(db: Reader, sectionId: number, subjectId: number): Promise<void> {
  const prequal = await db.selectFrom("tender_prequalification").select("status").where("section_id", "=", sectionId).executeTakeFirst();
  if (!prequal) return;
  if (prequal.status !== "notified") throw new AppError("PREQUALIFICATION_PENDING");
  const application = await db
    .selectFrom("prequalification_application")
    .select("result")
    .where("section_id", "=", sectionId)
    .where("applicant_subject_id", "=", subjectId)
    .executeTakeFirst();
  if (application?.result !== "passed")
    throw new AppError("NOT_PREQUALIFIED", {
      zh: "未通过资格预审的申请人不具备投标资格（招标投标法实施条例第十九条）",
      en: "Only applicants who passed the pre-qualification may register (条例19)",
    });
}
