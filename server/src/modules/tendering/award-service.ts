import type { Transaction } from "kysely";
import { beijingMinute } from "../../platform/calendar/working-days.ts";
import type { DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import type { AlertsService } from "../supervision/alerts-service.ts";
import { assertNotSuspendedByComplaint } from "../supervision/complaints-service.ts";
import { checkCandidatePublicity, checkContractSigning, checkWinnerReport, type LimitViolation } from "./domain/time-limits.ts";
import { assertTendererSide, lockSection, stateError } from "./section-access.ts";

type Flag = { rule: string; basis: string; zh: string; en: string };
const flagOf = (v: LimitViolation): Flag => ({ rule: v.rule, basis: v.basis, zh: v.zh, en: v.en });

/**
 * After the evaluation: 中标候选人公示 (set 511), 中标通知书 and 中标结果公告 (set 513), the contract
 * (set 512) and the written report to the supervisor. A minimum period that is too short is refused;
 * an act done after its deadline is still recorded (the deal must go on) but flagged for supervision.
 */
export class AwardService {
  constructor(
    private readonly deps: Deps,
    private readonly calendar: CalendarService,
    private readonly alerts: AlertsService,
  ) {}

  async publishCandidates(ctx: ActionContext, sectionId: number, input: { publicityStart: Date; publicityEnd: Date }) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section, project } = await lockTendererSection(trx, ctx.actor, sectionId);
      if (section.status !== "evaluated") throw stateError(section.status, "evaluated");
      if (input.publicityEnd.getTime() <= input.publicityStart.getTime()) {
        throw new AppError("VALIDATION_FAILED", { zh: "公示结束时间须晚于开始时间", en: "The publicity must end after it starts" });
      }
      const report = await trx.selectFrom("evaluation_report").select(["result", "completed_at"]).where("section_id", "=", sectionId).executeTakeFirstOrThrow();
      const violations = checkCandidatePublicity(
        { reportReceivedTime: report.completed_at as Date, publicityStart: input.publicityStart, publicityEnd: input.publicityEnd },
        calendar,
      );
      const tooShort = violations.find((v) => v.rule === "PUBLICITY_TOO_SHORT");
      if (tooShort)
        throw new AppError(
          "TIME_LIMIT",
          { zh: tooShort.zh, en: tooShort.en },
          { extra: { rule: tooShort.rule, basis: tooShort.basis, earliest: tooShort.earliest } },
        );
      const result = report.result as {
        candidates: { order: number; bidderCode: string; bidderName?: string }[];
        bids: { bidderCode: string; priceFen: number }[];
      };
      const candidates = result.candidates.map((c) => ({ ...c, priceFen: result.bids.find((b) => b.bidderCode === c.bidderCode)?.priceFen }));
      const flags = violations.map(flagOf);
      await trx
        .insertInto("tender_award")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          candidates: JSON.stringify(candidates),
          publicity_start: input.publicityStart,
          publicity_end: input.publicityEnd,
          publicity_published_at: this.deps.clock.now(),
          winner_subject_id: null,
          winner_price_fen: null,
          awarded_at: null,
          contract_code: null,
          contract_signed_at: null,
          contract_amount_fen: null,
          report_filed_at: null,
          flags: JSON.stringify(flags),
        })
        .execute();
      await trx.updateTable("tender_section").set({ status: "publicity" }).where("id", "=", sectionId).execute();
      await this.deps.audit.record(trx, ctx, {
        action: "award.publicity.publish",
        objectType: "tender_award",
        objectId: sectionId,
        detail: { flags: flags.map((f) => f.rule), project: project.tender_project_code },
      });
      await this.deps.audit.record(trx, ctx, { action: "award.publicity.status", objectType: "tender_section", objectId: sectionId });
      return this.resultIn(trx, sectionId);
    });
  }

  /** 定标: after the publicity; a state-controlled project must award the first candidate (条例55). */
  async award(ctx: ActionContext, sectionId: number, winnerUscc: string) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section, project } = await lockTendererSection(trx, ctx.actor, sectionId);
      if (section.status !== "publicity") throw stateError(section.status, "publicity");
      await assertNotSuspendedByComplaint(trx, sectionId);
      const award = await trx.selectFrom("tender_award").selectAll().where("section_id", "=", sectionId).executeTakeFirstOrThrow();
      if (this.deps.clock.now().getTime() <= award.publicity_end.getTime()) {
        throw new AppError("NOT_YET_DUE", {
          zh: `中标候选人公示期至北京时间 ${beijingMinute(award.publicity_end)} 结束`,
          en: `The publicity runs until ${beijingMinute(award.publicity_end)} Beijing time`,
        });
      }
      const candidate = award.candidates.find((c) => c.bidderCode === winnerUscc.toUpperCase());
      if (!candidate) throw new AppError("RULE_VIOLATION", { zh: "中标人须从中标候选人中确定", en: "The winner must be one of the candidates" });
      if (project.state_owned_controlling && candidate.order !== 1) {
        throw new AppError(
          "RULE_VIOLATION",
          {
            zh: "国有资金占控股或者主导地位的项目，应当确定排名第一的中标候选人为中标人（条例第五十五条）",
            en: "A state-controlled project awards the first-ranked candidate",
          },
          { extra: { basis: "招标投标法实施条例第五十五条" } },
        );
      }
      const winner = await trx.selectFrom("subject").select("id").where("uscc", "=", candidate.bidderCode).executeTakeFirstOrThrow();
      await trx
        .updateTable("tender_award")
        .set({ winner_subject_id: winner.id, winner_price_fen: candidate.priceFen ?? null, awarded_at: this.deps.clock.now() })
        .where("section_id", "=", sectionId)
        .execute();
      await trx.updateTable("tender_section").set({ status: "awarded" }).where("id", "=", sectionId).execute();
      await this.deps.audit.record(trx, ctx, { action: "award.notice", objectType: "tender_award", objectId: sectionId });
      await this.deps.audit.record(trx, ctx, { action: "award.status", objectType: "tender_section", objectId: sectionId });
      await this.alerts.evaluateIn(trx, ctx, sectionId, "award", calendar);
      return this.resultIn(trx, sectionId);
    });
  }

  /** 合同: within 30 days of the award notice (法46); later contracts are recorded and flagged. */
  async recordContract(ctx: ActionContext, sectionId: number, input: { contractCode: string; signedAt: Date; amountFen: number }) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section } = await lockTendererSection(trx, ctx.actor, sectionId);
      if (section.status !== "awarded") throw stateError(section.status, "awarded");
      await assertNotSuspendedByComplaint(trx, sectionId);
      const award = await trx.selectFrom("tender_award").selectAll().where("section_id", "=", sectionId).executeTakeFirstOrThrow();
      if (input.signedAt.getTime() < (award.awarded_at as Date).getTime() || input.signedAt.getTime() > this.deps.clock.now().getTime()) {
        throw new AppError("VALIDATION_FAILED", {
          zh: "合同签订时间须在中标通知书发出之后、不晚于当前时间",
          en: "The signing time is after the award notice and not in the future",
        });
      }
      const late = checkContractSigning({ awardNoticeTime: award.awarded_at as Date, contractSignTime: input.signedAt }, calendar);
      const flags = [...award.flags, ...(late.ok ? [] : [flagOf(late)])];
      await trx
        .updateTable("tender_award")
        .set({ contract_code: input.contractCode, contract_signed_at: input.signedAt, contract_amount_fen: input.amountFen, flags: JSON.stringify(flags) })
        .where("section_id", "=", sectionId)
        .execute();
      await trx.updateTable("tender_section").set({ status: "contracted" }).where("id", "=", sectionId).execute();
      await this.deps.audit.record(trx, ctx, { action: "award.contract", objectType: "tender_award", objectId: sectionId, detail: { late: !late.ok } });
      await this.deps.audit.record(trx, ctx, { action: "award.contract.status", objectType: "tender_section", objectId: sectionId });
      await this.alerts.evaluateIn(trx, ctx, sectionId, "contract", calendar);
      return this.resultIn(trx, sectionId);
    });
  }

  /** 书面报告: to the supervisory department within 15 days of determining the winner (法47). */
  async fileReport(ctx: ActionContext, sectionId: number) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      await lockTendererSection(trx, ctx.actor, sectionId);
      const award = await trx.selectFrom("tender_award").selectAll().where("section_id", "=", sectionId).executeTakeFirst();
      if (!award?.awarded_at) throw new AppError("STATE_INVALID", { zh: "尚未确定中标人", en: "No winner yet" });
      if (award.report_filed_at) throw new AppError("CONFLICT", { zh: "书面报告已提交", en: "The report was filed already" });
      const now = this.deps.clock.now();
      const late = checkWinnerReport({ winnerDeterminedTime: award.awarded_at, reportTime: now }, calendar);
      const flags = [...award.flags, ...(late.ok ? [] : [flagOf(late)])];
      await trx
        .updateTable("tender_award")
        .set({ report_filed_at: now, flags: JSON.stringify(flags) })
        .where("section_id", "=", sectionId)
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "award.report", objectType: "tender_award", objectId: sectionId, detail: { late: !late.ok } });
      return this.resultIn(trx, sectionId);
    });
  }

  /**
   * 履约 (sets 305/522): the tenderer records how the contract was performed; the record is public
   * and becomes the winner's credit record of kind "performance" (good or bad, by the standards met).
   */
  recordPerformance(
    ctx: ActionContext,
    sectionId: number,
    input: {
      quality: "met" | "not_met";
      safety: "met" | "not_met";
      environment: "met" | "not_met";
      settlementAmountFen: number;
      constructionDays: number;
      finishedAt: Date;
    },
  ) {
    return change(this.deps, async (trx) => {
      const { section, project } = await lockTendererSection(trx, ctx.actor, sectionId);
      if (section.status !== "contracted") throw stateError(section.status, "contracted");
      const award = await trx.selectFrom("tender_award").selectAll().where("section_id", "=", sectionId).executeTakeFirstOrThrow();
      if (await trx.selectFrom("performance_record").select("section_id").where("section_id", "=", sectionId).executeTakeFirst()) {
        throw new AppError("CONFLICT", { zh: "履约信息已登记", en: "Performance is already recorded" });
      }
      const now = this.deps.clock.now();
      if (input.finishedAt.getTime() > now.getTime() || input.finishedAt.getTime() < (award.contract_signed_at as Date).getTime()) {
        throw new AppError("VALIDATION_FAILED", {
          zh: "完成时间须在合同签订之后、不晚于当前",
          en: "The finish time is after the contract and not in the future",
        });
      }
      const good = input.quality === "met" && input.safety === "met" && input.environment === "met";
      const credit = await trx
        .insertInto("credit_record")
        .values({
          subject_id: award.winner_subject_id as number,
          expert_id: null,
          kind: "performance",
          reason: good ? `${project.name}：质量、安全、环保均达标` : `${project.name}：履约未全部达标`,
          document_no: award.contract_code as string,
          department_code: project.department_code,
          decided_at: now,
          public: true,
          restricted_actions: JSON.stringify([]),
          scope: "installation",
          starts_at: now,
          ends_at: null,
          revoked_at: null,
          revoked_reason: null,
          created_by: ctx.actor.userId as number,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "credit.performance", objectType: "credit_record", objectId: credit.id });
      await trx
        .insertInto("performance_record")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          winner_subject_id: award.winner_subject_id as number,
          quality: input.quality,
          safety: input.safety,
          environment: input.environment,
          settlement_amount_fen: input.settlementAmountFen,
          construction_days: input.constructionDays,
          finished_at: input.finishedAt,
          submitted_at: now,
          submitted_by: ctx.actor.userId as number,
          credit_record_id: credit.id,
        })
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "award.performance", objectType: "performance_record", objectId: sectionId });
      return { sectionId, good, creditRecordId: credit.id };
    });
  }

  /** Public: the candidates while published, then the result (winner and price), and every flag. */
  async result(sectionId: number) {
    return this.resultIn(this.deps.db, sectionId);
  }

  private async resultIn(db: Deps["db"] | Transaction<DB>, sectionId: number) {
    const award = await db.selectFrom("tender_award").selectAll().where("section_id", "=", sectionId).executeTakeFirst();
    if (!award) throw notFound({ zh: "中标候选人公示", en: "The candidate publicity" });
    const winner = award.winner_subject_id
      ? await db.selectFrom("subject").select(["uscc", "name"]).where("id", "=", award.winner_subject_id).executeTakeFirst()
      : undefined;
    return {
      sectionId,
      candidates: award.candidates,
      publicityStart: award.publicity_start.toISOString(),
      publicityEnd: award.publicity_end.toISOString(),
      winner: winner ? { bidderCode: winner.uscc, bidderName: winner.name, priceFen: award.winner_price_fen } : null,
      awardedAt: award.awarded_at?.toISOString() ?? null,
      contract: award.contract_code
        ? { contractCode: award.contract_code, signedAt: award.contract_signed_at?.toISOString(), amountFen: award.contract_amount_fen }
        : null,
      reportFiledAt: award.report_filed_at?.toISOString() ?? null,
      flags: award.flags,
    };
  }
}

async function lockTendererSection(trx: Transaction<DB>, actor: Actor, sectionId: number) {
  const locked = await lockSection(trx, sectionId);
  assertTendererSide(actor, locked.project);
  return locked;
}
