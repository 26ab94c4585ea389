import { type Kysely, sql } from "kysely";

/** Credit records and sanctions (sets 300–306, 208): one place that every restricted action asks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table credit_record (
      id bigint generated always as identity primary key,
      subject_id bigint references subject(id),
      expert_id bigint references expert(id),
      kind text not null check (kind in ('violation', 'blacklist', 'reward', 'performance')),
      reason text not null,
      document_no text not null,
      department_code text not null references department(code),
      decided_at timestamptz not null,
      public boolean not null default true,
      restricted_actions jsonb not null default '[]',
      scope text not null default 'installation',
      starts_at timestamptz,
      ends_at timestamptz,
      revoked_at timestamptz,
      revoked_reason text,
      created_by bigint not null references user_account(id),
      created_at timestamptz not null,
      check ((subject_id is null) <> (expert_id is null)),
      check (ends_at is null or starts_at is null or ends_at > starts_at)
    );
    create index credit_record_subject_idx on credit_record (subject_id);
    create index credit_record_expert_idx on credit_record (expert_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("credit records are kept; this migration is not reverted");
}
