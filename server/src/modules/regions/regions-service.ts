import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext } from "../../platform/http/actor.ts";
import { AppError } from "../../platform/http/app-error.ts";
import { type ApprovalSource, type PlatformLevel, type PlatformNode, platformSubtree, routeProject } from "./domain/project-routing.ts";

/** Supervisory industries (行业监管部门) a platform has. */
export const INDUSTRIES = {
  fgw: "发展和改革委员会",
  zj: "住房和城乡建设",
  jt: "交通运输",
  sl: "水利",
  cz: "财政",
  zrzy: "自然资源和规划",
  gz: "国有资产监督管理委员会",
  wj: "卫生健康委员会",
} as const;
export type Industry = keyof typeof INDUSTRIES;

export class RegionsService {
  constructor(private readonly deps: Deps) {}

  async platforms() {
    const rows = await this.deps.db.selectFrom("platform").select(["code", "name", "level", "parent_code"]).orderBy("code").execute();
    return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
  }

  async departments(platformCode?: string) {
    let q = this.deps.db.selectFrom("department").select(["code", "name", "industry", "platform_code"]);
    if (platformCode) q = q.where("platform_code", "=", platformCode);
    const rows = await q.orderBy("code").execute();
    return rows.map((r) => ({ code: r.code, name: r.name, industry: r.industry, platformCode: r.platform_code }));
  }

  createPlatform(ctx: ActionContext, input: { code: string; name: string; level: PlatformLevel; parentCode: string | null }) {
    return change(this.deps, async (trx) => {
      if (input.parentCode) {
        const parent = await trx.selectFrom("platform").select("level").where("code", "=", input.parentCode).executeTakeFirst();
        const expected = input.level === "city" ? "province" : input.level === "county" ? "city" : undefined;
        if (!parent || parent.level !== expected)
          throw new AppError("PLATFORM_UNKNOWN", { zh: "上级平台不存在或层级不符", en: "The parent platform is missing or at the wrong level" });
      }
      const exists = await trx.selectFrom("platform").select("code").where("code", "=", input.code).executeTakeFirst();
      if (exists) throw new AppError("CONFLICT", { zh: `平台 ${input.code} 已存在`, en: `Platform ${input.code} exists` });
      await trx.insertInto("platform").values({ code: input.code, name: input.name, level: input.level, parent_code: input.parentCode }).execute();
      await this.deps.audit.record(trx, ctx, { action: "platform.create", objectType: "platform", objectId: input.code });
      for (const [industry, name] of Object.entries(INDUSTRIES)) {
        const code = `${input.code}-${industry}`;
        await trx
          .insertInto("department")
          .values({ code, platform_code: input.code, industry, name: `${input.name}${name}` })
          .execute();
        await this.deps.audit.record(trx, ctx, { action: "department.create", objectType: "department", objectId: code });
      }
      return { code: input.code };
    });
  }

  /** The routing rule later modules call to place a project on its platform. */
  async route(source: ApprovalSource): Promise<{ platformCode: string; fallback: boolean }> {
    const result = routeProject(await this.nodes(), source);
    if (!result.ok) {
      throw new AppError("PLATFORM_UNKNOWN", {
        zh: result.reason === "BAD_DIVISION" ? `行政区划代码 ${source.divisionCode} 无效` : `本系统没有受理 ${source.divisionCode} 项目的交易平台`,
        en: result.reason === "BAD_DIVISION" ? `Bad division code ${source.divisionCode}` : `No platform here handles projects of ${source.divisionCode}`,
      });
    }
    return { platformCode: result.platformCode, fallback: result.fallback };
  }

  /** A platform and its subordinate platforms. */
  async subtree(code: string): Promise<string[]> {
    return platformSubtree(await this.nodes(), code);
  }

  private async nodes(): Promise<PlatformNode[]> {
    return (await this.platforms()).map((p) => ({ code: p.code, level: p.level, parentCode: p.parentCode }));
  }
}
