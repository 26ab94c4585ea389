/**
 * 必须招标 — which 工程建设项目 procurements must be tendered, and the platform's 交易目录 settings.
 * Pure, no I/O. Money is integer 分 (fen).
 *
 * Legal basis: 《必须招标的工程项目规定》(国家发展改革委令第16号, effective 2018-06-01), under
 * 招标投标法第三条 and 实施条例第三条:
 * - 第二条 scope, state funds: (一) 使用预算资金200万元人民币以上，并且该资金占投资额10%以上的项目;
 *   (二) 使用国有企业事业单位资金，并且该资金占控股或者主导地位的项目.
 * - 第三条 scope, 使用国际组织或者外国政府贷款、援助资金的项目.
 * - 第四条 scope, 大型基础设施、公用事业等关系社会公共利益、公众安全的项目 as listed by the NDRC
 *   (《必须招标的基础设施和公用事业项目范围规定》发改法规规〔2018〕843号). Whether a project falls in that list
 *   is a judgement made upstream (by the 审批/核准 department, 条例第七条); here it is a boolean fact.
 * - 第五条 thresholds, per 单项合同估算价: 施工 ≥ 400万元; 重要设备、材料等货物 ≥ 200万元; 勘察、设计、监理等
 *   服务 ≥ 100万元. Second paragraph: procurements of the same project that can be merged count with
 *   their total (合同估算价合计达到前款规定标准的，必须招标).
 * "以上" includes the amount itself (民法典第一千二百五十九条), hence ≥.
 *
 * [mem] Interpretation per 发改办法规〔2020〕770号 (not confirmed in a stored source; keep it in mind when
 * reviewing): "可以合并进行" means procurements of the SAME kind that are reasonably procured together, so
 * merged totals are compared per kind; for 工程总承包 the whole contract must be tendered as soon as ONE
 * of its works / goods / services parts reaches its own threshold.
 *
 * Exemptions (招标投标法第六十六条, 实施条例第九条) need a decision by the competent authority; they enter
 * here only as an already-approved fact and turn `compulsory` off with an EXEMPT reason.
 *
 * Thresholds are data: a platform can carry its own {@link TradeCatalog}; the defaults are the
 * national ones. Note that the NDRC requires the national scope and thresholds to be applied as they
 * are (843号 / 770号 forbid local extensions [mem]); {@link catalogDeviations} lists the differences so
 * that a deviating catalog is visible to supervisors.
 */
import { type CivilDate, toCivilDate, type WorkingCalendar } from "../../../platform/calendar/working-days.ts";

export type ProcurementKind = "works" | "goods" | "services";

export const PROCUREMENT_KINDS: readonly ProcurementKind[] = ["works", "goods", "services"];

const KIND_ZH: Record<ProcurementKind, string> = { works: "施工", goods: "重要设备、材料等货物", services: "勘察、设计、监理等服务" };
const KIND_EN: Record<ProcurementKind, string> = { works: "works", goods: "goods", services: "services" };

/** 1万元 = 1,000,000 分. */
export const FEN_PER_WAN = 1_000_000;

export interface TradeCatalog {
  /** 单项合同估算价 thresholds at or above which the procurement must be tendered (16号令第五条). */
  thresholdsFen: Readonly<Record<ProcurementKind, number>>;
  /** 16号令第二条第（一）项: budget funds ≥ minFen AND budget funds ≥ minShareBasisPoints/10000 of the investment. */
  budgetFunds: { minFen: number; minShareBasisPoints: number };
  /**
   * Days (calendar, 民法典 201–203) within which a compulsory project traded off this platform must be
   * reported to it. PLATFORM POLICY, not found in a national text (see {@link offPlatformReportDeadline}).
   */
  offPlatformReportDays: number;
}

/** National defaults (16号令). */
export const NATIONAL_CATALOG: TradeCatalog = Object.freeze({
  thresholdsFen: Object.freeze({ works: 400 * FEN_PER_WAN, goods: 200 * FEN_PER_WAN, services: 100 * FEN_PER_WAN }),
  budgetFunds: Object.freeze({ minFen: 200 * FEN_PER_WAN, minShareBasisPoints: 1000 }),
  offPlatformReportDays: 20,
});

