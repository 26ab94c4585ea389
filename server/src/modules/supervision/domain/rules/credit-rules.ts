/**
 * 一处失信、处处受限: a subject whose credit record restricts the action takes part anyway. "In force" is
 * credit-rating.ts `restricts` (named action, not revoked, inside [starts_at, ends_at)), judged at the
 * time of the act.
 */
import type { RestrictedAction } from "../../../../platform/db/schema.ts";
import { restricts } from "../../../credit/domain/credit-rating.ts";
import type { Category, CreditFact, EventRule, SectionFacts } from "./rule-types.ts";
import { CATEGORIES } from "./rule-types.ts";
import { activeBids, eventRule, finding, winnerOf } from "./support.ts";

const ALL = { categories: CATEGORIES };
const BASIS = "《公共资源交易平台管理暂行办法》；失信联合惩戒（信用记录限制行为）";

/** The action a bid is in this category: 竞买 (auction) for land, mining and property rights, else 投标. */
const bidAction = (c: Category): RestrictedAction => (c === "land" || c === "mining" || c === "property" ? "auction" : "bid");

/** Records of `subject` restricting `action` at `at`. */
export function restrictionsInForce(f: SectionFacts, subject: string, action: RestrictedAction, at: Date): CreditFact[] {
  return f.credit.filter(
    (c) =>
      c.subject === subject &&
      restricts({ restricted_actions: c.restrictedActions, revoked_at: c.revokedAt, starts_at: c.startsAt, ends_at: c.endsAt }, action, at),
  );
}

const docs = (list: CreditFact[]) => list.map((c) => c.documentNo ?? c.reason ?? c.kind).join("、");

function restrictedFinding(id: string, subject: string, action: RestrictedAction, at: Date, records: CreditFact[], act: { zh: string; en: string }) {
  return finding(
    id,
    {
      zh: `${subject}在信用记录限制期内${act.zh}（限制行为：${action}；依据：${docs(records)}）`,
      en: `${subject} ${act.en} while its credit record restricts "${action}" (${docs(records)})`,
    },
    { subject, action, at: at.toISOString(), records: records.map((c) => ({ kind: c.kind, documentNo: c.documentNo, reason: c.reason })) },
    [subject],
  );
}

export const SR047 = eventRule(
  {
    id: "SR047",
    name: { zh: "受限主体报名", en: "Restricted subject registers" },
    basis: BASIS,
    appliesTo: ALL,
    node: "registration",
    severity: "red",
  },
  (f, _p, id) =>
    f.registrations.flatMap((r) => {
      const records = restrictionsInForce(f, r.bidder, "register", r.registeredAt);
      return records.length ? [restrictedFinding(id, r.bidder, "register", r.registeredAt, records, { zh: "报名", en: "registered" })] : [];
    }),
);

export const SR048 = eventRule(
  {
    id: "SR048",
    name: { zh: "受限主体投标或竞买", en: "Restricted subject bids" },
    basis: BASIS,
    appliesTo: ALL,
    node: "bid_submission",
    severity: "red",
  },
  (f, _p, id) => {
    const action = bidAction(f.project.category);
    return activeBids(f).flatMap((b) => {
      const records = restrictionsInForce(f, b.bidder, action, b.submittedAt);
      return records.length ? [restrictedFinding(id, b.bidder, action, b.submittedAt, records, { zh: "投标（竞买）", en: "bid" })] : [];
    });
  },
);

export const SR049 = eventRule(
  {
    id: "SR049",
    name: { zh: "受限主体被确定为中标（候选）人", en: "Restricted subject named winner" },
    basis: `${BASIS}；招标投标法实施条例第五十五条`,
    appliesTo: ALL,
    node: "award",
    severity: "red",
  },
  (f, _p, id) => {
    const winner = winnerOf(f);
    if (!winner) return [];
    const at = f.award?.determinedAt ?? f.asOf;
    const action = bidAction(f.project.category);
    const records = restrictionsInForce(f, winner, action, at);
    return records.length ? [restrictedFinding(id, winner, action, at, records, { zh: "被确定为中标（候选）人", en: "was named winner" })] : [];
  },
);

export const CREDIT_RULES: readonly EventRule[] = [SR047, SR048, SR049];
