import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { DealConfirmationService } from "./deal-confirmation.ts";

const tags = ["auctions 成交确认书"];
const params = z.object({ id: z.coerce.number().int().positive() });
/** Who may read a 成交确认书 (the service narrows it to the parties, the centre of the platform and the supervising department). */
const readers = allow("bidder", "tenderer", "centre_staff", "supervisor", "inspector");

export function dealConfirmationRoutes(confirmations: DealConfirmationService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/auction-lots/:id/deal-approval",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "recordAuctionDealApproval",
          summary: "记录转让行为批准单位的书面同意（成交价低于评估值90%）/ record the approving body's consent",
          tags,
          params,
          body: z.strictObject({
            approvingBody: z.string().trim().min(2).max(200),
            documentNo: z.string().trim().min(2).max(100),
            approvedOn: z.iso.date(),
            note: z.string().trim().max(2000).optional(),
          }),
        },
      },
      async (request, reply) => {
        const r = await confirmations.recordApproval(contextOf(request), request.params.id, request.body);
        return reply.code(r.created ? 201 : 200).send(r);
      },
    );
    app.post(
      "/api/v1/auction-lots/:id/deal-confirmation",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "issueDealConfirmation",
          summary: "出具成交确认书（平台 SM2 签名；仅一次，重复请求返回首份）/ issue the signed deal confirmation",
          tags,
          params,
        },
      },
      async (request, reply) => {
        const r = await confirmations.issue(contextOf(request), request.params.id);
        return reply.code(r.created ? 201 : 200).send(r);
      },
    );
    app.get(
      "/api/v1/auction-lots/:id/deal-confirmation",
      {
        config: { access: readers },
        schema: {
          operationId: "getDealConfirmation",
          summary: "成交确认书（竞得人、出让方、交易中心、监管部门、纪检审计）/ the deal confirmation",
          tags,
          params,
        },
      },
      async (request) => confirmations.get(request.actor, request.params.id),
    );
    app.get(
      "/api/v1/auction-lots/:id/deal-confirmation.html",
      {
        config: { access: readers },
        schema: { operationId: "printDealConfirmation", summary: "成交确认书打印版（HTML）/ printable rendering", tags, params },
      },
      async (request, reply) =>
        reply
          .type("text/html; charset=utf-8")
          .header("cache-control", "no-store")
          .send(await confirmations.html(request.actor, request.params.id)),
    );
    app.post(
      "/api/v1/auction-lots/:id/deal-confirmation/acknowledge",
      {
        config: { access: allow("bidder", "tenderer") },
        schema: { operationId: "acknowledgeDealConfirmation", summary: "签收成交确认书（竞得人/出让方）/ acknowledge receipt", tags, params },
      },
      async (request) => confirmations.acknowledge(contextOf(request), request.params.id),
    );
    app.get(
      "/api/v1/auction-lots/:id/deal-confirmation/status",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "getDealConfirmationStatus",
          summary: "成交确认书出具与验签状态（公开，不含正文）/ whether it was issued and its signature verifies",
          tags,
          params,
        },
      },
      async (request) => confirmations.status(request.params.id),
    );
    app.post(
      "/api/v1/deal-confirmations/verify",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "verifyDealConfirmation",
          summary: "公开核验：提交成交确认书（或其 SHA-256）判断是否为平台签发 / did the platform sign this document?",
          tags,
          body: z
            .strictObject({
              document: z.union([z.record(z.string(), z.unknown()), z.string().max(100_000)]).optional(),
              sha256: z
                .string()
                .regex(/^[0-9a-fA-F]{64}$/)
                .optional(),
              signature: z.string().max(400).optional(),
            })
            .refine((b) => b.document !== undefined || b.sha256 !== undefined, { message: "document or sha256 is required" }),
        },
      },
      async (request) => confirmations.verify(request.body),
    );
  };
}
