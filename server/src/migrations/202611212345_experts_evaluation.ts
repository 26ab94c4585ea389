import { type Kysely, sql } from "kysely";

/** The comprehensive expert database (set 212), committed-seed draws, and the evaluation (sets 508–510). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table expert (
      id bigint generated always as identity primary key,
      person_id bigint not null unique references person(id),
      name text not null,
      specialty text not null,
      kind text not null check (kind in ('technical', 'economic')),
      region_code char(6) not null,
      employer_uscc char(18),
      employer_name text,
      department_code text references department(code),
      title text not null,
      available boolean not null default true,
      punished_until date,
      avoid_usccs jsonb not null default '[]',
      entered_at timestamptz not null,
      version integer not null default 1
    );

    create table expert_draw (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      size integer not null,
      tenderer_representatives integer not null default 0,
      rules jsonb not null,
      pool jsonb not null,
      input_digest char(64) not null,
      commitment char(64) not null,
      seed char(96),
      declined jsonb not null default '[]',
      members jsonb,
      status text not null check (status in ('committed', 'drawn', 'revealed')),
      requested_by bigint not null references user_account(id),
      created_at timestamptz not null,
      drawn_at timestamptz,
      revealed_at timestamptz
    );
    create unique index expert_draw_section_idx on expert_draw (section_id);

    create table evaluation_review (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      expert_id bigint not null references expert(id),
      bid_id bigint not null references bid(id),
      qualified boolean not null,
      reject_reason text,
      technical_hundredths integer check (technical_hundredths >= 0),
      commercial_hundredths integer check (commercial_hundredths >= 0),
      submitted_at timestamptz not null,
      unique (section_id, expert_id, bid_id),
      check (qualified or length(coalesce(reject_reason, '')) > 0)
    );

    create table evaluation_report (
      section_id bigint primary key references tender_section(id),
      platform_code char(6) not null references platform(code),
      method text not null,
      result jsonb not null,
      signatures jsonb not null default '{}',
      created_at timestamptz not null,
      completed_at timestamptz
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("evaluation records are kept; this migration is not reverted");
}
