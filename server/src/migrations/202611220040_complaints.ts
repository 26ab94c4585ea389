import { type Kysely, sql } from "kysely";

/**
 * 投诉 (set 404 COMPLAINT_INFO): a bidder's complaint to the project's supervising department after its
 * objection to the tenderer (条例60), the acceptance decision (3 working days) and the written decision
 * (30 working days, 条例61), with its reversal of a step and its credit record. `regime` names the window
 * table the complaint runs under ('works' 工程; 'procurement' 政府采购 is defined but not used yet).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table complaint (
      id bigint generated always as identity primary key,
      regime text not null default 'works' check (regime in ('works', 'procurement')),
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      department_code text not null references department(code),
      complainant_subject_id bigint not null references subject(id),
      complainant_user bigint not null references user_account(id),
      respondent_subject_id bigint not null references subject(id),
      matter text not null check (matter in ('document', 'opening', 'candidates', 'other')),
      objection_id bigint references tender_objection(id),
      content text not null,
      basis text not null,
      known_at timestamptz not null,
      submitted_at timestamptz not null,
      deadline date not null,
      accepted boolean,
      acceptance_decided_at timestamptz,
      acceptance_decided_by bigint references user_account(id),
      acceptance_note text,
      acceptance_due date not null,
      acceptance_late boolean,
      decision text check (decision in ('upheld', 'dismissed')),
      decision_text text,
      decided_at timestamptz,
      decided_by bigint references user_account(id),
      decision_due date,
      decision_late boolean,
      reversal text check (reversal in ('redo_evaluation', 'cancel_award')),
      credit_record_id bigint references credit_record(id),
      published boolean not null default false,
      check ((matter = 'other') = (objection_id is null)),
      check (decision is null or accepted is true),
      check (reversal is null or decision = 'upheld')
    );
    create index complaint_section_idx on complaint (section_id);
    create index complaint_department_idx on complaint (department_code);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("complaints are kept; this migration is not reverted");
}
