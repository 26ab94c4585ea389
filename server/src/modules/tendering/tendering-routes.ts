import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { EventBus } from "../../platform/events/event-bus.ts";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { base64String, hexString } from "../../platform/http/encodings.ts";
import { openEventStream, sseFrame } from "../../platform/http/event-stream.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { openingHallTopic } from "./opening-hall.ts";
import type { TenderingService } from "./tendering-service.ts";

const tags = ["tendering 工程建设项目招标投标"];
const id = z.coerce.number().int().positive();
const fen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const sectionParams = z.object({ id });
const basisPoints = z.number().int().min(0).max(100_000);
const hundredths = z.number().int().min(0).max(100_000);
/** The evaluation method fixed in the tender documents (经评审的最低投标价法 or 综合评估法). */
const evaluationMethod = z.discriminatedUnion("method", [
  z.strictObject({ method: z.literal("lowest_price") }),
  z.strictObject({
    method: z.literal("comprehensive"),
    weights: z.strictObject({ technical: basisPoints, commercial: basisPoints, price: basisPoints }),
    basePrice: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("lowest") }),
      z.strictObject({ kind: z.literal("average"), trim: z.strictObject({ minBids: z.number().int().min(3).max(100) }).optional() }),
      z.strictObject({
        kind: z.literal("averageTimesK"),
        coefficientsBp: z.array(z.number().int().min(1).max(20_000)).min(1).max(20),
        trim: z.strictObject({ minBids: z.number().int().min(3).max(100) }).optional(),
      }),
    ]),
    priceRule: z.strictObject({ fullMarks: hundredths, pointsPerPercentAbove: hundredths, pointsPerPercentBelow: hundredths }),
    maxScores: z.strictObject({ technical: hundredths, commercial: hundredths }),
  }),
]);

