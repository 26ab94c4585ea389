import { type Kysely, sql } from "kysely";

/**
 * Sealed auction offers sealed in the bidder's browser (auction-sealed-offers.ts): the platform first sees the price
 * at the opening, so an envelope may turn out not to open or not to hold a valid price. Such an offer stays listed,
 * opened but without a price and without a rank, with the reason (`invalid_reason`): once opened, an offer has
 * either a price or a reason, never both; before the opening neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table auction_sealed_offer add column invalid_reason text`.execute(db);
  await sql`alter table auction_sealed_offer drop constraint auction_sealed_offer_check`.execute(db);
  await sql`
    alter table auction_sealed_offer add constraint auction_sealed_offer_opened_check check (
      case when opened_at is null then price_fen is null and invalid_reason is null
      else (price_fen is null) <> (invalid_reason is null) end
    )
  `.execute(db);
  await sql`alter table auction_sealed_offer add constraint auction_sealed_offer_unranked_invalid check (invalid_reason is null or rank is null)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("sealed offers are kept; this migration is not reverted");
}
