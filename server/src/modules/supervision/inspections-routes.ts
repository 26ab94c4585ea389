import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { decisionCreditBody } from "../credit/credit-body.ts";
import type { InspectionsService } from "./inspections-service.ts";

const tags = ["supervision 电子监督"];
const id = z.coerce.number().int().positive();
const _instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export function inspectionsRoutes(inspections: InspectionsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/supervision/inspection-plans",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "createInspectionPlan",
          summary: "制定双随机抽查计划（代理机构不少于25%）/ create a random inspection plan",
          tags,
          body: z.strictObject({
            year: z.number().int().min(2000).max(2999),
            name: z.string().trim().min(1).max(200),
            projectCount: z.number().int().min(0).max(10_000),
            agencyCount: z.number().int().min(0).max(10_000),
            inspectorsPerTarget: z.number().int().min(1).max(20).default(2),
            inspectorUsernames: z.array(z.string().trim().min(1).max(64)).min(1).max(500).optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await inspections.create(contextOf(request), request.body)),
    );
    app.get(
      "/api/v1/supervision/inspection-plans",
      {
        config: { access: allow("supervisor", "inspector") },
        schema: { operationId: "listInspectionPlans", summary: "抽查计划（本部门、本人参与 / 全部）/ inspection plans in the caller's scope", tags },
      },
      async (request) => inspections.list(request.actor),
    );
    app.get(
      "/api/v1/supervision/inspection-plans/:id",
      {
        config: { access: allow("supervisor", "inspector") },
        schema: { operationId: "getInspectionPlan", summary: "抽查计划详情 / an inspection plan", tags, params: z.object({ id }) },
      },
      async (request) => inspections.view(request.actor, request.params.id),
    );
    app.post(
      "/api/v1/supervision/inspection-plans/:id/commit",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "commitInspectionPlan",
          summary: "固定抽查名录与回避关系，公布种子承诺（SHA-256）/ snapshot the population and commit to the seed",
          tags,
          params: z.object({ id }),
        },
      },
      async (request) => inspections.commit(contextOf(request), request.params.id),
    );
    app.post(
      "/api/v1/supervision/inspection-plans/:id/draw",
      {
        config: { access: allow("supervisor") },
        schema: { operationId: "drawInspectionPlan", summary: "随机抽取检查对象和检查人员 / draw targets and inspectors", tags, params: z.object({ id }) },
      },
      async (request) => inspections.draw(contextOf(request), request.params.id),
    );
    app.post(
      "/api/v1/supervision/inspection-targets/:id/finding",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "recordInspectionFinding",
          summary: "记录检查结果（合格 / 发现问题 / 责令整改；可记录信用）/ record the finding of a target",
          tags,
          params: z.object({ id }),
          body: z.strictObject({
            outcome: z.enum(["pass", "problem", "rectify"]),
            finding: z.string().trim().min(1).max(20_000),
            rectifyBy: z.iso.date().optional(),
            credit: decisionCreditBody.optional(),
          }),
        },
      },
      async (request) => inspections.recordFinding(contextOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/v1/supervision/inspection-plans/:id/publish",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "publishInspectionPlan",
          summary: "公开抽查结果并揭示种子 / publish the results and reveal the seed",
          tags,
          params: z.object({ id }),
        },
      },
      async (request) => inspections.publish(contextOf(request), request.params.id),
    );
    app.get(
      "/api/v1/inspection-plans/:id/draw",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "verifyInspectionDraw",
          summary: "抽查抽取公开验证：承诺、输入摘要；公开后含种子、输入、结果及复算 / public verification record of a draw",
          tags,
          params: z.object({ id }),
        },
      },
      async (request) => inspections.publicDraw(request.params.id),
    );
    app.get(
      "/api/v1/inspection-results",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listInspectionResults",
          summary: "双随机抽查结果公开 / published random inspection results",
          tags,
          querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2999).optional() }),
        },
      },
      async (request) => inspections.published(request.query),
    );
  };
}
