import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { restrictedActionsBody } from "./credit-body.ts";
import type { CreditService } from "./credit-service.ts";

const tags = ["credit 信用"];
const id = z.coerce.number().int().positive();
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export function creditRoutes(credit: CreditService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/credit/records",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "recordCredit",
          summary: "记录信用信息或失信惩戒（仅行业监管部门）/ record a credit entry or a sanction",
          tags,
          body: z.strictObject({
            subjectUscc: z.string().max(40),
            kind: z.enum(["violation", "blacklist", "reward", "performance"]),
            reason: z.string().trim().min(1).max(2000),
            documentNo: z.string().trim().min(1).max(100),
            restrictedActions: restrictedActionsBody.optional(),
            startsAt: instant.optional(),
            endsAt: instant.optional(),
            public: z.boolean().optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await credit.record(contextOf(request), request.body)),
    );
    app.post(
      "/api/v1/credit/records/:id/revocation",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "revokeCredit",
          summary: "撤销信用惩戒 / revoke a record",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
        },
      },
      async (request) => credit.revoke(contextOf(request), request.params.id, request.body.reason),
    );
    app.get(
      "/api/v1/subjects/:id/credit",
      {
        config: { access: publicAccess },
        schema: { operationId: "getSubjectCredit", summary: "主体信用评级与可公开的信用记录 / rating and records", tags, params: z.object({ id }) },
      },
      async (request) => credit.profile(request.actor, request.params.id),
    );
  };
}
