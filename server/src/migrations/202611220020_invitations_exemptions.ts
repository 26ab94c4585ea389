import { type Kysely, sql } from "kysely";

/** 邀请招标 invitees; exemptions from compulsory tendering (一事一审一批) and off-platform reports. */
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
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("tendering records are kept; this migration is not reverted");
}
