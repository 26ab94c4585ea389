/**
 * Red flags of ../shared/reference/red-flags.csv (Cardinal ids) and competition counts.
 *
 * Event variants use fixed thresholds (the collusion-risk.ts flag values, see RuleParams). The
 * population variants (R024/R058 fences, R025, R038, R048) run in batch mode: their Tukey fences
 * (Q1 − 1.5·IQR, Q3 + 1.5·IQR, quantiles by linear interpolation) are computed from the HistoryFacts
 * they are given — so a fence means "unusual for this buyer / region / period" — and only when the
 * population is large enough (fenceMinPopulation sections, fenceMinGroups tenderers or buyers);
 * otherwise they stay silent. A value must also lie strictly beyond its quartile (below Q1 / above Q3), so
 * a degenerate population (IQR = 0) does not flag everyone sitting on the fence.
 */
import { computeScreens } from "../screens.ts";
import type { BatchRule, EventRule, Finding, HistoryFacts, HistorySection, RuleParams, SectionFacts } from "./rule-types.ts";
import { TENDER_CATEGORIES } from "./rule-types.ts";
import {
  activeBids,
  batchRule,
  civil,
  effectiveDeadline,
  eventRule,
  finding,
  pct,
  quantile,
  tukeyFences,
  validPricedBids,
  winnerGap,
  winnerOf,
} from "./support.ts";

const TENDER = { categories: TENDER_CATEGORIES };

// ---------------------------------------------------------------------------------------------
// Event red flags
// ---------------------------------------------------------------------------------------------

export const SR015 = eventRule(
  {
    id: "SR015",
    name: { zh: "投标期限偏短（R003）", en: "Short submission period (R003)" },
    basis: "cardinal R003",
    appliesTo: TENDER,
    node: "announcement",
    severity: "green",
  },
  (f, p, id) => {
    // Compulsory tenders are held to the statutory 20 days by SR002; R003 watches the others.
    const deadline = effectiveDeadline(f);
    if (!f.notice || !deadline || f.project.compulsory) return [];
    const days = f.calendar.calendarDaysBetween(civil(f.notice.publishedAt), civil(deadline));
    if (days >= p.shortSubmissionDays) return [];
    return [
      finding(
        id,
        {
          zh: `自公告发布（${civil(f.notice.publishedAt)}）至投标截止（${civil(deadline)}）仅${days}日，少于${p.shortSubmissionDays}日`,
          en: `Only ${days} days from the notice (${civil(f.notice.publishedAt)}) to the bid deadline (${civil(deadline)}), under ${p.shortSubmissionDays}`,
        },
        { days, threshold: p.shortSubmissionDays },
        [f.project.tenderer.uscc],
      ),
    ];
  },
);

export const SR016 = eventRule(
  {
    id: "SR016",
    name: { zh: "仅一家投标（R018）", en: "Single bid received (R018)" },
    basis: "cardinal R018；招标投标法第二十八条",
    appliesTo: { categories: TENDER_CATEGORIES, methods: ["open", "invited"] },
    node: "bid_submission",
    severity: "yellow",
  },
  (f, _p, id) => {
    const deadline = effectiveDeadline(f);
    if (!deadline || f.asOf.getTime() < deadline.getTime()) return []; // more bids may still come
    const bids = activeBids(f);
    if (bids.length !== 1) return [];
    const bidder = bids[0]!.bidder;
    return [
      finding(
        id,
        { zh: `投标截止时仅收到${bidder}一家投标`, en: `Only one bid (${bidder}) was received by the deadline` },
        { bidder, deadline: deadline.toISOString() },
        [f.project.tenderer.uscc],
      ),
    ];
  },
);

