import { type Kysely, sql } from "kysely";

/**
 * 双随机、一公开: a supervisory department's random inspection plan for its platform and a year. The plan
 * is created (draft), committed (the population, the inspector pool and the avoidance pairs are
 * snapshotted and SHA-256 of a secret seed published), drawn (targets and inspectors from the seed) and
 * published (findings public, seed revealed). Targets are tender projects or agencies; each carries one
 * finding (合格 pass / 问题 problem / 整改 rectify) recorded by one of its assigned inspectors, a problem
 * optionally with a credit record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table inspection_plan (
      id bigint generated always as identity primary key,
      platform_code char(6) not null references platform(code),
      department_code text not null references department(code),
      year integer not null check (year between 2000 and 2999),
      name text not null,
      project_count integer not null check (project_count >= 0),
      agency_count integer not null check (agency_count >= 0),
      inspectors_per_target integer not null check (inspectors_per_target >= 2),
      inspector_usernames jsonb,
      status text not null default 'draft' check (status in ('draft', 'committed', 'drawn', 'published')),
      active_agencies integer,
      required_agencies integer,
      snapshot jsonb,
      input_digest text,
      commitment text,
      seed text,
      created_by bigint not null references user_account(id),
      created_at timestamptz not null,
      committed_by bigint references user_account(id),
      committed_at timestamptz,
      drawn_by bigint references user_account(id),
      drawn_at timestamptz,
      published_by bigint references user_account(id),
      published_at timestamptz,
      check (project_count + agency_count >= 1),
      check ((status = 'draft') = (commitment is null)),
      check ((status = 'published') = (seed is not null))
    );
    create index inspection_plan_department_idx on inspection_plan (department_code);

    create table inspection_target (
      id bigint generated always as identity primary key,
      plan_id bigint not null references inspection_plan(id),
      kind text not null check (kind in ('project', 'agency')),
      target_key text not null,
      tender_project_id bigint references tender_project(id),
      subject_id bigint references subject(id),
      draw_order integer not null,
      outcome text check (outcome in ('pass', 'problem', 'rectify')),
      finding text,
      rectify_by date,
      recorded_by bigint references user_account(id),
      recorded_at timestamptz,
      credit_record_id bigint references credit_record(id),
      unique (plan_id, target_key),
      unique (plan_id, draw_order),
      check ((kind = 'project') = (tender_project_id is not null)),
      check ((kind = 'agency') = (subject_id is not null)),
      check ((outcome is null) = (recorded_at is null)),
      check (rectify_by is null or outcome = 'rectify'),
      check (credit_record_id is null or outcome = 'problem')
    );

    create table inspection_assignment (
      id bigint generated always as identity primary key,
      plan_id bigint not null references inspection_plan(id),
      target_id bigint not null references inspection_target(id),
      inspector_user_id bigint not null references user_account(id),
      draw_order integer not null,
      unique (target_id, inspector_user_id)
    );
    create index inspection_assignment_inspector_idx on inspection_assignment (inspector_user_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("inspection plans are kept; this migration is not reverted");
}
