import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { decisionCreditBody } from "../credit/credit-body.ts";
import type { ComplaintsService } from "./complaints-service.ts";

const tags = ["supervision 电子监督"];
const id = z.coerce.number().int().positive();
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export function complaintsRoutes(complaints: ComplaintsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/sections/:id/complaints",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "fileComplaint",
          summary: "投诉（先异议、答复后10日内）/ file a complaint with the supervising department",
          tags,
          params: z.object({ id }),
          body: z.strictObject({
            matter: z.enum(["document", "opening", "candidates", "other"]),
            objectionId: id.optional(),
            challengeId: id.optional(),
            knownAt: instant.optional(),
            respondentUscc: z.string().trim().max(40).optional(),
            content: z.string().trim().min(1).max(20_000),
            basis: z.string().trim().min(1).max(20_000),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await complaints.file(contextOf(request), request.params.id, request.body)),
    );
    app.get(
      "/api/v1/supervision/complaints",
      {
        config: { access: allow("supervisor", "inspector", "bidder") },
        schema: {
          operationId: "listComplaints",
          summary: "投诉（本部门 / 全部 / 本人）/ complaints in the caller's scope",
          tags,
          querystring: z.strictObject({ sectionId: id.optional() }),
        },
      },
      async (request) => complaints.list(request.actor, request.query),
    );
    app.post(
      "/api/v1/complaints/:id/acceptance",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "decideComplaintAcceptance",
          summary: "决定是否受理（3个工作日内）/ accept or refuse the complaint",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ accept: z.boolean(), note: z.string().trim().max(4000).optional() }),
        },
      },
      async (request) => complaints.decideAcceptance(contextOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/v1/complaints/:id/decision",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "decideComplaint",
          summary: "处理决定（30个工作日内；可纠正、可记录信用）/ decide the complaint",
          tags,
          params: z.object({ id }),
          body: z.strictObject({
            decision: z.enum(["upheld", "dismissed"]),
            text: z.string().trim().min(1).max(20_000),
            reversal: z.enum(["cancel_award"]).optional(),
            credit: decisionCreditBody.optional(),
          }),
        },
      },
      async (request) => complaints.decide(contextOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/v1/sections/:id/challenges",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "raiseChallenge",
          summary: "质疑（政府采购，知道之日起7个工作日内）/ challenge the purchaser (government procurement)",
          tags,
          params: z.object({ id }),
          body: z.strictObject({
            matter: z.enum(["document", "opening", "candidates"]),
            knownAt: instant,
            content: z.string().trim().min(1).max(20_000),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await complaints.raiseChallenge(contextOf(request), request.params.id, request.body)),
    );
    app.get(
      "/api/v1/sections/:id/challenges",
      {
        config: { access: allow("bidder", "tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: { operationId: "listChallenges", summary: "质疑及答复 / challenges and replies", tags, params: z.object({ id }) },
      },
      async (request) => ({ items: await complaints.challenges(request.actor, request.params.id) }),
    );
    app.post(
      "/api/v1/challenges/:id/reply",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "replyChallenge",
          summary: "答复质疑（7个工作日内）/ answer a challenge",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ reply: z.string().trim().min(1).max(20_000) }),
        },
      },
      async (request) => complaints.replyChallenge(contextOf(request), request.params.id, request.body.reply),
    );
    app.get(
      "/api/v1/complaints",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listPublishedComplaints",
          summary: "投诉处理结果公开（数据规范 404）/ published complaint decisions (set 404)",
          tags,
          querystring: z.strictObject({ sectionId: id.optional() }),
        },
      },
      async (request) => complaints.published(request.query),
    );
  };
}
