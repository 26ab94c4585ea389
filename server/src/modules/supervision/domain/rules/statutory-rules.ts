/**
 * Statutory limits (招标投标法 / 实施条例, regulations-cn.md §3). Every count calls the checks of
 * tendering/domain/time-limits.ts and trade-catalog.ts — nothing is re-counted here.
 *
 * Limits with a deadline ("n 日内") are also checked before the act happens: when the act is still
 * missing, `asOf` stands in for it, so a nightly re-run flags a contract that was never signed once its
 * 30 days are over.
 */
import {
  checkBidBond,
  checkBidsForOpening,
  checkBondRefund,
  checkCandidatePublicity,
  checkClarificationNotice,
  checkCommittee,
  checkContractSigning,
  checkDocumentSalePeriod,
  checkTenderPeriod,
  checkWinnerReport,
  BASIS as LIMIT_BASIS,
  type LimitResult,
  type LimitViolation,
} from "../../../tendering/domain/time-limits.ts";
import { offPlatformReportStatus } from "../../../tendering/domain/trade-catalog.ts";
import type { EventRule, Finding, SectionFacts } from "./rule-types.ts";
import { TENDER_CATEGORIES } from "./rule-types.ts";
import { activeBids, catalogOf, civil, effectiveDeadline, eventRule, finding, normaliseAccount } from "./support.ts";

const TENDER = { categories: TENDER_CATEGORIES };

/** A violation of time-limits.ts as a finding against the tenderer (the responsible subject). */
function fromViolation(ruleId: string, f: SectionFacts, v: LimitViolation, evidence: Record<string, unknown> = {}): Finding {
  const ev: Record<string, unknown> = { check: v.rule, basis: v.basis, ...evidence };
  if (v.earliest) ev.earliest = v.earliest;
  if (v.latest) ev.latest = v.latest;
  if (v.limit !== undefined) ev.limit = v.limit;
  return finding(ruleId, { zh: v.zh, en: v.en }, ev, [f.project.tenderer.uscc]);
}

const violated = (r: LimitResult): r is LimitViolation => !r.ok;

/** A deadline act that has not happened yet and is overdue at `asOf`. */
function overdue(ruleId: string, f: SectionFacts, v: LimitViolation, act: { zh: string; en: string }, evidence: Record<string, unknown>): Finding {
  const today = civil(f.asOf);
  return finding(
    ruleId,
    { zh: `${act.zh}：最迟${v.latest}，截至${today}仍未完成`, en: `${act.en}: due by ${v.latest}; still not done on ${today}` },
    { check: v.rule, basis: v.basis, latest: v.latest, pending: true, ...evidence },
    [f.project.tenderer.uscc],
  );
}

export const SR001 = eventRule(
  {
    id: "SR001",
    name: { zh: "招标文件发售期少于5日", en: "Tender documents on sale for less than 5 days" },
    basis: LIMIT_BASIS.reg16,
    appliesTo: TENDER,
    node: "announcement",
    severity: "yellow",
  },
  (f, _p, id) => {
    if (!f.notice) return [];
    const r = checkDocumentSalePeriod({ saleStart: f.notice.docSaleStart, saleEnd: f.notice.docSaleEnd, document: "tender" }, f.calendar);
    return violated(r) ? [fromViolation(id, f, r)] : [];
  },
);

export const SR002 = eventRule(
  {
    id: "SR002",
    name: { zh: "依法必须招标项目投标期限少于20日", en: "Bid period under 20 days for a compulsory tender" },
    basis: LIMIT_BASIS.law24,
    appliesTo: TENDER,
    node: "announcement",
    severity: "red",
  },
  (f, _p, id) => {
    const deadline = effectiveDeadline(f);
    if (!f.notice || !deadline) return [];
    const r = checkTenderPeriod({ issueTime: f.notice.docSaleStart, bidDeadline: deadline, compulsory: f.project.compulsory }, f.calendar);
    return violated(r) ? [fromViolation(id, f, r)] : [];
  },
);

