import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { ExemptionService } from "./exemption-service.ts";

const tags = ["tendering 工程建设项目招标投标"];
const params = z.object({ id: z.coerce.number().int().positive() });
const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export function exemptionRoutes(exemptions: ExemptionService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/exemption-requests",
      {
        config: { access: allow("tenderer") },
        schema: {
          operationId: "requestExemption",
          summary: "依法必须招标项目申请不招标（一事一审一批）/ ask for an exemption from compulsory tendering",
          tags,
          body: z.strictObject({
            projectName: z.string().trim().min(1).max(200),
            kind: z.enum(["works", "goods", "services"]),
            estimateFen: fen.min(1),
            funding: z.strictObject({
              totalInvestmentFen: fen,
              budgetFundsFen: fen,
              stateOwnedControlling: z.boolean(),
              foreignLoanOrAid: z.boolean(),
              publicInfrastructure: z.boolean(),
            }),
            departmentCode: z.string().max(32),
            approvalLevel: z.enum(["province", "city", "county"]),
            approvalDivisionCode: z.string().regex(/^\d{6}$/),
            reason: z.enum([
              "NATIONAL_SECURITY_OR_SECRET",
              "EMERGENCY_RELIEF",
              "WORK_FOR_RELIEF",
              "IRREPLACEABLE_PATENT",
              "SELF_SUPPLY",
              "ORIGINAL_CONTRACTOR",
              "OTHER_STATE_RULE",
            ]),
            explanation: z.string().trim().min(1).max(5000),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await exemptions.request(contextOf(request), request.body)),
    );
    app.post(
      "/api/v1/exemption-requests/:id/decision",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "decideExemption",
          summary: "监管部门审批不招标申请 / decide an exemption request",
          tags,
          params,
          body: z.strictObject({ decision: z.enum(["approved", "rejected"]), note: z.string().trim().min(1).max(2000) }),
        },
      },
      async (request) => exemptions.decide(contextOf(request), request.params.id, request.body.decision, request.body.note),
    );
    app.post(
      "/api/v1/exemption-requests/:id/off-platform-report",
      {
        config: { access: allow("tenderer") },
        schema: {
          operationId: "reportOffPlatformDeal",
          summary: "场外交易20日内报告（逾期标记）/ report the off-platform deal within 20 days",
          tags,
          params,
          body: z.strictObject({
            contractSignedAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
            amountFen: fen.min(1),
            counterpartyUscc: z.string().regex(/^[0-9A-Z]{18}$/),
          }),
        },
      },
      async (request) => exemptions.report(contextOf(request), request.params.id, request.body),
    );
    app.get(
      "/api/v1/exemption-requests",
      {
        config: { access: allow("tenderer", "supervisor", "inspector") },
        schema: { operationId: "listExemptions", summary: "不招标申请 / exemption requests", tags },
      },
      async (request) => ({ items: await exemptions.list(request.actor) }),
    );
  };
}
