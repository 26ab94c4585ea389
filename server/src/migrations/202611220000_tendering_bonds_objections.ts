import { type Kysely, sql } from "kysely";

/** Tendering, second slice: clarifications that move the deadline, objections, bid bonds and guarantees. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tender_clarification (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      content text not null,
      affects_preparation boolean not null,
      previous_deadline timestamptz not null,
      new_deadline timestamptz not null,
      published_by bigint not null references user_account(id),
      published_at timestamptz not null
    );
    create index tender_clarification_section_idx on tender_clarification (section_id);

    create table tender_objection (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      kind text not null check (kind in ('document', 'opening', 'candidates')),
      raised_by_subject_id bigint not null references subject(id),
      raised_by bigint not null references user_account(id),
      raised_at timestamptz not null,
      content text not null,
      reply text,
      replied_by bigint references user_account(id),
      replied_at timestamptz,
      reply_due date not null,
      deadline_before timestamptz,
      deadline_after timestamptz
    );
    create index tender_objection_section_idx on tender_objection (section_id);

    create table bid_bond (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      bidder_subject_id bigint not null references subject(id),
      form text not null check (form in ('transfer', 'guarantee')),
      amount_fen bigint not null check (amount_fen > 0),
      payer_account_no text,
      payer_account_name text,
      payer_bank text,
      guarantee_code text,
      guarantor_name text,
      guarantor_code char(18),
      guarantee_valid_until timestamptz,
      received_at timestamptz not null,
      status text not null check (status in ('held', 'refund_due', 'refunded', 'forfeited')),
      refund_trigger text,
      refund_trigger_at timestamptz,
      refund_due date,
      refunded_at timestamptz,
      refund_amount_fen bigint,
      interest_fen bigint,
      flags jsonb not null default '[]'
    );
    create unique index bid_bond_live_idx on bid_bond (section_id, bidder_subject_id) where status in ('held', 'refund_due');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("tendering records are kept; this migration is not reverted");
}
