import crypto from "node:crypto";
import type { Transaction } from "kysely";
import { canonicalJson } from "../../platform/audit/audit-log.ts";
import { sm3Hex } from "../../platform/crypto/envelope.ts";
import { verifySm2 } from "../../platform/crypto/sm2.ts";
import type { DB, EvaluationMethod } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import type { ExpertsService } from "../experts/experts-service.ts";
import type { AlertsService } from "../supervision/alerts-service.ts";
import { type Bid, type ExpertScore, evaluateComprehensive, rankLowestEvaluatedPrice } from "../tendering/domain/scoring.ts";

export interface Review {
  bidId: number;
  qualified: boolean;
  /** Required for every 否决投标 (条例51). */
  rejectReason?: string;
  /** 综合评估法: the expert's technical and commercial scores, hundredths of a point. */
  technical?: number;
  commercial?: number;
}

/**
 * 评标: each drawn expert reviews every opened bid (qualification and compliance, with a reason for
 * every rejection); a bid is rejected when a majority of the committee rejects it; the remaining
 * bids are ranked by 经评审的最低投标价法 and up to three candidates (set 510) are named in the report
 * (set 509), which every expert signs with their SM2 certificate.
 */
export class EvaluationService {
  constructor(
    private readonly deps: Deps,
    private readonly experts: ExpertsService,
    private readonly calendar: CalendarService,
    private readonly alerts: AlertsService,
  ) {}

  /** The committee member behind this account, for this section; anyone else is refused. */
  private async memberOf(db: Deps["db"] | Transaction<DB>, actor: Actor, sectionId: number) {
    const expert =
      actor.personId === null ? undefined : await db.selectFrom("expert").select(["id", "name"]).where("person_id", "=", actor.personId).executeTakeFirst();
    const draw = await db.selectFrom("expert_draw").select(["members", "status"]).where("section_id", "=", sectionId).executeTakeFirst();
    const members = (draw?.members ?? []).map((m) => Number(m.expertId));
    if (!expert || !members.includes(expert.id)) {
      throw new AppError("FORBIDDEN_SCOPE", { zh: "您不是该标段评标委员会成员", en: "You are not on this section's committee" });
    }
    return { expert, members };
  }

  /** The evaluation workspace: opened bids with their offers, and my reviews so far. */
  async workspace(actor: Actor, sectionId: number) {
    const { expert, members } = await this.memberOf(this.deps.db, actor, sectionId);
    const bids = await this.openedBids(this.deps.db, sectionId);
    const mine = await this.deps.db
      .selectFrom("evaluation_review")
      .selectAll()
      .where("section_id", "=", sectionId)
      .where("expert_id", "=", expert.id)
      .orderBy("bid_id")
      .execute();
    const report = await this.deps.db.selectFrom("evaluation_report").selectAll().where("section_id", "=", sectionId).executeTakeFirst();
    return {
      sectionId,
      committeeSize: members.length,
      bids,
      myReviews: mine.map((r) => ({ bidId: r.bid_id, qualified: r.qualified, rejectReason: r.reject_reason })),
      report: report ? { ...report.result, signatures: Object.keys(report.signatures).length, completed: report.completed_at !== null } : null,
    };
  }

