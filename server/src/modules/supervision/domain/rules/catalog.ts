/**
 * The rule catalog: every rule, in id order. To add a rule, write it (data + one small function) in the
 * file of its group, add it here, and add its trigger / no-trigger case to catalog.test.ts.
 */
import { COLLUSION_RULES } from "./collusion-rules.ts";
import { CREDIT_RULES } from "./credit-rules.ts";
import { EXPERT_RULES } from "./expert-rules.ts";
import { MARKET_RULES } from "./market-rules.ts";
import { RED_FLAG_RULES } from "./red-flag-rules.ts";
import type { AlertRule } from "./rule-types.ts";
import { STATUTORY_RULES } from "./statutory-rules.ts";

function assertCatalog(rules: readonly AlertRule[]): readonly AlertRule[] {
  const seen = new Set<string>();
  for (const r of rules) {
    if (!/^SR\d{3}$/.test(r.id)) throw new Error(`rule id ${r.id} is not SRnnn`);
    if (seen.has(r.id)) throw new Error(`duplicate rule id ${r.id}`);
    seen.add(r.id);
  }
  return Object.freeze([...rules].sort((a, b) => (a.id < b.id ? -1 : 1)));
}

export const RULES: readonly AlertRule[] = assertCatalog([
  ...STATUTORY_RULES,
  ...RED_FLAG_RULES,
  ...COLLUSION_RULES,
  ...MARKET_RULES,
  ...CREDIT_RULES,
  ...EXPERT_RULES,
]);

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): AlertRule | undefined {
  return BY_ID.get(id);
}