function assertFen(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer number of fen, got ${n}`);
}

/** Throws RangeError if the catalog is malformed (negative / non-integer amounts, share outside 0–100%). */
export function assertCatalog(c: TradeCatalog): TradeCatalog {
  for (const k of PROCUREMENT_KINDS) assertFen(c.thresholdsFen[k], `thresholdsFen.${k}`);
  assertFen(c.budgetFunds.minFen, "budgetFunds.minFen");
  const bp = c.budgetFunds.minShareBasisPoints;
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10_000) throw new RangeError(`budgetFunds.minShareBasisPoints must be an integer in 0..10000, got ${bp}`);
  if (!Number.isSafeInteger(c.offPlatformReportDays) || c.offPlatformReportDays < 1) {
    throw new RangeError(`offPlatformReportDays must be a positive integer, got ${c.offPlatformReportDays}`);
  }
  return c;
}

/** Builds a platform catalog from overrides over the national defaults (validated). */
export function platformCatalog(overrides: {
  thresholdsFen?: Partial<Record<ProcurementKind, number>>;
  budgetFunds?: Partial<TradeCatalog["budgetFunds"]>;
  offPlatformReportDays?: number;
}): TradeCatalog {
  return assertCatalog({
    thresholdsFen: { ...NATIONAL_CATALOG.thresholdsFen, ...overrides.thresholdsFen },
    budgetFunds: { ...NATIONAL_CATALOG.budgetFunds, ...overrides.budgetFunds },
    offPlatformReportDays: overrides.offPlatformReportDays ?? NATIONAL_CATALOG.offPlatformReportDays,
  });
}

export interface CatalogDeviation {
  field: string;
  national: number;
  platform: number;
  /** "stricter" = more projects must be tendered than nationally required. */
  direction: "stricter" | "looser";
}

/** Differences of `c` from {@link NATIONAL_CATALOG} in scope and thresholds (not the reporting days). */
export function catalogDeviations(c: TradeCatalog): CatalogDeviation[] {
  const out: CatalogDeviation[] = [];
  const lowerIsStricter = (field: string, national: number, platform: number) => {
    if (national !== platform) out.push({ field, national, platform, direction: platform < national ? "stricter" : "looser" });
  };
  for (const k of PROCUREMENT_KINDS) lowerIsStricter(`thresholdsFen.${k}`, NATIONAL_CATALOG.thresholdsFen[k], c.thresholdsFen[k]);
  lowerIsStricter("budgetFunds.minFen", NATIONAL_CATALOG.budgetFunds.minFen, c.budgetFunds.minFen);
  lowerIsStricter("budgetFunds.minShareBasisPoints", NATIONAL_CATALOG.budgetFunds.minShareBasisPoints, c.budgetFunds.minShareBasisPoints);
  return out;
}

// ---------------------------------------------------------------------------------------------
// mustTender
// ---------------------------------------------------------------------------------------------

export interface ProjectFunding {
  /** Total investment of the project (投资额), fen. */
  totalInvestmentFen: number;
  /** 预算资金 used by the project, fen. */
  budgetFundsFen: number;
  /** 国有企业事业单位资金占控股或者主导地位 (16号令第二条第（二）项). */
  stateOwnedControlling: boolean;
  /** 使用国际组织或者外国政府贷款、援助资金 (16号令第三条). */
  foreignLoanOrAid: boolean;
  /** In the 843号文 list of 基础设施和公用事业 (16号令第四条), as determined upstream. */
  publicInfrastructure: boolean;
}

export interface ContractPart {
  kind: ProcurementKind;
  /** 单项合同估算价, fen. */
  estimatedPriceFen: number;
}

/** Approved exemption (招标投标法第六十六条 / 实施条例第九条), decided by the competent authority. */
export type ExemptionReason =
  | "NATIONAL_SECURITY_OR_SECRET" // 涉及国家安全、国家秘密
  | "EMERGENCY_RELIEF" // 抢险救灾
  | "WORK_FOR_RELIEF" // 利用扶贫资金实行以工代赈、需要使用农民工
  | "IRREPLACEABLE_PATENT" // 条例9(一) 需要采用不可替代的专利或者专有技术
  | "SELF_SUPPLY" // 条例9(二)(三) 采购人/特许经营投资人依法能够自行建设、生产或者提供
  | "ORIGINAL_CONTRACTOR" // 条例9(四) 需要向原中标人采购
  | "OTHER_STATE_RULE"; // 条例9(五) 国家规定的其他特殊情形

export interface MustTenderProject {
  funding: ProjectFunding;
  /**
   * The contract being procured. One part for an ordinary contract; for 工程总承包 one part per kind
   * (its 施工 / 货物 / 服务 estimates).
   */
  parts: readonly ContractPart[];
  /**
   * Totals, per kind, of the same project's procurements that can be merged with this one (16号令
   * 第五条第二款), INCLUDING this contract's own part of that kind. Omit when nothing can be merged.
   */
  mergedTotalsFen?: Partial<Record<ProcurementKind, number>>;
  /** An exemption already approved by the competent authority. */
  approvedExemption?: ExemptionReason;
}

export type MustTenderReasonCode =
  | "SCOPE_BUDGET_FUNDS"
  | "SCOPE_STATE_OWNED"
  | "SCOPE_FOREIGN_FUNDS"
  | "SCOPE_PUBLIC_INFRASTRUCTURE"
  | "NOT_IN_SCOPE"
  | "THRESHOLD_REACHED"
  | "MERGED_THRESHOLD_REACHED"
  | "BELOW_THRESHOLD"
  | "EXEMPT";

export interface MustTenderReason {
  code: MustTenderReasonCode;
  basis: string;
  zh: string;
  en: string;
  kind?: ProcurementKind;
}

export interface MustTenderResult {
  compulsory: boolean;
  /** In the 16号令 scope (第二–四条), whatever the amounts. */
  inScope: boolean;
  /** A threshold of 第五条 is reached (alone or merged). */
  thresholdReached: boolean;
  reasons: MustTenderReason[];
}

const BASIS = {
  art2_1: "《必须招标的工程项目规定》第二条第（一）项",
  art2_2: "《必须招标的工程项目规定》第二条第（二）项",
  art3: "《必须招标的工程项目规定》第三条",
  art4: "《必须招标的工程项目规定》第四条",
  art5_1: "《必须招标的工程项目规定》第五条第一款",
  art5_2: "《必须招标的工程项目规定》第五条第二款",
  scope: "《必须招标的工程项目规定》第二条至第四条",
  exempt: "招标投标法第六十六条；招标投标法实施条例第九条",
} as const;

const wan = (fen: number) => {
  // exact decimal rendering of fen as 万元, e.g. 3_999_900_00 fen → "399.99"
  const whole = Math.trunc(fen / FEN_PER_WAN);
  const rest = String(fen % FEN_PER_WAN)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return rest ? `${whole}.${rest}` : String(whole);
};

/**
 * Budget funds ≥ min AND budget funds ≥ share × investment; compared exactly
 * (budget × 10000 ≥ investment × basisPoints, in BigInt).
 */
function budgetFundsInScope(f: ProjectFunding, c: TradeCatalog): boolean {
  return (
    f.budgetFundsFen > 0 &&
    f.budgetFundsFen >= c.budgetFunds.minFen &&
    BigInt(f.budgetFundsFen) * 10_000n >= BigInt(f.totalInvestmentFen) * BigInt(c.budgetFunds.minShareBasisPoints)
  );
}

/**
 * Must this contract be tendered? `compulsory` = in the 16号令 scope AND a 第五条 threshold reached
 * (by one part, or by the merged total of its kind) AND no approved exemption. `reasons` explains
 * every step, each with its legal basis.
 */
export function mustTender(project: MustTenderProject, catalog: TradeCatalog = NATIONAL_CATALOG): MustTenderResult {
  assertCatalog(catalog);
  const f = project.funding;
  assertFen(f.totalInvestmentFen, "totalInvestmentFen");
  assertFen(f.budgetFundsFen, "budgetFundsFen");
  if (f.budgetFundsFen > f.totalInvestmentFen) throw new RangeError("budgetFundsFen cannot exceed totalInvestmentFen");
  if (project.parts.length === 0) throw new RangeError("a project needs at least one contract part");
  for (const p of project.parts) assertFen(p.estimatedPriceFen, `estimatedPriceFen (${p.kind})`);
  for (const [k, v] of Object.entries(project.mergedTotalsFen ?? {})) assertFen(v as number, `mergedTotalsFen.${k}`);

  const reasons: MustTenderReason[] = [];
  const bf = catalog.budgetFunds;
  if (budgetFundsInScope(f, catalog)) {
    reasons.push({
      code: "SCOPE_BUDGET_FUNDS",
      basis: BASIS.art2_1,
      zh: `使用预算资金${wan(f.budgetFundsFen)}万元（不少于${wan(bf.minFen)}万元），且占投资额${bf.minShareBasisPoints / 100}%以上`,
      en: `Uses ${wan(f.budgetFundsFen)}万元 of budget funds (at least ${wan(bf.minFen)}万元) and at least ${bf.minShareBasisPoints / 100}% of the investment`,
    });
  }
  if (f.stateOwnedControlling) {
    reasons.push({
      code: "SCOPE_STATE_OWNED",
      basis: BASIS.art2_2,
      zh: "使用国有企业事业单位资金，且该资金占控股或者主导地位",
      en: "Funded by state-owned enterprises or institutions holding a controlling or leading share",
    });
  }
  if (f.foreignLoanOrAid) {
    reasons.push({
      code: "SCOPE_FOREIGN_FUNDS",
      basis: BASIS.art3,
      zh: "使用国际组织或者外国政府贷款、援助资金",
      en: "Uses loans or aid from international organisations or foreign governments",
    });
  }
  if (f.publicInfrastructure) {
    reasons.push({
      code: "SCOPE_PUBLIC_INFRASTRUCTURE",
      basis: BASIS.art4,
      zh: "属于关系社会公共利益、公众安全的基础设施、公用事业项目",
      en: "Is an infrastructure or public-utility project affecting the public interest or public safety",
    });
  }
  const inScope = reasons.length > 0;
  if (!inScope) {
    reasons.push({
      code: "NOT_IN_SCOPE",
      basis: BASIS.scope,
      zh: "不属于必须招标的项目范围（资金来源及项目性质均不符合）",
      en: "Outside the compulsory-tendering scope (neither the funding nor the nature of the project qualifies)",
    });
  }

  let thresholdReached = false;
  for (const kind of PROCUREMENT_KINDS) {
    const own = project.parts.filter((p) => p.kind === kind);
    const merged = project.mergedTotalsFen?.[kind];
    if (own.length === 0) continue; // a merged total only matters for a kind this contract contains
    const threshold = catalog.thresholdsFen[kind];
    const single = own.reduce((max, p) => Math.max(max, p.estimatedPriceFen), 0);
    if (own.length > 0 && single >= threshold) {
      thresholdReached = true;
      reasons.push({
        code: "THRESHOLD_REACHED",
        basis: BASIS.art5_1,
        kind,
        zh: `${KIND_ZH[kind]}单项合同估算价${wan(single)}万元，达到${wan(threshold)}万元的标准`,
        en: `The ${KIND_EN[kind]} contract estimate of ${wan(single)}万元 reaches the ${wan(threshold)}万元 threshold`,
      });
    } else if (merged !== undefined && merged >= threshold) {
      thresholdReached = true;
      reasons.push({
        code: "MERGED_THRESHOLD_REACHED",
        basis: BASIS.art5_2,
        kind,
        zh: `同一项目中可以合并进行的${KIND_ZH[kind]}采购合同估算价合计${wan(merged)}万元，达到${wan(threshold)}万元的标准`,
        en: `The mergeable ${KIND_EN[kind]} procurements of the project total ${wan(merged)}万元, reaching the ${wan(threshold)}万元 threshold`,
      });
    } else {
      const shown = Math.max(single, merged ?? 0);
      reasons.push({
        code: "BELOW_THRESHOLD",
        basis: BASIS.art5_1,
        kind,
        zh: `${KIND_ZH[kind]}合同估算价${wan(shown)}万元，低于${wan(threshold)}万元的标准`,
        en: `The ${KIND_EN[kind]} estimate of ${wan(shown)}万元 is below the ${wan(threshold)}万元 threshold`,
      });
    }
  }

  let compulsory = inScope && thresholdReached;
  if (compulsory && project.approvedExemption) {
    compulsory = false;
    reasons.push({
      code: "EXEMPT",
      basis: BASIS.exempt,
      zh: `经有关部门认定可以不进行招标（${project.approvedExemption}）`,
      en: `Exempted from tendering by the competent authority (${project.approvedExemption})`,
    });
  }
  return { compulsory, inScope, thresholdReached, reasons };
}

// ---------------------------------------------------------------------------------------------
// Off-platform report (平台外交易的报送)
// ---------------------------------------------------------------------------------------------

export interface OffPlatformReportStatus {
  /** Last civil day (Beijing) on which the report is on time; the day ends at 24:00. */
  deadline: CivilDate;
  /** Reported after the deadline, or (no report yet) `asOf` is past the deadline. */
  late: boolean;
  /** Calendar days past the deadline (0 when on time). */
  daysLate: number;
}

/**
 * A compulsory project traded off the platform must be reported to it within
 * `catalog.offPlatformReportDays` (default 20) days of `triggerTime` — the act the platform's rules name
 * (e.g. 中标通知书发出 or 合同签订). PLATFORM POLICY: no national text fixing these 20 days was found
 * (open question). Counting: 民法典第二百零一条 (the trigger day is not counted) and 第二百零三条 (a
 * period ending on a rest day ends on the next working day), i.e. `calendar.periodEnd(d, 20, "day")`.
 */
export function offPlatformReportDeadline(triggerTime: Date, calendar: WorkingCalendar, catalog: TradeCatalog = NATIONAL_CATALOG): CivilDate {
  return calendar.periodEnd(toCivilDate(triggerTime), catalog.offPlatformReportDays, "day");
}

/**
 * Status of an off-platform report: `reportedTime` when it was received, otherwise evaluated at `asOf`
 * (both instants, judged on their Beijing civil date).
 */
export function offPlatformReportStatus(
  input: { triggerTime: Date; reportedTime?: Date; asOf: Date },
  calendar: WorkingCalendar,
  catalog: TradeCatalog = NATIONAL_CATALOG,
): OffPlatformReportStatus {
  const deadline = offPlatformReportDeadline(input.triggerTime, calendar, catalog);
  const day = toCivilDate(input.reportedTime ?? input.asOf);
  const daysLate = Math.max(0, calendar.calendarDaysBetween(deadline, day));
  return { deadline, late: daysLate > 0, daysLate };
}
