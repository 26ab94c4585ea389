import { type Kysely, sql } from "kysely";

/**
 * 招拍挂 and 国有产权 网络竞价 (data sets 600/601, 650–660, 700/701, 750/753).
 *
 * - `auction_lot`: one 标的 (宗地, 矿业权, 产权/实物资产) with its schedule, public prices and the sealed 底价
 *   (`reserve_seal`, opened only at the close); audited, changed only by phase transitions.
 * - `auction_lot_live`: the running ladder (last sequence, standing bid, current end after anti-sniping).
 *   Bids lock this row (`for update`), which serialises them per lot across every server process.
 * - `auction_bidder`: a 竞买申请 — the subject, its deposit (竞买保证金, to the 分), the centre's
 *   qualification review and, once all three conditions hold, its anonymous 竞买号.
 * - `auction_bid`: the accepted bids, a total order per lot (`sequence`); `client_bid_id` makes a retried
 *   bid idempotent. Append-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table auction_lot (
      id bigint generated always as identity primary key,
      platform_code char(6) not null references platform(code),
      department_code text not null references department(code),
      lot_code text not null unique,
      unified_deal_code text not null unique,
      kind text not null check (kind in ('land', 'mining', 'equity', 'asset')),
      method text not null check (method in ('listing', 'auction', 'multi_round')),
      name text not null,
      description text not null default '',
      seller_subject_id bigint not null references subject(id),
      created_by bigint not null references user_account(id),
      created_at timestamptz not null,
      announced_at timestamptz not null,
      opens_at timestamptz not null,
      scheduled_end timestamptz not null,
      free_end timestamptz,
      starting_price_fen bigint not null check (starting_price_fen > 0),
      increment_fen bigint not null check (increment_fen > 0),
      deposit_fen bigint not null check (deposit_fen >= 0),
      appraisal_fen bigint check (appraisal_fen > 0),
      countdown_ms integer not null check (countdown_ms > 0),
      reserve_seal jsonb,
      reserve_fen bigint,
      phase text not null default 'open' check (phase in ('open', 'live', 'closed')),
      live_participants text[],
      outcome text check (outcome in ('sold', 'no_sale')),
      outcome_reason text,
      winner_bidder_id bigint,
      deal_price_fen bigint,
      needs_approval boolean,
      closed_at timestamptz,
      check (opens_at >= announced_at and scheduled_end > opens_at)
    )
  `.execute(db);
  // The running state of a lot's ladder: a cache of what its bids imply, rebuilt from auction_bid
  // (see auction-ladder-state.ts) and therefore not itself an audited object.
  await sql`
    create table auction_lot_live (
      lot_id bigint primary key references auction_lot(id),
      closes_at timestamptz not null,
      last_sequence integer not null default 0,
      current_price_fen bigint,
      current_bidder_number text,
      current_bid_time timestamptz,
      current_client_bid_id text,
      extensions integer not null default 0,
      closed boolean not null default false
    )
  `.execute(db);
  await sql`create index auction_lot_live_due on auction_lot_live (closes_at) where not closed`.execute(db);

  await sql`
    create table auction_bidder (
      id bigint generated always as identity primary key,
      lot_id bigint not null references auction_lot(id),
      subject_id bigint not null references subject(id),
      applied_by bigint not null references user_account(id),
      applied_at timestamptz not null,
      deposit_status text not null default 'awaiting'
        check (deposit_status in ('awaiting', 'arrived', 'refund_due', 'refunded', 'applied_to_price')),
      deposit_fen bigint,
      deposit_account_no text,
      deposit_arrived_at timestamptz,
      deposit_refunded_at timestamptz,
      qualified boolean,
      qualification_note text,
      qualified_by bigint references user_account(id),
      bidder_number text,
      numbered_at timestamptz,
      wants_live_at timestamptz,
      unique (lot_id, subject_id),
      unique (lot_id, bidder_number)
    )
  `.execute(db);
  await sql`alter table auction_lot add foreign key (winner_bidder_id) references auction_bidder(id)`.execute(db);

  await sql`
    create table auction_bid (
      id bigint generated always as identity primary key,
      lot_id bigint not null references auction_lot(id),
      sequence integer not null check (sequence > 0),
      bidder_id bigint not null references auction_bidder(id),
      bidder_number text not null,
      price_fen bigint not null check (price_fen > 0),
      client_bid_id text not null,
      phase text not null check (phase in ('open', 'live')),
      server_time timestamptz not null,
      ip text not null,
      unique (lot_id, sequence),
      unique (lot_id, client_bid_id)
    )
  `.execute(db);
  // Bids are never changed or removed (拍卖法第三十六条: 竞买人一经应价，不得撤回).
  await sql`
    create function auction_bid_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'auction_bid is append-only';
    end $$
  `.execute(db);
  await sql`
    create trigger auction_bid_append_only before update or delete on auction_bid
    for each row execute function auction_bid_append_only()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table auction_bid`.execute(db);
  await sql`drop function auction_bid_append_only`.execute(db);
  await sql`alter table auction_lot drop column winner_bidder_id`.execute(db);
  await sql`drop table auction_bidder`.execute(db);
  await sql`drop table auction_lot_live`.execute(db);
  await sql`drop table auction_lot`.execute(db);
}
