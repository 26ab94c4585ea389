/**
 * Shared pieces of the auction domain (土地/矿业权 招拍挂, 国有产权 网络竞价). Pure, no I/O.
 *
 * - Money is integer 分 (fen); comparisons that scale amounts (90%, ratios) use BigInt.
 * - Instants are `Date`s from the server clock; day counts reduce them to Beijing civil dates with
 *   `toCivilDate` and follow the project-wide convention of tendering/domain/time-limits.ts:
 *   民法典第二百零一条 — the start day is not counted, so "A 至 B 不少于 n (工作)日" is
 *   `calendar.isAtLeast(dateA, dateB, n, unit)`; a minimum span is measured, never extended.
 * - Every time-limit check returns `{ ok: true }` or a violation naming the rule, its basis, bilingual
 *   text and the earliest/latest date that would have satisfied it.
 *
 * Sources. Statute texts verified in LawRefBook/Laws: 拍卖法 (第二十一、二十八、三十三、三十六、五十、五十一条),
 * 企业国有资产法 (第五十四、五十五条). Article numbers of 国土资源部令第39号 and 国资委 财政部令第32号 are
 * from memory **[mem]** (their texts were not available, see shared/reference/regulations-cn.md §8); the
 * rules themselves match the practitioner summaries cited there. Verify before relying on the numbers.
 */
import type { CivilDate } from "../../../platform/calendar/working-days.ts";

export type AuctionLimitRule = "ANNOUNCEMENT_TOO_LATE" | "LISTING_TOO_SHORT" | "DISCLOSURE_TOO_SHORT" | "RESULT_PUBLICITY_TOO_SHORT";

export interface AuctionLimitViolation {
  ok: false;
  rule: AuctionLimitRule;
  /** The article(s) the rule comes from. */
  basis: string;
  zh: string;
  en: string;
  /** Earliest civil date that would satisfy the rule (a span that is too short). */
  earliest?: CivilDate;
  /** Latest civil date that would have satisfied the rule (an act done too late). */
  latest?: CivilDate;
  /** The numeric limit applied (days or working days). */
  limit?: number;
}

export type AuctionLimitResult = { ok: true } | AuctionLimitViolation;

export const OK: { ok: true } = Object.freeze({ ok: true });

/** Legal bases, as cited in results. [mem] marks article numbers not checked against the text. */
export const BASIS = {
  /** [mem] 出让人应当至少在投标、拍卖或者挂牌开始日前20日……发布招标、拍卖或者挂牌公告. */
  land8: "招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）第八条",
  /** [mem] 标底或者底价……在招标开标前和拍卖挂牌出让活动结束之前应当保密. */
  land10: "招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）第十条",
  /** [mem] 挂牌时间不得少于10日。挂牌期间可根据竞买人竞价情况调整增价幅度; 2006年《招标拍卖挂牌出让国有土地使用权规范》: 10个工作日. */
  land18: "招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）第十八条；招标拍卖挂牌出让国有土地使用权规范（试行）",
  /** [mem] 挂牌期限届满……有竞买人表示愿意继续竞价的，转入现场竞价……报价相同的，先提交报价单者为竞得人，但报价低于底价者除外. */
  land19: "招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）第十九条",
  /** 委托人有权确定拍卖标的的保留价并要求拍卖人保密 (verified). */
  auction28: "拍卖法第二十八条",
  /** 竞买人一经应价，不得撤回，当其他竞买人有更高应价时，其应价即丧失约束力 (verified). */
  auction36: "拍卖法第三十六条",
  /** 有保留价的，竞买人的最高应价未达到保留价时，该应价不发生效力 (verified). */
  auction50: "拍卖法第五十条",
  /** 竞买人应当具备规定的条件 (verified). */
  auction33: "拍卖法第三十三条",
  /** 公开进行；受让方为两个以上的，应当采用公开竞价 (verified). */
  soe54: "企业国有资产法第五十四条",
  /** [mem] 正式披露信息时间不得少于20个工作日. */
  property13: "企业国有资产交易监督管理办法（国资委 财政部令第32号）第十三条",
  /** [mem] 新的转让底价低于评估结果的90%时，应当经转让行为批准单位书面同意. */
  property18: "企业国有资产交易监督管理办法（国资委 财政部令第32号）第十八条",
  /** [mem] 竞价可以采取拍卖、招投标、网络竞价以及其他竞价方式. */
  property22: "企业国有资产交易监督管理办法（国资委 财政部令第32号）第二十二条",
  /** [mem] 交易结果……公告期不少于5个工作日. */
  property29: "企业国有资产交易监督管理办法（国资委 财政部令第32号）第二十九条",
  /** [mem] 资产转让: 转让底价高于100万元、低于1000万元的，信息公告期应不少于10个工作日 (also found in local rules). */
  property48: "企业国有资产交易监督管理办法（国资委 财政部令第32号）第四十八条（地方资产转让规则同）",
} as const;

export function assertFen(n: number, what: string, min = 1): void {
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${what} must be an integer number of fen ≥ ${min}, got ${n}`);
}

export function assertCount(n: number, what: string, min = 0): void {
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${what} must be an integer ≥ ${min}, got ${n}`);
}

export function assertInstant(t: Date, what: string): number {
  const ms = t instanceof Date ? t.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be a valid Date`);
  return ms;
}

export function assertId(s: string, what: string): void {
  if (typeof s !== "string" || s.length === 0 || s.length > 200) throw new RangeError(`${what} must be a non-empty string of at most 200 characters`);
}

export function violation(
  rule: AuctionLimitRule,
  basis: string,
  zh: string,
  en: string,
  extra: Partial<Pick<AuctionLimitViolation, "earliest" | "latest" | "limit">> = {},
): AuctionLimitViolation {
  return { ok: false, rule, basis, zh, en, ...extra };
}

/** "12345" fen → "123.45元", for messages. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const a = Math.abs(fen);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, "0")}元`;
}
