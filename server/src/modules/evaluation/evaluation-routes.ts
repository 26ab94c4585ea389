import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { EvaluationService } from "./evaluation-service.ts";

const tags = ["evaluation 评标"];
const params = z.object({ id: z.coerce.number().int().positive() });

export function evaluationRoutes(evaluation: EvaluationService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/v1/sections/:id/evaluation",
      {
        config: { access: allow("expert") },
        schema: { operationId: "getEvaluationWorkspace", summary: "评标工作台（仅本标段评委）/ the evaluation workspace", tags, params },
      },
      async (request) => evaluation.workspace(request.actor, request.params.id),
    );
    app.post(
      "/api/v1/sections/:id/evaluation/reviews",
      {
        config: { access: allow("expert") },
        schema: {
          operationId: "submitEvaluationReviews",
          summary: "资格与符合性评审（否决须说明理由）/ review bids, with a reason for every rejection",
          tags,
          params,
          body: z.strictObject({
            reviews: z
              .array(
                z.strictObject({
                  bidId: z.number().int().positive(),
                  qualified: z.boolean(),
                  rejectReason: z.string().trim().max(1000).optional(),
                  technical: z.number().int().min(0).max(100_000).optional().describe("技术分（百分之一分）"),
                  commercial: z.number().int().min(0).max(100_000).optional().describe("商务分（百分之一分）"),
                }),
              )
              .min(1)
              .max(500),
          }),
        },
      },
      async (request) => evaluation.submitReviews(contextOf(request), request.params.id, request.body.reviews),
    );
    app.post(
      "/api/v1/sections/:id/evaluation/report",
      {
        config: { access: allow("expert") },
        schema: { operationId: "draftEvaluationReport", summary: "生成评标报告与中标候选人 / draft the report and the candidates", tags, params },
      },
      async (request, reply) => reply.code(201).send(await evaluation.draftReport(contextOf(request), request.params.id)),
    );
    app.post(
      "/api/v1/sections/:id/evaluation/report/signatures",
      {
        config: { access: allow("expert") },
        schema: {
          operationId: "signEvaluationReport",
          summary: "评委以 SM2 证书签署评标报告 / sign the report",
          tags,
          params,
          body: z.strictObject({ signature: z.string().min(1).max(512) }),
        },
      },
      async (request) => evaluation.signReport(contextOf(request), request.params.id, request.body.signature),
    );
    app.get(
      "/api/v1/sections/:id/evaluation/report",
      {
        config: { access: allow("expert", "tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: { operationId: "getEvaluationReport", summary: "评标报告（签署完成后）/ the evaluation report", tags, params },
      },
      async (request) => evaluation.report(request.actor, request.params.id),
    );
  };
}