export const SR017 = eventRule(
  {
    id: "SR017",
    name: { zh: "有效投标不足3个（明显缺乏竞争）", en: "Fewer than 3 valid bids (insufficient competition)" },
    basis: "《评标委员会和评标方法暂行规定》第二十七条",
    appliesTo: TENDER,
    node: "evaluation",
    severity: "green",
  },
  (f, _p, id) => {
    if (!f.evaluationReportAt) return [];
    const active = activeBids(f);
    if (active.length < 3) return []; // SR005 / SR016 already speak
    const valid = active.filter((b) => !b.rejected).map((b) => b.bidder);
    if (valid.length >= 3) return [];
    return [
      finding(
        id,
        {
          zh: `${active.length}个投标中仅${valid.length}个通过评审，有效投标不足3个，评标委员会应判断是否明显缺乏竞争`,
          en: `Only ${valid.length} of ${active.length} bids passed the review; with fewer than 3 valid bids the committee must judge whether competition is lacking`,
        },
        { submitted: active.length, valid },
        [f.project.tenderer.uscc],
      ),
    ];
  },
);

/** Price-only section whose winner is the unique lowest valid bid: its valid bids, sorted, and the diffp screen. */
function priceOnlyGap(f: SectionFacts): { bids: { bidder: string; priceFen: number }[]; diffp: number } | undefined {
  if (f.section.evaluationMethod !== "lowest_price") return undefined;
  const winner = winnerOf(f);
  const bids = validPricedBids(f)
    .map((b) => ({ bidder: b.bidder, priceFen: b.priceFen }))
    .sort((a, b) => a.priceFen - b.priceFen);
  if (!winner || bids.length < 2 || bids[0]!.bidder !== winner || bids[1]!.priceFen === bids[0]!.priceFen) return undefined;
  const { screens } = computeScreens(
    bids.map((b) => b.priceFen),
    { id: f.section.sectionCode },
  );
  return screens.diffp === undefined ? undefined : { bids, diffp: screens.diffp };
}

export const SR018 = eventRule(
  {
    id: "SR018",
    name: { zh: "次低价与中标价过近（R024）", en: "Second bid very close to the winning bid (R024)" },
    basis: "cardinal R024",
    appliesTo: TENDER,
    node: "award",
    severity: "yellow",
  },
  (f, p, id) => {
    const g = priceOnlyGap(f);
    if (!g || g.diffp > p.closeSecondBidMax) return [];
    const [w, s] = g.bids as [(typeof g.bids)[0], (typeof g.bids)[0]];
    return [
      finding(
        id,
        {
          zh: `次低有效报价（${s.bidder}）仅比中标价（${w.bidder}）高${pct(g.diffp)}，不超过${pct(p.closeSecondBidMax)}`,
          en: `The second-lowest valid bid (${s.bidder}) is only ${pct(g.diffp)} above the winning bid (${w.bidder}), at most ${pct(p.closeSecondBidMax)}`,
        },
        { diffp: g.diffp, threshold: p.closeSecondBidMax, winner: w, second: s },
        [w.bidder, s.bidder],
      ),
    ];
  },
);

export const SR019 = eventRule(
  {
    id: "SR019",
    name: { zh: "中标价大幅低于其他报价（R058）", en: "Heavily discounted winning bid (R058)" },
    basis: "cardinal R058",
    appliesTo: TENDER,
    node: "award",
    severity: "yellow",
  },
  (f, p, id) => {
    const g = priceOnlyGap(f);
    if (!g || g.bids.length < 3 || g.diffp < p.heavyDiscountMin) return [];
    const [w, s] = g.bids as [(typeof g.bids)[0], (typeof g.bids)[0]];
    return [
      finding(
        id,
        {
          zh: `中标价（${w.bidder}）比次低有效报价低${pct(g.diffp)}（以中标价为基数），不低于${pct(p.heavyDiscountMin)}`,
          en: `The winning bid (${w.bidder}) is ${pct(g.diffp)} below the second-lowest valid bid (relative to the winning bid), at least ${pct(p.heavyDiscountMin)}`,
        },
        { diffp: g.diffp, threshold: p.heavyDiscountMin, winner: w, second: s, bids: g.bids.length },
        [w.bidder],
      ),
    ];
  },
);

