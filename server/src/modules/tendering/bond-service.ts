import type { Selectable, Transaction } from "kysely";
import { beijingMinute, toCivilDate } from "../../platform/calendar/working-days.ts";
import type { BidBondTable, DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import { checkUscc } from "../identity/domain/uscc.ts";
import { BASIS, checkBidBond, checkBondRefund, LIMITS, type LimitViolation } from "./domain/time-limits.ts";

/** A supervision flag on a bond: recorded with the act, never a refusal. */
export type BondFlag = { rule: string; basis: string; zh: string; en: string };

/** Why the bonds of a section (or of one bidder) become refundable. */
export type RefundTrigger = "withdrawal" | "contract" | "failed";

/** A bank's arrival notice on the platform's 保证金账户, entered by the trading centre (现金/转账). */
export interface BondTransferInput {
  bidderUscc: string;
  amountFen: number;
  payerAccountNo: string;
  payerAccountName: string;
  payerBank: string;
  receivedAt: Date;
}

/** 投标电子保函 (data set 523), submitted by the bidder. */
export interface BondGuaranteeInput {
  guaranteeCode: string;
  guarantorName: string;
  /** USCC of the issuing bank or insurer (INSURER). */
  guarantorCode: string;
  amountFen: number;
  validUntil: Date;
}

export interface BondRefundInput {
  refundedAt: Date;
  amountFen: number;
  interestFen: number;
}

/**
 * Assumption: the bid validity period (投标有效期, 条例25) is set by the tender documents, which the
 * platform does not model yet. A guarantee must cover at least this many days after the bid deadline
 * (counted like every other period: the deadline's day is not counted).
 */
export const GUARANTEE_MIN_DAYS_AFTER_DEADLINE = 30;

/** 条例40(六): bonds of different bidders paid from the same account are deemed collusion. */
export const SAME_BOND_ACCOUNT = "SAME_BOND_ACCOUNT";
const BASIS_REG40 = "招标投标法实施条例第四十条";
const sameAccountFlag: BondFlag = {
  rule: SAME_BOND_ACCOUNT,
  basis: BASIS_REG40,
  zh: "不同投标人的投标保证金从同一账户转出（条例第四十条第六项：视为投标人相互串通投标）",
  en: "Bonds of different bidders were paid from the same account (deemed collusion, 条例40 item 6)",
};

/** Flags that are signals for supervision only: not shown to the bidder itself. */
const SUPERVISION_ONLY = new Set([SAME_BOND_ACCOUNT]);

/** Account numbers as banks print them: "6222 0000-1111" is "62220000111". */
export const normaliseAccountNo = (s: string) => s.replace(/[\s-]/g, "");

const flagOf = (v: LimitViolation): BondFlag => ({ rule: v.rule, basis: v.basis, zh: v.zh, en: v.en });

type BondRow = Selectable<BidBondTable>;
type Db = Deps["db"] | Transaction<DB>;

/**
 * 投标保证金: bank transfers from the bidder's 基本账户 (条例26) and electronic guarantees (set 523),
 * recorded before the bid deadline; refunds within 5 days of a withdrawal (条例35) or of the contract
 * (条例57). Refusals that matter to supervision (a payer account that is not the basic account) are
 * recorded in the audit log; a late refund is recorded and flagged, never refused.
 */
export class BondService {
  constructor(
    private readonly deps: Deps,
    private readonly calendar: CalendarService,
  ) {}

  private now() {
    return this.deps.clock.now();
  }

  /** 现金/转账: the trading centre of the section's platform enters the bank's arrival notice. */
  async recordTransfer(ctx: ActionContext, sectionId: number, input: BondTransferInput) {
    const outcome = await change(this.deps, async (trx) => {
      const section = await this.openSection(trx, sectionId);
      assertPlatformStaff(ctx.actor, section.platform_code);
      const now = this.now();
      if (input.receivedAt.getTime() > now.getTime())
        throw fieldError("receivedAt", { zh: "到账时间不能晚于当前时间", en: "The arrival cannot be in the future" });
      if (input.receivedAt.getTime() < (section.notice_published_at as Date).getTime())
        throw fieldError("receivedAt", { zh: "到账时间早于招标公告发布时间", en: "The arrival is before the notice was published" });
      const bidder = await trx
        .selectFrom("subject")
        .select(["id", "uscc", "name", "basic_account_no"])
        .where("uscc", "=", input.bidderUscc.trim().toUpperCase())
        .executeTakeFirst();
      if (!bidder) throw notFound({ zh: "投标人", en: "The bidder" });
      await this.assertRegistered(trx, sectionId, bidder.id);
      await this.assertNoLiveBond(trx, sectionId, bidder.id);

      // 条例26: cash or cheque comes from the bidder's basic account. Refused, and flagged for supervision.
      const payer = normaliseAccountNo(input.payerAccountNo);
      const registered = bidder.basic_account_no === null ? null : normaliseAccountNo(bidder.basic_account_no);
      if (payer !== registered) {
        await this.deps.audit.record(trx, ctx, {
          action: "bond.account_mismatch",
          objectType: "tender_section",
          objectId: sectionId,
          detail: { bidderUscc: bidder.uscc, payerAccountNo: payer, payerAccountName: input.payerAccountName, registeredAccountNo: registered },
        });
        return {
          refused: new AppError(
            "RULE_VIOLATION",
            registered === null
              ? {
                  zh: "投标人未在主体库登记基本账户，无法确认投标保证金从其基本账户转出",
                  en: "The bidder has no basic account on record, so the bond cannot be shown to come from it",
                }
              : {
                  zh: `以现金或者支票形式提交的投标保证金应当从投标人的基本账户转出：付款账户 ${payer} 不是登记的基本账户`,
                  en: `A bond paid in cash or by cheque must come from the bidder's basic account; ${payer} is not the registered one`,
                },
            { extra: { basis: BASIS.reg26, payerAccountNo: payer } },
          ),
        };
      }
      this.assertAmount(section, input.amountFen);

      // 条例40(六): another bidder of this section already paid from the same account.
      const others = await trx
        .selectFrom("bid_bond")
        .select(["id", "flags"])
        .where("section_id", "=", sectionId)
        .where("form", "=", "transfer")
        .where("payer_account_no", "=", payer)
        .where("bidder_subject_id", "<>", bidder.id)
        .orderBy("id")
        .execute();
      const flags = others.length > 0 ? [sameAccountFlag] : [];
      const row = await trx
        .insertInto("bid_bond")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          bidder_subject_id: bidder.id,
          form: "transfer",
          amount_fen: input.amountFen,
          payer_account_no: payer,
          payer_account_name: input.payerAccountName.trim(),
          payer_bank: input.payerBank.trim(),
          guarantee_code: null,
          guarantor_name: null,
          guarantor_code: null,
          guarantee_valid_until: null,
          received_at: input.receivedAt,
          status: "held",
          refund_trigger: null,
          refund_trigger_at: null,
          refund_due: null,
          refunded_at: null,
          refund_amount_fen: null,
          interest_fen: null,
          flags: JSON.stringify(flags),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, {
        action: "bond.transfer.record",
        objectType: "bid_bond",
        objectId: row.id,
        detail: { flags: flags.map((f) => f.rule) },
      });
      for (const other of others) {
        if (other.flags.some((f) => f.rule === SAME_BOND_ACCOUNT)) continue;
        await trx
          .updateTable("bid_bond")
          .set({ flags: JSON.stringify([...other.flags, sameAccountFlag]) })
          .where("id", "=", other.id)
          .execute();
        await this.deps.audit.record(trx, ctx, {
          action: "bond.flag",
          objectType: "bid_bond",
          objectId: other.id,
          detail: { rule: SAME_BOND_ACCOUNT, withBondId: row.id },
        });
      }
      return { bond: await this.viewIn(trx, row.id) };
    });
    if ("refused" in outcome) throw outcome.refused;
    return outcome.bond;
  }

  /** 投标电子保函 (set 523): submitted by the bidder; valid at least as long as the bid. */
  recordGuarantee(ctx: ActionContext, sectionId: number, input: BondGuaranteeInput) {
    return change(this.deps, async (trx) => {
      const section = await this.openSection(trx, sectionId);
      const bidderId = ctx.actor.subjectId as number;
      await this.assertRegistered(trx, sectionId, bidderId);
      await this.assertNoLiveBond(trx, sectionId, bidderId);
      const guarantor = checkUscc(input.guarantorCode);
      if (!guarantor.ok) throw fieldError("guarantorCode", { zh: guarantor.zh, en: guarantor.en });
      if (guarantor.value === ctx.actor.subjectUscc)
        throw fieldError("guarantorCode", { zh: "投标人不能为自己出具保函", en: "A bidder cannot guarantee itself" });
      this.assertAmount(section, input.amountFen);
      // 条例26: the bond is valid as long as the bid. Assumed bid validity: the deadline's day + 30 days.
      const deadlineDay = toCivilDate(section.bid_deadline as Date);
      const minimum = addDays(deadlineDay, GUARANTEE_MIN_DAYS_AFTER_DEADLINE);
      const until = toCivilDate(input.validUntil);
      if (until < minimum) {
        throw new AppError(
          "RULE_VIOLATION",
          {
            zh: `投标保证金有效期应当与投标有效期一致：保函须至少有效至 ${minimum}（投标截止日 ${deadlineDay} 起 ${GUARANTEE_MIN_DAYS_AFTER_DEADLINE} 日），实际至 ${until}`,
            en: `The bond must be valid as long as the bid: until ${minimum} at least (${GUARANTEE_MIN_DAYS_AFTER_DEADLINE} days after the deadline ${deadlineDay}); it ends ${until}`,
          },
          { extra: { basis: BASIS.reg26, earliest: minimum } },
        );
      }
      const code = input.guaranteeCode.trim();
      const reused = await trx
        .selectFrom("bid_bond")
        .select("id")
        .where("guarantor_code", "=", guarantor.value)
        .where("guarantee_code", "=", code)
        .executeTakeFirst();
      if (reused) throw new AppError("CONFLICT", { zh: `保函 ${code} 已被使用`, en: `The guarantee ${code} is already on record` });
      const row = await trx
        .insertInto("bid_bond")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          bidder_subject_id: bidderId,
          form: "guarantee",
          amount_fen: input.amountFen,
          payer_account_no: null,
          payer_account_name: null,
          payer_bank: null,
          guarantee_code: code,
          guarantor_name: input.guarantorName.trim(),
          guarantor_code: guarantor.value,
          guarantee_valid_until: input.validUntil,
          received_at: this.now(),
          status: "held",
          refund_trigger: null,
          refund_trigger_at: null,
          refund_due: null,
          refunded_at: null,
          refund_amount_fen: null,
          interest_fen: null,
          flags: JSON.stringify([]),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "bond.guarantee.record", objectType: "bid_bond", objectId: row.id });
      return this.viewIn(trx, row.id);
    });
  }

  /** Every bond of a section: who paid belongs to the secret bidder list, so centre, supervisor and inspectors only. */
  async sectionBonds(actor: Actor, sectionId: number) {
    const section = await this.deps.db
      .selectFrom("tender_section as s")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .select(["s.platform_code", "p.department_code"])
      .where("s.id", "=", sectionId)
      .executeTakeFirst();
    if (!section) throw notFound({ zh: "标段", en: "The section" });
    const authority =
      (actor.role === "centre_staff" && actor.platformCode === section.platform_code) ||
      (actor.role === "supervisor" && actor.departmentCode === section.department_code) ||
      actor.role === "inspector";
    if (!authority) throw new AppError("FORBIDDEN_SCOPE", { zh: "开标前投标人名单（含保证金缴纳人）保密", en: "Who paid a bond is secret until the opening" });
    const rows = await this.rows(this.deps.db).where("b.section_id", "=", sectionId).orderBy("b.id").execute();
    return { items: rows.map((r) => view(r)) };
  }

  /** The bidder's own bond on a section (the latest one), without the signals meant for supervision. */
  async myBond(actor: Actor, sectionId: number) {
    const section = await this.deps.db.selectFrom("tender_section").select("id").where("id", "=", sectionId).executeTakeFirst();
    if (!section) throw notFound({ zh: "标段", en: "The section" });
    const row = await this.rows(this.deps.db)
      .where("b.section_id", "=", sectionId)
      .where("b.bidder_subject_id", "=", actor.subjectId ?? -1)
      .orderBy("b.id", "desc")
      .executeTakeFirst();
    if (!row) return { bond: null };
    const bond = view(row);
    return { bond: { ...bond, flags: bond.flags.filter((f) => !SUPERVISION_ONLY.has(f.rule)) } };
  }

  /**
   * Sets the refund due date of the held bonds a trigger makes refundable: one bidder's after its
   * withdrawal before the deadline (条例35), every bidder's after the contract (条例57) or when the
   * section failed (assumption: the same 5 days as 条例57). Due = 5 days after the trigger's day
   * (民法典201/203, as `checkBondRefund` counts). Called by other modules after their own change,
   * and by the trading centre through its route. Returns the bonds it changed.
   */
  async markRefundDue(ctx: ActionContext, sectionId: number, trigger: RefundTrigger, subjectId?: number) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const section = await trx.selectFrom("tender_section").selectAll().where("id", "=", sectionId).forUpdate().executeTakeFirst();
      if (!section) throw notFound({ zh: "标段", en: "The section" });
      const now = this.now();
      let triggerAt = now;
      if (trigger === "withdrawal") {
        if (subjectId === undefined) throw fieldError("bidderUscc", { zh: "撤回投标须指明投标人", en: "A withdrawal names its bidder" });
        const withdrawn = await trx
          .selectFrom("bid")
          .select("ended_at")
          .where("section_id", "=", sectionId)
          .where("bidder_subject_id", "=", subjectId)
          .where("status", "=", "withdrawn")
          .orderBy("id", "desc")
          .executeTakeFirst();
        triggerAt = withdrawn?.ended_at ?? now;
        if (!section.bid_deadline || triggerAt.getTime() >= section.bid_deadline.getTime()) {
          throw new AppError(
            "DEADLINE_PASSED",
            {
              zh: "投标截止后撤销投标文件的，招标人可以不退还投标保证金；截止前撤回的才须在5日内退还",
              en: "Only a withdrawal before the bid deadline makes the bond refundable within 5 days",
            },
            { extra: { basis: BASIS.reg35 } },
          );
        }
      } else if (trigger === "contract") {
        if (section.status !== "contracted") throw stateError(section.status, "contracted");
        const award = await trx.selectFrom("tender_award").select("contract_signed_at").where("section_id", "=", sectionId).executeTakeFirst();
        triggerAt = award?.contract_signed_at ?? now;
      } else if (section.status !== "failed") {
        throw stateError(section.status, "failed");
      }
      const due = calendar.periodEnd(toCivilDate(triggerAt), LIMITS.bondRefundDays, "day");
      let q = trx
        .updateTable("bid_bond")
        .set({ status: "refund_due", refund_trigger: trigger, refund_trigger_at: triggerAt, refund_due: due })
        .where("section_id", "=", sectionId)
        .where("status", "=", "held");
      if (subjectId !== undefined) q = q.where("bidder_subject_id", "=", subjectId);
      const changed = await q.returning("id").execute();
      const items = [];
      for (const { id } of changed.sort((a, b) => a.id - b.id)) {
        await this.deps.audit.record(trx, ctx, { action: "bond.refund_due", objectType: "bid_bond", objectId: id, detail: { trigger, due } });
        items.push(await this.viewIn(trx, id));
      }
      return { items };
    });
  }

  /** The trading centre marks bonds refundable (route): its own platform's sections only. */
  async markRefundDueByCentre(ctx: ActionContext, sectionId: number, input: { trigger: RefundTrigger; bidderUscc?: string }) {
    const section = await this.deps.db.selectFrom("tender_section").select("platform_code").where("id", "=", sectionId).executeTakeFirst();
    if (!section) throw notFound({ zh: "标段", en: "The section" });
    assertPlatformStaff(ctx.actor, section.platform_code);
    let subjectId: number | undefined;
    if (input.bidderUscc !== undefined) {
      const bidder = await this.deps.db.selectFrom("subject").select("id").where("uscc", "=", input.bidderUscc.trim().toUpperCase()).executeTakeFirst();
      if (!bidder) throw notFound({ zh: "投标人", en: "The bidder" });
      subjectId = bidder.id;
    }
    return this.markRefundDue(ctx, sectionId, input.trigger, subjectId);
  }

  /**
   * 退还: a transfer is refunded with interest, to the 分 (条例57); a guarantee is released (amount 0).
   * A refund after the due date is recorded and flagged BOND_REFUND_LATE, never refused.
   */
  async recordRefund(ctx: ActionContext, bondId: number, input: BondRefundInput) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const bond = await trx.selectFrom("bid_bond").selectAll().where("id", "=", bondId).forUpdate().executeTakeFirst();
      if (!bond) throw notFound({ zh: "投标保证金", en: "The bond" });
      assertPlatformStaff(ctx.actor, bond.platform_code);
      if (bond.status !== "refund_due") {
        throw new AppError(
          "STATE_INVALID",
          { zh: `投标保证金当前状态为 ${bond.status}，须先确定退还期限`, en: `The bond is ${bond.status}; it must be due for refund first` },
          { extra: { status: bond.status } },
        );
      }
      if (input.refundedAt.getTime() > this.now().getTime())
        throw fieldError("refundedAt", { zh: "退还时间不能晚于当前时间", en: "The refund cannot be in the future" });
      if (input.refundedAt.getTime() < bond.received_at.getTime())
        throw fieldError("refundedAt", { zh: "退还时间早于收到保证金的时间", en: "The refund is before the bond was received" });
      const trigger = bond.refund_trigger as RefundTrigger;
      if (bond.form === "guarantee") {
        if (input.amountFen !== 0 || input.interestFen !== 0)
          throw fieldError("amountFen", { zh: "电子保函只解除（释放），退还金额与利息均为0", en: "A guarantee is released: amount and interest are 0" });
      } else if (input.amountFen !== bond.amount_fen + input.interestFen) {
        throw new AppError(
          "RULE_VIOLATION",
          {
            zh: `应退还投标保证金及银行同期存款利息：${bond.amount_fen} + ${input.interestFen} = ${bond.amount_fen + input.interestFen} 分，实际为 ${input.amountFen} 分`,
            en: `The bond and its interest are refunded: ${bond.amount_fen} + ${input.interestFen} = ${bond.amount_fen + input.interestFen} fen; got ${input.amountFen} fen`,
          },
          { extra: { basis: trigger === "withdrawal" ? BASIS.reg35 : BASIS.reg57, expectedFen: bond.amount_fen + input.interestFen } },
        );
      }
      const late = this.lateness(trigger, bond, input.refundedAt, calendar);
      const flags = late ? [...bond.flags, late] : bond.flags;
      await trx
        .updateTable("bid_bond")
        .set({
          status: "refunded",
          refunded_at: input.refundedAt,
          refund_amount_fen: input.amountFen,
          interest_fen: input.interestFen,
          flags: JSON.stringify(flags),
        })
        .where("id", "=", bondId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: bond.form === "guarantee" ? "bond.release" : "bond.refund",
        objectType: "bid_bond",
        objectId: bondId,
        detail: { late: late !== undefined, amountFen: input.amountFen, interestFen: input.interestFen },
      });
      return this.viewIn(trx, bondId);
    });
  }

  private lateness(trigger: RefundTrigger, bond: BondRow, refundedAt: Date, calendar: Awaited<ReturnType<CalendarService["calendar"]>>): BondFlag | undefined {
    const triggerTime = bond.refund_trigger_at as Date;
    if (trigger !== "failed") {
      const result = checkBondRefund({ trigger, triggerTime, refundTime: refundedAt }, calendar);
      return result.ok ? undefined : flagOf(result);
    }
    const from = toCivilDate(triggerTime);
    const due = calendar.periodEnd(from, LIMITS.bondRefundDays, "day");
    const refunded = toCivilDate(refundedAt);
    if (refunded <= due) return undefined;
    return {
      rule: "BOND_REFUND_LATE",
      basis: BASIS.reg57,
      zh: `招标失败，投标保证金参照条例第五十七条自${from}起${LIMITS.bondRefundDays}日内退还：最迟${due}，实际为${refunded}`,
      en: `The section failed; the bond is refunded within ${LIMITS.bondRefundDays} days of ${from} (by analogy with 条例57): by ${due}; it was refunded on ${refunded}`,
    };
  }

  /** Locks an announced section before its deadline, for recording a bond. */
  private async openSection(trx: Transaction<DB>, sectionId: number) {
    const section = await trx.selectFrom("tender_section").selectAll().where("id", "=", sectionId).forUpdate().executeTakeFirst();
    if (!section) throw notFound({ zh: "标段", en: "The section" });
    if (section.status !== "announced") throw stateError(section.status, "announced");
    const deadline = section.bid_deadline as Date;
    if (this.now().getTime() >= deadline.getTime()) {
      throw new AppError("DEADLINE_PASSED", {
        zh: `投标截止时间（北京时间 ${beijingMinute(deadline)}）已过，不再接收投标保证金`,
        en: `The bid deadline (${beijingMinute(deadline)} Beijing time) has passed; no more bonds are accepted`,
      });
    }
    return section;
  }

  /** The amount the section requires, and 条例26 (≤ 2% of the estimate) checked again. */
  private assertAmount(section: { bond_fen: number; estimate_fen: number }, amountFen: number) {
    if (section.bond_fen === 0) throw new AppError("CONFLICT", { zh: "该标段不要求提交投标保证金", en: "This section requires no bid bond" });
    const limit = checkBidBond({ bondFen: section.bond_fen, estimatedPriceFen: section.estimate_fen });
    if (!limit.ok)
      throw new AppError("RULE_VIOLATION", { zh: limit.zh, en: limit.en }, { extra: { rule: limit.rule, basis: limit.basis, limit: limit.limit } });
    if (amountFen !== section.bond_fen) {
      throw new AppError(
        "VALIDATION_FAILED",
        { zh: `投标保证金金额应为 ${section.bond_fen} 分，实际为 ${amountFen} 分`, en: `The bond is ${section.bond_fen} fen; got ${amountFen} fen` },
        {
          fieldErrors: [{ field: "amountFen", zh: `应为 ${section.bond_fen} 分`, en: `must be ${section.bond_fen} fen` }],
          extra: { requiredFen: section.bond_fen },
        },
      );
    }
  }

  private async assertRegistered(trx: Transaction<DB>, sectionId: number, subjectId: number) {
    const registered = await trx
      .selectFrom("bid_registration")
      .select("id")
      .where("section_id", "=", sectionId)
      .where("bidder_subject_id", "=", subjectId)
      .executeTakeFirst();
    if (!registered) throw new AppError("NOT_REGISTERED");
  }

  private async assertNoLiveBond(trx: Transaction<DB>, sectionId: number, subjectId: number) {
    const live = await trx
      .selectFrom("bid_bond")
      .select("id")
      .where("section_id", "=", sectionId)
      .where("bidder_subject_id", "=", subjectId)
      .where("status", "in", ["held", "refund_due"])
      .executeTakeFirst();
    if (live) throw new AppError("CONFLICT", { zh: "该投标人已提交投标保证金", en: "This bidder's bond is already on record" }, { extra: { bondId: live.id } });
  }

  private rows(db: Db) {
    return db.selectFrom("bid_bond as b").innerJoin("subject as s", "s.id", "b.bidder_subject_id").selectAll("b").select(["s.uscc", "s.name"]);
  }

  private async viewIn(db: Db, id: number) {
    return view(await this.rows(db).where("b.id", "=", id).executeTakeFirstOrThrow());
  }
}

