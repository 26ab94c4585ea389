import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { EventBus, PlatformEvent } from "../../platform/events/event-bus.ts";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { openEventStream, sseFrame } from "../../platform/http/event-stream.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { AuctionApplicationService } from "./auction-applications.ts";
import type { AuctionBiddingService } from "./auction-bidding.ts";
import type { AuctionClosingService } from "./auction-closing.ts";
import { auctionHallTopic } from "./auction-hall.ts";
import { weightedTerms } from "./auction-sealed-routes.ts";
import type { AuctionService } from "./auction-service.ts";

export interface AuctionServices {
  lots: AuctionService;
  applications: AuctionApplicationService;
  bidding: AuctionBiddingService;
  closing: AuctionClosingService;
}

const tags = ["auctions 土地矿业权招拍挂与国有产权网络竞价"];
const params = z.object({ id: z.coerce.number().int().positive() });
const fen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** An event is serialised and encoded once, however many watchers receive it. */
const frames = new WeakMap<PlatformEvent, Buffer>();
function frameOf(event: PlatformEvent): Buffer {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = sseFrame(event.type, event.data, typeof event.data.sequence === "number" ? event.data.sequence : undefined);
    frames.set(event, frame);
  }
  return frame;
}

export function auctionRoutes(auctions: AuctionServices, events: EventBus): FastifyPluginAsyncZod {
  const { lots, applications, bidding, closing } = auctions;
  return async (app) => {
    app.post(
      "/api/v1/auction-lots",
      {
        config: { access: allow("tenderer") },
        schema: {
          operationId: "publishAuctionLot",
          summary: "发布出让公告/挂牌披露（底价即时密封；招标/一次报价/权重报价为密封报价）/ publish a lot for 招拍挂 or 网络竞价",
          tags,
          body: z.strictObject({
            kind: z.enum(["land", "mining", "equity", "asset"]),
            method: z.enum(["listing", "auction", "multi_round", "tender", "sealed", "weighted"]),
            name: z.string().trim().min(1).max(200),
            description: z.string().max(20_000).optional(),
            divisionCode: z.string().regex(/^\d{6}$/),
            approvalLevel: z.enum(["province", "city", "county"]),
            departmentCode: z.string().min(1).max(40),
            opensAt: instant,
            endsAt: instant,
            startingPriceFen: fen,
            /** Required by the ladder methods; a sealed offer has none. */
            incrementFen: fen.optional(),
            depositFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
            reserveFen: fen.optional(),
            appraisalFen: fen.optional(),
            countdownSeconds: z.number().int().min(10).max(3600).default(300),
            /** 权重报价 only: the weights and price formula published with the lot. */
            weights: weightedTerms.optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await lots.createLot(contextOf(request), request.body)),
    );
    app.get(
      "/api/v1/auction-lots",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listAuctionLots",
          summary: "出让公告与竞价标的 / lots",
          tags,
          querystring: z.object({
            phase: z.enum(["open", "live", "closed"]).optional(),
            kind: z.enum(["land", "mining", "equity", "asset"]).optional(),
            sellerUscc: z.string().length(18).optional(),
            platformCode: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
          }),
        },
      },
      async (request) => ({ items: await lots.listLots(request.query) }),
    );
    app.get(
      "/api/v1/auction-lots/:id",
      {
        config: { access: publicAccess },
        schema: { operationId: "getAuctionLot", summary: "标的与当前竞价状态（底价在结束前保密）/ a lot and its state", tags, params },
      },
      async (request) => lots.lot(request.params.id),
    );
    app.get(
      "/api/v1/auction-lots/:id/bids",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listAuctionBids",
          summary: "竞价记录（按竞买号，序号递增）/ the bid ladder after a sequence number",
          tags,
          params,
          querystring: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(5000).default(1000) }),
        },
      },
      async (request) => ({ items: await lots.bids(request.params.id, request.query.after, request.query.limit) }),
    );
    app.get(
      "/api/v1/auction-lots/:id/watch",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "watchAuctionLot",
          summary: "竞价大厅实时事件（SSE，Last-Event-ID 续传）/ live auction hall events (text/event-stream)",
          tags,
          params,
        },
      },
      async (request, reply) => {
        const lotId = request.params.id;
        await lots.lot(lotId); // 404 for an unknown lot, before the stream opens
        const header = request.headers["last-event-id"];
        let lastSent = Number(Array.isArray(header) ? header[0] : header);
        if (!Number.isSafeInteger(lastSent) || lastSent < 0) lastSent = -1;
        let unsubscribe = () => {};
        const stream = openEventStream(request, reply, () => unsubscribe());
        // Subscribe first, then replay what was missed: an event is skipped only if its bid was already sent.
        const pending: PlatformEvent[] = [];
        let replaying = true;
        const send = (event: PlatformEvent) => {
          const sequence = event.data.sequence;
          if (typeof sequence === "number") {
            if (sequence <= lastSent) return;
            lastSent = sequence;
          }
          stream.send(frameOf(event));
        };
        unsubscribe = events.subscribe(auctionHallTopic(lotId), (event) => (replaying ? pending.push(event) : send(event)));
        // Read after subscribing: a bid committed meanwhile is either in this state or among the pending events.
        const hello = await lots.lot(lotId);
        stream.send(sseFrame("hello", hello));
        if (lastSent >= 0) {
          for (;;) {
            const missed = await lots.bids(lotId, lastSent, 1000);
            for (const b of missed) {
              const data = { sequence: b.sequence, bidderNumber: b.bidderNumber, priceFen: b.priceFen, serverTime: b.serverTime };
              send({ topic: "", type: "bid", at: b.serverTime, data });
            }
            if (missed.length < 1000) break;
          }
          // The current end and lowest next price after the replayed bids.
          stream.send(sseFrame("snapshot", await lots.lot(lotId)));
        } else {
          lastSent = hello.lastSequence;
        }
        replaying = false;
        for (const event of pending.splice(0)) send(event);
      },
    );
    app.post(
      "/api/v1/auction-lots/:id/applications",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "applyForAuctionLot", summary: "竞买申请 / apply to bid", tags, params },
      },
      async (request, reply) => {
        const r = await applications.apply(contextOf(request), request.params.id);
        return reply.code(r.created ? 201 : 200).send(r);
      },
    );
    app.get(
      "/api/v1/auction-lots/:id/my-application",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "getMyAuctionApplication", summary: "我的竞买申请与竞买号 / my application and bidder number", tags, params },
      },
      async (request) => applications.myApplication(request.actor, request.params.id),
    );
    app.get(
      "/api/v1/auction-lots/:id/applications",
      {
        config: { access: allow("centre_staff", "supervisor", "inspector") },
        schema: {
          operationId: "listAuctionApplications",
          summary: "竞买申请人（交易中心、监管部门、纪检；出让方不可见）/ the applicants",
          tags,
          params,
        },
      },
      async (request) => applications.applications(request.actor, request.params.id),
    );
    app.post(
      "/api/v1/auction-applications/:id/deposit",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "recordAuctionDeposit",
          summary: "登记竞买保证金到账（须从基本账户转出）/ record the deposit's arrival",
          tags,
          params,
          body: z.strictObject({ amountFen: fen, payerAccountNo: z.string().trim().min(4).max(40) }),
        },
      },
      async (request) => applications.recordDeposit(contextOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/v1/auction-applications/:id/review",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "reviewAuctionApplication",
          summary: "竞买资格审查 / review an applicant",
          tags,
          params,
          body: z.strictObject({ qualified: z.boolean(), note: z.string().trim().min(1).max(2000).optional() }),
        },
      },
      async (request) => applications.review(contextOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/v1/auction-applications/:id/refund",
      {
        config: { access: allow("centre_staff") },
        schema: { operationId: "refundAuctionDeposit", summary: "退还竞买保证金 / refund a deposit", tags, params },
      },
      async (request) => applications.refund(contextOf(request), request.params.id),
    );
    app.post(
      "/api/v1/auction-lots/:id/bids",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "placeAuctionBid",
          summary: "出价（提交成功即已持久化；同一出价编号重试幂等）/ place a bid (acknowledged after commit; idempotent by clientBidId)",
          tags,
          params,
          body: z.strictObject({ priceFen: fen, clientBidId: z.string().trim().min(8).max(64) }),
        },
      },
      async (request) => {
        const r = await bidding.bid(contextOf(request), request.params.id, request.body);
        return {
          accepted: true,
          duplicate: r.duplicate,
          sequence: r.sequence,
          priceFen: request.body.priceFen,
          serverTime: r.serverTime.toISOString(),
          endsAt: r.endsAt.toISOString(),
          minimumNextFen: r.minimumNextFen,
        };
      },
    );
    app.post(
      "/api/v1/auction-lots/:id/live-requests",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "requestLiveAuction", summary: "挂牌截止时申请参加现场竞价 / ask to continue in a live auction", tags, params },
      },
      async (request) => bidding.requestLive(contextOf(request), request.params.id),
    );
    app.post(
      "/api/v1/auction-lots/:id/close",
      {
        config: { access: allow("centre_staff") },
        schema: { operationId: "closeAuctionLot", summary: "到时结束竞价（服务器亦自动执行）/ close a lot whose end has come", tags, params },
      },
      async (request) => closing.close(contextOf(request), request.params.id),
    );
    app.get(
      "/api/v1/auction-lots/:id/result",
      {
        config: { access: publicAccess },
        schema: { operationId: "getAuctionResult", summary: "成交公示（竞得人、成交价、底价、完整竞价记录）/ the result", tags, params },
      },
      async (request) => lots.result(request.params.id),
    );
  };
}
