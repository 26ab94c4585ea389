import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext } from "../../platform/http/actor.ts";
import { AppError } from "../../platform/http/app-error.ts";
import { restrictionOf, restrictionRecords } from "../credit/credit-service.ts";
import { lockLot } from "./auction-access.ts";
import { type BatchReads, type BidAck, type BidDecision, decideBatch, type PendingBid, type Refusal, retryAnswer } from "./auction-bid-batch.ts";
import { auctionHallTopic } from "./auction-hall.ts";
import { LOT_RULES } from "./auction-ladder-state.ts";
import { type AcceptedBid, currentBid } from "./domain/ladder.ts";
import { RefusalJournal } from "./refusal-journal.ts";

export type { BidAck } from "./auction-bid-batch.ts";

/** A bid the ladder refused: 409 with the reasons and the lowest acceptable price now. */
function refusal(result: Refusal) {
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

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "23505";

/** Bids per transaction at most; more wait for the next one. */
const MAX_BATCH = 500;

/**
 * The bid engine. Bids wait in a queue and are decided in batches: one transaction locks the running rows of
 * the batch's lots (`auction_lot_live … for update`, in lot order), decides every bid in arrival order on the
 * locked state (auction-bid-batch.ts), writes the accepted ones with their running state, events and audit
 * entries, and commits; then each bid is answered. Every process on the database serialises a lot's bids at
 * that lock, so the accepted bids form one total order (`sequence`) that every observer sees the same. A bid
 * is acknowledged after its batch committed — a durable acceptance — and its event leaves by NOTIFY only if
 * it commits. While a batch is in its transaction the next one gathers (group commit): the load sets the
 * batch size, never a timer. A client bid id already accepted answers the same acceptance again, so a retry
 * after a lost acknowledgement never bids twice: a refused bid is looked up among the accepted ones after the
 * commit, and one the ladder would accept a second time fails the unique index on (lot, client_bid_id), after
 * which the batch is decided again knowing the ids already used.
 */
export class AuctionBiddingService {
  private readonly refusals: RefusalJournal;
  private queue: { bid: PendingBid; settle: (outcome: BidAck | Error) => void }[] = [];
  private draining = false;

  constructor(private readonly deps: Deps) {
    this.refusals = new RefusalJournal(deps.db);
  }

  private now() {
    return this.deps.clock.now();
  }

  /**
   * One bid. Acknowledged (returned) only after its batch committed; refusals go to the refusal journal.
   * Throws BID_REFUSED (409) with the reasons and the lowest acceptable price.
   */
  bid(ctx: ActionContext, lotId: number, input: { priceFen: number; clientBidId: string }): Promise<BidAck> {
    const bid: PendingBid = { ctx, lotId, subjectId: ctx.actor.subjectId as number, priceFen: input.priceFen, clientBidId: input.clientBidId };
    return new Promise((resolve, reject) => {
      this.queue.push({ bid, settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
      if (!this.draining) void this.drain();
    });
  }

  private async drain() {
    this.draining = true;
    while (this.queue.length > 0) {
      // Let the requests already received join the batch first: an embedded database (PGlite) answers within
      // microtasks, so without this turn of the event loop every batch would hold one bid.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = this.queue.splice(0, MAX_BATCH);
      let outcomes: (BidAck | Error)[];
      try {
        outcomes = await this.decideAndWrite(batch.map((b) => b.bid));
      } catch (error) {
        // The transaction failed: nothing of the batch was written; every bid may be retried.
        outcomes = batch.map(() => error as Error);
      }
      for (const [i, b] of batch.entries()) b.settle(outcomes[i] as BidAck | Error);
    }
    this.draining = false;
  }

  /**
   * A batch: what needs no lock is read first (the 竞买号, which never change once given, and the credit records in
   * force); one transaction locks the lots, decides and writes; then the refused bids are checked for retries of
   * bids accepted earlier (accepted bids never change, so that needs no lock either). The answers in batch order.
   */
  private async decideAndWrite(bids: PendingBid[]): Promise<(BidAck | Error)[]> {
    const lotIds = [...new Set(bids.map((b) => b.lotId))].sort((a, b) => a - b);
    const subjectIds = [...new Set(bids.map((b) => b.subjectId))];
    const [bidders, records] = await Promise.all([
      this.deps.db
        .selectFrom("auction_bidder")
        .select(["id", "lot_id", "subject_id", "bidder_number"])
        .where("lot_id", "in", lotIds)
        .where("subject_id", "in", subjectIds)
        .execute(),
      restrictionRecords(this.deps.db, subjectIds),
    ]);
    const reads = { bidders, restriction: (subjectId: number) => restrictionOf(records, subjectId, "auction", this.now()) };
    let decisions: BidDecision[];
    try {
      decisions = await this.lockDecideWrite(bids, lotIds, { ...reads, earlier: [] });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The ladder accepted a bid whose client bid id was accepted in an earlier batch (a retry after a lost
      // answer): nothing was written; decide the batch again knowing the ids already used.
      decisions = await this.lockDecideWrite(bids, lotIds, { ...reads, earlier: await this.earlierBids(bids, lotIds) });
    }
    const refused = bids.filter((_, i) => decisions[i]?.kind === "refused");
    if (refused.length > 0) {
      const earlier = new Map((await this.earlierBids(refused, lotIds)).map((e) => [`${e.lot_id}:${e.client_bid_id}`, e]));
      decisions = decisions.map((d, i) => {
        const bid = bids[i] as PendingBid;
        const prior = earlier.get(`${bid.lotId}:${bid.clientBidId}`);
        return d.kind === "refused" && prior ? retryAnswer(bid, prior, d) : d;
      });
    }
    return decisions.map((d, i) => {
      const bid = bids[i] as PendingBid;
      if (d.kind === "accepted" || d.kind === "duplicate") return d.ack;
      if (d.kind === "error") return d.error;
      if (d.refusal.reasons[0] !== "CLIENT_ID_CONFLICT") this.journal(bid, d);
      return refusal(d.refusal);
    });
  }

  /** One transaction: lock the lots' running rows in lot order (so two processes' batches never deadlock), decide, write. */
  private lockDecideWrite(bids: PendingBid[], lotIds: number[], reads: Omit<BatchReads, "lots">): Promise<BidDecision[]> {
    return this.deps.db.transaction().execute(async (trx) => {
      const lots = await trx
        .selectFrom("auction_lot_live as v")
        .innerJoin("auction_lot as l", "l.id", "v.lot_id")
        .selectAll("v")
        .select(LOT_RULES)
        .where("v.lot_id", "in", lotIds)
        .orderBy("v.lot_id")
        .forUpdate("v")
        .execute();
      const decided = decideBatch(bids, { ...reads, lots }, () => this.now());
      await this.write(trx, bids, decided);
      return decided.decisions;
    });
  }

  /** Bids already accepted under these bids' client bid ids. */
  private earlierBids(bids: PendingBid[], lotIds: number[]) {
    return this.deps.db
      .selectFrom("auction_bid")
      .select(["lot_id", "client_bid_id", "sequence", "bidder_number", "price_fen", "server_time"])
      .where("lot_id", "in", lotIds)
      .where("client_bid_id", "in", [...new Set(bids.map((b) => b.clientBidId))])
      .execute();
  }

  /** The accepted bids, the lots' running rows and the events in one statement; then their audit entries. */
  private async write(trx: Transaction<DB>, bids: PendingBid[], { decisions, moved }: ReturnType<typeof decideBatch>) {
    const accepted = decisions.flatMap((d, i) => (d.kind === "accepted" ? [{ d, bid: bids[i] as PendingBid }] : []));
    if (accepted.length === 0) return;
    const rows = accepted.map(({ d, bid }) => ({
      lot_id: bid.lotId,
      sequence: d.ack.sequence,
      bidder_id: d.bidderId,
      bidder_number: d.bidderNumber,
      price_fen: bid.priceFen,
      client_bid_id: bid.clientBidId,
      phase: d.phase,
      server_time: d.ack.serverTime,
      ip: bid.ctx.ip,
    }));
    const running = moved.map(({ lotId, state }) => {
      const top = currentBid(state.ladder) as AcceptedBid;
      return sql`(${lotId}::bigint, ${top.sequence}::integer, ${top.priceFen}::bigint, ${top.bidderNumber}::text, ${top.serverTime.toISOString()}::timestamptz, ${top.clientBidId}::text, ${state.ladder.closesAt.toISOString()}::timestamptz, ${state.extensions}::integer)`;
    });
    const events = accepted.map(({ d, bid }) => ({
      topic: auctionHallTopic(bid.lotId),
      type: "bid",
      at: d.ack.serverTime.toISOString(),
      data: {
        sequence: d.ack.sequence,
        bidderNumber: d.bidderNumber,
        priceFen: bid.priceFen,
        serverTime: d.ack.serverTime.toISOString(),
        endsAt: d.ack.endsAt.toISOString(),
        minimumNextFen: d.ack.minimumNextFen,
      },
    }));
    // One statement: data-modifying CTEs always run, and the events (in acceptance order) leave only on commit.
    const inserted = await trx
      .with("b", (db) => db.insertInto("auction_bid").values(rows).returning(["id", "lot_id", "sequence"]))
      .with(
        "u",
        () =>
          sql<{ lot_id: number }>`(update auction_lot_live v set last_sequence = x.seq, current_price_fen = x.price, current_bidder_number = x.bidder,
          current_bid_time = x.bid_time, current_client_bid_id = x.client_bid_id, closes_at = x.closes_at, extensions = x.extensions
          from (values ${sql.join(running)}) as x(lot_id, seq, price, bidder, bid_time, client_bid_id, closes_at, extensions)
          where v.lot_id = x.lot_id returning v.lot_id)`,
      )
      .with("n", () => sql<{ pg_notify: unknown }>`(${this.deps.events.notifications(events)})`)
      .selectFrom("b")
      .select(["b.id", "b.lot_id", "b.sequence", sql<number>`(select count(*) from n)`.as("sent")])
      .execute();
    const idOf = new Map(inserted.map((r) => [`${r.lot_id}:${r.sequence}`, r.id]));
    await this.deps.audit.recordMany(
      trx,
      accepted.map(({ d, bid }) => ({
        ctx: bid.ctx,
        record: {
          action: "auction.bid",
          objectType: "auction_bid" as const,
          objectId: idOf.get(`${bid.lotId}:${d.ack.sequence}`) as number,
          detail: { lotId: bid.lotId, sequence: d.ack.sequence, priceFen: bid.priceFen, endsAt: d.ack.endsAt.toISOString() },
        },
      })),
    );
  }

  /** Journals a refused bid (not a state change: no audit entry, written in batches). */
  private journal(bid: PendingBid, d: Extract<BidDecision, { kind: "refused" }>) {
    this.refusals.record({
      lot_id: bid.lotId,
      bidder_id: d.bidderId,
      bidder_number: d.bidderNumber,
      price_fen: bid.priceFen,
      client_bid_id: bid.clientBidId,
      reasons: d.refusal.reasons,
      refused_at: d.at,
      user_id: bid.ctx.actor.userId as number,
      ip: bid.ctx.ip,
    });
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
