import { type Kysely, sql } from "kysely";

/**
 * The nightly batch of the cross-project supervision rules (ADR 0005): one row per run, claimed by the
 * Beijing civil night (a scheduled night runs once however many server processes share the database),
 * and the stable key of each finding it raised an alert for, so that a second run does not raise a
 * finding twice. Batch alerts (node cross_project) hang on the latest section of the finding; their
 * dedupe is the finding key, not the (section, rule, subjects) key of the event alerts. The alert table
 * itself is not altered (its rows' audit state hashes stay valid).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table supervision_batch_run (
      id bigint generated always as identity primary key,
      night date not null,
      trigger text not null check (trigger in ('scheduled', 'manual')),
      status text not null default 'running' check (status in ('running', 'finished', 'failed')),
      started_at timestamptz not null,
      finished_at timestamptz,
      started_by text not null,
      window_from timestamptz not null,
      window_to timestamptz not null,
      platforms integer not null default 0,
      sections integer not null default 0,
      rules_evaluated integer not null default 0,
      findings integer not null default 0,
      alerts_raised integer not null default 0,
      error text
    );
    create unique index supervision_batch_run_night_idx on supervision_batch_run (night) where trigger = 'scheduled';
    create table supervision_batch_finding (
      finding_key text primary key,
      alert_id bigint not null unique references alert(id),
      run_id bigint not null references supervision_batch_run(id),
      rule_id text not null,
      created_at timestamptz not null
    );
    drop index alert_dedupe_idx;
    create unique index alert_dedupe_idx on alert (section_id, rule_id, (subjects::text)) where node <> 'cross_project';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("batch runs are kept; this migration is not reverted");
}