export const SR003 = eventRule(
  {
    id: "SR003",
    name: { zh: "澄清或修改距投标截止不足15日且未顺延", en: "Clarification less than 15 days before the deadline, not postponed" },
    basis: LIMIT_BASIS.law23_reg21,
    appliesTo: TENDER,
    node: "announcement",
    severity: "yellow",
  },
  (f, _p, id) => {
    const out: Finding[] = [];
    for (const c of f.clarifications) {
      const r = checkClarificationNotice({ clarificationTime: c.publishedAt, deadline: c.deadline, affectsPreparation: c.affectsPreparation }, f.calendar);
      if (violated(r)) out.push(fromViolation(id, f, r, { clarificationDate: civil(c.publishedAt) }));
    }
    return out;
  },
);

export const SR004 = eventRule(
  {
    id: "SR004",
    name: { zh: "投标保证金超过估算价的2%", en: "Bid bond above 2% of the estimate" },
    basis: LIMIT_BASIS.reg26,
    appliesTo: TENDER,
    node: "announcement",
    severity: "yellow",
  },
  (f, _p, id) => {
    if (f.section.bondFen === undefined) return [];
    const r = checkBidBond({ bondFen: f.section.bondFen, estimatedPriceFen: f.section.estimateFen });
    return violated(r) ? [fromViolation(id, f, r, { bondFen: f.section.bondFen, estimateFen: f.section.estimateFen })] : [];
  },
);

export const SR005 = eventRule(
  {
    id: "SR005",
    name: { zh: "投标人少于3个仍开标", en: "Bids opened with fewer than 3 bidders" },
    basis: LIMIT_BASIS.law28_reg44,
    appliesTo: TENDER,
    node: "opening",
    severity: "red",
  },
  (f, _p, id) => {
    if (!f.opening) return [];
    const bidders = activeBids(f).map((b) => b.bidder);
    const r = checkBidsForOpening(bidders.length);
    return violated(r) ? [fromViolation(id, f, r, { bidders, openedAt: f.opening.openedAt.toISOString() })] : [];
  },
);

export const SR006 = eventRule(
  {
    id: "SR006",
    name: { zh: "评标委员会组成不符合规定", en: "Evaluation committee composition unlawful" },
    basis: LIMIT_BASIS.law37,
    appliesTo: TENDER,
    node: "evaluation",
    severity: "red",
  },
  (f, _p, id) => {
    if (!f.committee) return [];
    const experts = f.committee.experts.length;
    const r = checkCommittee({ experts, tendererRepresentatives: f.committee.tendererRepresentatives });
    return violated(r) ? [fromViolation(id, f, r, { experts, tendererRepresentatives: f.committee.tendererRepresentatives })] : [];
  },
);

function publicityViolations(f: SectionFacts): LimitViolation[] {
  if (!f.project.compulsory || !f.publicity || !f.evaluationReportAt) return [];
  return checkCandidatePublicity({ reportReceivedTime: f.evaluationReportAt, publicityStart: f.publicity.start, publicityEnd: f.publicity.end }, f.calendar);
}

export const SR007 = eventRule(
  {
    id: "SR007",
    name: { zh: "未在收到评标报告3日内公示中标候选人", en: "Candidates not published within 3 days of the report" },
    basis: LIMIT_BASIS.reg54,
    appliesTo: TENDER,
    node: "publicity",
    severity: "yellow",
  },
  (f, _p, id) => {
    return publicityViolations(f)
      .filter((v) => v.rule === "PUBLICITY_START_LATE")
      .map((v) => fromViolation(id, f, v));
  },
);

