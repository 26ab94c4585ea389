import { type Kysely, sql } from "kysely";

/** 邀请招标 invitees; exemptions (一事一审一批) and off-platform reports; performance records (sets 305/522). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tender_invitation (
      section_id bigint not null references tender_section(id),
      subject_id bigint not null references subject(id),
      platform_code char(6) not null references platform(code),
      invited_at timestamptz not null,
      primary key (section_id, subject_id)
    );

    create table tender_exemption (
      id bigint generated always as identity primary key,
      platform_code char(6) not null references platform(code),
      department_code text not null references department(code),
      tenderer_subject_id bigint not null references subject(id),
      project_name text not null,
      kind text not null check (kind in ('works', 'goods', 'services')),
      estimate_fen bigint not null check (estimate_fen > 0),
      funding jsonb not null,
      reason text not null,
      explanation text not null,
      must_tender jsonb not null,
      status text not null check (status in ('pending', 'approved', 'rejected')),
      requested_by bigint not null references user_account(id),
      requested_at timestamptz not null,
      decided_by bigint references user_account(id),
      decided_at timestamptz,
      decision_note text,
      contract_signed_at timestamptz,
      contract_amount_fen bigint,
      counterparty_uscc char(18),
      reported_at timestamptz,
      report_due date,
      report_late boolean
    );
    create index tender_exemption_department_idx on tender_exemption (department_code);

    create table performance_record (
      section_id bigint primary key references tender_section(id),
      platform_code char(6) not null references platform(code),
      winner_subject_id bigint not null references subject(id),
      quality text not null check (quality in ('met', 'not_met')),
      safety text not null check (safety in ('met', 'not_met')),
      environment text not null check (environment in ('met', 'not_met')),
      settlement_amount_fen bigint not null check (settlement_amount_fen >= 0),
      construction_days integer not null check (construction_days >= 0),
      finished_at timestamptz not null,
      submitted_at timestamptz not null,
      submitted_by bigint not null references user_account(id),
      credit_record_id bigint references credit_record(id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("tendering records are kept; this migration is not reverted");
}
