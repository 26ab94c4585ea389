/**
 * Small helpers shared by the rules. Pure.
 */
import { toCivilDate } from "../../../../platform/calendar/working-days.ts";
import { NATIONAL_CATALOG, type TradeCatalog } from "../../../tendering/domain/trade-catalog.ts";
import type {
  BatchRule,
  BidFact,
  Bilingual,
  EventRule,
  Finding,
  HistoryBid,
  HistoryFacts,
  RuleMeta,
  RuleParams,
  SectionFacts,
  SectionRef,
} from "./rule-types.ts";
import { DEFAULT_RULE_PARAMS } from "./rule-types.ts";

export const params = (p?: RuleParams): RuleParams => p ?? DEFAULT_RULE_PARAMS;
export const catalogOf = (f: SectionFacts | HistoryFacts): TradeCatalog => f.catalog ?? NATIONAL_CATALOG;

/** An event rule from its data and its function (which receives the resolved parameters and the rule id). */
export function eventRule(meta: RuleMeta, run: (facts: SectionFacts, p: RuleParams, id: string) => Finding[]): EventRule {
  return Object.freeze({ ...meta, mode: "event" as const, evaluate: (facts: SectionFacts, p?: RuleParams) => run(facts, params(p), meta.id) });
}

/** A batch rule from its data and its function. */
export function batchRule(meta: RuleMeta, run: (facts: HistoryFacts, p: RuleParams, id: string) => Finding[]): BatchRule {
  return Object.freeze({ ...meta, mode: "batch" as const, evaluate: (facts: HistoryFacts, p?: RuleParams) => run(facts, params(p), meta.id) });
}

export function finding(ruleId: string, message: Bilingual, evidence: Record<string, unknown>, subjects?: readonly string[], section?: SectionRef): Finding {
  const out: Finding = { ruleId, message, evidence };
  if (subjects && subjects.length > 0) out.subjects = [...new Set(subjects)].sort();
  if (section) out.section = section;
  return out;
}

export const sectionRefOf = (f: SectionFacts): SectionRef => ({
  tenderProjectCode: f.project.tenderProjectCode,
  tenderProjectName: f.project.name,
  sectionCode: f.section.sectionCode,
  sectionName: f.section.name,
  unifiedDealCode: f.section.unifiedDealCode,
});

const INACTIVE = new Set(["replaced", "withdrawn", "revoked", "retracted"]);

/** The bids that count: not replaced, withdrawn, revoked or retracted; the latest per bidder. */
export function activeBids(f: SectionFacts): BidFact[] {
  const byBidder = new Map<string, BidFact>();
  for (const b of f.bids) {
    if (INACTIVE.has(b.status)) continue;
    const prev = byBidder.get(b.bidder);
    if (!prev || prev.submittedAt.getTime() < b.submittedAt.getTime()) byBidder.set(b.bidder, b);
  }
  return [...byBidder.values()];
}

/** Active bids with a price that the committee did not reject. */
export function validPricedBids(f: SectionFacts): (BidFact & { priceFen: number })[] {
  return activeBids(f).filter((b): b is BidFact & { priceFen: number } => !b.rejected && typeof b.priceFen === "number" && b.priceFen > 0);
}

/** The bid deadline in force: the one set by the latest clarification, else the notice's. */
export function effectiveDeadline(f: SectionFacts): Date | undefined {
  let deadline = f.notice?.bidDeadline;
  let at = Number.NEGATIVE_INFINITY;
  for (const c of f.clarifications) {
    if (c.publishedAt.getTime() >= at) {
      at = c.publishedAt.getTime();
      deadline = c.deadline;
    }
  }
  return deadline;
}

/** The winner: the award's, else the first-ranked candidate. */
export function winnerOf(f: SectionFacts): string | undefined {
  return f.award?.winner ?? [...f.candidates].sort((a, b) => a.order - b.order)[0]?.bidder;
}

