/**
 * Account roles of the platform. An account acts in exactly one role; a person (居民身份证号) may hold
 * several accounts, and the separation-of-duties rules below are checked across all of them.
 */
export const ROLES = [
  "tenderer", // 招标人/采购人/出让方/转让方
  "agency", // 招标代理/采购代理机构
  "bidder", // 投标人/供应商/竞买人/意向受让方
  "expert", // 评标(评审)专家
  "centre_staff", // 交易中心工作人员 (运行服务机构)
  "supervisor", // 行业监管部门 (发改, 住建, 交通, 水利, 财政, 自然资源, 国资, 卫健 …)
  "inspector", // 纪检监察/审计 (read-only)
  "expert_admin", // 专家库维护
  "expert_extractor", // 专家抽取
  "sysadmin", // 系统管理员
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  tenderer: {
    zh: "招标人/采购人/出让方/转让方",
    en: "Tenderer / purchaser / seller",
  },
  agency: { zh: "招标代理/采购代理机构", en: "Tendering / procurement agency" },
  bidder: {
    zh: "投标人/供应商/竞买人/意向受让方",
    en: "Bidder / supplier / buyer",
  },
  expert: { zh: "评标(评审)专家", en: "Evaluation expert" },
  centre_staff: { zh: "交易中心工作人员", en: "Trading centre staff" },
  supervisor: { zh: "行业监管部门", en: "Supervisory department" },
  inspector: { zh: "纪检监察/审计", en: "Discipline inspection / audit" },
  expert_admin: { zh: "专家库维护", en: "Expert database maintenance" },
  expert_extractor: { zh: "专家抽取", en: "Expert extraction" },
  sysadmin: { zh: "系统管理员", en: "System administrator" },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that are tied to a market subject (an organisation registered in the 主体库). */
export const SUBJECT_ROLES: readonly Role[] = ["tenderer", "agency", "bidder"];

/**
 * Pairs of roles one person may never hold together.
 * - 管办分离: the trading centre (运行服务机构) neither approves nor sanctions, so its staff are never supervisors.
 * - 三端分离: expert-database maintenance, expert extraction and supervision are three different people.
 * - An expert cannot maintain or draw from the database they sit in.
 * - Discipline inspection and audit stay independent of everyone they watch.
 * - The system administrator runs the machine, not the business.
 */
const CONFLICTS: ReadonlyArray<readonly [Role, Role, string]> = [
  ["centre_staff", "supervisor", "管办分离"],
  ["expert_admin", "expert_extractor", "三端分离"],
  ["expert_admin", "supervisor", "三端分离"],
  ["expert_extractor", "supervisor", "三端分离"],
  ["expert", "expert_admin", "三端分离"],
  ["expert", "expert_extractor", "三端分离"],
  ...(["tenderer", "agency", "bidder", "expert", "centre_staff", "supervisor", "expert_admin", "expert_extractor", "sysadmin"] as const).map(
    (r) => ["inspector", r, "监督独立"] as const,
  ),
  ...(["tenderer", "agency", "bidder", "expert", "centre_staff", "supervisor", "expert_admin", "expert_extractor"] as const).map(
    (r) => ["sysadmin", r, "系统管理与业务分离"] as const,
  ),
];

/** The rule that forbids holding `a` and `b` together, or undefined when they may be combined. */
export function roleConflict(a: Role, b: Role): string | undefined {
  if (a === b) return undefined;
  return CONFLICTS.find(([x, y]) => (x === a && y === b) || (x === b && y === a))?.[2];
}
