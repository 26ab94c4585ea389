import { type Kysely, sql } from "kysely";

/** Tendering (工程建设项目招标投标), first slice: projects, sections, notices, registrations, sealed bids, opening. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table code_sequence (
      scope text primary key,
      last_value bigint not null
    );

    create table custodian_key (
      holder text primary key,
      platform_code char(6) not null references platform(code),
      public_key text not null,
      created_at timestamptz not null
    );

    create table tender_project (
      id bigint generated always as identity primary key,
      platform_code char(6) not null references platform(code),
      project_code char(16) not null unique,
      tender_project_code char(19) not null unique,
      name text not null,
      kind text not null check (kind in ('works', 'goods', 'services')),
      tenderer_subject_id bigint not null references subject(id),
      agency_subject_id bigint references subject(id),
      department_code text not null references department(code),
      approval_level text not null check (approval_level in ('province', 'city', 'county')),
      approval_division_code char(6) not null,
      approval_number text,
      estimate_fen bigint not null check (estimate_fen > 0),
      compulsory boolean not null,
      state_owned_controlling boolean not null,
      method text not null check (method in ('open', 'invited')),
      created_by bigint not null references user_account(id),
      created_at timestamptz not null
    );
    create index tender_project_department_idx on tender_project (department_code);

    create table tender_section (
      id bigint generated always as identity primary key,
      tender_project_id bigint not null references tender_project(id),
      platform_code char(6) not null references platform(code),
      section_code char(22) not null unique,
      unified_deal_code char(21) not null unique,
      classify_code char(7) not null,
      name text not null,
      estimate_fen bigint not null check (estimate_fen > 0),
      bond_fen bigint not null default 0 check (bond_fen >= 0),
      evaluation_method jsonb not null default '{"method":"lowest_price"}',
      status text not null default 'draft' check (status in ('draft', 'announced', 'opening', 'opened', 'evaluated', 'publicity', 'awarded', 'contracted', 'failed')),
      notice_published_at timestamptz,
      doc_sale_start timestamptz,
      doc_sale_end timestamptz,
      bid_deadline timestamptz,
      opening_started_at timestamptz,
      decrypt_deadline timestamptz,
      opened_at timestamptz,
      failure_reason text,
      created_at timestamptz not null
    );
    create index tender_section_project_idx on tender_section (tender_project_id);

    create table bid_registration (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      bidder_subject_id bigint not null references subject(id),
      registered_by bigint not null references user_account(id),
      registered_at timestamptz not null,
      ip text not null,
      unique (section_id, bidder_subject_id)
    );

    create table bid (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      bidder_subject_id bigint not null references subject(id),
      status text not null check (status in ('submitted', 'replaced', 'withdrawn', 'decrypted', 'revoked', 'retracted')),
      suite text not null,
      sealed jsonb not null,
      plaintext_sm3 char(64) not null,
      plaintext_sha256 char(64) not null,
      plaintext_md5 char(32) not null,
      size bigint not null,
      ciphertext_sm3 char(64) not null,
      fingerprint jsonb not null,
      submitted_at timestamptz not null,
      submitted_by bigint not null references user_account(id),
      ended_at timestamptz,
      price_fen bigint,
      offer jsonb,
      decrypted_at timestamptz,
      bidder_share text,
      decrypt_failure text check (decrypt_failure in ('platform'))
    );
    create unique index bid_live_idx on bid (section_id, bidder_subject_id) where status in ('submitted', 'decrypted');
    create index bid_section_idx on bid (section_id);

    create table tender_award (
      section_id bigint primary key references tender_section(id),
      platform_code char(6) not null references platform(code),
      candidates jsonb not null,
      publicity_start timestamptz not null,
      publicity_end timestamptz not null,
      publicity_published_at timestamptz not null,
      winner_subject_id bigint references subject(id),
      winner_price_fen bigint,
      awarded_at timestamptz,
      contract_code text,
      contract_signed_at timestamptz,
      contract_amount_fen bigint,
      report_filed_at timestamptz,
      flags jsonb not null default '[]'
    );

    create table bid_opening_record (
      section_id bigint primary key references tender_section(id),
      platform_code char(6) not null references platform(code),
      opened_at timestamptz not null,
      record jsonb not null
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("tendering data is kept for 15 years; this migration is not reverted");
}