/** Groups of ≥ 2 distinct bidders sharing a normalised value; values listed per bidder. */
export function sharedValues(entries: readonly { bidder: string; values: readonly (string | undefined)[] }[], normalise: (v: string) => string = normaliseId) {
  const byValue = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const raw of e.values) {
      if (raw === undefined) continue;
      const v = normalise(raw);
      if (!v || PLACEHOLDERS.has(v)) continue;
      const set = byValue.get(v) ?? new Set<string>();
      set.add(e.bidder);
      byValue.set(v, set);
    }
  }
  return [...byValue.entries()]
    .filter(([, bidders]) => bidders.size >= 2)
    .map(([value, bidders]) => ({ value, bidders: [...bidders].sort() }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** Values that carry no identity (empty serials, null MAC, localhost …). */
const PLACEHOLDERS = new Set(["0", "00", "000000000000", "ffffffffffff", "unknown", "none", "null", "n/a", "na", "-", "127.0.0.1", "::1", "0.0.0.0"]);

/**
 * Private, shared or link-local addresses (RFC 1918, RFC 6598 carrier NAT, 169.254/16, IPv6 ULA and
 * link-local): a LAN address reported by the bidder's own machine says nothing about who it is.
 */
export function isPrivateIp(v: string): boolean {
  const ip = v.trim().toLowerCase();
  const m = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(ip);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^f[cd][0-9a-f]{2}:/.test(ip) || /^fe[89ab][0-9a-f]:/.test(ip);
}

/** Trim, lower-case. */
export const normaliseId = (v: string): string => v.trim().toLowerCase();

/** Hardware ids: also drop separators (MAC "AA-BB-…" = "aa:bb:…" = "aabb…"). */
export const normaliseHardware = (v: string): string =>
  v
    .trim()
    .toLowerCase()
    .replace(/[\s:.\-_]/g, "");

/** Bank accounts: digits and letters only. */
export const normaliseAccount = (v: string): string => v.replace(/[^0-9A-Za-z]/g, "").toUpperCase();

/** Linear-interpolation quantile (type 7, as numpy's default) of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError("quantile of nothing");
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Tukey fences: lower Q1 − 1.5·IQR, upper Q3 + 1.5·IQR. */
export function tukeyFences(values: readonly number[]): { q1: number; q3: number; iqr: number; lower: number; upper: number } {
  const s = [...values].sort((a, b) => a - b);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  const iqr = q3 - q1;
  return { q1, q3, iqr, lower: q1 - 1.5 * iqr, upper: q3 + 1.5 * iqr };
}

/** (2nd-lowest valid − lowest valid) / lowest valid (diffp of screens.ts), price-only sections whose winner bid lowest. */
export function winnerGap(bids: readonly HistoryBid[], winner: string | undefined): number | undefined {
  if (!winner) return undefined;
  const valid = bids.filter((b) => !b.rejected && typeof b.priceFen === "number" && b.priceFen > 0) as (HistoryBid & { priceFen: number })[];
  if (valid.length < 2) return undefined;
  const sorted = [...valid].sort((a, b) => a.priceFen - b.priceFen);
  const [first, second] = sorted as [HistoryBid & { priceFen: number }, HistoryBid & { priceFen: number }];
  if (first.bidder !== winner || second.priceFen === first.priceFen) return undefined;
  return (second.priceFen - first.priceFen) / first.priceFen;
}

/** "YYYY-MM-DD" (Beijing) of an instant. */
export const civil = (d: Date): string => toCivilDate(d);

/** Beijing civil day number (days since 1970-01-01) of an instant: differences are calendar days. */
export const civilDayNumber = (d: Date): number => Math.floor((d.getTime() + 8 * 3_600_000) / 86_400_000);

/** "YYYY-MM-DD HH:mm:ss" Beijing time. */
export const beijingDateTime = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");

/** 分 → "1234.56" 元 text for messages. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const a = Math.abs(fen);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

export const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** Active (counted) bids of a history section. */
export const historyBidders = (bids: readonly HistoryBid[]): string[] => [...new Set(bids.map((b) => b.bidder))].sort();