export const SR020 = eventRule(
  {
    id: "SR020",
    name: { zh: "截止时间后递交的投标中标（R030）", en: "Late bid won (R030)" },
    basis: "cardinal R030；招标投标法第二十八条",
    appliesTo: TENDER,
    node: "award",
    severity: "red",
  },
  (f, _p, id) => {
    const winner = winnerOf(f);
    const deadline = effectiveDeadline(f);
    if (!winner || !deadline) return [];
    const bid = activeBids(f).find((b) => b.bidder === winner);
    if (!bid || bid.submittedAt.getTime() <= deadline.getTime()) return [];
    return [
      finding(
        id,
        {
          zh: `中标人${winner}的投标文件于${bid.submittedAt.toISOString()}递交，晚于投标截止时间${deadline.toISOString()}`,
          en: `The winner ${winner} submitted its bid at ${bid.submittedAt.toISOString()}, after the deadline ${deadline.toISOString()}`,
        },
        { submittedAt: bid.submittedAt.toISOString(), deadline: deadline.toISOString() },
        [winner, f.project.tenderer.uscc],
      ),
    ];
  },
);

export const SR021 = eventRule(
  {
    id: "SR021",
    name: { zh: "除中标人外其余投标均被否决（R035）", en: "All except the winning bid disqualified (R035)" },
    basis: "cardinal R035；prozorro sas-3-2",
    appliesTo: TENDER,
    node: "evaluation",
    severity: "red",
  },
  (f, _p, id) => {
    const winner = winnerOf(f);
    if (!winner) return [];
    const active = activeBids(f);
    const valid = active.filter((b) => !b.rejected).map((b) => b.bidder);
    const rejected = active.filter((b) => b.rejected).map((b) => b.bidder);
    if (valid.length !== 1 || valid[0] !== winner || rejected.length < 1) return [];
    return [
      finding(
        id,
        {
          zh: `除中标（候选）人${winner}外，其余${rejected.length}个投标均被否决`,
          en: `Every bid but the winner's (${winner}) was disqualified (${rejected.length})`,
        },
        { winner, rejected },
        [winner],
      ),
    ];
  },
);

export const SR022 = eventRule(
  {
    id: "SR022",
    name: { zh: "最低价投标被否决（R036）", en: "Lowest bid disqualified (R036)" },
    basis: "cardinal R036",
    appliesTo: TENDER,
    node: "evaluation",
    severity: "yellow",
  },
  (f, _p, id) => {
    if (f.section.evaluationMethod !== "lowest_price" || !winnerOf(f)) return [];
    const priced = activeBids(f).filter((b) => typeof b.priceFen === "number" && b.priceFen > 0);
    if (!priced.some((b) => !b.rejected)) return [];
    const min = Math.min(...priced.map((b) => b.priceFen!));
    const lowest = priced.filter((b) => b.priceFen === min);
    if (!lowest.every((b) => b.rejected)) return [];
    return [
      finding(
        id,
        {
          zh: `最低报价（${lowest.map((b) => b.bidder).join("、")}）被否决，理由：${lowest.map((b) => b.rejectReason ?? "未记载").join("；")}`,
          en: `The lowest bid (${lowest.map((b) => b.bidder).join(", ")}) was disqualified; reason: ${lowest.map((b) => b.rejectReason ?? "not recorded").join("; ")}`,
        },
        { lowestPriceFen: min, bidders: lowest.map((b) => b.bidder), reasons: lowest.map((b) => b.rejectReason ?? null) },
        [f.project.tenderer.uscc],
      ),
    ];
  },
);

// ---------------------------------------------------------------------------------------------
// Population fences (batch)
// ---------------------------------------------------------------------------------------------

/** Price-only awarded sections with their winner gap (R024/R058 population). */
function gapPopulation(h: HistoryFacts): { s: HistorySection; gap: number }[] {
  const out: { s: HistorySection; gap: number }[] = [];
  for (const s of h.sections) {
    if (s.evaluationMethod !== "lowest_price") continue;
    const gap = winnerGap(s.bids, s.winner);
    if (gap !== undefined) out.push({ s, gap });
  }
  return out;
}

function secondBidder(s: HistorySection): string | undefined {
  return s.bids.filter((b) => !b.rejected && typeof b.priceFen === "number" && b.bidder !== s.winner).sort((a, b) => a.priceFen! - b.priceFen!)[0]?.bidder;
}

