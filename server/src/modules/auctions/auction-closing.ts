import type { Selectable, Transaction } from "kysely";
import type { AuctionLotTable, DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import { type ActionContext, systemContext } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { type CustodianKeyring, centreHolder, departmentHolder } from "../tendering/custodian-keyring.ts";
import { auctionHallTopic } from "./auction-hall.ts";
import { isSealedMethod, ladderOf, standingOf } from "./auction-ladder-state.ts";
import { closeListing, type ListingState } from "./domain/listing.ts";
import { closeLiveAuction } from "./domain/live-auction.ts";
import { needsApproval } from "./domain/property-modes.ts";
import { openReserve, type StoredReserveSeal } from "./reserve-seal.ts";

export type LotRow = Selectable<AuctionLotTable>;
export interface CloseResult {
  changed: boolean;
  phase: string;
  outcome: string | null;
}

/** The close of a sealed lot (招标, 一次报价, 权重报价: auction-sealed-offers.ts), run under the same row lock. */
export interface SealedLotCloser {
  closeSealed(trx: Transaction<DB>, ctx: ActionContext, lot: LotRow, now: Date): Promise<CloseResult>;
}

/** Opens a lot's sealed 底价 with the two custodians' keys (null when the lot has none). */
export function openLotReserve(keyring: CustodianKeyring, lot: LotRow): number | null {
  if (!lot.reserve_seal) return null;
  const centre = keyring.privateKey(centreHolder(lot.platform_code));
  const department = keyring.privateKey(departmentHolder(lot.department_code));
  if (!centre || !department)
    throw new AppError("STATE_INVALID", { zh: "底价密钥缺失，无法开启底价", en: "A custodian key is missing; the reserve cannot be opened" });
  return openReserve(lot.lot_code, lot.reserve_seal as unknown as StoredReserveSeal, { centre, department });
}

/** The decided sale (or no sale) of a lot, as {@link finishLot} records it. */
export interface LotDecision {
  reserveFen: number | null;
  /** null: no sale. */
  winner: { bidderId: number; bidderNumber: string; priceFen: number } | null;
  reason: string | null;
  /** Accepted bids (ladder) or opened offers (sealed). */
  bids: number;
}

/**
 * Records a lot's close: the outcome (with the 90% approval flag of a state-owned property), the revealed reserve,
 * the deposits (the winner's becomes part of the price; every other one that arrived falls due for refund), the
 * audit entries and the hall's `closed` event.
 */
export async function finishLot(deps: Deps, trx: Transaction<DB>, ctx: ActionContext, lot: LotRow, decision: LotDecision, now: Date): Promise<CloseResult> {
  const { winner, reason } = decision;
  const outcome = winner ? "sold" : "no_sale";
  await trx
    .updateTable("auction_lot")
    .set({
      phase: "closed",
      reserve_fen: decision.reserveFen,
      outcome,
      outcome_reason: reason,
      winner_bidder_id: winner?.bidderId ?? null,
      deal_price_fen: winner?.priceFen ?? null,
      needs_approval: winner && lot.appraisal_fen !== null ? needsApproval(winner.priceFen, lot.appraisal_fen) : null,
      closed_at: now,
    })
    .where("id", "=", lot.id)
    .execute();
  await trx.updateTable("auction_lot_live").set({ closed: true }).where("lot_id", "=", lot.id).execute();
  const deposits = await trx.selectFrom("auction_bidder").select(["id"]).where("lot_id", "=", lot.id).where("deposit_status", "=", "arrived").execute();
  for (const d of deposits) {
    const status = d.id === winner?.bidderId ? "applied_to_price" : "refund_due";
    await trx.updateTable("auction_bidder").set({ deposit_status: status }).where("id", "=", d.id).execute();
    await deps.audit.record(trx, ctx, { action: `auction.deposit.${status}`, objectType: "auction_bidder", objectId: d.id });
  }
  await deps.audit.record(trx, ctx, {
    action: "auction.close",
    objectType: "auction_lot",
    objectId: lot.id,
    detail: { outcome, reason, dealPriceFen: winner?.priceFen ?? null, bids: decision.bids },
  });
  await deps.events.publish(trx, {
    topic: auctionHallTopic(lot.id),
    type: "closed",
    at: now.toISOString(),
    data: { outcome, reason, dealPriceFen: winner?.priceFen ?? null, winnerNumber: winner?.bidderNumber ?? null, serverTime: now.toISOString() },
  });
  return { changed: true, phase: "closed", outcome };
}

/**
 * The close at a lot's (extended) end, run by every server process for due lots (the row lock keeps each close
 * single): 挂牌 → 现场竞价, or the sale decided by the ladder after the sealed 底价 is opened.
 */
export class AuctionClosingService {
  constructor(
    private readonly deps: Deps,
    private readonly keyring: CustodianKeyring,
    private readonly sealed: SealedLotCloser,
  ) {}

  private now() {
    return this.deps.clock.now();
  }

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
  async close(ctx: ActionContext, lotId: number): Promise<CloseResult> {
    return change(this.deps, async (trx) => {
      const live = await trx.selectFrom("auction_lot_live").selectAll().where("lot_id", "=", lotId).forUpdate().executeTakeFirst();
      if (!live) throw notFound({ zh: "标的", en: "The lot" });
      const lot = await trx.selectFrom("auction_lot").selectAll().where("id", "=", lotId).executeTakeFirstOrThrow();
      const now = this.now();
      if (live.closed) return { changed: false, phase: lot.phase, outcome: lot.outcome };
      if (now.getTime() < live.closes_at.getTime()) throw new AppError("NOT_YET_DUE", { zh: "竞价尚未结束", en: "Bidding has not ended" });
      if (isSealedMethod(lot.method)) return this.sealed.closeSealed(trx, ctx, lot, now);
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
      const reserveFen = openLotReserve(this.keyring, lot);
      const state = ladderOf(lot, live, top);
      const decided = closeLiveAuction({ ...state, ladder: { ...state.ladder, ...(reserveFen === null ? {} : { reserveFen }) } }, now).outcome;
      let winner: LotDecision["winner"] = null;
      if (decided.outcome === "SOLD") {
        const w = await trx
          .selectFrom("auction_bidder")
          .select("id")
          .where("lot_id", "=", lotId)
          .where("bidder_number", "=", decided.winner)
          .executeTakeFirstOrThrow();
        winner = { bidderId: w.id, bidderNumber: decided.winner, priceFen: decided.priceFen };
      }
      const reason = decided.outcome === "UNSOLD" ? decided.reason : null;
      return finishLot(this.deps, trx, ctx, lot, { reserveFen, winner, reason, bids: live.last_sequence }, now);
    });
  }
}