export const SR008 = eventRule(
  {
    id: "SR008",
    name: { zh: "中标候选人公示期少于3日", en: "Candidate publicity shorter than 3 days" },
    basis: LIMIT_BASIS.reg54,
    appliesTo: TENDER,
    node: "publicity",
    severity: "red",
  },
  (f, _p, id) => {
    return publicityViolations(f)
      .filter((v) => v.rule === "PUBLICITY_TOO_SHORT")
      .map((v) => fromViolation(id, f, v));
  },
);

export const SR009 = eventRule(
  {
    id: "SR009",
    name: { zh: "未在中标通知书发出30日内订立合同", en: "Contract not concluded within 30 days of the award notice" },
    basis: LIMIT_BASIS.law46,
    appliesTo: TENDER,
    node: "contract",
    severity: "yellow",
  },
  (f, _p, id) => {
    if (!f.award) return [];
    const r = checkContractSigning({ awardNoticeTime: f.award.noticeAt, contractSignTime: f.contract?.signedAt ?? f.asOf }, f.calendar);
    if (!violated(r)) return [];
    const evidence = { awardNoticeDate: civil(f.award.noticeAt), winner: f.award.winner };
    if (f.contract) return [fromViolation(id, f, r, { ...evidence, signedDate: civil(f.contract.signedAt) })];
    return [
      overdue(id, f, r, { zh: "应当自中标通知书发出之日起30日内订立书面合同", en: "The written contract is due within 30 days of the award notice" }, evidence),
    ];
  },
);

export const SR010 = eventRule(
  {
    id: "SR010",
    name: { zh: "未在确定中标人15日内提交书面报告", en: "Written report not filed within 15 days of the award" },
    basis: LIMIT_BASIS.law47,
    appliesTo: TENDER,
    node: "award",
    severity: "yellow",
  },
  (f, _p, id) => {
    if (!f.award || !f.project.compulsory) return [];
    const r = checkWinnerReport({ winnerDeterminedTime: f.award.determinedAt, reportTime: f.reportFiledAt ?? f.asOf }, f.calendar);
    if (!violated(r)) return [];
    const evidence = { determinedDate: civil(f.award.determinedAt) };
    if (f.reportFiledAt) return [fromViolation(id, f, r, { ...evidence, filedDate: civil(f.reportFiledAt) })];
    return [
      overdue(
        id,
        f,
        r,
        { zh: "应当自确定中标人之日起15日内提交招标投标情况书面报告", en: "The written report is due within 15 days of determining the winner" },
        evidence,
      ),
    ];
  },
);

export const SR011 = eventRule(
  {
    id: "SR011",
    name: { zh: "平台外交易未在规定期限内报送", en: "Off-platform trade not reported in time" },
    basis: "《公共资源交易平台管理暂行办法》第八条；平台交易目录规则（报送期限，默认20日）",
    appliesTo: TENDER,
    node: "award",
    severity: "yellow",
  },
  (f, _p, id) => {
    if (!f.offPlatform || !f.project.compulsory) return [];
    const catalog = catalogOf(f);
    const s = offPlatformReportStatus({ ...f.offPlatform, asOf: f.asOf }, f.calendar, catalog);
    if (!s.late) return [];
    const n = catalog.offPlatformReportDays;
    const reported = f.offPlatform.reportedTime ? civil(f.offPlatform.reportedTime) : undefined;
    const zhTail = reported ? `实际于${reported}报送` : `截至${civil(f.asOf)}仍未报送`;
    const enTail = reported ? `reported on ${reported}` : `still not reported on ${civil(f.asOf)}`;
    return [
      finding(
        id,
        {
          zh: `依法必须招标项目在平台外交易的，应当自${civil(f.offPlatform.triggerTime)}起${n}日内向平台报送：最迟${s.deadline}，${zhTail}（逾期${s.daysLate}日）`,
          en: `A compulsory project traded off the platform must be reported within ${n} days of ${civil(f.offPlatform.triggerTime)}: by ${s.deadline}; ${enTail} (${s.daysLate} days late)`,
        },
        { deadline: s.deadline, daysLate: s.daysLate, reportedDate: reported, pending: !reported },
        [f.project.tenderer.uscc],
      ),
    ];
  },
);

