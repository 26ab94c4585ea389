import crypto from "node:crypto";
import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { assertNotRestricted } from "../credit/credit-service.ts";
import { restricts } from "../credit/domain/credit-rating.ts";
import { normaliseAccountNo } from "../tendering/bond-service.ts";
import { assertSamePlatform, lockApplication, lockLot } from "./auction-access.ts";
import { assignBidderNumber, mayBid } from "./domain/bidder-numbers.ts";

/**
 * 竞买申请: the application, the deposit (竞买保证金) from the bidder's basic account, the trading centre's
 * qualification review, the anonymous 竞买号 once all three hold (拍卖法第三十三条), and refunds. The seller
 * never sees who applied.
 */
export class AuctionApplicationService {
  constructor(private readonly deps: Deps) {}

  private now() {
    return this.deps.clock.now();
  }

  /** 竞买申请: a banned subject is refused here (and again at numbering and at every bid). */
  async apply(ctx: ActionContext, lotId: number) {
    const subjectId = ctx.actor.subjectId as number;
    return change(this.deps, async (trx) => {
      const lot = await lockLot(trx, lotId);
      const now = this.now();
      if (lot.phase === "closed" || now.getTime() >= lot.scheduled_end.getTime())
        throw new AppError("DEADLINE_PASSED", { zh: "竞买申请已截止", en: "Applications have closed" });
      if (lot.seller_subject_id === subjectId)
        throw new AppError("CONFLICT", { zh: "出让方（转让方）不得竞买自己的标的", en: "A seller cannot bid for its own lot" });
      await assertNotRestricted(trx, subjectId, "auction", now);
      const existing = await trx.selectFrom("auction_bidder").select("id").where("lot_id", "=", lotId).where("subject_id", "=", subjectId).executeTakeFirst();
      if (existing) return { applicationId: existing.id, created: false };
      const row = await trx
        .insertInto("auction_bidder")
        .values({
          lot_id: lotId,
          subject_id: subjectId,
          applied_by: ctx.actor.userId as number,
          applied_at: now,
          deposit_fen: null,
          deposit_account_no: null,
          deposit_arrived_at: null,
          deposit_refunded_at: null,
          qualified: null,
          qualification_note: null,
          qualified_by: null,
          bidder_number: null,
          numbered_at: null,
          wants_live_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "auction.apply", objectType: "auction_bidder", objectId: row.id });
      return { applicationId: row.id, created: true };
    });
  }

  /** 竞买保证金到账: the trading centre records the arrival; it must come from the bidder's 基本账户 and cover the deposit. */
  async recordDeposit(ctx: ActionContext, applicationId: number, input: { amountFen: number; payerAccountNo: string }) {
    return change(this.deps, async (trx) => {
      const { application, lot } = await lockApplication(trx, applicationId);
      assertSamePlatform(ctx.actor, lot.platform_code);
      if (application.deposit_status !== "awaiting") throw new AppError("STATE_INVALID", { zh: "保证金已登记到账", en: "The deposit is already recorded" });
      const now = this.now();
      if (now.getTime() >= lot.scheduled_end.getTime() || lot.phase === "closed")
        throw new AppError("DEADLINE_PASSED", { zh: "保证金到账截止时间已过", en: "The deposit deadline has passed" });
      if (input.amountFen < lot.deposit_fen) {
        throw new AppError("VALIDATION_FAILED", {
          zh: `到账金额 ${input.amountFen} 分少于竞买保证金 ${lot.deposit_fen} 分`,
          en: `${input.amountFen} fen received, the deposit is ${lot.deposit_fen} fen`,
        });
      }
      const subject = await trx.selectFrom("subject").select(["basic_account_no"]).where("id", "=", application.subject_id).executeTakeFirstOrThrow();
      const registered = subject.basic_account_no === null ? null : normaliseAccountNo(subject.basic_account_no);
      if (registered === null || registered !== normaliseAccountNo(input.payerAccountNo)) {
        throw new AppError("DEPOSIT_ACCOUNT_MISMATCH", {
          zh: "保证金须从竞买人登记的基本账户转出",
          en: "The deposit must come from the bidder's registered basic account",
        });
      }
      await trx
        .updateTable("auction_bidder")
        .set({ deposit_status: "arrived", deposit_fen: input.amountFen, deposit_account_no: normaliseAccountNo(input.payerAccountNo), deposit_arrived_at: now })
        .where("id", "=", applicationId)
        .execute();
      await this.numberIfEligible(trx, applicationId, now);
      await this.deps.audit.record(trx, ctx, {
        action: "auction.deposit.arrived",
        objectType: "auction_bidder",
        objectId: applicationId,
        detail: { amountFen: input.amountFen },
      });
      return this.applicationView(trx, applicationId);
    });
  }

  /** 竞买资格审查 by the trading centre (the seller never sees who applied before the close). */
  async review(ctx: ActionContext, applicationId: number, input: { qualified: boolean; note?: string }) {
    return change(this.deps, async (trx) => {
      const { application, lot } = await lockApplication(trx, applicationId);
      assertSamePlatform(ctx.actor, lot.platform_code);
      if (application.bidder_number !== null) throw new AppError("STATE_INVALID", { zh: "已取得竞买号，不能重新审查", en: "The bidder already has a number" });
      const now = this.now();
      if (lot.phase === "closed") throw new AppError("STATE_INVALID", { zh: "竞价已结束", en: "The auction is over" });
      if (!input.qualified && !input.note) throw new AppError("VALIDATION_FAILED", { zh: "不予通过须说明理由", en: "A refusal needs a reason" });
      await trx
        .updateTable("auction_bidder")
        .set({ qualified: input.qualified, qualification_note: input.note ?? null, qualified_by: ctx.actor.userId as number })
        .where("id", "=", applicationId)
        .execute();
      await this.numberIfEligible(trx, applicationId, now);
      await this.deps.audit.record(trx, ctx, {
        action: "auction.review",
        objectType: "auction_bidder",
        objectId: applicationId,
        detail: { qualified: input.qualified },
      });
      return this.applicationView(trx, applicationId);
    });
  }