export const SR023 = batchRule(
  {
    id: "SR023",
    name: { zh: "次低价与中标价过近（R024 总体围栏）", en: "Second bid close to the winning bid (R024 population fence)" },
    basis: "cardinal R024",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "yellow",
  },
  (h, p, id) => {
    const pop = gapPopulation(h);
    if (pop.length < p.fenceMinPopulation) return [];
    const fence = tukeyFences(pop.map((x) => x.gap));
    return pop
      .filter((x) => x.gap <= fence.lower && x.gap < fence.q1)
      .map(({ s, gap }) =>
        finding(
          id,
          {
            zh: `标段${s.ref.sectionCode}次低价仅比中标价高${pct(gap)}，低于同期${pop.length}个标段的下围栏${pct(fence.lower)}（Q1−1.5·IQR）`,
            en: `In section ${s.ref.sectionCode} the second bid is only ${pct(gap)} above the winner, below the lower fence ${pct(fence.lower)} (Q1−1.5·IQR) of ${pop.length} sections`,
          },
          { gap, fence, population: pop.length },
          [s.winner!, secondBidder(s)!].filter(Boolean),
          s.ref,
        ),
      );
  },
);

export const SR024 = batchRule(
  {
    id: "SR024",
    name: { zh: "中标价大幅低于其他报价（R058 总体围栏）", en: "Heavily discounted winning bid (R058 population fence)" },
    basis: "cardinal R058",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "yellow",
  },
  (h, p, id) => {
    const pop = gapPopulation(h);
    if (pop.length < p.fenceMinPopulation) return [];
    const fence = tukeyFences(pop.map((x) => x.gap));
    return pop
      .filter((x) => x.gap >= fence.upper && x.gap > fence.q3)
      .map(({ s, gap }) =>
        finding(
          id,
          {
            zh: `标段${s.ref.sectionCode}中标价比次低价低${pct(gap)}，超过同期${pop.length}个标段的上围栏${pct(fence.upper)}（Q3+1.5·IQR）`,
            en: `In section ${s.ref.sectionCode} the winning bid is ${pct(gap)} below the second bid, above the upper fence ${pct(fence.upper)} (Q3+1.5·IQR) of ${pop.length} sections`,
          },
          { gap, fence, population: pop.length },
          [s.winner!],
          s.ref,
        ),
      );
  },
);

interface TendererTally {
  bids: number;
  valid: number;
  rejected: number;
  wins: number;
  divisions: Set<string>;
}

function tallyTenderers(h: HistoryFacts, p: RuleParams): Map<string, TendererTally> {
  const t = new Map<string, TendererTally>();
  const get = (u: string) => {
    const x = t.get(u) ?? { bids: 0, valid: 0, rejected: 0, wins: 0, divisions: new Set<string>() };
    t.set(u, x);
    return x;
  };
  for (const s of h.sections) {
    for (const b of s.bids) {
      const x = get(b.bidder);
      x.bids++;
      if (b.rejected) x.rejected++;
      else if (s.winner) x.valid++; // R025 counts valid bids in awarded processes
    }
    if (s.winner) {
      const x = get(s.winner);
      x.wins++;
      if (s.classifyCode) x.divisions.add(s.classifyCode.slice(0, p.r048DivisionChars));
    }
  }
  return t;
}

export const SR025 = batchRule(
  {
    id: "SR025",
    name: { zh: "频繁投标而极少中标（R025）", en: "Excessive unsuccessful bids (R025)" },
    basis: "cardinal R025",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "green",
  },
  (h, p, id) => {
    const tally = [...tallyTenderers(h, p).entries()].filter(([, x]) => x.valid > 0);
    if (tally.length === 0) return [];
    const p75 = quantile(
      tally.map(([, x]) => x.valid).sort((a, b) => a - b),
      0.75,
    );
    const eligible = tally.filter(([, x]) => x.valid >= p75);
    if (eligible.length < p.fenceMinGroups) return [];
    const fence = tukeyFences(eligible.map(([, x]) => Math.min(1, x.wins / x.valid)));
    return eligible
      .filter(([, x]) => Math.min(1, x.wins / x.valid) <= fence.lower && Math.min(1, x.wins / x.valid) < fence.q1)
      .map(([u, x]) =>
        finding(
          id,
          {
            zh: `${u}在${x.valid}个有效投标中仅中标${x.wins}次（${pct(x.wins / x.valid)}），不高于同期活跃投标人的下围栏${pct(fence.lower)}，可能为陪标`,
            en: `${u} won ${x.wins} of ${x.valid} valid bids (${pct(x.wins / x.valid)}), at or below the lower fence ${pct(fence.lower)} of active bidders: possible cover bidding`,
          },
          { validBids: x.valid, wins: x.wins, p75, fence, population: eligible.length },
          [u],
        ),
      );
  },
);