export const SR012 = eventRule(
  {
    id: "SR012",
    name: { zh: "投标保证金未在5日内退还", en: "Bid bond not refunded within 5 days" },
    basis: `${LIMIT_BASIS.reg35}；${LIMIT_BASIS.reg57}`,
    appliesTo: TENDER,
    node: "contract",
    severity: "green",
  },
  (f, _p, id) => {
    const out: Finding[] = [];
    for (const b of f.bonds) {
      if (!b.refundTrigger) continue;
      const r = checkBondRefund({ trigger: b.refundTrigger.kind, triggerTime: b.refundTrigger.at, refundTime: b.refundedAt ?? f.asOf }, f.calendar);
      if (!violated(r)) continue;
      const evidence = { bidder: b.bidder, triggerDate: civil(b.refundTrigger.at) };
      out.push(
        b.refundedAt
          ? fromViolation(id, f, r, { ...evidence, refundedDate: civil(b.refundedAt) })
          : overdue(
              id,
              f,
              r,
              { zh: `投标人${b.bidder}的投标保证金应当在5日内退还`, en: `The bid bond of ${b.bidder} is due for refund within 5 days` },
              evidence,
            ),
      );
    }
    return out;
  },
);

export const SR013 = eventRule(
  {
    id: "SR013",
    name: { zh: "国有资金控股项目未确定排名第一的中标候选人为中标人", en: "State-funded project did not award the first-ranked candidate" },
    basis: "招标投标法实施条例第五十五条",
    appliesTo: TENDER,
    node: "award",
    severity: "yellow",
  },
  (f, _p, id) => {
    if (!f.award || !f.project.compulsory || !f.project.stateOwnedControlling) return [];
    const first = [...f.candidates].sort((a, b) => a.order - b.order)[0];
    if (!first || first.bidder === f.award.winner) return [];
    return [
      finding(
        id,
        {
          zh: `国有资金占控股或者主导地位的依法必须招标项目，应当确定排名第一的中标候选人（${first.bidder}）为中标人，实际中标人为${f.award.winner}；请核实第一名放弃、不能履约或被查实违法的情形`,
          en: `A compulsory project controlled by state funds must award the first-ranked candidate (${first.bidder}); the winner is ${f.award.winner}. Check whether the first candidate withdrew, could not perform, or was found in breach`,
        },
        { firstCandidate: first.bidder, winner: f.award.winner },
        [f.project.tenderer.uscc],
      ),
    ];
  },
);

export const SR014 = eventRule(
  {
    id: "SR014",
    name: { zh: "投标保证金未从投标人基本账户转出", en: "Bid bond not paid from the bidder's basic account" },
    basis: `${LIMIT_BASIS.reg26}第二款`,
    appliesTo: TENDER,
    node: "bid_submission",
    severity: "yellow",
  },
  (f, _p, id) => {
    const out: Finding[] = [];
    for (const b of f.bonds) {
      const basic = f.basicAccounts?.[b.bidder];
      if (b.form !== "transfer" || !b.payerAccountNo || !basic) continue;
      if (normaliseAccount(b.payerAccountNo) === normaliseAccount(basic)) continue;
      out.push(
        finding(
          id,
          {
            zh: `投标人${b.bidder}的投标保证金从账户${b.payerAccountNo}转出，不是其基本账户${basic}`,
            en: `The bid bond of ${b.bidder} was paid from account ${b.payerAccountNo}, not from its basic account ${basic}`,
          },
          { bidder: b.bidder, payerAccountNo: b.payerAccountNo, basicAccountNo: basic },
          [b.bidder],
        ),
      );
    }
    return out;
  },
);

export const STATUTORY_RULES: readonly EventRule[] = [SR001, SR002, SR003, SR004, SR005, SR006, SR007, SR008, SR009, SR010, SR011, SR012, SR013, SR014];