  submitReviews(ctx: ActionContext, sectionId: number, reviews: Review[]) {
    return change(this.deps, async (trx) => {
      const { expert } = await this.memberOf(trx, ctx.actor, sectionId);
      const section = await trx
        .selectFrom("tender_section")
        .select(["status", "platform_code"])
        .where("id", "=", sectionId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (section.status !== "opened")
        throw new AppError("STATE_INVALID", { zh: "评标在开标结束后、评标报告完成前进行", en: "Reviews are made after the opening and before the report" });
      if (await trx.selectFrom("evaluation_report").select("section_id").where("section_id", "=", sectionId).executeTakeFirst()) {
        throw new AppError("STATE_INVALID", { zh: "评标报告已生成，不能再修改评审意见", en: "The report exists; reviews can no longer change" });
      }
      const bidIds = new Set((await this.openedBids(trx, sectionId)).map((b) => b.bidId));
      const method = (await trx.selectFrom("tender_section").select("evaluation_method").where("id", "=", sectionId).executeTakeFirstOrThrow())
        .evaluation_method;
      for (const review of reviews) {
        if (!bidIds.has(review.bidId)) throw notFound({ zh: `投标文件 ${review.bidId}`, en: `Bid ${review.bidId}` });
        if (!review.qualified && !review.rejectReason?.trim()) {
          throw new AppError(
            "VALIDATION_FAILED",
            { zh: "否决投标必须说明理由（条例第五十一条）", en: "Every rejection needs its reason" },
            { fieldErrors: [{ field: "rejectReason", zh: "必填", en: "required" }] },
          );
        }
        const scores =
          method.method === "comprehensive" && review.qualified
            ? scoresOf(review, method.maxScores)
            : { technical_hundredths: null, commercial_hundredths: null };
        const row = await trx
          .insertInto("evaluation_review")
          .values({
            section_id: sectionId,
            platform_code: section.platform_code,
            expert_id: expert.id,
            bid_id: review.bidId,
            qualified: review.qualified,
            reject_reason: review.qualified ? null : (review.rejectReason ?? null),
            ...scores,
            submitted_at: this.deps.clock.now(),
          })
          .onConflict((oc) =>
            oc.columns(["section_id", "expert_id", "bid_id"]).doUpdateSet({
              qualified: review.qualified,
              reject_reason: review.qualified ? null : (review.rejectReason ?? null),
              ...scores,
              submitted_at: this.deps.clock.now(),
            }),
          )
          .returning("id")
          .executeTakeFirstOrThrow();
        await this.deps.audit.record(trx, ctx, { action: "evaluation.review", objectType: "evaluation_review", objectId: row.id });
      }
      return { reviewed: reviews.length };
    });
  }

  /** 评标报告: once every member reviewed every bid; the committee's conclusion by majority. */
  draftReport(ctx: ActionContext, sectionId: number) {
    return change(this.deps, async (trx) => {
      const { members } = await this.memberOf(trx, ctx.actor, sectionId);
      const section = await trx.selectFrom("tender_section").selectAll().where("id", "=", sectionId).forUpdate().executeTakeFirstOrThrow();
      if (section.status !== "opened") throw new AppError("STATE_INVALID", { zh: `标段状态为 ${section.status}`, en: `The section is ${section.status}` });
      if (await trx.selectFrom("evaluation_report").select("section_id").where("section_id", "=", sectionId).executeTakeFirst()) {
        throw new AppError("CONFLICT", { zh: "评标报告已生成", en: "The report exists already" });
      }
      const bids = await this.openedBids(trx, sectionId);
      const reviews = await trx.selectFrom("evaluation_review").selectAll().where("section_id", "=", sectionId).execute();
      const missing = members.flatMap((m) => bids.filter((b) => !reviews.some((r) => r.expert_id === m && r.bid_id === b.bidId)).map(() => m));
      if (missing.length > 0) {
        throw new AppError("STATE_INVALID", {
          zh: `尚有 ${new Set(missing).size} 位专家未完成评审`,
          en: `${new Set(missing).size} experts have not reviewed every bid`,
        });
      }
      const verdicts = bids.map((b) => {
        const against = reviews.filter((r) => r.bid_id === b.bidId && !r.qualified);
        const rejected = against.length * 2 > members.length;
        return { ...b, rejected, reasons: against.map((r) => r.reject_reason as string) };
      });
      const method = section.evaluation_method;
      const bidsForRanking = verdicts.map((v) => ({
        bidderId: v.bidderUscc,
        bidPriceFen: v.priceFen,
        rejected: v.rejected,
        rejectionReason: v.reasons.join("；"),
        submittedAt: new Date(v.submittedAt),
      }));
      const usccOf = new Map(verdicts.map((v) => [v.bidId, v.bidderUscc]));
      const outcome = method.method === "comprehensive" ? comprehensiveOutcome(method, bidsForRanking, reviews, usccOf) : lowestPriceOutcome(bidsForRanking);
      const result = {
        method: method.method,
        sectionCode: section.section_code,
        unifiedDealCode: section.unified_deal_code,
        committee: members.length,
        bids: verdicts.map((v) => ({
          bidId: v.bidId,
          bidderCode: v.bidderUscc,
          bidderName: v.bidderName,
          priceFen: v.priceFen,
          rejected: v.rejected,
          reasons: v.reasons,
        })),
        ranking: outcome.ranking,
        candidates: outcome.candidates.map((c) => ({
          order: c.order,
          bidderCode: c.bidderId,
          bidderName: verdicts.find((v) => v.bidderUscc === c.bidderId)?.bidderName,
        })),
        insufficientCompetition: outcome.insufficientCompetition,
        ...outcome.extra,
        createdAt: this.deps.clock.now().toISOString(),
      };
      await trx
        .insertInto("evaluation_report")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          method: result.method,
          result: JSON.stringify(result),
          signatures: JSON.stringify({}),
          created_at: this.deps.clock.now(),
          completed_at: null,
        })
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "evaluation.report.draft", objectType: "evaluation_report", objectId: sectionId });
      return { ...result, digest: reportDigest(result) };
    });
  }

  /** Each member signs the report's SM3 digest with their SM2 certificate; the last signature completes it. */
  async signReport(ctx: ActionContext, sectionId: number, signature: string) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { expert, members } = await this.memberOf(trx, ctx.actor, sectionId);
      const report = await trx.selectFrom("evaluation_report").selectAll().where("section_id", "=", sectionId).forUpdate().executeTakeFirst();
      if (!report) throw notFound({ zh: "评标报告", en: "The report" });
      if (report.completed_at) throw new AppError("CONFLICT", { zh: "评标报告已签署完成", en: "The report is already signed by everyone" });
      const certificates = await trx
        .selectFrom("user_certificate")
        .select("public_key")
        .where("user_id", "=", ctx.actor.userId as number)
        .where("algorithm", "=", "SM2")
        .where("revoked_at", "is", null)
        .execute();
      if (certificates.length === 0) throw new AppError("CERTIFICATE_REQUIRED");
      const digest = reportDigest(report.result);
      if (!certificates.some((c) => verifySm2(digest, signature, c.public_key))) {
        throw new AppError("VALIDATION_FAILED", { zh: "签名与评标报告不符", en: "The signature does not match the report" });
      }
      const signatures = { ...report.signatures, [String(expert.id)]: signature };
      const complete = members.every((m) => signatures[String(m)]);
      const now = this.deps.clock.now();
      await trx
        .updateTable("evaluation_report")
        .set({ signatures: JSON.stringify(signatures), completed_at: complete ? now : null })
        .where("section_id", "=", sectionId)
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "evaluation.report.sign", objectType: "evaluation_report", objectId: sectionId });
      if (complete) {
        await trx.updateTable("tender_section").set({ status: "evaluated" }).where("id", "=", sectionId).execute();
        await this.deps.audit.record(trx, ctx, { action: "evaluation.complete", objectType: "tender_section", objectId: sectionId });
        await this.experts.revealIn(trx, ctx, sectionId);
        await this.alerts.evaluateIn(trx, ctx, sectionId, "evaluation", calendar);
      }
      return { signed: Object.keys(signatures).length, of: members.length, complete };
    });
  }

  /** The report with its candidates, for the tenderer, the supervisor and the trading centre once complete. */
  async report(actor: Actor, sectionId: number) {
    const report = await this.deps.db.selectFrom("evaluation_report").selectAll().where("section_id", "=", sectionId).executeTakeFirst();
    if (!report?.completed_at && actor.role !== "expert") throw notFound({ zh: "已完成的评标报告", en: "A completed report" });
    if (!report) throw notFound({ zh: "评标报告", en: "The report" });
    return {
      ...report.result,
      digest: reportDigest(report.result),
      signatures: Object.keys(report.signatures).length,
      completedAt: report.completed_at?.toISOString() ?? null,
    };
  }

  private async openedBids(db: Deps["db"] | Transaction<DB>, sectionId: number) {
    const rows = await db
      .selectFrom("bid as b")
      .innerJoin("subject as s", "s.id", "b.bidder_subject_id")
      .select(["b.id", "b.price_fen", "b.offer", "b.submitted_at", "s.uscc", "s.name"])
      .where("b.section_id", "=", sectionId)
      .where("b.status", "=", "decrypted")
      .orderBy("b.id")
      .execute();
    return rows.map((r) => ({
      bidId: r.id,
      bidderUscc: r.uscc,
      bidderName: r.name,
      priceFen: r.price_fen as number,
      offer: r.offer,
      submittedAt: r.submitted_at.toISOString(),
    }));
  }
}

