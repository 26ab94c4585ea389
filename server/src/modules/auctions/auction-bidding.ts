import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { assertNotRestricted } from "../credit/credit-service.ts";
import { lockLot } from "./auction-access.ts";
import { auctionHallTopic } from "./auction-hall.ts";
import { LOT_RULES, ladderOf, standingOf } from "./auction-ladder-state.ts";
import type { BidResult } from "./domain/ladder.ts";
import { minimumNextFen, priceReasons } from "./domain/ladder.ts";
import { bidLive } from "./domain/live-auction.ts";
import { RefusalJournal } from "./refusal-journal.ts";

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

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "23505";

/**
 * The bid engine. A bid runs in one transaction that locks the lot's running row (`auction_lot_live … for
 * update`): every process on the database serialises the bids of a lot there, so the accepted bids form one
 * total order (`sequence`) that every observer sees the same. The bid is acknowledged after the commit — a
 * durable acceptance — and its event leaves by NOTIFY only if it commits. A client bid id already accepted
 * answers the same acceptance again (unique index), so a retry after a lost acknowledgement never bids twice.
 */
export class AuctionBiddingService {
  private readonly refusals: RefusalJournal;

  constructor(private readonly deps: Deps) {
    this.refusals = new RefusalJournal(deps.db);
  }

  private now() {
    return this.deps.clock.now();
  }

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
      const lot = await lockLot(trx, lotId);
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
}
