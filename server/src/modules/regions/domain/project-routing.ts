/**
 * Which trading platform handles a project, from the level of the authority that approved it
 * (分级管理: 省级审批 → 省平台, 市级审批 → 市平台, 区县审批 → 县级平台). A county without its own
 * platform trades on its city's platform; a city without one on the province's.
 */
export type PlatformLevel = "province" | "city" | "county";

export interface PlatformNode {
  code: string; // GB/T 2260 division code, 6 digits
  level: PlatformLevel;
  parentCode: string | null;
}

export interface ApprovalSource {
  /** The level of the approving authority. */
  approvalLevel: PlatformLevel;
  /** Division code of the approving authority (or of the project location). */
  divisionCode: string;
}

export type RoutingResult = { ok: true; platformCode: string; fallback: boolean } | { ok: false; reason: "NO_PLATFORM" | "BAD_DIVISION" };

/** Division code of the province, city or county that contains `code` (GB/T 2260 prefix rules). */
export function divisionAt(code: string, level: PlatformLevel): string {
  if (level === "province") return `${code.slice(0, 2)}0000`;
  if (level === "city") return `${code.slice(0, 4)}00`;
  return code;
}

export function routeProject(platforms: readonly PlatformNode[], source: ApprovalSource): RoutingResult {
  if (!/^\d{6}$/.test(source.divisionCode)) return { ok: false, reason: "BAD_DIVISION" };
  const byCode = new Map(platforms.map((p) => [p.code, p]));
  const chain: PlatformLevel[] =
    source.approvalLevel === "county" ? ["county", "city", "province"] : source.approvalLevel === "city" ? ["city", "province"] : ["province"];
  for (const [i, level] of chain.entries()) {
    const candidate = byCode.get(divisionAt(source.divisionCode, level));
    if (candidate && candidate.level === level) return { ok: true, platformCode: candidate.code, fallback: i > 0 };
  }
  return { ok: false, reason: "NO_PLATFORM" };
}

/** The platform and every platform below it (a platform oversees its subordinate ones). */
export function platformSubtree(platforms: readonly PlatformNode[], root: string): string[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    for (const p of platforms) if (p.parentCode === out[i]) out.push(p.code);
  }
  return out;
}
