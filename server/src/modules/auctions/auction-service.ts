import { toCivilDate } from "../../platform/calendar/working-days.ts";
import { nextCodeSequence } from "../../platform/db/code-sequence.ts";
import type { AuctionKind, AuctionMethod } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import type { RegionsService } from "../regions/regions-service.ts";
import { type CustodianKeyring, centreHolder, departmentHolder } from "../tendering/custodian-keyring.ts";
import { formatProjectCode, formatUnifiedDealCode } from "../tendering/domain/codes.ts";
import { isSealedMethod, ladderOf, standingOf } from "./auction-ladder-state.ts";
import { checkWeightedTerms, sealedLotView, type WeightedTerms } from "./auction-sealed-offers.ts";
import { type AuctionLimitViolation, BASIS } from "./domain/common.ts";
import { minimumNextFen } from "./domain/ladder.ts";
import { checkListingSchedule } from "./domain/listing.ts";
import { checkDisclosurePeriod, PROPERTY_LIMITS } from "./domain/property-modes.ts";
import { type StoredReserveSeal, sealReserve } from "./reserve-seal.ts";

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
  /** 加价幅度: required by the ladder methods; a sealed offer has none (stored as 1 分). */
  incrementFen?: number;
  depositFen: number;
  /** 底价, sealed at once. Required for land (39号令第十条 [mem]). */
  reserveFen?: number;
  /** 评估值 (国有产权): a deal below 90% of it needs the approving body's consent. */
  appraisalFen?: number;
  /** Countdown of 现场竞价 / 限时报价期, or the anti-sniping window of an 拍卖 (seconds). */
  countdownSeconds: number;
  /** 权重报价 only: the published weights and price formula. */
  weights?: WeightedTerms;
}

const KIND_METHODS: Record<AuctionKind, readonly AuctionMethod[]> = {
  land: ["listing", "auction", "tender"],
  mining: ["listing", "auction", "tender"],
  equity: ["multi_round", "auction", "sealed", "weighted"],
  asset: ["multi_round", "auction", "sealed", "weighted"],
};

const METHOD_NAMES: Record<AuctionMethod, string> = {
  listing: "挂牌",
  auction: "拍卖",
  multi_round: "网络竞价（多次报价）",
  tender: "招标",
  sealed: "网络竞价（一次报价）",
  weighted: "网络竞价（权重报价）",
};

function limitError(v: AuctionLimitViolation) {
  return new AppError(
    "TIME_LIMIT",
    { zh: v.zh, en: v.en },
    { extra: { rule: v.rule, basis: v.basis, earliest: v.earliest, latest: v.latest, limit: v.limit } },
  );
}

/**
 * 招拍挂 and 国有产权 网络竞价 lots: publication with the statutory lead times and the sealed 底价, the public
 * views (lot, ladder) and the result. Applications, bidding and the close are their own services
 * (auction-applications.ts, auction-bidding.ts, auction-closing.ts); the rules live in ./domain (pure).
 */
export class AuctionService {
  constructor(
    private readonly deps: Deps,
    private readonly regions: RegionsService,
    private readonly calendar: CalendarService,
    private readonly keyring: CustodianKeyring,
  ) {}

  private now() {
    return this.deps.clock.now();
  }

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
    if ((input.method === "weighted") !== (input.weights !== undefined)) {
      throw new AppError("VALIDATION_FAILED", {
        zh: "权重报价须（且仅权重报价）公布权重方案",
        en: "Weights are published with a weighted lot, and only with one",
      });
    }
    if (input.weights) checkWeightedTerms(input.weights, input.startingPriceFen);
    if (!isSealedMethod(input.method) && input.incrementFen === undefined) {
      throw new AppError("VALIDATION_FAILED", { zh: "须填写加价幅度", en: "A ladder auction needs its increment" });
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
        // 拍卖 and 招标 have no minimum span (挂牌: 10 working days).
        input.method === "listing" ? {} : { listingMin: 0, listingUnit: "day" },
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
          increment_fen: input.incrementFen ?? 1,
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
      if (isSealedMethod(input.method)) {
        await trx
          .insertInto("auction_sealed_lot")
          .values({ lot_id: lot.id, weights: input.weights ? JSON.stringify(input.weights) : null, opened_at: null })
          .execute();
        await this.deps.audit.record(trx, ctx, {
          action: "auction.sealed_lot.publish",
          objectType: "auction_sealed_lot",
          objectId: lot.id,
          detail: { method: input.method, weights: input.weights ?? null },
        });
      }
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
    // A sealed lot has no ladder (`last_sequence` stays 0): its count is that of its sealed offers, for the whole page at once.
    const sealedIds = rows.filter((r) => isSealedMethod(r.method)).map((r) => r.id);
    const offerCounts = new Map<number, number>();
    if (sealedIds.length > 0) {
      const counts = await this.deps.db
        .selectFrom("auction_sealed_offer")
        .select(["lot_id", (eb) => eb.fn.countAll<string>().as("count")])
        .where("lot_id", "in", sealedIds)
        .groupBy("lot_id")
        .execute();
      for (const c of counts) offerCounts.set(c.lot_id, Number(c.count));
    }
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
      /** A sealed lot: how many sealed offers it has (never whose); null for a ladder lot (see `bids`). */
      offerCount: isSealedMethod(r.method) ? (offerCounts.get(r.id) ?? 0) : null,
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
      .selectAll("v")
      .select("s.name as seller_name")
      .where("l.id", "=", lotId)
      .executeTakeFirst();
    if (!row) throw notFound({ zh: "标的", en: "The lot" });
    // A sealed lot: the number of offers, the published weights and, after the opening, every offer by 竞买号.
    const isSealed = isSealedMethod(row.method);
    const sealed = isSealed ? await sealedLotView(this.deps.db, lotId) : null;
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
      // A sealed lot has no increment (stored as 1 分) and no next minimum: one offer per bidder, at or above the start.
      incrementFen: isSealed ? null : row.increment_fen,
      depositFen: row.deposit_fen,
      appraisalFen: row.appraisal_fen,
      hasReserve: row.reserve_seal !== null,
      reserveFen: row.phase === "closed" ? row.reserve_fen : null,
      liveParticipants: row.live_participants?.length ?? null,
      lastSequence: row.last_sequence,
      currentPriceFen: row.current_price_fen,
      currentBidderNumber: row.current_bidder_number,
      minimumNextFen: isSealed ? null : minimumNextFen(ladderOf(row, row, standingOf(row)).ladder),
      extensions: row.extensions,
      outcome: row.outcome,
      outcomeReason: row.outcome_reason,
      dealPriceFen: row.deal_price_fen,
      closedAt: row.closed_at?.toISOString() ?? null,
      sealed,
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
      // The ladder of a sealed lot is its list of opened offers, ranked.
      ladder: lot.sealed ? (lot.sealed.offers ?? []) : await this.bids(lotId, 0, 100_000),
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
}
