import { createHash } from "node:crypto";
import { sql } from "kysely";
import { type CivilDate, toCivilDate } from "../../platform/calendar/working-days.ts";
import { change, type Deps } from "../../platform/deps.ts";
import { type ActionContext, type Actor, systemContext } from "../../platform/http/actor.ts";
import { AppError } from "../../platform/http/app-error.ts";
import type { AlertsService } from "./alerts-service.ts";
import { type HistorySectionRow, loadPlatformHistories, type PlatformHistory } from "./batch-history.ts";
import { type BatchTime, batchNight, nextBatchRun } from "./batch-schedule.ts";
import { RULES } from "./domain/rules/catalog.ts";
import { runRules } from "./domain/rules/engine.ts";
import type { AlertRule, Finding } from "./domain/rules/rule-types.ts";

export const BATCH_RULES: readonly AlertRule[] = RULES.filter((r) => r.mode === "batch");

export interface BatchRunOptions {
  /** "scheduled": one per Beijing night across every process (claimed in the database); "manual": always runs. */
  trigger: "scheduled" | "manual";
  /** The Beijing civil night the run belongs to (default: today's date in Beijing). */
  night?: CivilDate;
}

export interface BatchRunSummary {
  id: number;
  night: CivilDate;
  trigger: "scheduled" | "manual";
  status: "running" | "finished" | "failed";
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  windowFrom: string;
  windowTo: string;
  platforms: number;
  sections: number;
  rulesEvaluated: number;
  findings: number;
  alertsRaised: number;
  error: string | null;
}

export type BatchRunResult = { skipped: false; run: BatchRunSummary; alertIds: number[] } | { skipped: true; run: BatchRunSummary };

const DAY_MS = 86_400_000;
/** Serialises the evaluation of concurrent runs (works on PGlite, trivially, and on PostgreSQL). */
const LOCK_KEY = "ggzy.supervision.batch";

/**
 * The stable key of a finding: rule, platform, subjects and the sections it names (by section code,
 * unique platform-wide). A later run that finds the same thing finds the same key; a finding that grew
 * (one more section in the rotation) is a new finding. Rules whose findings name no section (R025, R038,
 * R048, market allocation) are keyed on their subjects: raised once.
 */
export function findingKey(platformCode: string, f: Finding, sectionCodes: readonly string[]): string {
  const material = JSON.stringify([platformCode, f.ruleId, [...(f.subjects ?? [])].sort(), [...sectionCodes].sort()]);
  return createHash("sha256").update(material).digest("hex");
}

/** The sections a finding names: its own section, and the section codes of its evidence. */
export function sectionsOfFinding(f: Finding, known: ReadonlyMap<string, HistorySectionRow>): HistorySectionRow[] {
  const codes = new Set<string>();
  if (f.section) codes.add(f.section.sectionCode);
  const listed = f.evidence.sections;
  if (Array.isArray(listed)) for (const c of listed) if (typeof c === "string") codes.add(c);
  return [...codes].flatMap((c) => {
    const row = known.get(c);
    return row ? [row] : [];
  });
}

/** Sections of the history a subject took part in (tenderer, bidder, winner): where a section-less finding hangs. */
function sectionsOfSubjects(h: PlatformHistory, subjects: readonly string[]): HistorySectionRow[] {
  const wanted = new Set(subjects);
  return h.facts.sections
    .filter((s) => wanted.has(s.buyer) || (s.winner && wanted.has(s.winner)) || s.bids.some((b) => wanted.has(b.bidder)))
    .flatMap((s) => {
      const row = h.sections.get(s.ref.sectionCode);
      return row ? [row] : [];
    });
}

const latest = (rows: readonly HistorySectionRow[]) =>
  [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id)[0] as HistorySectionRow | undefined;

/**
 * 电子监督 · 跨项目综合分析: the nightly batch of the cross-project rules (ADR 0005). Loads each platform's
 * history (sections published in the window), runs every batch rule, and raises each new finding once as
 * an alert through {@link AlertsService.raiseBatchIn}, attributed to the system actor and audited. Each run
 * is recorded; a scheduled night is claimed by a unique row, so with several server processes one runs it.
 */
export class SupervisionBatchRunner {
  constructor(
    private readonly deps: Deps,
    private readonly alerts: AlertsService,
    private readonly options: { windowDays?: number } = {},
  ) {}

