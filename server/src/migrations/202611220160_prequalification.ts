import { type Kysely, sql } from "kysely";

/**
 * 资格预审 (招标投标法实施条例第十五条至第十九条) of an open tender's section.
 *
 * - `tender_prequalification`: the 资格预审公告 of one section — the sale window of the pre-qualification
 *   documents (≥ 5 days, 条例16) and the application deadline (≥ 5 days after the sale ends, 条例17),
 *   who published it and when, and the notification of the results (条例19): `open` → `notified`
 *   (≥ 3 passed: the tender goes on among them) or `failed` (fewer than 3 passed: 重新招标).
 * - `prequalification_application`: an applicant's 资格预审申请, secret from the other applicants; the
 *   review result with the reasons of every failure (资格审查), who reviewed it and when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tender_prequalification (
      section_id bigint primary key references tender_section(id),
      platform_code char(6) not null references platform(code),
      status text not null default 'open' check (status in ('open', 'notified', 'failed')),
      doc_sale_start timestamptz not null,
      doc_sale_end timestamptz not null,
      application_deadline timestamptz not null,
      published_by bigint not null references user_account(id),
      published_at timestamptz not null,
      notified_by bigint references user_account(id),
      notified_at timestamptz,
      passed_count integer check (passed_count >= 0),
      check (doc_sale_start < doc_sale_end and doc_sale_end < application_deadline),
      check ((status = 'open') = (notified_at is null)),
      check ((notified_at is null) = (passed_count is null))
    );

    create table prequalification_application (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_prequalification(section_id),
      platform_code char(6) not null references platform(code),
      applicant_subject_id bigint not null references subject(id),
      applied_by bigint not null references user_account(id),
      applied_at timestamptz not null,
      ip text not null,
      statement text,
      result text check (result in ('passed', 'failed')),
      reasons jsonb not null default '[]'::jsonb,
      reviewed_by bigint references user_account(id),
      reviewed_at timestamptz,
      unique (section_id, applicant_subject_id),
      check ((result is null) = (reviewed_at is null)),
      check (result is distinct from 'failed' or jsonb_array_length(reasons) > 0)
    );
    create index prequalification_application_subject_idx on prequalification_application (applicant_subject_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("pre-qualification notices and applications are kept; this migration is not reverted");
}
