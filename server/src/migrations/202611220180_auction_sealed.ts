import { type Kysely, sql } from "kysely";

/**
 * The sealed auction modes: land/mining 招标出让 (`tender`), 国有产权 一次报价 (`sealed`) and 权重报价 (`weighted`).
 *
 * - `auction_lot.method` gains the three methods.
 * - `auction_sealed_lot`: per sealed lot, the published 权重报价 terms (weights, price formula) and the time of
 *   the opening (开启), after which the prices are public.
 * - `auction_sealed_offer`: one sealed price per numbered bidder (a second one is refused; a sealed offer is
 *   neither withdrawn nor changed). Before the opening it holds only the bid-seal envelope (encrypted to the
 *   custodians' keys) and its receipt hashes; the price is written at the opening, the factor scores and the
 *   ranking of a 权重报价 when the trading centre enters them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const found = await sql<{ conname: string }>`
    select conname from pg_constraint
    where conrelid = 'auction_lot'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%multi_round%'
  `.execute(db);
  for (const { conname } of found.rows) await sql`alter table auction_lot drop constraint ${sql.id(conname)}`.execute(db);
  await sql`
    alter table auction_lot add constraint auction_lot_method
    check (method in ('listing', 'auction', 'multi_round', 'tender', 'sealed', 'weighted'))
  `.execute(db);

  await sql`
    create table auction_sealed_lot (
      lot_id bigint primary key references auction_lot(id),
      weights jsonb,
      opened_at timestamptz
    )
  `.execute(db);
  await sql`
    create table auction_sealed_offer (
      id bigint generated always as identity primary key,
      lot_id bigint not null references auction_sealed_lot(lot_id),
      bidder_id bigint not null references auction_bidder(id),
      bidder_number text not null,
      sequence integer not null check (sequence > 0),
      submitted_at timestamptz not null,
      ip text not null,
      sealed jsonb not null,
      receipt_sm3 text not null,
      price_fen bigint check (price_fen > 0),
      opened_at timestamptz,
      factor_scores jsonb,
      price_score integer,
      total_score integer,
      rank integer,
      unique (lot_id, bidder_id),
      unique (lot_id, sequence),
      check ((price_fen is null) = (opened_at is null))
    )
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("sealed offers are kept; this migration is not reverted");
}
