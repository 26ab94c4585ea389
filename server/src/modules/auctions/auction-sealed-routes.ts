import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { base64String, hexString } from "../../platform/http/encodings.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { type AuctionSealedOffersService, MAX_OFFER_PLAINTEXT_BYTES } from "./auction-sealed-offers.ts";

const tags = ["auctions 土地矿业权招拍挂与国有产权网络竞价"];
const params = z.object({ id: z.coerce.number().int().positive() });

/** A sealed offer: the JSON shape of a sealed tender bid (bid-seal.ts; base64 and hex), of a small plaintext. */
const sealedOfferEnvelope = z.strictObject({
  suite: z.string().max(32),
  iv: base64String(64),
  ciphertext: base64String(Math.ceil(MAX_OFFER_PLAINTEXT_BYTES / 3) * 4),
  tag: base64String(128),
  shares: z.strictObject({ bidder: hexString(200, 1000), centre: hexString(200, 1000), supervisor: hexString(200, 1000) }),
  sm3: hexString(64, 64),
  sha256: hexString(64, 64),
  md5: hexString(32, 32),
  size: z.number().int().min(1).max(MAX_OFFER_PLAINTEXT_BYTES),
});
const basisPoints = z.number().int().min(0).max(10_000);
const score = z.number().int().min(0).max(1_000_000);

/** 权重报价 terms as published (the service checks that the weights add up to 10000 bp). */
export const weightedTerms = z.strictObject({
  priceWeightBp: basisPoints,
  factors: z.array(z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), name: z.string().trim().min(1).max(100), weightBp: basisPoints })).max(20),
  fullScore: z.number().int().min(1).max(1_000_000).default(10_000),
  priceFormula: z.enum(["ratioToHighest", "linearAboveFloor"]),
});

/**
 * The sealed auction modes (a lot is published by the ordinary route): the sealed offers, their count before the
 * opening and their list after it, and the 权重报价 factor scores. Everything else (applications, deposits, 竞买号,
 * the close, the result) is the ordinary auction routes'.
 */
export function auctionSealedRoutes(sealed: AuctionSealedOffersService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/v1/auction-lots/:id/sealed-offer-keys",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "getSealedOfferKeys",
          summary: "密封报价的加密参数（与标的及竞买号绑定的上下文、交易中心与监管部门的 SM2 公钥）/ sealing parameters",
          tags,
          params,
        },
      },
      async (request) => sealed.sealingParameters(contextOf(request), request.params.id),
    );
    app.post(
      "/api/v1/auction-lots/:id/sealed-offers",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "submitSealedOffer",
          summary: "提交在本地加密的密封报价（每个竞买号一次，不得撤回或更改；开启前任何人不可读）/ submit the one sealed offer",
          tags,
          params,
          body: sealedOfferEnvelope,
        },
      },
      async (request, reply) => reply.code(201).send(await sealed.submit(contextOf(request), request.params.id, request.body)),
    );
    app.get(
      "/api/v1/auction-lots/:id/sealed-offers",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listSealedOffers",
          summary: "密封报价：开启前仅公布数量，开启后按竞买号公布全部报价及排名 / offer count, then every opened offer",
          tags,
          params,
        },
      },
      async (request) => sealed.offers(request.params.id),
    );
    app.get(
      "/api/v1/auction-lots/:id/my-sealed-offer",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "getMySealedOffer", summary: "我的密封报价（回执）/ my sealed offer and its receipt", tags, params },
      },
      async (request) => sealed.myOffer(request.actor, request.params.id),
    );
    app.post(
      "/api/v1/auction-lots/:id/weighted-scores",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "scoreWeightedOffers",
          summary: "权重报价：开启后录入全部竞买人的非价格因素得分并确定竞得人 / enter the factor scores and close",
          tags,
          params,
          body: z.strictObject({
            scores: z
              .array(z.strictObject({ bidderNumber: z.string().min(1).max(20), factorScores: z.record(z.string().max(40), score) }))
              .min(1)
              .max(1000),
          }),
        },
      },
      async (request) => sealed.score(contextOf(request), request.params.id, request.body),
    );
  };
}