/** SM3 over the canonical report text: what each expert signs. */
export function reportDigest(result: unknown): string {
  return sm3Hex(Buffer.from(canonicalJson(result), "utf8"));
}

function scoresOf(review: Review, max: { technical: number; commercial: number }) {
  if (review.technical === undefined || review.commercial === undefined) {
    throw new AppError("VALIDATION_FAILED", { zh: "综合评估法须给出技术分和商务分", en: "The comprehensive method needs technical and commercial scores" });
  }
  if (review.technical > max.technical || review.commercial > max.commercial) {
    throw new AppError("VALIDATION_FAILED", {
      zh: `技术分不超过 ${max.technical / 100}，商务分不超过 ${max.commercial / 100}`,
      en: `Technical ≤ ${max.technical / 100}, commercial ≤ ${max.commercial / 100}`,
    });
  }
  return { technical_hundredths: review.technical, commercial_hundredths: review.commercial };
}

/** 经评审的最低投标价法. */
function lowestPriceOutcome(bids: Bid[]) {
  const r = rankLowestEvaluatedPrice(bids);
  return { ranking: r.ranking as unknown[], candidates: r.candidates, insufficientCompetition: r.insufficientCompetition, extra: {} };
}

/** 综合评估法 with the section's formula; a K coefficient (if any) is drawn with a CSPRNG and recorded in the report. */
function comprehensiveOutcome(
  method: Extract<EvaluationMethod, { method: "comprehensive" }>,
  bids: Bid[],
  reviews: { expert_id: number; bid_id: number; technical_hundredths: number | null; commercial_hundredths: number | null }[],
  usccOf: Map<number, string>,
) {
  const rejected = new Set(bids.filter((b) => b.rejected).map((b) => b.bidderId));
  const expertScores: ExpertScore[] = reviews
    .filter((r) => !rejected.has(usccOf.get(r.bid_id) as string))
    .map((r) => ({
      expertId: String(r.expert_id),
      bidderId: usccOf.get(r.bid_id) as string,
      technical: r.technical_hundredths ?? 0,
      commercial: r.commercial_hundredths ?? 0,
    }));
  const result = evaluateComprehensive({
    bids,
    expertScores,
    basePrice: method.basePrice,
    priceRule: method.priceRule,
    weights: method.weights,
    maxScores: method.maxScores,
    random: () => crypto.randomInt(0, 2 ** 32) / 2 ** 32,
  });
  return {
    ranking: result.ranking as unknown[],
    candidates: result.candidates,
    insufficientCompetition: result.insufficientCompetition,
    extra: { basePrice: result.basePrice, outliers: result.outliers },
  };
}
