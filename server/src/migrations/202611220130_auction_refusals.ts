import { type Kysely, sql } from "kysely";

/**
 * 出价记录（未被接受）: every refused bid — who, when, from where, at what price and why. A refusal changes
 * nothing, so it is not an audited state change; the supervisor still sees every attempt (bids after the
 * close, repeated low bids). Written in batches off the bid path; append-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table auction_bid_refusal (
      id bigint generated always as identity primary key,
      lot_id bigint not null references auction_lot(id),
      bidder_id bigint not null references auction_bidder(id),
      bidder_number text not null,
      price_fen bigint not null,
      client_bid_id text not null,
      reasons text[] not null,
      refused_at timestamptz not null,
      user_id bigint not null references user_account(id),
      ip text not null
    )
  `.execute(db);
  await sql`create index auction_bid_refusal_lot on auction_bid_refusal (lot_id, refused_at)`.execute(db);
  await sql`
    create trigger auction_bid_refusal_append_only before update or delete on auction_bid_refusal
    for each row execute function auction_bid_append_only()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table auction_bid_refusal`.execute(db);
}
