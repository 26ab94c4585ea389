import { type RawBuilder, sql } from "kysely";
import type { Deps } from "../../platform/deps.ts";
import type { Actor } from "../../platform/http/actor.ts";
import { AppError, type Bilingual } from "../../platform/http/app-error.ts";
import { type PlatformLevel, platformSubtree } from "../regions/domain/project-routing.ts";
import type { RegionsService } from "../regions/regions-service.ts";
import { ruleById } from "../supervision/domain/rules/catalog.ts";
import { CLASSIFY_CATEGORIES, type ClassifyCategory } from "../tendering/domain/codes.ts";
import {
  addInto,
  bigOf,
  type Cell,
  type Metrics,
  metricsOf,
  type Period,
  type PeriodError,
  periodOf,
  rollup,
  SAVING_RATE_DECIMALS,
  sumAll,
  zeroTotals,
} from "./domain/figures.ts";

export const CATEGORIES = Object.keys(CLASSIFY_CATEGORIES) as ClassifyCategory[];

export interface StatisticsFilter {
  /** A platform of the caller's tree; the report covers it and its subordinate platforms. */
  platformCode?: string;
  departmentCode?: string;
  year?: number;
  from?: string;
  to?: string;
  category?: ClassifyCategory;
}

export type AlertOutcome = "pending" | "issued" | "responded" | "closed";
export type ComplaintOutcome = "awaiting" | "notAccepted" | "underReview" | "upheld" | "dismissed";

export interface StatisticsReport {
  scope: {
    platformCode: string;
    platformName: string;
    /** The platforms the figures cover: the platform and its subordinate ones. */
    platforms: string[];
    departmentCode: string | null;
    departmentName: string | null;
    category: ClassifyCategory | null;
    from: string;
    to: string;
    generatedAt: string;
    /** Decimal places of savingRate (a ratio: 0.1 = 10%). */
    savingRateDecimals: number;
  };
  totals: Metrics;
  byMonth: ({ month: string } & Metrics)[];
  byCategory: ({ category: ClassifyCategory; name: Bilingual } & Metrics)[];
  /** Each platform's own figures, and with its subordinate platforms' (a city with its counties). */
  byRegion: ({ platformCode: string; name: string; level: string; parentCode: string | null; withSubordinates: Metrics } & Metrics)[];
  byDepartment: ({ departmentCode: string; name: string } & Metrics)[];
  alertsByRule: ({ ruleId: string; name: Bilingual | null; severity: string; total: number; withCredit: number } & Record<AlertOutcome, number>)[];
  alertsByOutcome: Record<AlertOutcome, number> & { total: number; withCredit: number };
  complaints: Record<ComplaintOutcome, number> & { total: number; late: number };
}

const PERIOD_MESSAGES: Record<PeriodError, Bilingual> = {
  BAD_DATE: { zh: "日期无效，应为 YYYY-MM-DD", en: "Invalid date; expected YYYY-MM-DD" },
  INCOMPLETE_RANGE: { zh: "起止日期须同时给出", en: "Give both from and to" },
  BOTH_YEAR_AND_RANGE: { zh: "年度与起止日期只能选其一", en: "Give a year or a date range, not both" },
  REVERSED: { zh: "开始日期晚于结束日期", en: "The range starts after it ends" },
  TOO_LONG: { zh: "统计区间不能超过十年", en: "The period is at most ten years" },
};