  /** Refund of a deposit that fell due at the close (or of a refused applicant), to the 分. */
  async refund(ctx: ActionContext, applicationId: number) {
    return change(this.deps, async (trx) => {
      const { application, lot } = await lockApplication(trx, applicationId);
      assertSamePlatform(ctx.actor, lot.platform_code);
      const refusedApplicant = application.deposit_status === "arrived" && application.qualified === false;
      if (application.deposit_status !== "refund_due" && !refusedApplicant)
        throw new AppError("STATE_INVALID", { zh: "该保证金不在待退还状态", en: "This deposit is not due for refund" });
      await trx.updateTable("auction_bidder").set({ deposit_status: "refunded", deposit_refunded_at: this.now() }).where("id", "=", applicationId).execute();
      await this.deps.audit.record(trx, ctx, {
        action: "auction.deposit.refund",
        objectType: "auction_bidder",
        objectId: applicationId,
        detail: { amountFen: application.deposit_fen },
      });
      return this.applicationView(trx, applicationId);
    });
  }

  /** Gives the 竞买号 once all three conditions hold (拍卖法第三十三条; mayBid). */
  private async numberIfEligible(trx: Transaction<DB>, applicationId: number, now: Date) {
    const a = await trx.selectFrom("auction_bidder").selectAll().where("id", "=", applicationId).executeTakeFirstOrThrow();
    if (a.bidder_number !== null) return;
    const records = await trx
      .selectFrom("credit_record")
      .select(["restricted_actions", "revoked_at", "starts_at", "ends_at"])
      .where("subject_id", "=", a.subject_id)
      .where("revoked_at", "is", null)
      .execute();
    const eligible = mayBid({
      qualified: a.qualified === true,
      depositArrived: a.deposit_status === "arrived",
      banned: records.some((r) => restricts(r, "auction", now)),
    });
    if (!eligible.ok) return;
    const taken = await trx
      .selectFrom("auction_bidder")
      .select(["id", "bidder_number"])
      .where("lot_id", "=", a.lot_id)
      .where("bidder_number", "is not", null)
      .execute();
    const assigned = new Map(taken.map((t) => [String(t.id), t.bidder_number as string]));
    const { bidderNumber } = assignBidderNumber(assigned, String(a.id), (n) => crypto.randomBytes(n));
    await trx.updateTable("auction_bidder").set({ bidder_number: bidderNumber, numbered_at: now }).where("id", "=", applicationId).execute();
  }

  /** The bidder's own application on a lot (its number, deposit and review), or null. */
  async myApplication(actor: Actor, lotId: number) {
    const row = await this.deps.db
      .selectFrom("auction_bidder")
      .select("id")
      .where("lot_id", "=", lotId)
      .where("subject_id", "=", actor.subjectId as number)
      .executeTakeFirst();
    if (!row) return { application: null };
    return { application: await this.applicationView(this.deps.db, row.id) };
  }

  /**
   * The applicants with their identities: for the trading centre (deposits, review), the supervising
   * department and discipline inspection. Never for the seller before the close (see `result`).
   */
  async applications(actor: Actor, lotId: number) {
    const lot = await this.deps.db.selectFrom("auction_lot").select(["platform_code", "department_code"]).where("id", "=", lotId).executeTakeFirst();
    if (!lot) throw notFound({ zh: "标的", en: "The lot" });
    if (actor.role === "supervisor" && actor.departmentCode !== lot.department_code) throw new AppError("FORBIDDEN_SCOPE");
    if (actor.role === "centre_staff") assertSamePlatform(actor, lot.platform_code);
    const rows = await this.deps.db.selectFrom("auction_bidder").select("id").where("lot_id", "=", lotId).orderBy("id").execute();
    const items = [];
    for (const r of rows) items.push(await this.applicationView(this.deps.db, r.id));
    return { items };
  }

  private async applicationView(db: Pick<Transaction<DB>, "selectFrom">, id: number) {
    const a = await db
      .selectFrom("auction_bidder as a")
      .innerJoin("subject as s", "s.id", "a.subject_id")
      .selectAll("a")
      .select(["s.name as subject_name", "s.uscc"])
      .where("a.id", "=", id)
      .executeTakeFirstOrThrow();
    return {
      id: a.id,
      lotId: a.lot_id,
      subjectName: a.subject_name,
      uscc: a.uscc,
      appliedAt: a.applied_at.toISOString(),
      depositStatus: a.deposit_status,
      depositFen: a.deposit_fen,
      depositArrivedAt: a.deposit_arrived_at?.toISOString() ?? null,
      depositRefundedAt: a.deposit_refunded_at?.toISOString() ?? null,
      qualified: a.qualified,
      qualificationNote: a.qualification_note,
      bidderNumber: a.bidder_number,
      wantsLive: a.wants_live_at !== null,
    };
  }
}
