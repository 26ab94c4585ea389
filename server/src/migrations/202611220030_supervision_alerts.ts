import { type Kysely, sql } from "kysely";

/**
 * 监督预警 (set 402 PROJECT_ALERTING_INFO): findings of the event rules, raised as the tendering nodes are
 * reached, handled by the supervising department 待处理 → 已发出预警 → 已反馈 → 已办结.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table alert (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      department_code text not null references department(code),
      rule_id text not null,
      node text not null,
      severity text not null check (severity in ('green', 'yellow', 'red')),
      state text not null default 'pending' check (state in ('pending', 'issued', 'responded', 'closed')),
      message jsonb not null,
      evidence jsonb not null default '{}',
      subjects jsonb not null default '[]',
      raised_at timestamptz not null,
      issued_at timestamptz,
      issued_by bigint references user_account(id),
      notice text,
      feedback text,
      feedback_at timestamptz,
      feedback_by bigint references user_account(id),
      closed_at timestamptz,
      closed_by bigint references user_account(id),
      handling_result text,
      credit_record_id bigint references credit_record(id)
    );
    create unique index alert_dedupe_idx on alert (section_id, rule_id, (subjects::text));
    create index alert_department_idx on alert (department_code, state);
    create index alert_platform_idx on alert (platform_code, state);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("alerts are kept; this migration is not reverted");
}