/** "YYYY-MM" in Beijing time of a timestamptz column (China keeps +08:00 all year). */
const monthOf = (column: string) => sql<string>`to_char((${sql.ref(column)} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;

interface CellRow {
  platform_code: string;
  department_code: string;
  category: string;
  month: string;
}

/**
 * 统计分析: trading volumes, amounts, 节支率, bidders per section, alerts and complaints of a platform
 * tree, optionally one department and one trade category, by month (Beijing time), category, region
 * and department. Each figure is counted in the month of its own event: a section when its notice is
 * published, an award when it is made, bidders when the opening closes, an alert when raised, a
 * complaint when filed. The database groups the rows; only grouped cells come back.
 *
 * Scope (server-side): a supervisor sees its own department's projects only; trading-centre staff and
 * inspectors see their platform and the platforms below it.
 */
export class StatisticsService {
  constructor(
    private readonly deps: Deps,
    private readonly regions: RegionsService,
  ) {}

  async report(actor: Actor, filter: StatisticsFilter): Promise<StatisticsReport> {
    const now = this.deps.clock.now();
    const p = periodOf(filter, now);
    if (!p.ok) throw new AppError("VALIDATION_FAILED", PERIOD_MESSAGES[p.error]);
    const period = p.period;
    const scope = await this.scopeOf(actor, filter);
    const cond = (platformColumn: string, departmentColumn: string, classifyColumn: string) => {
      const parts: RawBuilder<unknown>[] = [sql`${sql.ref(platformColumn)} in (${sql.join(scope.platforms)})`];
      if (scope.departmentCode !== null) parts.push(sql`${sql.ref(departmentColumn)} = ${scope.departmentCode}`);
      if (scope.category !== null) parts.push(sql`left(${sql.ref(classifyColumn)}, 1) = ${scope.category}`);
      return sql.join(parts, sql` and `);
    };
    const within = (column: string) => sql`${sql.ref(column)} >= ${period.start} and ${sql.ref(column)} < ${period.end}`;
    const db = this.deps.db;

    const published = await sql<CellRow & { n: number }>`
      select s.platform_code, p.department_code, left(s.classify_code, 1) as category, ${monthOf("s.notice_published_at")} as month,
             count(*) as n
        from tender_section s join tender_project p on p.id = s.tender_project_id
       where ${within("s.notice_published_at")} and ${cond("s.platform_code", "p.department_code", "s.classify_code")}
       group by 1, 2, 3, 4`.execute(db);

    const awarded = await sql<CellRow & { n: number; budget: string; deal: string; budgeted_deal: string }>`
      select s.platform_code, p.department_code, left(s.classify_code, 1) as category, ${monthOf("a.awarded_at")} as month,
             count(*) as n,
             coalesce(sum(s.estimate_fen) filter (where s.estimate_fen > 0), 0)::text as budget,
             coalesce(sum(a.winner_price_fen), 0)::text as deal,
             coalesce(sum(a.winner_price_fen) filter (where s.estimate_fen > 0), 0)::text as budgeted_deal
        from tender_award a
        join tender_section s on s.id = a.section_id
        join tender_project p on p.id = s.tender_project_id
       where ${within("a.awarded_at")} and a.winner_price_fen is not null
         and ${cond("s.platform_code", "p.department_code", "s.classify_code")}
       group by 1, 2, 3, 4`.execute(db);

    const opened = await sql<CellRow & { n: number; bidders: string }>`
      select s.platform_code, p.department_code, left(s.classify_code, 1) as category, ${monthOf("s.opened_at")} as month,
             count(*) as n, coalesce(sum(b.bidders), 0)::text as bidders
        from tender_section s
        join tender_project p on p.id = s.tender_project_id
        left join (
          select section_id, count(distinct bidder_subject_id) as bidders
            from bid
           where status not in ('replaced', 'withdrawn')
           group by section_id
        ) b on b.section_id = s.id
       where ${within("s.opened_at")} and ${cond("s.platform_code", "p.department_code", "s.classify_code")}
       group by 1, 2, 3, 4`.execute(db);

    const alerts = await sql<CellRow & { rule_id: string; state: string; severity: string; n: number; with_credit: number }>`
      select a.platform_code, a.department_code, left(s.classify_code, 1) as category, ${monthOf("a.raised_at")} as month,
             a.rule_id, a.state, a.severity, count(*) as n, count(a.credit_record_id) as with_credit
        from alert a join tender_section s on s.id = a.section_id
       where ${within("a.raised_at")} and ${cond("a.platform_code", "a.department_code", "s.classify_code")}
       group by 1, 2, 3, 4, 5, 6, 7`.execute(db);

    const complaints = await sql<CellRow & { outcome: ComplaintOutcome; n: number; late: number }>`
      select c.platform_code, c.department_code, left(s.classify_code, 1) as category, ${monthOf("c.submitted_at")} as month,
             case when c.accepted is null then 'awaiting'
                  when not c.accepted then 'notAccepted'
                  when c.decision is null then 'underReview'
                  else c.decision end as outcome,
             count(*) as n,
             count(*) filter (where coalesce(c.acceptance_late, false) or coalesce(c.decision_late, false)) as late
        from complaint c join tender_section s on s.id = c.section_id
       where ${within("c.submitted_at")} and ${cond("c.platform_code", "c.department_code", "s.classify_code")}
       group by 1, 2, 3, 4, 5`.execute(db);

    const key = (r: CellRow) => ({ platformCode: r.platform_code, departmentCode: r.department_code, category: r.category, month: r.month });
    const cells: Cell[] = [
      ...published.rows.map((r) => ({ ...key(r), published: bigOf(r.n) })),
      ...awarded.rows.map((r) => ({
        ...key(r),
        awarded: bigOf(r.n),
        budgetFen: bigOf(r.budget),
        dealFen: bigOf(r.deal),
        budgetedDealFen: bigOf(r.budgeted_deal),
      })),
      ...opened.rows.map((r) => ({ ...key(r), opened: bigOf(r.n), bidders: bigOf(r.bidders) })),
      ...alerts.rows.map((r) => ({ ...key(r), alerts: bigOf(r.n) })),
      ...complaints.rows.map((r) => ({ ...key(r), complaints: bigOf(r.n) })),
    ];

    return {
      scope: {
        platformCode: scope.platformCode,
        platformName: scope.platformName,
        platforms: scope.platforms,
        departmentCode: scope.departmentCode,
        departmentName: scope.departmentName,
        category: scope.category,
        from: period.from,
        to: period.to,
        generatedAt: now.toISOString(),
        savingRateDecimals: SAVING_RATE_DECIMALS,
      },
      totals: metricsOf(sumAll(cells)),
      ...(await this.breakdowns(cells, period, scope)),
      ...alertTables(alerts.rows),
      complaints: complaintTable(complaints.rows),
    };
  }

  private async breakdowns(cells: Cell[], period: Period, scope: Scope) {
    const byMonth = rollup(cells, (c) => c.month);
    const byCategory = rollup(cells, (c) => c.category);
    const byRegion = rollup(cells, (c) => c.platformCode);
    const byDepartment = rollup(cells, (c) => c.departmentCode);
    const departmentCodes = [...byDepartment.keys()];
    const departments =
      departmentCodes.length === 0 ? [] : await this.deps.db.selectFrom("department").select(["code", "name"]).where("code", "in", departmentCodes).execute();
    const departmentName = new Map(departments.map((d) => [d.code, d.name]));
    const empty = zeroTotals();
    const nodes = scope.platformNodes.map((n) => ({ code: n.code, level: n.level, parentCode: n.parentCode }));
    const categories = scope.category ? [scope.category] : CATEGORIES;
    return {
      byMonth: period.months.map((month) => ({ month, ...metricsOf(byMonth.get(month) ?? empty) })),
      byCategory: categories
        // 工程, 货物 and 服务 always; 产权 and 土地 when there is something to show.
        .filter((c) => scope.category !== null || byCategory.has(c) || c === "A" || c === "B" || c === "C")
        .map((c) => ({ category: c, name: CLASSIFY_CATEGORIES[c], ...metricsOf(byCategory.get(c) ?? empty) })),
      byRegion: scope.platformNodes.map((n) => ({
        platformCode: n.code,
        name: n.name,
        level: n.level,
        parentCode: n.parentCode,
        ...metricsOf(byRegion.get(n.code) ?? empty),
        withSubordinates: metricsOf(platformSubtree(nodes, n.code).reduce((sum, code) => addInto(sum, byRegion.get(code) ?? empty), zeroTotals())),
      })),
      byDepartment: departmentCodes.sort().map((code) => ({
        departmentCode: code,
        name: departmentName.get(code) ?? code,
        ...metricsOf(byDepartment.get(code) ?? empty),
      })),
    };
  }

  /**
   * Whose figures the caller may see. Reuses the platform tree of the regions module (a platform
   * oversees its subordinate ones) and the department rule every supervision list applies.
   */
  private async scopeOf(actor: Actor, filter: StatisticsFilter): Promise<Scope> {
    if (actor.role !== "supervisor" && actor.role !== "centre_staff" && actor.role !== "inspector") throw new AppError("FORBIDDEN_SCOPE");
    const home = actor.platformCode ?? "";
    const tree = await this.regions.subtree(home);
    const platformCode = filter.platformCode ?? home;
    const all = await this.regions.platforms();
    const node = all.find((n) => n.code === platformCode);
    if (!node) throw new AppError("PLATFORM_UNKNOWN", { zh: `交易平台 ${platformCode} 不存在`, en: `No platform ${platformCode}` });
    if (!tree.includes(platformCode))
      throw new AppError("FORBIDDEN_SCOPE", { zh: "只能统计本平台及下级平台", en: "Statistics cover your platform and the platforms below it only" });
    let departmentCode = filter.departmentCode ?? null;
    if (actor.role === "supervisor") {
      if (departmentCode !== null && departmentCode !== actor.departmentCode)
        throw new AppError("FORBIDDEN_SCOPE", { zh: "监管部门只能统计本部门监管的项目", en: "A department sees the statistics of its own projects only" });
      departmentCode = actor.departmentCode ?? "";
    }
    let departmentName: string | null = null;
    if (departmentCode !== null) {
      const d = await this.deps.db.selectFrom("department").select("name").where("code", "=", departmentCode).executeTakeFirst();
      if (!d) throw new AppError("DEPARTMENT_UNKNOWN", { zh: `监管部门 ${departmentCode} 不存在`, en: `No department ${departmentCode}` });
      departmentName = d.name;
    }
    const platforms = await this.regions.subtree(platformCode);
    const byCode = new Map(all.map((n) => [n.code, n]));
    return {
      platformCode,
      platformName: node.name,
      platforms,
      platformNodes: platforms.flatMap((c) => {
        const n = byCode.get(c);
        return n ? [n] : [];
      }),
      departmentCode,
      departmentName,
      category: filter.category ?? null,
    };
  }
}

interface Scope {
  platformCode: string;
  platformName: string;
  platforms: string[];
  platformNodes: { code: string; name: string; level: PlatformLevel; parentCode: string | null }[];
  departmentCode: string | null;
  departmentName: string | null;
  category: ClassifyCategory | null;
}

const ALERT_OUTCOMES: AlertOutcome[] = ["pending", "issued", "responded", "closed"];
const COMPLAINT_OUTCOMES: ComplaintOutcome[] = ["awaiting", "notAccepted", "underReview", "upheld", "dismissed"];

/** Alerts by rule and by outcome (the alert's state; closed ones with or without a credit record). */
function alertTables(rows: readonly { rule_id: string; state: string; severity: string; n: number; with_credit: number }[]) {
  const byRule = new Map<string, StatisticsReport["alertsByRule"][number]>();
  const byOutcome = { pending: 0, issued: 0, responded: 0, closed: 0, total: 0, withCredit: 0 };
  for (const r of rows) {
    const n = Number(bigOf(r.n));
    const credit = Number(bigOf(r.with_credit));
    let rule = byRule.get(r.rule_id);
    if (!rule) {
      rule = {
        ruleId: r.rule_id,
        name: ruleById(r.rule_id)?.name ?? null,
        severity: r.severity,
        total: 0,
        withCredit: 0,
        pending: 0,
        issued: 0,
        responded: 0,
        closed: 0,
      };
      byRule.set(r.rule_id, rule);
    }
    const outcome = ALERT_OUTCOMES.includes(r.state as AlertOutcome) ? (r.state as AlertOutcome) : "pending";
    rule[outcome] += n;
    rule.total += n;
    rule.withCredit += credit;
    byOutcome[outcome] += n;
    byOutcome.total += n;
    byOutcome.withCredit += credit;
  }
  return {
    alertsByRule: [...byRule.values()].sort((a, b) => b.total - a.total || a.ruleId.localeCompare(b.ruleId)),
    alertsByOutcome: byOutcome,
  };
}

function complaintTable(rows: readonly { outcome: ComplaintOutcome; n: number; late: number }[]) {
  const out = { awaiting: 0, notAccepted: 0, underReview: 0, upheld: 0, dismissed: 0, total: 0, late: 0 };
  for (const r of rows) {
    const n = Number(bigOf(r.n));
    if (COMPLAINT_OUTCOMES.includes(r.outcome)) out[r.outcome] += n;
    out.total += n;
    out.late += Number(bigOf(r.late));
  }
  return out;
}