  async run(ctx: ActionContext, options: BatchRunOptions): Promise<BatchRunResult> {
    const now = this.deps.clock.now();
    const night = options.night ?? toCivilDate(now);
    const windowDays = this.options.windowDays ?? 365;
    const from = new Date(now.getTime() - windowDays * DAY_MS);

    const claimed = await change(this.deps, async (trx) => {
      const row = await trx
        .insertInto("supervision_batch_run")
        .values({
          night,
          trigger: options.trigger,
          started_at: now,
          started_by: ctx.actor.username,
          window_from: from,
          window_to: now,
          finished_at: null,
          error: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!row) return undefined;
      await this.deps.audit.record(trx, ctx, {
        action: "supervision.batch.claim",
        objectType: "supervision_batch_run",
        objectId: row.id,
        detail: { night, trigger: options.trigger },
      });
      return row.id;
    });
    if (claimed === undefined) {
      const existing = await this.deps.db
        .selectFrom("supervision_batch_run")
        .selectAll()
        .where("night", "=", night)
        .where("trigger", "=", "scheduled")
        .executeTakeFirstOrThrow();
      return { skipped: true, run: summaryOf(existing) };
    }

    try {
      const alertIds = await change(this.deps, async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${LOCK_KEY}))`.execute(trx);
        const histories = await loadPlatformHistories(trx, from, now, now);
        const errors: string[] = [];
        const raised: number[] = [];
        let findings = 0;
        for (const h of histories) {
          const found = runRules(BATCH_RULES, "all", h.facts, {
            onError: (ruleId, e) => errors.push(`${h.platformCode} ${ruleId}: ${(e as Error)?.message ?? e}`),
          });
          findings += found.length;
          for (const f of found) {
            const named = sectionsOfFinding(f, h.sections);
            const anchor = latest(named.length > 0 ? named : sectionsOfSubjects(h, f.subjects ?? []));
            if (!anchor) continue;
            const key = findingKey(
              h.platformCode,
              f,
              named.map((s) => s.sectionCode),
            );
            const seen = await trx.selectFrom("supervision_batch_finding").select("alert_id").where("finding_key", "=", key).executeTakeFirst();
            if (seen) continue;
            const alertId = await this.alerts.raiseBatchIn(
              trx,
              ctx,
              { sectionId: anchor.id, platformCode: anchor.platformCode, departmentCode: anchor.departmentCode },
              f,
              {
                batchRunId: claimed,
                findingKey: key,
              },
            );
            await trx
              .insertInto("supervision_batch_finding")
              .values({ finding_key: key, alert_id: alertId, run_id: claimed, rule_id: f.ruleId, created_at: now })
              .execute();
            raised.push(alertId);
          }
        }
        await trx
          .updateTable("supervision_batch_run")
          .set({
            status: "finished",
            finished_at: this.deps.clock.now(),
            platforms: histories.length,
            sections: histories.reduce((n, h) => n + h.facts.sections.length, 0),
            rules_evaluated: histories.length === 0 ? 0 : BATCH_RULES.length,
            findings,
            alerts_raised: raised.length,
            error: errors.length > 0 ? errors.join("\n") : null,
          })
          .where("id", "=", claimed)
          .execute();
        await this.deps.audit.record(trx, ctx, {
          action: "supervision.batch.finish",
          objectType: "supervision_batch_run",
          objectId: claimed,
          detail: { alertsRaised: raised.length, findings, ruleErrors: errors.length },
        });
        return raised;
      });
      return { skipped: false, run: await this.get(claimed), alertIds };
    } catch (error) {
      await change(this.deps, async (trx) => {
        await trx
          .updateTable("supervision_batch_run")
          .set({ status: "failed", finished_at: this.deps.clock.now(), error: error instanceof Error ? error.message : String(error) })
          .where("id", "=", claimed)
          .execute();
        await this.deps.audit.record(trx, ctx, { action: "supervision.batch.fail", objectType: "supervision_batch_run", objectId: claimed });
      });
      throw error;
    }
  }

  /** The runs, newest first (supervision reads them; 管办分离: nobody starts one over HTTP). */
  async list(actor: Actor, limit = 100): Promise<BatchRunSummary[]> {
    if (!["supervisor", "inspector", "sysadmin"].includes(actor.role)) throw new AppError("FORBIDDEN_SCOPE");
    const rows = await this.deps.db.selectFrom("supervision_batch_run").selectAll().orderBy("id", "desc").limit(limit).execute();
    return rows.map(summaryOf);
  }

  private async get(id: number): Promise<BatchRunSummary> {
    return summaryOf(await this.deps.db.selectFrom("supervision_batch_run").selectAll().where("id", "=", id).executeTakeFirstOrThrow());
  }
}

type RunRow = {
  id: number;
  night: string;
  trigger: "scheduled" | "manual";
  status: "running" | "finished" | "failed";
  started_at: Date;
  finished_at: Date | null;
  started_by: string;
  window_from: Date;
  window_to: Date;
  platforms: number;
  sections: number;
  rules_evaluated: number;
  findings: number;
  alerts_raised: number;
  error: string | null;
};

function summaryOf(r: RunRow): BatchRunSummary {
  return {
    id: r.id,
    night: r.night,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    startedBy: r.started_by,
    windowFrom: r.window_from.toISOString(),
    windowTo: r.window_to.toISOString(),
    platforms: r.platforms,
    sections: r.sections,
    rulesEvaluated: r.rules_evaluated,
    findings: r.findings,
    alertsRaised: r.alerts_raised,
    error: r.error,
  };
}

/** One line for the CLI and the log. */
export function describeBatchRun(result: BatchRunResult): string {
  const r = result.run;
  if (result.skipped)
    return `supervision batch for night ${r.night} already claimed by run ${r.id} (${r.status}, started ${r.startedAt} by ${r.startedBy}); skipped`;
  return `supervision batch run ${r.id} (night ${r.night}, ${r.trigger}): ${r.platforms} platform(s), ${r.sections} section(s), ${r.rulesEvaluated} batch rule(s), ${r.findings} finding(s), ${r.alertsRaised} new alert(s)${r.error ? `; rule errors:\n${r.error}` : ""}`;
}

/**
 * Arms a timer for the next Beijing night at `at`, runs the scheduled batch (claimed per night, so
 * every server process may arm one), and re-arms. Returns the function that stops it.
 */
export function scheduleNightlyBatch(
  runner: SupervisionBatchRunner,
  options: { at: BatchTime; onResult: (r: BatchRunResult) => void; onError: (e: unknown) => void },
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const next = nextBatchRun(new Date(), options.at);
    timer = setTimeout(
      () => {
        runner
          .run(systemContext("supervision-batch"), { trigger: "scheduled", night: batchNight(next) })
          .then(options.onResult, options.onError)
          .finally(arm);
      },
      Math.max(0, next.getTime() - Date.now()),
    );
    timer.unref();
  };
  arm();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
