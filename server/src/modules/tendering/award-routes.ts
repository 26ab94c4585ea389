import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { AwardService } from "./award-service.ts";

const tags = ["tendering 工程建设项目招标投标"];
const params = z.object({ id: z.coerce.number().int().positive() });
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export function awardRoutes(awards: AwardService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/sections/:id/candidate-publicity",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "publishCandidates",
          summary: "中标候选人公示（报告后3日内，不少于3日）/ publish the candidates",
          tags,
          params,
          body: z.strictObject({ publicityStart: instant, publicityEnd: instant }),
        },
      },
      async (request, reply) => reply.code(201).send(await awards.publishCandidates(contextOf(request), request.params.id, request.body)),
    );
    app.post(
      "/api/v1/sections/:id/award",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "awardSection",
          summary: "确定中标人并发出中标通知书 / award and notify",
          tags,
          params,
          body: z.strictObject({ winnerUscc: z.string().max(40) }),
        },
      },
      async (request) => awards.award(contextOf(request), request.params.id, request.body.winnerUscc),
    );
    app.post(
      "/api/v1/sections/:id/contract",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "recordContract",
          summary: "登记合同（30日内，逾期标记）/ record the contract",
          tags,
          params,
          body: z.strictObject({ contractCode: z.string().trim().min(1).max(100), signedAt: instant, amountFen: z.number().int().positive() }),
        },
      },
      async (request) => awards.recordContract(contextOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/v1/sections/:id/winner-report",
      {
        config: { access: allow("tenderer", "agency") },
        schema: { operationId: "fileWinnerReport", summary: "向监管部门提交书面报告（15日内）/ file the written report", tags, params },
      },
      async (request) => awards.fileReport(contextOf(request), request.params.id),
    );
    app.post(
      "/api/v1/sections/:id/performance",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "recordPerformance",
          summary: "登记履约信息（进入中标人信用记录）/ record how the contract was performed",
          tags,
          params,
          body: z.strictObject({
            quality: z.enum(["met", "not_met"]),
            safety: z.enum(["met", "not_met"]),
            environment: z.enum(["met", "not_met"]),
            settlementAmountFen: z.number().int().nonnegative(),
            constructionDays: z.number().int().nonnegative().max(100_000),
            finishedAt: instant,
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await awards.recordPerformance(contextOf(request), request.params.id, request.body)),
    );
    app.get(
      "/api/v1/sections/:id/result",
      {
        config: { access: publicAccess },
        schema: { operationId: "getSectionResult", summary: "中标候选人公示与中标结果（公开）/ candidates and result", tags, params },
      },
      async (request) => awards.result(request.params.id),
    );
  };
}
