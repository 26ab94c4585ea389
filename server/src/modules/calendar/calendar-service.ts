import { CHINESE_DAYS_YEARS, calendarSeed } from "../../platform/calendar/chinese-days-seed.ts";
import { type CivilDate, isCivilDate, type PeriodUnit, toCivilDate, WorkingCalendar } from "../../platform/calendar/working-days.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext } from "../../platform/http/actor.ts";
import { AppError } from "../../platform/http/app-error.ts";

/**
 * The operator-editable working-day calendar (法定节假日 and 调休). Seeded from chinese-days; the
 * trading centre edits it when the State Council publishes a new year. Every statutory limit in
 * 工作日 goes through `calendar()`.
 */
export class CalendarService {
  private cached: WorkingCalendar | undefined;

  constructor(private readonly deps: Deps) {}

  /** Loads the seed for every year the package knows; rows already present are kept. */
  async seed(ctx: ActionContext): Promise<number> {
    const rows = calendarSeed(CHINESE_DAYS_YEARS.from, CHINESE_DAYS_YEARS.to);
    const inserted = await change(this.deps, async (trx) => {
      let count = 0;
      for (let i = 0; i < rows.length; i += 500) {
        const batch = rows
          .slice(i, i + 500)
          .map((r) => ({ day: r.date, kind: r.kind, name: r.name, source: "chinese-days" as const, updated_by: null, updated_at: this.deps.clock.now() }));
        const result = await trx
          .insertInto("calendar_day")
          .values(batch)
          .onConflict((oc) => oc.column("day").doNothing())
          .returning("day")
          .execute();
        count += result.length;
      }
      await this.deps.audit.record(trx, ctx, {
        action: "calendar.seed",
        objectType: "calendar_day",
        objectId: rows.at(-1)?.date ?? "none",
        detail: { rows: count, years: CHINESE_DAYS_YEARS },
      });
      return count;
    });
    this.cached = undefined;
    return inserted;
  }

  async calendar(): Promise<WorkingCalendar> {
    if (this.cached) return this.cached;
    const rows = await this.deps.db.selectFrom("calendar_day").select(["day", "kind"]).orderBy("day").execute();
    this.cached = new WorkingCalendar({
      holidays: new Set(rows.filter((r) => r.kind === "holiday").map((r) => r.day)),
      workdays: new Set(rows.filter((r) => r.kind === "workday").map((r) => r.day)),
    });
    return this.cached;
  }

  /** Drops the cached calendar (another process may have edited it). */
  invalidate() {
    this.cached = undefined;
  }

  async days(year: number) {
    const rows = await this.deps.db
      .selectFrom("calendar_day")
      .select(["day", "kind", "name", "source", "updated_at"])
      .where("day", ">=", `${year}-01-01`)
      .where("day", "<=", `${year}-12-31`)
      .orderBy("day")
      .execute();
    return rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name, source: r.source, updatedAt: r.updated_at.toISOString() }));
  }

  setDay(ctx: ActionContext, day: CivilDate, kind: "holiday" | "workday", name: string) {
    assertDate(day);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (kind === "workday" && weekday !== 0 && weekday !== 6) {
      throw new AppError("VALIDATION_FAILED", { zh: "调休上班日只能设在周六或周日", en: "A make-up working day must be a Saturday or Sunday" });
    }
    return change(this.deps, async (trx) => {
      await trx
        .insertInto("calendar_day")
        .values({ day, kind, name, source: "operator", updated_by: ctx.actor.userId, updated_at: this.deps.clock.now() })
        .onConflict((oc) => oc.column("day").doUpdateSet({ kind, name, source: "operator", updated_by: ctx.actor.userId, updated_at: this.deps.clock.now() }))
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "calendar.set", objectType: "calendar_day", objectId: day, detail: { kind, name } });
      this.cached = undefined;
      return { day, kind, name, source: "operator" as const };
    });
  }

  /** Turns a day back into an ordinary day (weekend or weekday by the week). */
  clearDay(ctx: ActionContext, day: CivilDate) {
    assertDate(day);
    return change(this.deps, async (trx) => {
      const removed = await trx.deleteFrom("calendar_day").where("day", "=", day).returning(["kind", "name"]).executeTakeFirst();
      if (!removed) throw new AppError("NOT_FOUND", { zh: `${day} 不是节假日或调休日`, en: `${day} is an ordinary day already` });
      await this.deps.audit.record(trx, ctx, { action: "calendar.clear", objectType: "calendar_day", objectId: day, detail: { was: removed } });
      this.cached = undefined;
    });
  }

  /** Adds N calendar days or working days to a date, and tells when the period ends (民法典 201–203). */
  async compute(from: CivilDate, n: number, unit: PeriodUnit) {
    assertDate(from);
    const cal = await this.calendar();
    return {
      from,
      n,
      unit,
      result: unit === "day" ? cal.addCalendarDays(from, n) : cal.addWorkingDays(from, n),
      periodEnd: cal.periodEnd(from, n, unit),
      fromIsWorkingDay: cal.isWorkingDay(from),
    };
  }

  today(): CivilDate {
    return toCivilDate(this.deps.clock.now());
  }
}

function assertDate(day: string) {
  if (!isCivilDate(day)) throw new AppError("DATE_INVALID", { zh: `日期 ${day} 无效，应为 YYYY-MM-DD`, en: `${day} is not a valid YYYY-MM-DD date` });
}
