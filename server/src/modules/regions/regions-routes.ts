import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { RegionsService } from "./regions-service.ts";

const tags = ["regions 平台与区划"];
const level = z.enum(["province", "city", "county"]);
const division = z.string().regex(/^\d{6}$/, "6位行政区划代码");

export function regionsRoutes(regions: RegionsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/v1/platforms",
      { config: { access: publicAccess }, schema: { operationId: "listPlatforms", summary: "省、市、县交易平台 / trading platforms", tags } },
      async () => ({ items: await regions.platforms() }),
    );
    app.post(
      "/api/v1/platforms",
      {
        config: { access: allow("sysadmin") },
        schema: {
          operationId: "createPlatform",
          summary: "新增交易平台（并建立其监管部门）/ add a platform with its departments",
          tags,
          body: z.strictObject({ code: division, name: z.string().trim().min(1).max(100), level, parentCode: division.nullable() }),
        },
      },
      async (request, reply) => reply.code(201).send(await regions.createPlatform(contextOf(request), request.body)),
    );
    app.get(
      "/api/v1/departments",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listDepartments",
          summary: "行业监管部门 / supervisory departments",
          tags,
          querystring: z.object({ platformCode: division.optional() }),
        },
      },
      async (request) => ({ items: await regions.departments(request.query.platformCode) }),
    );
    app.get(
      "/api/v1/platforms/route",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "routeProjectToPlatform",
          summary: "按审批层级确定受理平台 / which platform handles a project",
          tags,
          querystring: z.object({ approvalLevel: level, divisionCode: division }),
        },
      },
      async (request) => regions.route(request.query),
    );
  };
}
