import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { ObjectionService } from "./objection-service.ts";

const tags = ["tendering 工程建设项目招标投标"];
const params = z.object({ id: z.coerce.number().int().positive() });

export function objectionRoutes(objections: ObjectionService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/sections/:id/clarifications",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "publishClarification",
          summary: "澄清或修改招标文件（距截止不足15日的顺延截止时间）/ clarify or change the documents",
          tags,
          params,
          body: z.strictObject({
            content: z.string().trim().min(1).max(20_000),
            affectsPreparation: z.boolean(),
            newDeadline: z.iso
              .datetime({ offset: true })
              .transform((s) => new Date(s))
              .optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await objections.clarify(contextOf(request), request.params.id, request.body)),
    );
    app.post(
      "/api/v1/sections/:id/objections",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "raiseObjection",
          summary: "提出异议（招标文件、开标现场、中标候选人）/ raise an objection",
          tags,
          params,
          body: z.strictObject({ kind: z.enum(["document", "opening", "candidates"]), content: z.string().trim().min(1).max(20_000) }),
        },
      },
      async (request, reply) => reply.code(201).send(await objections.raise(contextOf(request), request.params.id, request.body)),
    );
    app.get(
      "/api/v1/sections/:id/objections",
      {
        config: { access: allow("bidder", "tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: { operationId: "listObjections", summary: "异议及答复 / objections and answers", tags, params },
      },
      async (request) => ({ items: await objections.list(request.actor, request.params.id) }),
    );
    app.post(
      "/api/v1/objections/:id/reply",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "replyToObjection",
          summary: "答复异议（3日内；文件异议暂停期间顺延截止）/ answer an objection",
          tags,
          params,
          body: z.strictObject({ reply: z.string().trim().min(1).max(20_000) }),
        },
      },
      async (request) => objections.reply(contextOf(request), request.params.id, request.body.reply),
    );
  };
}
