/**
 * Cross-project market rules (batch, over the HistoryFacts of one buyer / region / period):
 * winner rotation, market allocation, winner concentration, and contract splitting just under the
 * compulsory-tendering thresholds of trade-catalog.ts (16号令第五条; the catalog of the facts, else the
 * national one).
 */
import { PROCUREMENT_KINDS, type ProcurementKind } from "../../../tendering/domain/trade-catalog.ts";
import type { BatchRule, Finding, HistorySection } from "./rule-types.ts";
import { TENDER_CATEGORIES } from "./rule-types.ts";
import { batchRule, catalogOf, civil, civilDayNumber, finding, historyBidders, pct, yuan } from "./support.ts";

const TENDER = { categories: TENDER_CATEGORIES };

const when = (s: HistorySection): number => (s.awardedAt ?? s.publishedAt).getTime();
const codes = (list: readonly HistorySection[]) => list.map((s) => s.ref.sectionCode);

export const SR042 = batchRule(
  {
    id: "SR042",
    name: { zh: "固定投标人群体轮流中标", en: "Winner rotation within a fixed group of bidders" },
    basis: "招标投标法实施条例第三十九条（投标人之间约定中标人）；collusion-screens bid rotation",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "red",
  },
  (h, p, id) => {
    const groups = new Map<string, HistorySection[]>();
    for (const s of h.sections) {
      const bidders = historyBidders(s.bids);
      if (!s.winner || bidders.length < p.rotationMinBidders) continue;
      const key = bidders.join("|");
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const out: Finding[] = [];
    for (const [key, list] of groups) {
      if (list.length < p.rotationMinTenders) continue;
      const ordered = [...list].sort((a, b) => when(a) - when(b));
      const winners = ordered.map((s) => s.winner!);
      const distinct = new Set(winners);
      const alternates = winners.every((w, i) => i === 0 || w !== winners[i - 1]);
      if (distinct.size < 2 || !alternates) continue;
      const bidders = key.split("|");
      out.push(
        finding(
          id,
          {
            zh: `同一组${bidders.length}个投标人（${bidders.join("、")}）共同参与${ordered.length}个标段，由${distinct.size}家轮流中标：${winners.join(" → ")}`,
            en: `The same ${bidders.length} bidders (${bidders.join(", ")}) met in ${ordered.length} sections and ${distinct.size} of them took turns winning: ${winners.join(" → ")}`,
          },
          { bidders, sections: codes(ordered), winners },
          bidders,
        ),
      );
    }
    return out;
  },
);

export const SR043 = batchRule(
  {
    id: "SR043",
    name: { zh: "投标人划分市场（互不竞争区域）", en: "Market allocation between bidders" },
    basis: "招标投标法实施条例第三十九条（约定部分投标人放弃投标或者中标）；collusion-screens market allocation",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "red",
  },
  (h, p, id) => {
    const areaOf = (s: HistorySection) => (p.allocationBy === "buyer" ? s.buyer : s.regionCode);
    const awarded = new Map<string, number>();
    const wins = new Map<string, Map<string, number>>(); // area → firm → wins
    const bids = new Map<string, Map<string, number>>(); // area → firm → bids
    const bump = (m: Map<string, Map<string, number>>, a: string, u: string) => {
      const inner = m.get(a) ?? new Map<string, number>();
      inner.set(u, (inner.get(u) ?? 0) + 1);
      m.set(a, inner);
    };
    for (const s of h.sections) {
      const a = areaOf(s);
      for (const u of historyBidders(s.bids)) bump(bids, a, u);
      if (!s.winner) continue;
      awarded.set(a, (awarded.get(a) ?? 0) + 1);
      bump(wins, a, s.winner);
    }
    const holders: { area: string; firm: string; share: number; wins: number }[] = [];
    for (const [a, n] of awarded) {
      if (n < p.allocationMinSections) continue;
      const [firm, w] = [...wins.get(a)!.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]!;
      if (w / n >= p.allocationDominance) holders.push({ area: a, firm, share: w / n, wins: w });
    }
    holders.sort((x, y) => (x.area < y.area ? -1 : 1));
    const count = (m: Map<string, Map<string, number>>, a: string, u: string) => m.get(a)?.get(u) ?? 0;
    const out: Finding[] = [];
    for (let i = 0; i < holders.length; i++) {
      for (let j = i + 1; j < holders.length; j++) {
        const x = holders[i]!;
        const y = holders[j]!;
        if (x.firm === y.firm) continue;
        // reciprocal: each bids in the other's area and never wins there
        const xInY = count(bids, y.area, x.firm);
        const yInX = count(bids, x.area, y.firm);
        if (xInY === 0 || yInX === 0 || count(wins, y.area, x.firm) > 0 || count(wins, x.area, y.firm) > 0) continue;
        const zhArea = p.allocationBy === "buyer" ? "招标人" : "地区";
        out.push(
          finding(
            id,
            {
              zh: `${x.firm}在${zhArea}${x.area}中标${pct(x.share)}、${y.firm}在${zhArea}${y.area}中标${pct(y.share)}；双方在对方的${zhArea}分别投标${xInY}次、${yInX}次且从未中标`,
              en: `${x.firm} wins ${pct(x.share)} in ${p.allocationBy} ${x.area} and ${y.firm} ${pct(y.share)} in ${y.area}; each bid in the other's ${p.allocationBy} (${xInY} and ${yInX} times) and never won there`,
            },
            { by: p.allocationBy, holders: [x, y], crossBids: { [x.firm]: xInY, [y.firm]: yInX } },
            [x.firm, y.firm],
          ),
        );
      }
    }
    return out;
  },
);

export const SR044 = batchRule(
  {
    id: "SR044",
    name: { zh: "同一招标人的中标高度集中于一家", en: "One supplier wins most of a buyer's tenders" },
    basis: "digiwhist INTEGRITY_WINNER_CA_SHARE",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "yellow",
  },
  (h, p, id) => {
    const byBuyer = new Map<string, HistorySection[]>();
    for (const s of h.sections) if (s.winner) byBuyer.set(s.buyer, [...(byBuyer.get(s.buyer) ?? []), s]);
    const out: Finding[] = [];
    for (const [buyer, list] of byBuyer) {
      if (list.length < p.concentrationMinTenders) continue;
      const tally = new Map<string, number>();
      for (const s of list) tally.set(s.winner!, (tally.get(s.winner!) ?? 0) + 1);
      const [winner, n] = [...tally.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]!;
      const share = n / list.length;
      if (share < p.concentrationShare) continue;
      out.push(
        finding(
          id,
          {
            zh: `招标人${buyer}的${list.length}个已定标标段中，${winner}中标${n}个（${pct(share)}），不低于${pct(p.concentrationShare)}`,
            en: `${winner} won ${n} of the ${list.length} awarded sections of buyer ${buyer} (${pct(share)}), at least ${pct(p.concentrationShare)}`,
          },
          { buyer, winner, wins: n, awarded: list.length, share, sections: codes(list) },
          [buyer, winner],
        ),
      );
    }
    return out;
  },
);

const isKind = (c: string): c is ProcurementKind => (PROCUREMENT_KINDS as readonly string[]).includes(c);
const KIND_ZH: Record<ProcurementKind, string> = { works: "施工", goods: "货物", services: "服务" };

export const SR045 = batchRule(
  {
    id: "SR045",
    name: { zh: "化整为零规避招标", en: "Contract splitting to avoid tendering" },
    basis: "招标投标法第四条；《必须招标的工程项目规定》第五条第二款",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "red",
  },
  (h, p, id) => {
    const catalog = catalogOf(h);
    const groups = new Map<string, HistorySection[]>();
    for (const s of h.sections) {
      if (!isKind(s.category) || s.compulsory || s.inScope === false) continue;
      if (s.estimateFen >= catalog.thresholdsFen[s.category]) continue;
      const key = [s.buyer, s.category, s.classifyCode?.slice(0, 3) ?? ""].join("|");
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const out: Finding[] = [];
    for (const list of groups.values()) {
      const sorted = [...list].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
      const kind = sorted[0]!.category as ProcurementKind;
      const threshold = catalog.thresholdsFen[kind];
      let i = 0;
      while (i < sorted.length) {
        let j = i;
        let sum = sorted[i]!.estimateFen;
        while (j + 1 < sorted.length && civilDayNumber(sorted[j + 1]!.publishedAt) - civilDayNumber(sorted[i]!.publishedAt) <= p.splitWindowDays) {
          j++;
          sum += sorted[j]!.estimateFen;
        }
        if (j > i && sum >= threshold) {
          const cluster = sorted.slice(i, j + 1);
          out.push(
            finding(
              id,
              {
                zh: `招标人${cluster[0]!.buyer}在${civil(cluster[0]!.publishedAt)}至${civil(cluster[cluster.length - 1]!.publishedAt)}间分${cluster.length}次采购同类${KIND_ZH[kind]}，单项均低于${yuan(threshold)}元，合计${yuan(sum)}元，达到必须招标标准`,
                en: `Buyer ${cluster[0]!.buyer} bought similar ${kind} in ${cluster.length} lots between ${civil(cluster[0]!.publishedAt)} and ${civil(cluster[cluster.length - 1]!.publishedAt)}, each below ${yuan(threshold)} yuan, together ${yuan(sum)} yuan — reaching the compulsory-tendering threshold`,
              },
              {
                kind,
                thresholdFen: threshold,
                totalFen: sum,
                windowDays: p.splitWindowDays,
                sections: codes(cluster),
                estimatesFen: cluster.map((s) => s.estimateFen),
              },
              [cluster[0]!.buyer],
            ),
          );
          i = j + 1;
        } else {
          i++;
        }
      }
    }
    return out;
  },
);

export const SR046 = batchRule(
  {
    id: "SR046",
    name: { zh: "估算价反复略低于必须招标限额", en: "Estimates repeatedly just under the tendering threshold" },
    basis: "招标投标法第四条；《必须招标的工程项目规定》第五条",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "yellow",
  },
  (h, p, id) => {
    const catalog = catalogOf(h);
    const groups = new Map<string, HistorySection[]>();
    for (const s of h.sections) {
      if (!isKind(s.category) || s.compulsory || s.inScope === false) continue;
      const t = catalog.thresholdsFen[s.category];
      if (s.estimateFen >= t || s.estimateFen < p.justUnderRatio * t) continue;
      const key = `${s.buyer}|${s.category}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const out: Finding[] = [];
    for (const list of groups.values()) {
      if (list.length < p.justUnderMinCount) continue;
      const kind = list[0]!.category as ProcurementKind;
      const t = catalog.thresholdsFen[kind];
      out.push(
        finding(
          id,
          {
            zh: `招标人${list[0]!.buyer}有${list.length}个${KIND_ZH[kind]}标段的估算价位于必须招标限额${yuan(t)}元的${pct(p.justUnderRatio)}至100%之间`,
            en: `Buyer ${list[0]!.buyer} has ${list.length} ${kind} sections estimated between ${pct(p.justUnderRatio)} and 100% of the ${yuan(t)} yuan threshold`,
          },
          { kind, thresholdFen: t, ratio: p.justUnderRatio, sections: codes(list), estimatesFen: list.map((s) => s.estimateFen) },
          [list[0]!.buyer],
        ),
      );
    }
    return out;
  },
);

export const MARKET_RULES: readonly BatchRule[] = [SR042, SR043, SR044, SR045, SR046];
