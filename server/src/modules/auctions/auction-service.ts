import crypto from "node:crypto";
import type { Selectable, Transaction } from "kysely";
import { toCivilDate } from "../../platform/calendar/working-days.ts";
import { nextCodeSequence } from "../../platform/db/code-sequence.ts";
import type { AuctionKind, AuctionLotLiveTable, AuctionMethod, DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import { type ActionContext, type Actor, systemContext } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import { assertNotRestricted } from "../credit/credit-service.ts";
import { restricts } from "../credit/domain/credit-rating.ts";
import type { RegionsService } from "../regions/regions-service.ts";
import { normaliseAccountNo } from "../tendering/bond-service.ts";
import { type CustodianKeyring, centreHolder, departmentHolder } from "../tendering/custodian-keyring.ts";
import { formatProjectCode, formatUnifiedDealCode } from "../tendering/domain/codes.ts";
import { ladderOf } from "./auction-ladder-state.ts";
import { assignBidderNumber, mayBid } from "./domain/bidder-numbers.ts";
import { type AuctionLimitViolation, BASIS } from "./domain/common.ts";
import type { AcceptedBid, BidResult } from "./domain/ladder.ts";
import { minimumNextFen, priceReasons } from "./domain/ladder.ts";
import { checkListingSchedule, closeListing, type ListingState } from "./domain/listing.ts";
import { bidLive, closeLiveAuction } from "./domain/live-auction.ts";
import { checkDisclosurePeriod, needsApproval, PROPERTY_LIMITS } from "./domain/property-modes.ts";
import { RefusalJournal } from "./refusal-journal.ts";
import { openReserve, type StoredReserveSeal, sealReserve } from "./reserve-seal.ts";

/** The standing bid, as the running row keeps it. */
function standingOf(live: Selectable<AuctionLotLiveTable>): AcceptedBid | undefined {
  if (live.last_sequence === 0 || live.current_price_fen === null) return undefined;
  return {
    sequence: live.last_sequence,
    priceFen: live.current_price_fen,
    bidderNumber: live.current_bidder_number as string,
    serverTime: live.current_bid_time as Date,
    clientBidId: live.current_client_bid_id as string,
  };
}

export const auctionHallTopic = (lotId: number) => `auction-hall:${lotId}`;

export interface NewAuctionLot {
  kind: AuctionKind;
  method: AuctionMethod;
  name: string;
  description?: string;
  /** Where the lot lies (GB/T 2260) and the level of the authority selling it: picks the platform. */
  divisionCode: string;
  approvalLevel: "province" | "city" | "county";
  departmentCode: string;
  /** 挂牌起始时间 / 拍卖开始 / 自由报价期开始. */
  opensAt: Date;
  /** 挂牌截止时间 / 拍卖结束 (before extensions) / 自由报价期结束. */
  endsAt: Date;
  startingPriceFen: number;
  incrementFen: number;
  depositFen: number;
  /** 底价, sealed at once. Required for land (39号令第十条 [mem]). */
  reserveFen?: number;
  /** 评估值 (国有产权): a deal below 90% of it needs the approving body's consent. */
  appraisalFen?: number;
  /** Countdown of 现场竞价 / 限时报价期, or the anti-sniping window of an 拍卖 (seconds). */
  countdownSeconds: number;
}

const KIND_METHODS: Record<AuctionKind, readonly AuctionMethod[]> = {
  land: ["listing", "auction"],
  mining: ["listing", "auction"],
  equity: ["multi_round", "auction"],
  asset: ["multi_round", "auction"],
};

const METHOD_NAMES: Record<AuctionMethod, string> = { listing: "挂牌", auction: "拍卖", multi_round: "网络竞价（多次报价）" };

/** A bid the ladder refused: 409 with the reasons and the lowest acceptable price now. */
function refusal(result: Extract<BidResult, { accepted: false }>) {
  const names: Record<string, string> = {
    NOT_OPEN: "尚未开始竞价",
    LOT_CLOSED: "竞价已结束",
    OUT_OF_ORDER: "服务器时间异常",
    NOT_PARTICIPANT: "未参加本场现场竞价",
    SELF_OUTBID: "当前最高价已是本竞买号，不得自行加价",
    INVALID_PRICE: "报价无效",
    BELOW_START: "报价低于起始价",
    BELOW_INCREMENT: "报价低于当前价加一个加价幅度",
    OFF_GRID: "报价须为当前价加整数倍加价幅度",
    CLIENT_ID_CONFLICT: "出价编号已用于另一笔出价",
    ALREADY_BID: "已经报过价",
  };
  return new AppError(
    "BID_REFUSED",
    {
      zh: `出价未被接受：${result.reasons.map((r) => names[r] ?? r).join("；")}（当前最低可报 ${result.minimumFen} 分）`,
      en: `Bid refused: ${result.reasons.join(", ")} (lowest acceptable now: ${result.minimumFen} fen)`,
    },
    { extra: { reasons: result.reasons, minimumFen: result.minimumFen, priceFen: result.priceFen } },
  );
}

function limitError(v: AuctionLimitViolation) {
  return new AppError(
    "TIME_LIMIT",
    { zh: v.zh, en: v.en },
    { extra: { rule: v.rule, basis: v.basis, earliest: v.earliest, latest: v.latest, limit: v.limit } },
  );
}

/** An accepted bid's acknowledgement (or the original acceptance again, for a retried client bid id). */
export interface BidAck {
  accepted: true;
  duplicate: boolean;
  sequence: number;
  serverTime: Date;
  endsAt: Date;
  /** Lowest acceptable next price right after this bid (null when answering a retry). */
  minimumNextFen: number | null;
}

/** What of the lot row the ladder needs (see auction-ladder-state.ts). */
const LOT_RULES = [
  "l.method",
  "l.phase",
  "l.opens_at",
  "l.free_end",
  "l.starting_price_fen",
  "l.increment_fen",
  "l.countdown_ms",
  "l.live_participants",
] as const;

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "23505";

/**
 * 招拍挂 and 国有产权 网络竞价: lots, 竞买申请 with deposits and review, anonymous 竞买号, the bid engine and
 * the close. The rules live in ./domain (pure); this service persists them.
 *
 * The engine. A bid runs in one transaction that locks the lot's running row (`auction_lot_live … for
 * update`): every process on the database serialises the bids of a lot there, so the accepted bids form one
 * total order (`sequence`) that every observer sees the same. The bid is acknowledged after the commit — a
 * durable acceptance — and its event leaves by NOTIFY only if it commits. A client bid id already accepted
 * answers the same acceptance again (unique index), so a retry after a lost acknowledgement never bids twice.
 */
export class AuctionService {
  private readonly refusals: RefusalJournal;

  constructor(
    private readonly deps: Deps,
    private readonly regions: RegionsService,
    private readonly calendar: CalendarService,
    private readonly keyring: CustodianKeyring,
  ) {
    this.refusals = new RefusalJournal(deps.db);
  }

  private now() {
    return this.deps.clock.now();
  }

  // ---------------------------------------------------------------------------------------------
  // Lots
  // ---------------------------------------------------------------------------------------------

  /** 出让公告 / 挂牌披露: publishes a lot, with its statutory lead times checked and its 底价 sealed. */
  async createLot(ctx: ActionContext, input: NewAuctionLot) {
    const { actor } = ctx;
    if (!KIND_METHODS[input.kind].includes(input.method)) {
      throw new AppError("VALIDATION_FAILED", {
        zh: `${input.kind === "land" || input.kind === "mining" ? "土地、矿业权" : "国有产权"}不能采用${METHOD_NAMES[input.method]}方式`,
        en: `A ${input.kind} lot cannot be sold by ${input.method}`,
      });
    }
    if (input.kind === "land" && input.reserveFen === undefined) {
      throw new AppError("VALIDATION_FAILED", { zh: "国有建设用地使用权出让须设定底价", en: "A land-use right is sold with a reserve price" });
    }
    if ((input.kind === "equity" || input.kind === "asset") && input.appraisalFen === undefined) {
      throw new AppError("VALIDATION_FAILED", { zh: "国有产权转让须填写评估值", en: "A state-owned property transfer needs its appraised value" });
    }
    if (input.endsAt.getTime() <= input.opensAt.getTime()) {
      throw new AppError("VALIDATION_FAILED", { zh: "结束时间须晚于开始时间", en: "The end must come after the start" });
    }
    const now = this.now();
    const calendar = await this.calendar.calendar();
    if (input.kind === "land" || input.kind === "mining") {
      const violations = checkListingSchedule(
        { announcementTime: now, listingStart: input.opensAt, listingEnd: input.endsAt },
        calendar,
        input.method === "auction" ? { listingMin: 0, listingUnit: "day" } : {},
      );
      if (violations[0]) throw limitError(violations[0]);
    } else {
      const check = checkDisclosurePeriod({ kind: input.kind, start: now, end: input.opensAt, reserveFen: input.startingPriceFen }, calendar);
      if (!check.ok) throw limitError(check);
    }
    const { platformCode } = await this.regions.route({ approvalLevel: input.approvalLevel, divisionCode: input.divisionCode });
    const countdownMs = input.countdownSeconds * 1000;
    return change(this.deps, async (trx) => {
      const department = await trx.selectFrom("department").select("code").where("code", "=", input.departmentCode).executeTakeFirst();
      if (!department) throw new AppError("DEPARTMENT_UNKNOWN", { zh: `监管部门 ${input.departmentCode} 不存在`, en: `No department ${input.departmentCode}` });
      const year = Number(toCivilDate(now).slice(0, 4));
      const today = toCivilDate(now);
      const lotCode = formatProjectCode({ divisionCode: platformCode, year, sequence: await nextCodeSequence(trx, `auction:${platformCode}:${year}`) });
      const dealCode = formatUnifiedDealCode({
        divisionCode: platformCode,
        date: today,
        sequence: await nextCodeSequence(trx, `deal:${platformCode}:${today}`),
      });
      let reserveSeal: StoredReserveSeal | null = null;
      if (input.reserveFen !== undefined) {
        const centre = await this.keyring.publicKeyIn(trx, ctx, centreHolder(platformCode), platformCode);
        const departmentKey = await this.keyring.publicKeyIn(trx, ctx, departmentHolder(input.departmentCode), platformCode);
        reserveSeal = sealReserve(lotCode, input.reserveFen, { centre, department: departmentKey });
      }
      const lot = await trx
        .insertInto("auction_lot")
        .values({
          platform_code: platformCode,
          department_code: input.departmentCode,
          lot_code: lotCode,
          unified_deal_code: dealCode,
          kind: input.kind,
          method: input.method,
          name: input.name,
          description: input.description ?? "",
          seller_subject_id: actor.subjectId as number,
          created_by: actor.userId as number,
          created_at: now,
          announced_at: now,
          opens_at: input.opensAt,
          scheduled_end: input.endsAt,
          free_end: input.method === "multi_round" ? input.endsAt : null,
          starting_price_fen: input.startingPriceFen,
          increment_fen: input.incrementFen,
          deposit_fen: input.depositFen,
          appraisal_fen: input.appraisalFen ?? null,
          countdown_ms: countdownMs,
          reserve_seal: reserveSeal === null ? null : JSON.stringify(reserveSeal),
          reserve_fen: null,
          live_participants: null,
          outcome: null,
          outcome_reason: null,
          winner_bidder_id: null,
          deal_price_fen: null,
          needs_approval: null,
          closed_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // 多次报价: the lot closes one countdown after the free period unless bids restart it.
      const closesAt = new Date(input.endsAt.getTime() + (input.method === "multi_round" ? countdownMs : 0));
      await trx.insertInto("auction_lot_live").values({ lot_id: lot.id, closes_at: closesAt }).execute();
      await this.deps.audit.record(trx, ctx, {
        action: "auction.lot.publish",
        objectType: "auction_lot",
        objectId: lot.id,
        detail: { lotCode, platformCode, method: input.method, sealedReserve: reserveSeal !== null },
      });
      return { id: lot.id, lotCode, unifiedDealCode: dealCode, platformCode };
    });
  }

  /** The public list of lots (出让公告/挂牌披露 and their state). */
  async listLots(filter: { phase?: "open" | "live" | "closed"; kind?: AuctionKind; sellerUscc?: string; platformCode?: string } = {}) {
    let q = this.deps.db
      .selectFrom("auction_lot as l")
      .innerJoin("auction_lot_live as v", "v.lot_id", "l.id")
      .innerJoin("subject as s", "s.id", "l.seller_subject_id")
      .select([
        "l.id",
        "l.lot_code",
        "l.unified_deal_code",
        "l.platform_code",
        "l.kind",
        "l.method",
        "l.name",
        "l.phase",
        "l.opens_at",
        "l.scheduled_end",
        "v.closes_at",
        "l.starting_price_fen",
        "l.increment_fen",
        "l.deposit_fen",
        "v.current_price_fen",
        "v.last_sequence",
        "l.outcome",
        "l.deal_price_fen",
        "s.name as seller_name",
      ])
      .orderBy("l.id", "desc")
      .limit(200);
    if (filter.phase) q = q.where("l.phase", "=", filter.phase);
    if (filter.kind) q = q.where("l.kind", "=", filter.kind);
    if (filter.sellerUscc) q = q.where("s.uscc", "=", filter.sellerUscc.toUpperCase());
    if (filter.platformCode) q = q.where("l.platform_code", "=", filter.platformCode);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      lotCode: r.lot_code,
      unifiedDealCode: r.unified_deal_code,
      platformCode: r.platform_code,
      kind: r.kind,
      method: r.method,
      name: r.name,
      sellerName: r.seller_name,
      phase: r.phase,
      opensAt: r.opens_at.toISOString(),
      scheduledEnd: r.scheduled_end.toISOString(),
      closesAt: r.closes_at.toISOString(),
      startingPriceFen: r.starting_price_fen,
      incrementFen: r.increment_fen,
      depositFen: r.deposit_fen,
      currentPriceFen: r.current_price_fen,
      bids: r.last_sequence,
      outcome: r.outcome,
      dealPriceFen: r.deal_price_fen,
    }));
  }

  /** A lot as anyone may see it: prices, schedule, the ladder by 竞买号; never the reserve before the close, never names. */
  async lot(lotId: number) {
    const row = await this.deps.db
      .selectFrom("auction_lot as l")
      .innerJoin("auction_lot_live as v", "v.lot_id", "l.id")
      .innerJoin("subject as s", "s.id", "l.seller_subject_id")
      .selectAll("l")
      .select(["v.closes_at", "v.last_sequence", "v.current_price_fen", "v.current_bidder_number", "v.extensions", "s.name as seller_name"])
      .where("l.id", "=", lotId)
      .executeTakeFirst();
    if (!row) throw notFound({ zh: "标的", en: "The lot" });
    const standing = row.current_price_fen === null ? undefined : { priceFen: row.current_price_fen };
    const minimum = standing ? standing.priceFen + row.increment_fen : row.starting_price_fen;
    return {
      id: row.id,
      lotCode: row.lot_code,
      unifiedDealCode: row.unified_deal_code,
      platformCode: row.platform_code,
      departmentCode: row.department_code,
      kind: row.kind,
      method: row.method,
      name: row.name,
      description: row.description,
      sellerName: row.seller_name,
      phase: row.phase,
      announcedAt: row.announced_at.toISOString(),
      opensAt: row.opens_at.toISOString(),
      scheduledEnd: row.scheduled_end.toISOString(),
      freeEnd: row.free_end?.toISOString() ?? null,
      closesAt: row.closes_at.toISOString(),
      countdownSeconds: row.countdown_ms / 1000,
      startingPriceFen: row.starting_price_fen,
      incrementFen: row.increment_fen,
      depositFen: row.deposit_fen,
      appraisalFen: row.appraisal_fen,
      hasReserve: row.reserve_seal !== null,
      reserveFen: row.phase === "closed" ? row.reserve_fen : null,
      liveParticipants: row.live_participants?.length ?? null,
      lastSequence: row.last_sequence,
      currentPriceFen: row.current_price_fen,
      currentBidderNumber: row.current_bidder_number,
      minimumNextFen: minimum,
      extensions: row.extensions,
      outcome: row.outcome,
      outcomeReason: row.outcome_reason,
      dealPriceFen: row.deal_price_fen,
      closedAt: row.closed_at?.toISOString() ?? null,
      serverTime: this.now().toISOString(),
    };
  }

  /** The ladder (accepted bids, by 竞买号) after a sequence number: the full ladder is public (published with the result). */
  async bids(lotId: number, after = 0, limit = 1000) {
    const rows = await this.deps.db
      .selectFrom("auction_bid")
      .select(["sequence", "bidder_number", "price_fen", "server_time", "phase"])
      .where("lot_id", "=", lotId)
      .where("sequence", ">", after)
      .orderBy("sequence")
      .limit(limit)
      .execute();
    return rows.map((b) => ({
      sequence: b.sequence,
      bidderNumber: b.bidder_number,
      priceFen: b.price_fen,
      serverTime: b.server_time.toISOString(),
      phase: b.phase,
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // 竞买申请, deposits, review, 竞买号
  // ---------------------------------------------------------------------------------------------

  /** 竞买申请: a banned subject is refused here (and again at numbering and at every bid). */
  async apply(ctx: ActionContext, lotId: number) {
    const subjectId = ctx.actor.subjectId as number;
    return change(this.deps, async (trx) => {
      const lot = await this.lockLot(trx, lotId);
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
      const { application, lot } = await this.lockApplication(trx, applicationId);
      this.assertSamePlatform(ctx.actor, lot.platform_code);
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
      const { application, lot } = await this.lockApplication(trx, applicationId);
      this.assertSamePlatform(ctx.actor, lot.platform_code);
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
      const { application, lot } = await this.lockApplication(trx, applicationId);
      this.assertSamePlatform(ctx.actor, lot.platform_code);
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
    if (actor.role === "centre_staff") this.assertSamePlatform(actor, lot.platform_code);
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

  // ---------------------------------------------------------------------------------------------
  // Bidding
  // ---------------------------------------------------------------------------------------------

  /**
   * One bid. Acknowledged (returned) only after its transaction committed; refusals go to the refusal journal.
   * Throws BID_REFUSED (409) with the reasons and the lowest acceptable price.
   *
   * 1. Without a lock, one read: the bidder's 竞买号, an earlier bid with this client bid id (accepted bids
   *    never change, so a retry is answered from it) and the lot's running state. Prices only go up, so a bid
   *    below the lowest acceptable price of that state is below it now too: refused without touching the lock.
   * 2. Otherwise, under the lot's row lock, the domain decides on the current state; an accepted bid, its
   *    running state, its audit entry and its event commit together. Two retries of one client bid id racing
   *    each other meet at the unique index: the second is answered with the first's acceptance.
   */
  async bid(ctx: ActionContext, lotId: number, input: { priceFen: number; clientBidId: string }): Promise<BidAck> {
    const subjectId = ctx.actor.subjectId as number;
    const seen = await this.deps.db
      .selectFrom("auction_lot_live as v")
      .innerJoin("auction_lot as l", "l.id", "v.lot_id")
      .leftJoin("auction_bidder as a", (join) => join.onRef("a.lot_id", "=", "v.lot_id").on("a.subject_id", "=", subjectId))
      .leftJoin("auction_bid as p", (join) => join.onRef("p.lot_id", "=", "v.lot_id").on("p.client_bid_id", "=", input.clientBidId))
      .selectAll("v")
      .select([...LOT_RULES, "a.id as bidder_id", "a.bidder_number", "p.id as earlier_id"])
      .where("v.lot_id", "=", lotId)
      .executeTakeFirst();
    if (!seen) throw notFound({ zh: "标的", en: "The lot" });
    const { bidder_id: bidderId, bidder_number: bidderNumber } = seen;
    if (bidderId === null || bidderNumber === null) throw new AppError("NOT_ELIGIBLE_TO_BID");
    if (seen.earlier_id !== null) {
      const earlier = await this.earlierBid(lotId, input, bidderNumber);
      if (earlier) return earlier;
    }

    const now = this.now();
    const stale = ladderOf(seen, seen, standingOf(seen)).ladder;
    const tooLow = priceReasons(stale, input.priceFen);
    if (tooLow.length > 0 && input.priceFen < minimumNextFen(stale)) {
      throw this.refuse(
        ctx,
        { lotId, bidderId, bidderNumber, input, now },
        { accepted: false, priceFen: input.priceFen, reasons: tooLow, minimumFen: minimumNextFen(stale) },
      );
    }

    let outcome: BidAck | Extract<BidResult, { accepted: false }>;
    try {
      outcome = await this.deps.db.transaction().execute(async (trx) => {
        // Every bid checks the sanctions again: a ban issued during the auction applies at once.
        await assertNotRestricted(trx, subjectId, "auction", this.now());
        // Lock the running row (serialising this lot's bids across processes) and read the phase it is in.
        const row = await trx
          .selectFrom("auction_lot_live as v")
          .innerJoin("auction_lot as l", "l.id", "v.lot_id")
          .selectAll("v")
          .select(LOT_RULES)
          .where("v.lot_id", "=", lotId)
          .forUpdate("v")
          .executeTakeFirstOrThrow();
        const at = this.now();
        const state = ladderOf(row, row, standingOf(row));
        const { state: next, result, endsAt } = bidLive(state, { bidderNumber, priceFen: input.priceFen, clientBidId: input.clientBidId }, at);
        if (!result.accepted || row.closed || row.phase === "closed") {
          return result.accepted
            ? { accepted: false as const, priceFen: input.priceFen, reasons: ["LOT_CLOSED" as const], minimumFen: minimumNextFen(state.ladder) }
            : result;
        }
        const sequence = result.sequence;
        const minimum = minimumNextFen(next.ladder);
        const data = { sequence, bidderNumber, priceFen: input.priceFen, serverTime: at.toISOString(), endsAt: endsAt.toISOString(), minimumNextFen: minimum };
        // One statement: the bid, the running state and the event (delivered only if this commits).
        const { id } = await trx
          .with("b", (db) =>
            db
              .insertInto("auction_bid")
              .values({
                lot_id: lotId,
                sequence,
                bidder_id: bidderId,
                bidder_number: bidderNumber,
                price_fen: input.priceFen,
                client_bid_id: input.clientBidId,
                phase: row.phase === "live" ? "live" : "open",
                server_time: at,
                ip: ctx.ip,
              })
              .returning("id"),
          )
          .with("u", (db) =>
            db
              .updateTable("auction_lot_live")
              .set({
                last_sequence: sequence,
                current_price_fen: input.priceFen,
                current_bidder_number: bidderNumber,
                current_bid_time: at,
                current_client_bid_id: input.clientBidId,
                closes_at: endsAt,
                extensions: next.extensions,
              })
              .where("lot_id", "=", lotId)
              .returning("lot_id"),
          )
          .selectFrom(["b", "u"])
          .select(["b.id", this.deps.events.notification({ topic: auctionHallTopic(lotId), type: "bid", at: at.toISOString(), data }).as("notified")])
          .executeTakeFirstOrThrow();
        await this.deps.audit.record(trx, ctx, {
          action: "auction.bid",
          objectType: "auction_bid",
          objectId: id,
          detail: { lotId, sequence, priceFen: input.priceFen, endsAt: endsAt.toISOString() },
        });
        return { accepted: true as const, duplicate: false, sequence, serverTime: at, endsAt, minimumNextFen: minimum };
      });
    } catch (error) {
      // A concurrent retry of the same client bid id committed first.
      const earlierNow = isUniqueViolation(error) ? await this.earlierBid(lotId, input, bidderNumber) : undefined;
      if (earlierNow) return earlierNow;
      throw error;
    }
    // The acknowledgement waits for the commit only; every process's sealer adds the entry to the signed tree.
    if (!outcome.accepted) throw this.refuse(ctx, { lotId, bidderId, bidderNumber, input, now }, outcome);
    return outcome;
  }

  /** The answer to a client bid id already used on this lot: the same acceptance again, or a conflict. */
  private async earlierBid(lotId: number, input: { priceFen: number; clientBidId: string }, bidderNumber: string): Promise<BidAck | undefined> {
    const prior = await this.deps.db
      .selectFrom("auction_bid")
      .select(["sequence", "bidder_number", "price_fen", "server_time"])
      .where("lot_id", "=", lotId)
      .where("client_bid_id", "=", input.clientBidId)
      .executeTakeFirst();
    if (!prior) return undefined;
    if (prior.bidder_number !== bidderNumber || prior.price_fen !== input.priceFen) {
      throw refusal({ accepted: false, priceFen: input.priceFen, reasons: ["CLIENT_ID_CONFLICT"], minimumFen: 0 });
    }
    const live = await this.deps.db.selectFrom("auction_lot_live").select("closes_at").where("lot_id", "=", lotId).executeTakeFirstOrThrow();
    return { accepted: true, duplicate: true, sequence: prior.sequence, serverTime: prior.server_time, endsAt: live.closes_at, minimumNextFen: null };
  }

  /** Journals a refused bid and returns the error to answer it with. */
  private refuse(
    ctx: ActionContext,
    who: { lotId: number; bidderId: number; bidderNumber: string; input: { priceFen: number; clientBidId: string }; now: Date },
    result: Extract<BidResult, { accepted: false }>,
  ) {
    this.refusals.record({
      lot_id: who.lotId,
      bidder_id: who.bidderId,
      bidder_number: who.bidderNumber,
      price_fen: who.input.priceFen,
      client_bid_id: who.input.clientBidId,
      reasons: result.reasons,
      refused_at: who.now,
      user_id: ctx.actor.userId as number,
      ip: ctx.ip,
    });
    return refusal(result);
  }

  /** Writes the refused bids still buffered (tests, shutdown). */
  flushRefusals() {
    return this.refusals.flush();
  }

  /** 挂牌: a bidder states that it wants to continue at the close (转入现场竞价 when at least two do). */
  async requestLive(ctx: ActionContext, lotId: number) {
    return change(this.deps, async (trx) => {
      const lot = await this.lockLot(trx, lotId);
      const live = await trx.selectFrom("auction_lot_live").select(["closes_at", "closed"]).where("lot_id", "=", lotId).executeTakeFirstOrThrow();
      if (lot.method !== "listing") throw new AppError("STATE_INVALID", { zh: "只有挂牌出让可申请现场竞价", en: "Only a listing goes to a live auction" });
      const now = this.now();
      if (lot.phase !== "open" || live.closed || now.getTime() >= live.closes_at.getTime())
        throw new AppError("DEADLINE_PASSED", { zh: "挂牌期已截止", en: "The listing has closed" });
      if (now.getTime() < lot.opens_at.getTime()) throw new AppError("NOT_YET_DUE", { zh: "挂牌尚未开始", en: "The listing has not started" });
      const me = await trx
        .selectFrom("auction_bidder")
        .select(["id", "bidder_number", "wants_live_at"])
        .where("lot_id", "=", lotId)
        .where("subject_id", "=", ctx.actor.subjectId as number)
        .executeTakeFirst();
      if (!me?.bidder_number) throw new AppError("NOT_ELIGIBLE_TO_BID");
      if (me.wants_live_at === null) {
        await trx.updateTable("auction_bidder").set({ wants_live_at: now }).where("id", "=", me.id).execute();
        await this.deps.audit.record(trx, ctx, { action: "auction.live.request", objectType: "auction_bidder", objectId: me.id });
      }
      return { bidderNumber: me.bidder_number, wantsLive: true };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Close
  // ---------------------------------------------------------------------------------------------

  /** Closes every lot whose end has come (every server process runs this; the row lock keeps it single). Returns the ids closed or converted. */
  async closeDue(): Promise<number[]> {
    const now = this.now();
    const due = await this.deps.db.selectFrom("auction_lot_live").select("lot_id").where("closed", "=", false).where("closes_at", "<=", now).execute();
    const done: number[] = [];
    for (const { lot_id } of due) {
      const r = await this.close(systemContext("auction-close"), lot_id);
      if (r.changed) done.push(lot_id);
    }
    return done;
  }

  /**
   * The close at the (extended) end: a 挂牌 with at least two bidders wanting to continue turns into a
   * 现场竞价 starting from the standing price; otherwise the 底价 is opened and the ladder decides —
   * SOLD (winner's deposit becomes part payment, the others fall due for refund) or no sale.
   */
  async close(ctx: ActionContext, lotId: number): Promise<{ changed: boolean; phase: string; outcome: string | null }> {
    const centreKeyOf = (platform: string) => this.keyring.privateKey(centreHolder(platform));
    const departmentKeyOf = (department: string) => this.keyring.privateKey(departmentHolder(department));
    return change(this.deps, async (trx) => {
      const live = await trx.selectFrom("auction_lot_live").selectAll().where("lot_id", "=", lotId).forUpdate().executeTakeFirst();
      if (!live) throw notFound({ zh: "标的", en: "The lot" });
      const lot = await trx.selectFrom("auction_lot").selectAll().where("id", "=", lotId).executeTakeFirstOrThrow();
      const now = this.now();
      if (live.closed) return { changed: false, phase: lot.phase, outcome: lot.outcome };
      if (now.getTime() < live.closes_at.getTime()) throw new AppError("NOT_YET_DUE", { zh: "竞价尚未结束", en: "Bidding has not ended" });
      const top = standingOf(live);

      if (lot.method === "listing" && lot.phase === "open") {
        const wanting = await trx
          .selectFrom("auction_bidder")
          .select("bidder_number")
          .where("lot_id", "=", lotId)
          .where("wants_live_at", "is not", null)
          .where("bidder_number", "is not", null)
          .orderBy("wants_live_at")
          .execute();
        const ladder = ladderOf(lot, live, top).ladder;
        const listing: ListingState = {
          schedule: { announcementTime: lot.announced_at, listingStart: lot.opens_at, listingEnd: lot.scheduled_end },
          ladder,
          minContinuingBidders: 2,
          requireListingBid: false,
        };
        const decision = closeListing(listing, { stillCompeting: wanting.map((w) => w.bidder_number as string), now });
        if (decision.outcome === "TO_LIVE_AUCTION") {
          const endsAt = new Date(now.getTime() + lot.countdown_ms);
          await trx.updateTable("auction_lot").set({ phase: "live", live_participants: decision.participants }).where("id", "=", lotId).execute();
          await trx.updateTable("auction_lot_live").set({ closes_at: endsAt }).where("lot_id", "=", lotId).execute();
          await this.deps.audit.record(trx, ctx, {
            action: "auction.live.start",
            objectType: "auction_lot",
            objectId: lotId,
            detail: { participants: decision.participants.length, startingPriceFen: decision.startingPriceFen, basis: decision.basis },
          });
          await this.deps.events.publish(trx, {
            topic: auctionHallTopic(lotId),
            type: "live",
            at: now.toISOString(),
            data: {
              participants: decision.participants.length,
              minimumNextFen: decision.startingPriceFen,
              endsAt: endsAt.toISOString(),
              serverTime: now.toISOString(),
            },
          });
          return { changed: true, phase: "live", outcome: null };
        }
      }

      // The sale is decided: open the sealed reserve with the two custodians' keys.
      let reserveFen: number | null = null;
      if (lot.reserve_seal) {
        const centre = centreKeyOf(lot.platform_code);
        const department = departmentKeyOf(lot.department_code);
        if (!centre || !department)
          throw new AppError("STATE_INVALID", { zh: "底价密钥缺失，无法开启底价", en: "A custodian key is missing; the reserve cannot be opened" });
        reserveFen = openReserve(lot.lot_code, lot.reserve_seal as unknown as StoredReserveSeal, { centre, department });
      }
      const state = ladderOf(lot, live, top);
      const decided = closeLiveAuction({ ...state, ladder: { ...state.ladder, ...(reserveFen === null ? {} : { reserveFen }) } }, now).outcome;
      const sold = decided.outcome === "SOLD";
      const reason = decided.outcome === "UNSOLD" ? decided.reason : null;
      let winnerId: number | null = null;
      if (sold) {
        const w = await trx
          .selectFrom("auction_bidder")
          .select("id")
          .where("lot_id", "=", lotId)
          .where("bidder_number", "=", decided.winner)
          .executeTakeFirstOrThrow();
        winnerId = w.id;
      }
      const dealPrice = sold ? decided.priceFen : null;
      await trx
        .updateTable("auction_lot")
        .set({
          phase: "closed",
          reserve_fen: reserveFen,
          outcome: sold ? "sold" : "no_sale",
          outcome_reason: reason,
          winner_bidder_id: winnerId,
          deal_price_fen: dealPrice,
          needs_approval: sold && lot.appraisal_fen !== null ? needsApproval(decided.priceFen, lot.appraisal_fen) : null,
          closed_at: now,
        })
        .where("id", "=", lotId)
        .execute();
      await trx.updateTable("auction_lot_live").set({ closed: true }).where("lot_id", "=", lotId).execute();
      // Deposits: the winner's becomes part of the price; every other deposit that arrived falls due for refund.
      const deposits = await trx.selectFrom("auction_bidder").select(["id"]).where("lot_id", "=", lotId).where("deposit_status", "=", "arrived").execute();
      for (const d of deposits) {
        const status = d.id === winnerId ? "applied_to_price" : "refund_due";
        await trx.updateTable("auction_bidder").set({ deposit_status: status }).where("id", "=", d.id).execute();
        await this.deps.audit.record(trx, ctx, { action: `auction.deposit.${status}`, objectType: "auction_bidder", objectId: d.id });
      }
      await this.deps.audit.record(trx, ctx, {
        action: "auction.close",
        objectType: "auction_lot",
        objectId: lotId,
        detail: { outcome: sold ? "sold" : "no_sale", reason, dealPriceFen: dealPrice, bids: live.last_sequence },
      });
      await this.deps.events.publish(trx, {
        topic: auctionHallTopic(lotId),
        type: "closed",
        at: now.toISOString(),
        data: {
          outcome: sold ? "sold" : "no_sale",
          reason,
          dealPriceFen: dealPrice,
          winnerNumber: sold ? decided.winner : null,
          serverTime: now.toISOString(),
        },
      });
      return { changed: true, phase: "closed", outcome: sold ? "sold" : "no_sale" };
    });
  }

  /**
   * The result (成交公示, sets 601/651/701): after the close, the buyer's name and code, the deal price, the
   * revealed reserve, the full ladder; before it, 409.
   */
  async result(lotId: number) {
    const lot = await this.lot(lotId);
    if (lot.phase !== "closed") throw new AppError("NOT_YET_DUE", { zh: "竞价尚未结束", en: "The auction has not ended" });
    const winner = await this.deps.db
      .selectFrom("auction_lot as l")
      .innerJoin("auction_bidder as a", "a.id", "l.winner_bidder_id")
      .innerJoin("subject as s", "s.id", "a.subject_id")
      .select(["s.name", "s.uscc", "a.bidder_number"])
      .where("l.id", "=", lotId)
      .executeTakeFirst();
    return {
      lot,
      outcome: lot.outcome,
      reason: lot.outcomeReason,
      buyer: winner ? { name: winner.name, uscc: winner.uscc, bidderNumber: winner.bidder_number } : null,
      dealPriceFen: lot.dealPriceFen,
      reserveFen: lot.reserveFen,
      publicity: await this.resultPublicity(lot.kind, lot.closedAt),
      ladder: await this.bids(lotId, 0, 100_000),
    };
  }

  /**
   * 交易结果公告 of a state-owned property transfer: published at the close, for at least 5 working days
   * (32号令第二十九条 [mem]); the land 成交公示 follows local rules and is shown from the close without an end.
   */
  private async resultPublicity(kind: AuctionKind, closedAt: string | null) {
    if (closedAt === null) return null;
    const start = toCivilDate(new Date(closedAt));
    if (kind !== "equity" && kind !== "asset") return { start, end: null, basis: null };
    const calendar = await this.calendar.calendar();
    return { start, end: calendar.addWorkingDays(start, PROPERTY_LIMITS.resultPublicityWorkdays), basis: BASIS.property29 };
  }

  // ---------------------------------------------------------------------------------------------

  private async lockLot(trx: Transaction<DB>, lotId: number) {
    const lot = await trx.selectFrom("auction_lot").selectAll().where("id", "=", lotId).forUpdate().executeTakeFirst();
    if (!lot) throw notFound({ zh: "标的", en: "The lot" });
    return lot;
  }

  private async lockApplication(trx: Transaction<DB>, applicationId: number) {
    const application = await trx.selectFrom("auction_bidder").selectAll().where("id", "=", applicationId).forUpdate().executeTakeFirst();
    if (!application) throw notFound({ zh: "竞买申请", en: "The application" });
    const lot = await trx.selectFrom("auction_lot").selectAll().where("id", "=", application.lot_id).executeTakeFirstOrThrow();
    return { application, lot };
  }

  /** The trading centre acts on the lots of its own platform. */
  private assertSamePlatform(actor: Actor, platformCode: string) {
    if (actor.role === "centre_staff" && actor.platformCode !== platformCode) throw new AppError("FORBIDDEN_SCOPE");
  }
}
