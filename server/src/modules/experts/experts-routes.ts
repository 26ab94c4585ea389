import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { ExpertsService } from "./experts-service.ts";

const tags = ["experts 评标专家"];
const id = z.coerce.number().int().positive();
const uscc = z.string().regex(/^[0-9A-Z]{18}$/);

export function expertsRoutes(experts: ExpertsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/experts",
      {
        config: { access: allow("expert_admin") },
        schema: {
          operationId: "addExpert",
          summary: "专家入库（仅专家库维护）/ add an expert to the database",
          tags,
          body: z.strictObject({
            idCard: z.string().max(32),
            name: z.string().trim().min(1).max(50),
            specialty: z.string().max(16),
            kind: z.enum(["technical", "economic"]),
            regionCode: z.string().regex(/^\d{6}$/),
            title: z.string().trim().min(1).max(50),
            employerUscc: uscc.optional(),
            employerName: z.string().max(200).optional(),
            departmentCode: z.string().max(32).optional(),
            avoidUsccs: z.array(uscc).max(100).optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await experts.createExpert(contextOf(request), request.body)),
    );

    app.get(
      "/api/v1/experts",
      { config: { access: allow("expert_admin", "inspector") }, schema: { operationId: "listExperts", summary: "专家库 / the expert database", tags } },
      async () => ({ items: await experts.listExperts() }),
    );

    app.patch(
      "/api/v1/experts/:id",
      {
        config: { access: allow("expert_admin") },
        schema: {
          operationId: "updateExpert",
          summary: "专家状态、处罚期、回避企业 / availability, punishment, declared conflicts",
          tags,
          params: z.object({ id }),
          body: z.strictObject({
            available: z.boolean().optional(),
            punishedUntil: z.iso.date().nullable().optional(),
            avoidUsccs: z.array(uscc).max(100).optional(),
          }),
        },
      },
      async (request) => experts.updateExpert(contextOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/v1/sections/:id/expert-draws",
      {
        config: { access: allow("expert_extractor") },
        schema: {
          operationId: "commitExpertDraw",
          summary: "发起专家抽取：快照专家库并承诺随机种子（公布 SM3）/ commit to a seed before the draw",
          tags,
          params: z.object({ id }),
          body: z.strictObject({
            size: z.number().int().min(1).max(99),
            tendererRepresentatives: z.number().int().min(0).max(10).optional(),
            specialties: z.array(z.string().max(16)).min(1).max(20),
            remoteRegions: z
              .array(z.string().regex(/^\d{6}$/))
              .max(50)
              .optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await experts.commitDraw(contextOf(request), request.params.id, request.body)),
    );

    app.post(
      "/api/v1/expert-draws/:id/run",
      {
        config: { access: allow("expert_extractor") },
        schema: { operationId: "runExpertDraw", summary: "按已承诺的种子抽取 / run the committed draw", tags, params: z.object({ id }) },
      },
      async (request) => experts.runDraw(contextOf(request), request.params.id),
    );

    app.post(
      "/api/v1/expert-draws/:id/declines",
      {
        config: { access: allow("expert_extractor") },
        schema: {
          operationId: "declineDrawnExpert",
          summary: "专家拒绝参加，按同一随机流补抽 / a member declined: draw a replacement",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ expertId: id }),
        },
      },
      async (request) => experts.declineMember(contextOf(request), request.params.id, request.body.expertId),
    );

    app.get(
      "/api/v1/expert-draws/:id",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "getExpertDraw",
          summary: "抽取承诺与（揭示后）可复算的全部输入 / commitment, and after the result everything to re-run it",
          tags,
          params: z.object({ id }),
        },
      },
      async (request) => experts.publicDraw(request.params.id, request.actor),
    );
  };
}
