import { type Kysely, sql } from "kysely";

/**
 * 政府采购 质疑 and 投诉 (政府采购法 52–56, 财政部令第94号): a supplier's 质疑 to the purchaser or its
 * agency within 7 working days of knowing, the reply within 7 working days, then a 投诉 to the 财政
 * department within 15 working days after the reply period. A complaint of regime 'procurement' follows
 * a 质疑 (`procurement_challenge.complaint_id` links them; the audited complaint row keeps its columns),
 * never a works 异议 (`objection_id`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table procurement_challenge (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      matter text not null check (matter in ('document', 'opening', 'candidates')),
      raised_by_subject_id bigint not null references subject(id),
      raised_by bigint not null references user_account(id),
      addressee_subject_id bigint not null references subject(id),
      known_at timestamptz not null,
      raised_at timestamptz not null,
      deadline date not null,
      content text not null,
      reply_due date not null,
      reply text,
      replied_by bigint references user_account(id),
      replied_at timestamptz,
      reply_late boolean,
      complaint_id bigint unique references complaint(id),
      check ((reply is null) = (replied_at is null))
    );
    create index procurement_challenge_section_idx on procurement_challenge (section_id);
  `.execute(db);
  // The works rule "an objection unless the matter is 'other'" holds for regime 'works' only.
  const found = await sql<{ conname: string }>`
    select conname from pg_constraint
    where conrelid = 'complaint'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%objection_id IS NULL%'
  `.execute(db);
  for (const { conname } of found.rows) await sql`alter table complaint drop constraint ${sql.id(conname)}`.execute(db);
  await sql`
    alter table complaint add constraint complaint_prior_step check (
      (regime = 'works' and (matter = 'other') = (objection_id is null))
      or (regime = 'procurement' and objection_id is null and matter <> 'other')
    )
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("complaints are kept; this migration is not reverted");
}