function view(b: BondRow & { uscc: string; name: string }) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: b.id,
    sectionId: b.section_id,
    platformCode: b.platform_code,
    bidderUscc: b.uscc,
    bidderName: b.name,
    form: b.form,
    amountFen: b.amount_fen,
    payerAccountNo: b.payer_account_no,
    payerAccountName: b.payer_account_name,
    payerBank: b.payer_bank,
    guaranteeCode: b.guarantee_code,
    guarantorName: b.guarantor_name,
    guarantorCode: b.guarantor_code,
    validUntil: iso(b.guarantee_valid_until),
    receivedAt: b.received_at.toISOString(),
    status: b.status,
    released: b.form === "guarantee" && b.status === "refunded",
    refundTrigger: b.refund_trigger,
    refundTriggerAt: iso(b.refund_trigger_at),
    refundDue: b.refund_due,
    refundedAt: iso(b.refunded_at),
    refundAmountFen: b.refund_amount_fen,
    interestFen: b.interest_fen,
    flags: b.flags,
  };
}

function assertPlatformStaff(actor: Actor, platformCode: string) {
  if (actor.role !== "centre_staff" || actor.platformCode !== platformCode) {
    throw new AppError("FORBIDDEN_SCOPE", {
      zh: `该标段由 ${platformCode} 平台交易中心受理`,
      en: `This section is handled by the centre of platform ${platformCode}`,
    });
  }
}

function fieldError(field: string, message: { zh: string; en: string }) {
  return new AppError("VALIDATION_FAILED", message, { fieldErrors: [{ field, ...message }] });
}

function stateError(actual: string, expected: string) {
  return new AppError(
    "STATE_INVALID",
    { zh: `标段当前状态为 ${actual}，此操作需在 ${expected} 阶段`, en: `The section is ${actual}; this needs ${expected}` },
    { extra: { status: actual } },
  );
}

/** A civil date plus n calendar days. */
function addDays(d: string, n: number): string {
  const t = Date.parse(`${d}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
