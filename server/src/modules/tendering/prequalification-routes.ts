import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { PrequalificationService } from "./prequalification-service.ts";

const tags = ["tendering 工程建设项目招标投标"];
const params = z.object({ id: z.coerce.number().int().positive() });
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export function prequalificationRoutes(prequalification: PrequalificationService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/sections/:id/prequalification",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "publishPrequalificationNotice",
          summary: "发布资格预审公告（发售期≥5日，停止发售至申请截止≥5日）/ publish the pre-qualification notice",
          tags,
          params,
          body: z.strictObject({ docSaleStart: instant, docSaleEnd: instant, applicationDeadline: instant }),
        },
      },
      async (request, reply) => reply.code(201).send(await prequalification.publish(contextOf(request), request.params.id, request.body)),
    );
    app.get(
      "/api/v1/sections/:id/prequalification",
      {
        config: { access: publicAccess },
        schema: { operationId: "getPrequalificationNotice", summary: "资格预审公告 / the pre-qualification notice", tags, params },
      },
      async (request) => prequalification.notice(request.params.id),
    );
    app.get(
      "/api/v1/prequalification-notices",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listPrequalificationNotices",
          summary: "资格预审公告列表 / pre-qualification notices",
          tags,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        },
      },
      async (request) => ({ items: await prequalification.notices(request.query.limit) }),
    );
    app.post(
      "/api/v1/sections/:id/prequalification/applications",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "applyForPrequalification",
          summary: "提交资格预审申请（对其他申请人保密）/ apply for pre-qualification",
          tags,
          params,
          body: z.strictObject({ statement: z.string().trim().max(20_000).optional() }),
        },
      },
      async (request, reply) => reply.code(201).send(await prequalification.apply(contextOf(request), request.params.id, request.body)),
    );
    app.get(
      "/api/v1/sections/:id/prequalification/applications",
      {
        config: { access: allow("tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: {
          operationId: "listPrequalificationApplications",
          summary: "资格预审申请及审查结果（不公开）/ applications and review results",
          tags,
          params,
        },
      },
      async (request) => ({ items: await prequalification.applications(request.actor, request.params.id) }),
    );
    app.get(
      "/api/v1/sections/:id/prequalification/my-application",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "myPrequalificationApplication", summary: "本单位的资格预审申请及结果 / my application and result", tags, params },
      },
      async (request) => prequalification.mine(request.actor, request.params.id),
    );
    app.post(
      "/api/v1/prequalification-applications/:id/review",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "reviewPrequalificationApplication",
          summary: "资格审查：记录通过或未通过及理由 / record the review result",
          tags,
          params,
          body: z.strictObject({
            result: z.enum(["passed", "failed"]),
            reasons: z.array(z.string().trim().max(2_000)).max(50).optional(),
          }),
        },
      },
      async (request) => prequalification.review(contextOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/v1/sections/:id/prequalification/notify",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "notifyPrequalificationResults",
          summary: "发出资格预审结果通知（通过少于3个的重新招标）/ notify the results",
          tags,
          params,
        },
      },
      async (request) => prequalification.notify(contextOf(request), request.params.id),
    );
  };
}