export function tenderingRoutes(tendering: TenderingService, events: EventBus): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/tender-projects",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "registerTenderProject",
          summary: "招标项目登记（按审批层级进入对应平台）/ register a tender project on its platform",
          tags,
          body: z.strictObject({
            name: z.string().trim().min(1).max(200),
            kind: z.enum(["works", "goods", "services"]),
            tendererUscc: z.string().max(40).optional(),
            departmentCode: z.string().max(32),
            approvalLevel: z.enum(["province", "city", "county"]),
            approvalDivisionCode: z.string().regex(/^\d{6}$/),
            approvalNumber: z.string().max(100).optional(),
            estimateFen: fen,
            funding: z.strictObject({
              totalInvestmentFen: z.number().int().nonnegative(),
              budgetFundsFen: z.number().int().nonnegative(),
              stateOwnedControlling: z.boolean(),
              foreignLoanOrAid: z.boolean(),
              publicInfrastructure: z.boolean(),
            }),
            method: z.enum(["open", "invited"]),
            sections: z
              .array(
                z.strictObject({
                  name: z.string().trim().min(1).max(200),
                  classifyCode: z.string().length(7),
                  estimateFen: fen,
                  bondFen: z.number().int().nonnegative(),
                }),
              )
              .min(1)
              .max(99),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await tendering.createProject(contextOf(request), request.body)),
    );

    app.get(
      "/api/v1/tender-projects/:id",
      {
        config: { access: allow("tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: { operationId: "getTenderProject", summary: "招标项目详情 / a tender project", tags, params: z.object({ id }) },
      },
      async (request) => tendering.project(request.actor, request.params.id),
    );

    app.get(
      "/api/v1/tender-projects",
      {
        config: { access: allow("tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: { operationId: "listTenderProjects", summary: "我的（或本平台、本部门）招标项目 / projects I may see", tags },
      },
      async (request) => ({ items: await tendering.projects(request.actor) }),
    );

    app.get(
      "/api/v1/sections/:id",
      {
        config: { access: publicAccess },
        schema: { operationId: "getSection", summary: "标段（公开信息与进度）/ a section, its schedule and status", tags, params: sectionParams },
      },
      async (request) => tendering.section(request.params.id),
    );

    app.get(
      "/api/v1/sections/:id/my-bid",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "getMyBid",
          summary: "本单位在该标段的报名、证书与投标文件 / my registration, certificate and sealed bid",
          tags,
          params: sectionParams,
        },
      },
      async (request) => tendering.myBid(request.actor, request.params.id),
    );

    app.get(
      "/api/v1/tender-notices",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listTenderNotices",
          summary: "招标公告（公开）/ published tender notices",
          tags,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        },
      },
      async (request) => ({ items: await tendering.notices(request.query.limit) }),
    );

    app.post(
      "/api/v1/sections/:id/notice",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "publishTenderNotice",
          summary: "发布招标公告（发售期≥5日，发出至截止≥20日）/ publish the notice under the statutory limits",
          tags,
          params: sectionParams,
          body: z.strictObject({
            docSaleStart: instant,
            docSaleEnd: instant,
            bidDeadline: instant,
            evaluation: evaluationMethod.optional(),
            invitees: z.array(z.string().max(40)).max(100).optional(),
          }),
        },
      },
      async (request) => tendering.publishNotice(contextOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/v1/sections/:id/registrations",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "registerForSection", summary: "投标报名（名单开标前保密）/ register to bid", tags, params: sectionParams },
      },
      async (request, reply) => reply.code(201).send(await tendering.register(contextOf(request), request.params.id)),
    );

    app.get(
      "/api/v1/sections/:id/bidders",
      {
        config: { access: allow("centre_staff", "supervisor", "inspector") },
        schema: {
          operationId: "listSectionBidders",
          summary: "报名与投标名单（仅交易中心、监管、纪检可见）/ registrations and bids",
          tags,
          params: sectionParams,
        },
      },
      async (request) => tendering.bidderList(request.actor, request.params.id),
    );

    app.get(
      "/api/v1/sections/:id/sealing-keys",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "getSealingKeys", summary: "密封投标文件所用公钥 / the keys a bid is sealed to", tags, params: sectionParams },
      },
      async (request) => tendering.sealingKeys(request.actor, request.params.id),
    );

    app.put(
      "/api/v1/sections/:id/bid",
      {
        bodyLimit: 64 * 1024 * 1024,
        config: { access: allow("bidder") },
        schema: {
          operationId: "submitSealedBid",
          summary: "递交（或替换）密封的投标文件，截止前有效 / submit or replace a sealed bid before the deadline",
          tags,
          params: sectionParams,
          body: z.strictObject({
            suite: z.string().max(32),
            iv: base64String(64),
            ciphertext: base64String(64 * 1024 * 1024),
            tag: base64String(128),
            shares: z.strictObject({ bidder: hexString(200, 1000), centre: hexString(200, 1000), supervisor: hexString(200, 1000) }),
            sm3: hexString(64, 64),
            sha256: hexString(64, 64),
            md5: hexString(32, 32),
            size: z.number().int().nonnegative(),
            fingerprint: z.strictObject({
              ip: z.string().max(64).optional(),
              mac: z.string().min(1).max(64),
              cpuId: z.string().min(1).max(128),
              diskSerial: z.string().min(1).max(128),
              fileMd5: hexString(32, 32),
            }),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await tendering.submitBid(contextOf(request), request.params.id, request.body)),
    );

    app.delete(
      "/api/v1/sections/:id/bid",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "withdrawBid", summary: "截止前撤回投标文件 / withdraw a bid before the deadline", tags, params: sectionParams },
      },
      async (request) => tendering.withdrawBid(contextOf(request), request.params.id),
    );

    app.post(
      "/api/v1/sections/:id/opening",
      {
        config: { access: allow("centre_staff") },
        schema: { operationId: "startBidOpening", summary: "开标（不足3家不予开标）/ start the opening at the deadline", tags, params: sectionParams },
      },
      async (request) => tendering.startOpening(contextOf(request), request.params.id),
    );

    app.post(
      "/api/v1/sections/:id/bid/decryption",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "decryptMyBid",
          summary: "投标人在线解密 / decrypt my bid online",
          tags,
          params: sectionParams,
          body: z.strictObject({ share: z.strictObject({ x: z.number().int().min(1).max(255), y: hexString(64, 64) }) }),
        },
      },
      async (request) => tendering.decryptBid(contextOf(request), request.params.id, request.body.share),
    );

    app.post(
      "/api/v1/sections/:id/bids/:bidId/recovery",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "recoverBid",
          summary: "非投标人原因解密失败时，监管部门监督恢复解密 / supervised recovery of a bid the platform failed to open",
          tags,
          params: z.object({ id, bidId: id }),
        },
      },
      async (request) => tendering.recoverBid(contextOf(request), request.params.id, request.params.bidId),
    );

    app.post(
      "/api/v1/sections/:id/opening/close",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "closeBidOpening",
          summary: "结束解密并公布唱标记录 / close decryption and publish the opening record",
          tags,
          params: sectionParams,
        },
      },
      async (request) => tendering.closeOpening(contextOf(request), request.params.id),
    );

    app.get(
      "/api/v1/sections/:id/opening-hall",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "watchOpeningHall",
          summary: "开标大厅实时事件（SSE）/ live opening hall events (text/event-stream)",
          tags,
          params: sectionParams,
        },
      },
      async (request, reply) => {
        let unsubscribe = () => {};
        const stream = openEventStream(request, reply, () => unsubscribe());
        stream.send(sseFrame("hello", { sectionId: request.params.id, serverTime: new Date().toISOString() }));
        unsubscribe = events.subscribe(openingHallTopic(request.params.id), (event) => stream.send(sseFrame(event.type, event)));
      },
    );

    app.get(
      "/api/v1/sections/:id/opening-record",
      {
        config: { access: publicAccess },
        schema: { operationId: "getBidOpeningRecord", summary: "开标记录（唱标，数据集506）/ the opening record", tags, params: sectionParams },
      },
      async (request) => tendering.openingRecord(request.params.id),
    );
  };
}
