/**
 * Evaluation experts: scores far from the committee (scoring.ts `flagOutliers`), avoidance, punished
 * experts, and (batch) one expert repeatedly on the same tenderer's sections.
 */
import { toCivilDate } from "../../../../platform/calendar/working-days.ts";
import { type ExpertScore, flagOutliers, formatHundredths } from "../../../tendering/domain/scoring.ts";
import { restrictionsInForce } from "./credit-rules.ts";
import type { BatchRule, EventRule, Finding } from "./rule-types.ts";
import { CATEGORIES, TENDER_CATEGORIES } from "./rule-types.ts";
import { activeBids, batchRule, eventRule, finding } from "./support.ts";

const TENDER = { categories: TENDER_CATEGORIES };

export const SR050 = eventRule(
  {
    id: "SR050",
    name: { zh: "评标专家评分明显偏离评标委员会", en: "Expert scores far from the committee" },
    basis: "招标投标法实施条例第四十九条、第七十一条（客观公正评审）",
    appliesTo: TENDER,
    node: "evaluation",
    severity: "yellow",
  },
  (f, p, id) => {
    const scores: ExpertScore[] = f.reviews
      .filter((r) => r.technical !== undefined && r.commercial !== undefined)
      .map((r) => ({ expertId: r.expertId, bidderId: r.bidder, technical: r.technical!, commercial: r.commercial! }));
    const flags = flagOutliers(scores, undefined, p.outlierRule);
    const byExpert = new Map<string, typeof flags>();
    for (const x of flags) byExpert.set(x.expertId, [...(byExpert.get(x.expertId) ?? []), x]);
    return [...byExpert.entries()].map(([expertId, list]) =>
      finding(
        id,
        {
          zh: `专家${expertId}对${list.length}个投标人的评分明显偏离委员会中位数：${list
            .map((x) => `${x.bidderId} ${formatHundredths(x.score)}分（中位数${formatHundredths(x.median)}，允许偏差${formatHundredths(x.threshold)}）`)
            .join("；")}`,
          en: `Expert ${expertId} scored ${list.length} bidder(s) far from the committee median: ${list
            .map((x) => `${x.bidderId} ${formatHundredths(x.score)} (median ${formatHundredths(x.median)}, allowed ${formatHundredths(x.threshold)})`)
            .join("; ")}`,
        },
        { expertId, deviations: list },
      ),
    );
  },
);

export const SR051 = eventRule(
  {
    id: "SR051",
    name: { zh: "评标专家应回避未回避", en: "Expert with a conflict of interest not withdrawn" },
    basis: "招标投标法实施条例第四十六条、第四十八条；《评标委员会和评标方法暂行规定》（回避情形）",
    appliesTo: { categories: CATEGORIES },
    node: "evaluation",
    severity: "red",
  },
  (f, _p, id) => {
    if (!f.committee) return [];
    const bidders = new Set([...activeBids(f).map((b) => b.bidder), ...f.registrations.map((r) => r.bidder)]);
    const out: Finding[] = [];
    for (const e of f.committee.experts) {
      const conflicts = [...new Set([e.employerUscc, ...(e.avoidUsccs ?? [])])].filter((u): u is string => !!u && bidders.has(u)).sort();
      if (conflicts.length === 0) continue;
      out.push(
        finding(
          id,
          {
            zh: `评标专家${e.name ?? e.expertId}与投标人${conflicts.join("、")}存在利害关系（工作单位或申报回避），应当回避`,
            en: `Expert ${e.name ?? e.expertId} has an interest in bidder(s) ${conflicts.join(", ")} (employer or declared avoidance) and must withdraw`,
          },
          { expertId: e.expertId, conflicts, employer: e.employerUscc ?? null },
          conflicts,
        ),
      );
    }
    return out;
  },
);

export const SR052 = eventRule(
  {
    id: "SR052",
    name: { zh: "处罚期内的专家参加评标", en: "Punished expert on the committee" },
    basis: "《评标专家和评标专家库管理办法》；招标投标法实施条例第四十六条",
    appliesTo: { categories: CATEGORIES },
    node: "evaluation",
    severity: "red",
  },
  (f, _p, id) => {
    if (!f.committee) return [];
    const at = f.evaluationReportAt ?? f.opening?.openedAt ?? f.asOf;
    const day = toCivilDate(at);
    const out: Finding[] = [];
    for (const e of f.committee.experts) {
      const punished = e.punishedUntil !== undefined && e.punishedUntil >= day;
      const records = restrictionsInForce(f, e.expertId, "evaluate", at);
      if (!punished && records.length === 0) continue;
      const until = punished ? e.punishedUntil : undefined;
      out.push(
        finding(
          id,
          {
            zh: `评标专家${e.name ?? e.expertId}在处罚或限制期内参加评标${until ? `（处罚至${until}）` : ""}`,
            en: `Expert ${e.name ?? e.expertId} sat on the committee while punished or restricted${until ? ` (until ${until})` : ""}`,
          },
          { expertId: e.expertId, punishedUntil: until ?? null, records: records.map((c) => c.documentNo ?? c.reason ?? c.kind), evaluationDate: day },
        ),
      );
    }
    return out;
  },
);

export const SR053 = batchRule(
  {
    id: "SR053",
    name: { zh: "同一专家反复参加同一招标人项目评标", en: "Expert repeatedly on the same tenderer's evaluations" },
    basis: "《公共资源交易平台管理暂行办法》第十一条（随机抽取）；招标投标法实施条例第四十六条",
    appliesTo: TENDER,
    node: "cross_project",
    severity: "yellow",
  },
  (h, p, id) => {
    const pairs = new Map<string, { expert: string; buyer: string; sections: string[] }>();
    for (const s of h.sections) {
      for (const e of new Set(s.experts)) {
        const key = `${e}\u0000${s.buyer}`;
        const x = pairs.get(key) ?? { expert: e, buyer: s.buyer, sections: [] };
        x.sections.push(s.ref.sectionCode);
        pairs.set(key, x);
      }
    }
    return [...pairs.values()]
      .filter((x) => x.sections.length >= p.expertRepeatMin)
      .map((x) =>
        finding(
          id,
          {
            zh: `专家${x.expert}在本期内参加了招标人${x.buyer}的${x.sections.length}个标段评标（阈值${p.expertRepeatMin}）`,
            en: `Expert ${x.expert} evaluated ${x.sections.length} sections of tenderer ${x.buyer} in the period (threshold ${p.expertRepeatMin})`,
          },
          { expertId: x.expert, buyer: x.buyer, sections: x.sections },
          [x.buyer],
        ),
      );
  },
);

export const EXPERT_RULES: readonly (EventRule | BatchRule)[] = [SR050, SR051, SR052, SR053];
