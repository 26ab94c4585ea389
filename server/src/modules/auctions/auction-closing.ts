import { change, type Deps } from "../../platform/deps.ts";
import { type ActionContext, systemContext } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { type CustodianKeyring, centreHolder, departmentHolder } from "../tendering/custodian-keyring.ts";
import { auctionHallTopic } from "./auction-hall.ts";
import { ladderOf, standingOf } from "./auction-ladder-state.ts";
import { closeListing, type ListingState } from "./domain/listing.ts";
import { closeLiveAuction } from "./domain/live-auction.ts";
import { needsApproval } from "./domain/property-modes.ts";
import { openReserve, type StoredReserveSeal } from "./reserve-seal.ts";

/**
 * The close at a lot's (extended) end, run by every server process for due lots (the row lock keeps each close
 * single): 挂牌 → 现场竞价, or the sale decided by the ladder after the sealed 底价 is opened.
 */
export class AuctionClosingService {
  constructor(
    private readonly deps: Deps,
    private readonly keyring: CustodianKeyring,
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
}