export const SR026 = batchRule(
  {
    id: "SR026",
    name: { zh: "否决投标比例异常高（R038）", en: "Excessive disqualified bids (R038)" },
    basis: "cardinal R038",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "yellow",
  },
  (h, p, id) => {
    const out: Finding[] = [];
    // buyers: ≥ r038MinProcesses processes
    const buyers = new Map<string, { processes: number; bids: number; rejected: number }>();
    for (const s of h.sections) {
      const x = buyers.get(s.buyer) ?? { processes: 0, bids: 0, rejected: 0 };
      x.processes++;
      x.bids += s.bids.length;
      x.rejected += s.bids.filter((b) => b.rejected).length;
      buyers.set(s.buyer, x);
    }
    const buyerPop = [...buyers.entries()].filter(([, x]) => x.processes >= p.r038MinProcesses && x.bids > 0);
    const tendererPop = [...tallyTenderers(h, p).entries()].filter(([, x]) => x.bids >= p.r038MinBids);
    const levels: [string, string, [string, { bids: number; rejected: number }][]][] = [
      ["buyer", "招标人", buyerPop],
      ["tenderer", "投标人", tendererPop],
    ];
    for (const [level, zhLevel, pop] of levels) {
      if (pop.length < p.fenceMinGroups) continue;
      const fence = tukeyFences(pop.map(([, x]) => x.rejected / x.bids));
      for (const [u, x] of pop) {
        const ratio = x.rejected / x.bids;
        if (ratio <= 0 || ratio < fence.upper || ratio <= fence.q3) continue;
        out.push(
          finding(
            id,
            {
              zh: `${zhLevel}${u}的投标被否决比例为${pct(ratio)}（${x.rejected}/${x.bids}），不低于同期上围栏${pct(fence.upper)}`,
              en: `${level === "buyer" ? "Buyer" : "Tenderer"} ${u} has ${pct(ratio)} of bids disqualified (${x.rejected}/${x.bids}), at or above the upper fence ${pct(fence.upper)}`,
            },
            { level, ratio, rejected: x.rejected, bids: x.bids, fence, population: pop.length },
            [u],
          ),
        );
      }
    }
    return out;
  },
);

export const SR027 = batchRule(
  {
    id: "SR027",
    name: { zh: "中标领域异常分散（R048）", en: "Heterogeneous supplier (R048)" },
    basis: "cardinal R048",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "green",
  },
  (h, p, id) => {
    const pop = [...tallyTenderers(h, p).entries()].filter(([, x]) => x.wins >= p.r048MinAwards);
    if (pop.length < p.fenceMinGroups) return [];
    const fence = tukeyFences(pop.map(([, x]) => x.divisions.size));
    return pop
      .filter(([, x]) => x.divisions.size >= fence.upper && x.divisions.size > fence.q3)
      .map(([u, x]) =>
        finding(
          id,
          {
            zh: `${u}中标的${x.wins}个标段分属${x.divisions.size}个专业大类，不低于同期上围栏${fence.upper.toFixed(2)}`,
            en: `${u} won ${x.wins} sections in ${x.divisions.size} classification divisions, at or above the upper fence ${fence.upper.toFixed(2)}`,
          },
          { wins: x.wins, divisions: [...x.divisions].sort(), fence, population: pop.length },
          [u],
        ),
      );
  },
);

export const RED_FLAG_RULES: readonly (EventRule | BatchRule)[] = [SR015, SR016, SR017, SR018, SR019, SR020, SR021, SR022, SR023, SR024, SR025, SR026, SR027];
