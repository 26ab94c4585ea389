import type { Transaction } from "kysely";
import { decryptShare, ShareDecryptFailed } from "../../platform/crypto/bid-seal.ts";
import { isSealSuite, SealBroken } from "../../platform/crypto/envelope.ts";
import type { DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { assertNotRestricted } from "../credit/credit-service.ts";
import { type CustodianKeyring, centreHolder, departmentHolder } from "../tendering/custodian-keyring.ts";
import { assertSamePlatform } from "./auction-access.ts";
import { type CloseResult, finishLot, type LotDecision, type LotRow, openLotReserve, type SealedLotCloser } from "./auction-closing.ts";
import { auctionHallTopic } from "./auction-hall.ts";
import { isSealedMethod } from "./auction-ladder-state.ts";
import type { AcceptedBid } from "./domain/ladder.ts";
import { closeSealed, createSealed, rankWeighted, submitSealedBid, type WeightedConfig } from "./domain/property-modes.ts";
import { openSecret, type StoredReserveSeal } from "./reserve-seal.ts";

/**
 * 权重报价 terms, published with the lot (实施方案): the price weight and the named non-price factors in basis
 * points (adding up to 10000), the full marks of every score in hundredths (10000 = 100.00 points) and the
 * price formula (see property-modes.ts `PriceFormula`; the floor of `linearAboveFloor` is the public starting price).
 */
export interface WeightedTerms {
  priceWeightBp: number;
  factors: { key: string; name: string; weightBp: number }[];
  fullScore: number;
  priceFormula: "ratioToHighest" | "linearAboveFloor";
}

/** The domain's configuration of a 权重报价 lot; `floorFen`: the lowest valid price (public start, or the opened 底价). */
export function weightedConfig(terms: WeightedTerms, startingPriceFen: number, floorFen = startingPriceFen): WeightedConfig {
  return {
    priceWeightBp: terms.priceWeightBp,
    factors: terms.factors.map((f) => ({ key: f.key, weightBp: f.weightBp })),
    fullScore: terms.fullScore,
    priceFormula: terms.priceFormula === "ratioToHighest" ? { kind: "ratioToHighest" } : { kind: "linearAboveFloor", floorFen: startingPriceFen },
    floorFen,
  };
}

/** Checks published terms with the domain's own validation (weights add up to 10000, distinct factor keys). */
export function checkWeightedTerms(terms: WeightedTerms, startingPriceFen: number): void {
  try {
    rankWeighted([], weightedConfig(terms, startingPriceFen));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new AppError("VALIDATION_FAILED", { zh: `权重报价方案无效：${error.message}`, en: `Invalid weighted terms: ${error.message}` });
  }
}

/** A sealed price is bound to its lot and its 竞买号: it cannot be moved to another bidder's record. */
export const offerContext = (lotCode: string, bidderNumber: string) => `auction-lot:${lotCode}/offer:${bidderNumber}`;

/**
 * A sealed offer as the bidder's browser (web/src/lib/bid-sealing.ts) or tool (test-support/bidder-tool.ts
 * `sealAuctionOffer`) sends it: the JSON shape of a sealed tender bid (bid-seal.ts, binary fields in base64) over the
 * plaintext `{"priceFen": <分>, "nonce": <random hex>}` (the nonce keeps the receipt hashes from revealing the price).
 */
export interface SealedOfferEnvelope {
  suite: string;
  iv: string;
  ciphertext: string;
  tag: string;
  shares: { bidder: string; centre: string; supervisor: string };
  sm3: string;
  sha256: string;
  md5: string;
  size: number;
}

/** The plaintext of an offer is small: a price and a nonce in JSON. */
export const MAX_OFFER_PLAINTEXT_BYTES = 1024;

/** Why an opened envelope is not a valid offer (it stays listed, without a price and a rank). */
export type InvalidOfferReason = "SHARE_DECRYPT_FAILED" | "SEAL_BROKEN" | "NOT_A_PRICE" | "BELOW_START";
const INVALID_REASONS: Record<InvalidOfferReason, string> = {
  SHARE_DECRYPT_FAILED: "密钥分片无法解密（未按公布的密钥密封）",
  SEAL_BROKEN: "密封报价无法开启（与标的或竞买号不符，或已被篡改）",
  NOT_A_PRICE: "开启后不是以分计的正整数报价",
  BELOW_START: "报价低于起始价",
};

const sealInvalid = (zh: string, en: string) => new AppError("BID_SEAL_INVALID", { zh: `密封报价格式无效：${zh}`, en: `The sealed offer is not valid: ${en}` });
const b64Bytes = (value: string) => new Uint8Array(Buffer.from(value, "base64"));
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * The structure and sizes of an envelope (the route's schema checks the encodings), converted to the stored form
 * (reserve-seal.ts `StoredReserveSeal`, hex fields). Its price is not looked at: the platform cannot read it.
 */
function storedEnvelope(input: SealedOfferEnvelope): StoredReserveSeal {
  if (!isSealSuite(input.suite)) throw sealInvalid(`不支持的密码套件 ${input.suite}`, `unsupported suite ${input.suite}`);
  const iv = b64Bytes(input.iv);
  const ciphertext = b64Bytes(input.ciphertext);
  const tag = b64Bytes(input.tag);
  const [ivBytes, tagBytes] = input.suite === "SM4-CTR-HMAC-SM3" ? [16, 32] : [12, 16];
  if (iv.length !== ivBytes || tag.length !== tagBytes) throw sealInvalid("IV 或校验值长度不符", "the IV or the tag has the wrong length");
  if (input.size < 1 || input.size > MAX_OFFER_PLAINTEXT_BYTES || ciphertext.length !== input.size)
    throw sealInvalid("密文长度不符", `the ciphertext must be 1..${MAX_OFFER_PLAINTEXT_BYTES} bytes and match the size`);
  const shares = { bidder: input.shares.bidder.toLowerCase(), centre: input.shares.centre.toLowerCase(), supervisor: input.shares.supervisor.toLowerCase() };
  if (new Set(Object.values(shares)).size !== 3) throw sealInvalid("三个密钥分片须各不相同", "the three key shares must differ");
  return {
    suite: input.suite,
    iv: hexOf(iv),
    ciphertext: hexOf(ciphertext),
    tag: hexOf(tag),
    shares,
    sm3: input.sm3.toLowerCase(),
    sha256: input.sha256.toLowerCase(),
    md5: input.md5.toLowerCase(),
    size: input.size,
  };
}

const REFUSALS: Record<string, string> = {
  NOT_OPEN: "尚未开始报价",
  LOT_CLOSED: "报价已截止",
  ALREADY_BID: "已提交过密封报价，不得撤回或更改",
  INVALID_PRICE: "报价无效",
  BELOW_START: "报价低于起始价（转让底价）",
};

/** An opened offer, as published after the opening (by 竞买号, ranked). */
export interface OpenedOffer {
  rank: number | null;
  bidderNumber: string;
  /** null for an invalid offer. */
  priceFen: number | null;
  /** Why the offer is invalid (not ranked); null for a valid one. */
  invalidReason: InvalidOfferReason | null;
  submittedAt: string;
  factorScores: Record<string, number> | null;
  priceScore: number | null;
  totalScore: number | null;
}

type Reader = Pick<Transaction<DB>, "selectFrom">;

/**
 * What anyone may see of a sealed lot: before the opening only the number of offers; after it every price by
 * 竞买号, ranked (the "ladder" of a sealed lot), with the scores of a 权重报价 once entered.
 */
export async function sealedLotView(db: Reader, lotId: number) {
  const lot = await db.selectFrom("auction_sealed_lot").selectAll().where("lot_id", "=", lotId).executeTakeFirst();
  if (!lot) return null;
  const { count } = await db
    .selectFrom("auction_sealed_offer")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("lot_id", "=", lotId)
    .executeTakeFirstOrThrow();
  let offers: OpenedOffer[] | null = null;
  if (lot.opened_at !== null) {
    const rows = await db
      .selectFrom("auction_sealed_offer")
      .select(["rank", "bidder_number", "price_fen", "submitted_at", "sequence", "factor_scores", "price_score", "total_score", "invalid_reason"])
      .where("lot_id", "=", lotId)
      .orderBy("rank", (ob) => ob.asc().nullsLast())
      .orderBy("price_fen", (ob) => ob.desc().nullsLast())
      .orderBy("submitted_at")
      .orderBy("sequence")
      .execute();
    offers = rows.map((r) => ({
      rank: r.rank,
      bidderNumber: r.bidder_number,
      priceFen: r.price_fen,
      invalidReason: (r.invalid_reason as InvalidOfferReason | null) ?? null,
      submittedAt: r.submitted_at.toISOString(),
      factorScores: r.factor_scores,
      priceScore: r.price_score,
      totalScore: r.total_score,
    }));
  }
  return {
    offerCount: Number(count),
    openedAt: lot.opened_at?.toISOString() ?? null,
    weights: (lot.weights as unknown as WeightedTerms | null) ?? null,
    offers,
  };
}

/**
 * The sealed auction modes through the engine: land/mining 招标出让 (`tender`), 国有产权 一次报价 (`sealed`) and
 * 权重报价 (`weighted`). Every numbered bidder submits one sealed price in the window (no withdrawal, no change);
 * the bidder's browser seals it before it leaves the machine, as a tender bid (bid-seal.ts: SM4 envelope bound to
 * the lot and the 竞买号, data key split 2-of-3, shares SM2-encrypted to the centre's and the department's keys —
 * whose private halves never enter the database — and to a one-time key the browser throws away, like the seller's
 * share of a 底价), so the platform never holds a price before the opening: no table, no audit entry, no request.
 * Nobody sees who submitted, only how many.
 *
 * At the end (auction-closing.ts dispatches here under the lot's row lock) the envelopes are opened with the centre's
 * and the department's keys and every price becomes public by 竞买号. An envelope that does not open, is bound to
 * another lot or 竞买号, or holds no whole number of 分 at or above the public starting price is an invalid offer:
 * listed with its reason, without a price, never ranked. 招标/一次报价: the highest price at or above the 底价 wins, equal prices → the earliest
 * submission (价格优先、时间优先; property-modes.ts `closeSealed`). 招标出让 here is the price-only form (最高报价
 * 者得): 综合评标 (a comprehensive evaluation of plans and qualifications) is out of scope. 权重报价: after the
 * opening the trading centre enters every bidder's non-price factor scores in one action and the lot closes to the
 * top of `rankWeighted`.
 */
export class AuctionSealedOffersService implements SealedLotCloser {
  constructor(
    private readonly deps: Deps,
    private readonly keyring: CustodianKeyring,
  ) {}

  private now() {
    return this.deps.clock.now();
  }

  /**
   * What the bidder's browser seals its price with: the context string (lot code and the caller's 竞买号) and the
   * SM2 public keys of the custodians that open it (the centre's and the supervising department's, created on first
   * use as for a 底价). The `bidder` share goes to a one-time key the browser generates and discards: opening needs
   * the two custodians only, never the bidder (2-of-3, as a 底价 without the seller).
   */
  async sealingParameters(ctx: ActionContext, lotId: number) {
    return change(this.deps, async (trx) => {
      const { lot, me } = await this.numberedBidder(trx, ctx, lotId);
      const keys = await this.custodianKeys(trx, ctx, lot);
      const live = await trx.selectFrom("auction_lot_live").select("closes_at").where("lot_id", "=", lotId).executeTakeFirstOrThrow();
      return {
        lotCode: lot.lot_code,
        bidderNumber: me.bidder_number,
        context: offerContext(lot.lot_code, me.bidder_number),
        suite: "SM4-CTR-HMAC-SM3" as const,
        custodians: { centre: keys.centre, supervisor: keys.department },
        startingPriceFen: lot.starting_price_fen,
        opensAt: lot.opens_at.toISOString(),
        closesAt: live.closes_at.toISOString(),
      };
    });
  }

  private async custodianKeys(trx: Transaction<DB>, ctx: ActionContext, lot: Pick<LotRow, "platform_code" | "department_code">) {
    return {
      centre: await this.keyring.publicKeyIn(trx, ctx, centreHolder(lot.platform_code), lot.platform_code),
      department: await this.keyring.publicKeyIn(trx, ctx, departmentHolder(lot.department_code), lot.platform_code),
    };
  }

  /** The sealed lot and the caller's numbered bidder record (NOT_ELIGIBLE_TO_BID without a 竞买号). */
  private async numberedBidder(trx: Transaction<DB>, ctx: ActionContext, lotId: number) {
    const lot = await trx.selectFrom("auction_lot").selectAll().where("id", "=", lotId).executeTakeFirst();
    if (!lot) throw notFound({ zh: "标的", en: "The lot" });
    if (!isSealedMethod(lot.method)) throw new AppError("STATE_INVALID", { zh: "该标的不采用密封报价方式", en: "This lot does not take sealed offers" });
    const me = await trx
      .selectFrom("auction_bidder")
      .select(["id", "bidder_number"])
      .where("lot_id", "=", lotId)
      .where("subject_id", "=", ctx.actor.subjectId as number)
      .executeTakeFirst();
    if (!me?.bidder_number) throw new AppError("NOT_ELIGIBLE_TO_BID");
    return { lot, me: { id: me.id, bidder_number: me.bidder_number } };
  }

  /**
   * 投标报价 / 一次报价: the one sealed offer of a numbered bidder, in the window by the server clock, as an envelope
   * sealed in the bidder's browser. Its structure and sizes are checked, and the centre's share is decrypted to
   * check that it is addressed to the centre's key (one share of a 2-of-3 sharing says nothing of the price); the
   * department's share can only be checked at the opening. The price itself is first seen at the opening.
   */
  async submit(ctx: ActionContext, lotId: number, input: SealedOfferEnvelope) {
    const subjectId = ctx.actor.subjectId as number;
    const stored = storedEnvelope(input);
    return change(this.deps, async (trx) => {
      // The lot's running row serialises submissions with each other and with the opening.
      const live = await trx.selectFrom("auction_lot_live").selectAll().where("lot_id", "=", lotId).forUpdate().executeTakeFirst();
      if (!live) throw notFound({ zh: "标的", en: "The lot" });
      const { lot, me } = await this.numberedBidder(trx, ctx, lotId);
      const now = this.now();
      await assertNotRestricted(trx, subjectId, "auction", now);
      const earlier = await trx
        .selectFrom("auction_sealed_offer")
        .select(["sequence", "bidder_number", "submitted_at"])
        .where("lot_id", "=", lotId)
        .orderBy("sequence")
        .execute();
      // The domain decides on who has submitted and the window; every price is sealed and plays no part (the
      // starting price stands in for it; a price below it makes the offer invalid at the opening).
      const state = {
        ...createSealed({ lotId: String(lotId), opensAt: lot.opens_at, closesAt: live.closes_at, floorFen: lot.starting_price_fen }),
        bids: earlier.map(
          (o): AcceptedBid => ({
            sequence: o.sequence,
            bidderNumber: o.bidder_number,
            serverTime: o.submitted_at,
            clientBidId: `offer-${o.sequence}`,
            priceFen: 0,
          }),
        ),
        lastSequence: earlier.length,
        closed: live.closed || lot.phase === "closed",
      };
      const { result } = submitSealedBid(
        state,
        { bidderNumber: me.bidder_number, priceFen: lot.starting_price_fen, clientBidId: `offer-${earlier.length + 1}` },
        now,
      );
      if (!result.accepted) {
        throw new AppError(
          "BID_REFUSED",
          {
            zh: `密封报价未被接受：${result.reasons.map((r) => REFUSALS[r] ?? r).join("；")}`,
            en: `Sealed offer refused: ${result.reasons.join(", ")}`,
          },
          // No price in the answer's extras: a refused offer leaves no trace of its price anywhere.
          { extra: { reasons: result.reasons, minimumFen: lot.starting_price_fen } },
        );
      }
      await this.custodianKeys(trx, ctx, lot);
      this.checkCentreShare(lot.platform_code, stored.shares.centre);
      const sealed = stored;
      const row = await trx
        .insertInto("auction_sealed_offer")
        .values({
          lot_id: lotId,
          bidder_id: me.id,
          bidder_number: me.bidder_number,
          sequence: result.sequence,
          submitted_at: now,
          ip: ctx.ip,
          sealed: JSON.stringify(sealed),
          receipt_sm3: sealed.sm3,
          price_fen: null,
          opened_at: null,
          factor_scores: null,
          price_score: null,
          total_score: null,
          rank: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, {
        action: "auction.sealed_offer.submit",
        objectType: "auction_sealed_offer",
        objectId: row.id,
        detail: { lotId, receiptSm3: sealed.sm3 },
      });
      // Watchers learn how many offers there are, never whose.
      await this.deps.events.publish(trx, {
        topic: auctionHallTopic(lotId),
        type: "sealed_offer",
        at: now.toISOString(),
        data: { offerCount: result.sequence, serverTime: now.toISOString() },
      });
      return { submittedAt: now.toISOString(), bidderNumber: me.bidder_number, receipt: { sm3: sealed.sm3, sha256: sealed.sha256 } };
    });
  }

  /** The centre's share must open with the centre's private key as the centre's point (x = 2). */
  private checkCentreShare(platformCode: string, share: string) {
    const key = this.keyring.privateKey(centreHolder(platformCode));
    if (!key) return;
    try {
      const decrypted = decryptShare(share, key);
      const ok = decrypted.x === 2;
      decrypted.y.fill(0);
      if (ok) return;
    } catch (error) {
      if (!(error instanceof ShareDecryptFailed)) throw error;
    }
    throw sealInvalid("交易中心的密钥分片未按公布的密钥加密", "the centre's key share is not sealed to the centre's published key");
  }

  /** The bidder's own offer: whether it is in (with its receipt), and its price once opened. */
  async myOffer(actor: Actor, lotId: number) {
    const row = await this.deps.db
      .selectFrom("auction_sealed_offer as o")
      .innerJoin("auction_bidder as a", "a.id", "o.bidder_id")
      .select(["o.submitted_at", "o.receipt_sm3", "o.price_fen", "o.rank", "o.invalid_reason"])
      .where("o.lot_id", "=", lotId)
      .where("a.subject_id", "=", actor.subjectId as number)
      .executeTakeFirst();
    if (!row) return { submitted: false as const };
    return {
      submitted: true as const,
      submittedAt: row.submitted_at.toISOString(),
      receiptSm3: row.receipt_sm3,
      priceFen: row.price_fen,
      rank: row.rank,
      invalidReason: row.invalid_reason,
    };
  }

  /** Number of offers before the opening; every offer by 竞买号 after it. */
  async offers(lotId: number) {
    const view = await sealedLotView(this.deps.db, lotId);
    if (!view) throw notFound({ zh: "密封报价标的", en: "The sealed lot" });
    return view;
  }

  /**
   * The opening at the end, inside the close's transaction and row lock: every envelope is opened with the centre's
   * and the department's keys and its price written. 招标/一次报价 then close at once; a 权重报价 with offers waits
   * for the factor scores (`score`), its running row marked closed so that nobody submits and no process polls it.
   */
  async closeSealed(trx: Transaction<DB>, ctx: ActionContext, lot: LotRow, now: Date): Promise<CloseResult> {
    const privateKeys = {
      centre: this.keyring.privateKey(centreHolder(lot.platform_code)),
      department: this.keyring.privateKey(departmentHolder(lot.department_code)),
    };
    const rows = await trx.selectFrom("auction_sealed_offer").selectAll().where("lot_id", "=", lot.id).orderBy("sequence").execute();
    if (rows.length > 0 && (!privateKeys.centre || !privateKeys.department))
      throw new AppError("STATE_INVALID", { zh: "密钥缺失，无法开启密封报价", en: "A custodian key is missing; the offers cannot be opened" });
    const opened: (AcceptedBid & { bidderId: number; offerId: number })[] = [];
    const invalid: { offerId: number; bidderNumber: string; submittedAt: Date; reason: InvalidOfferReason }[] = [];
    for (const r of rows) {
      const result = openOffer(lot, r.bidder_number, r.sealed as unknown as StoredReserveSeal, {
        centre: privateKeys.centre as string,
        department: privateKeys.department as string,
      });
      if (typeof result === "string") {
        invalid.push({ offerId: r.id, bidderNumber: r.bidder_number, submittedAt: r.submitted_at, reason: result });
        continue;
      }
      opened.push({
        sequence: r.sequence,
        bidderNumber: r.bidder_number,
        priceFen: result,
        serverTime: r.submitted_at,
        clientBidId: `offer-${r.sequence}`,
        bidderId: r.bidder_id,
        offerId: r.id,
      });
    }
    // 招标/一次报价 are decided at once (a 权重报价 after the scores): 价格优先、时间优先, at or above the 底价.
    const awaitingScores = lot.method === "weighted" && opened.length > 0;
    const reserveFen = awaitingScores ? null : openLotReserve(this.keyring, lot);
    const decided = awaitingScores
      ? undefined
      : closeSealed(
          {
            ...createSealed({ lotId: String(lot.id), opensAt: lot.opens_at, closesAt: lot.scheduled_end, floorFen: lot.starting_price_fen }),
            ...(reserveFen === null ? {} : { reserveFen }),
            bids: opened,
            lastSequence: opened.length,
          },
          now,
        ).outcome;
    if (decided?.outcome === "NOT_ENDED") throw new AppError("NOT_YET_DUE", { zh: "报价尚未截止", en: "The offers are not closed yet" });
    const rankOf = new Map(decided?.ranking.map((b, i) => [b.sequence, i + 1]));
    for (const o of opened) {
      await trx
        .updateTable("auction_sealed_offer")
        .set({ price_fen: o.priceFen, opened_at: now, rank: rankOf.get(o.sequence) ?? null })
        .where("id", "=", o.offerId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "auction.sealed_offer.open",
        objectType: "auction_sealed_offer",
        objectId: o.offerId,
        detail: { lotId: lot.id, bidderNumber: o.bidderNumber, priceFen: o.priceFen },
      });
    }
    for (const o of invalid) {
      await trx.updateTable("auction_sealed_offer").set({ opened_at: now, invalid_reason: o.reason }).where("id", "=", o.offerId).execute();
      await this.deps.audit.record(trx, ctx, {
        action: "auction.sealed_offer.invalid",
        objectType: "auction_sealed_offer",
        objectId: o.offerId,
        detail: { lotId: lot.id, bidderNumber: o.bidderNumber, reason: o.reason, reasonZh: INVALID_REASONS[o.reason] },
      });
    }
    await trx.updateTable("auction_sealed_lot").set({ opened_at: now }).where("lot_id", "=", lot.id).execute();
    const published = opened.map((o) => ({ bidderNumber: o.bidderNumber, priceFen: o.priceFen, submittedAt: o.serverTime.toISOString() }));
    const publishedInvalid = invalid.map((o) => ({ bidderNumber: o.bidderNumber, reason: o.reason, submittedAt: o.submittedAt.toISOString() }));
    await this.deps.audit.record(trx, ctx, {
      action: "auction.sealed_lot.open",
      objectType: "auction_sealed_lot",
      objectId: lot.id,
      detail: { offers: published, invalid: publishedInvalid },
    });
    await this.deps.events.publish(trx, {
      topic: auctionHallTopic(lot.id),
      type: "opened",
      at: now.toISOString(),
      data: { offers: published, invalid: publishedInvalid, serverTime: now.toISOString() },
    });

    if (!decided) {
      await trx.updateTable("auction_lot_live").set({ closed: true }).where("lot_id", "=", lot.id).execute();
      return { changed: true, phase: lot.phase, outcome: null };
    }
    const top = decided.outcome === "SOLD" ? opened.find((o) => o.sequence === decided.sequence) : undefined;
    const decision: LotDecision = {
      reserveFen,
      winner: top ? { bidderId: top.bidderId, bidderNumber: top.bidderNumber, priceFen: top.priceFen } : null,
      reason: decided.outcome === "UNSOLD" ? decided.reason : null,
      bids: opened.length,
    };
    return finishLot(this.deps, trx, ctx, lot, decision, now);
  }

  /**
   * 权重报价: after the opening the trading centre enters every bidder's non-price factor scores (hundredths,
   * 0..full marks) in one audited action; the ranking follows with `rankWeighted` and the lot closes sold to the
   * top-ranked bidder, or without a sale when no offer reaches the floor (the public starting price or the 底价).
   */
  async score(ctx: ActionContext, lotId: number, input: { scores: { bidderNumber: string; factorScores: Record<string, number> }[] }) {
    return change(this.deps, async (trx) => {
      const live = await trx.selectFrom("auction_lot_live").selectAll().where("lot_id", "=", lotId).forUpdate().executeTakeFirst();
      if (!live) throw notFound({ zh: "标的", en: "The lot" });
      const lot = await trx.selectFrom("auction_lot").selectAll().where("id", "=", lotId).executeTakeFirstOrThrow();
      assertSamePlatform(ctx.actor, lot.platform_code);
      if (lot.method !== "weighted") throw new AppError("STATE_INVALID", { zh: "只有权重报价需要评分", en: "Only a weighted lot is scored" });
      const sealedLot = await trx.selectFrom("auction_sealed_lot").selectAll().where("lot_id", "=", lotId).executeTakeFirstOrThrow();
      if (sealedLot.opened_at === null) throw new AppError("NOT_YET_DUE", { zh: "报价开启后方可评分", en: "Scores are entered after the opening" });
      if (lot.phase === "closed") throw new AppError("STATE_INVALID", { zh: "已评分并结束", en: "The lot is already scored and closed" });
      // Invalid offers (no price) are neither scored nor ranked.
      const offers = await trx
        .selectFrom("auction_sealed_offer")
        .selectAll()
        .where("lot_id", "=", lotId)
        .where("invalid_reason", "is", null)
        .orderBy("sequence")
        .execute();
      const given = new Map(input.scores.map((s) => [s.bidderNumber, s.factorScores]));
      const expected = new Set(offers.map((o) => o.bidder_number));
      if (given.size !== input.scores.length || given.size !== expected.size || [...given.keys()].some((n) => !expected.has(n))) {
        throw new AppError("VALIDATION_FAILED", {
          zh: `须为每个报价的竞买号评分一次（${[...expected].join("、")}）`,
          en: `Score every bidder that made an offer exactly once (${[...expected].join(", ")})`,
        });
      }
      const now = this.now();
      const reserveFen = openLotReserve(this.keyring, lot);
      const terms = sealedLot.weights as unknown as WeightedTerms;
      const config = weightedConfig(terms, lot.starting_price_fen, Math.max(lot.starting_price_fen, reserveFen ?? 0));
      let ranked: ReturnType<typeof rankWeighted>;
      try {
        ranked = rankWeighted(
          offers.map((o) => ({
            bidderNumber: o.bidder_number,
            priceFen: o.price_fen as number,
            submittedAt: o.submitted_at,
            sequence: o.sequence,
            factorScores: given.get(o.bidder_number) ?? {},
          })),
          config,
        );
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        throw new AppError("VALIDATION_FAILED", { zh: `评分无效：${error.message}`, en: `Invalid scores: ${error.message}` });
      }
      for (const o of offers) {
        const r = ranked.ranking.find((x) => x.bidderNumber === o.bidder_number);
        await trx
          .updateTable("auction_sealed_offer")
          .set({
            factor_scores: JSON.stringify(given.get(o.bidder_number) ?? {}),
            price_score: r?.priceScore ?? null,
            total_score: r?.total ?? null,
            rank: r?.rank ?? null,
          })
          .where("id", "=", o.id)
          .execute();
        await this.deps.audit.record(trx, ctx, {
          action: "auction.sealed_offer.score",
          objectType: "auction_sealed_offer",
          objectId: o.id,
          detail: { lotId, bidderNumber: o.bidder_number, factorScores: given.get(o.bidder_number) ?? {}, rank: r?.rank ?? null },
        });
      }
      await this.deps.audit.record(trx, ctx, {
        action: "auction.weighted.score",
        objectType: "auction_lot",
        objectId: lotId,
        detail: { scores: input.scores, ranking: ranked.ranking, invalid: ranked.invalid },
      });
      const top = ranked.winner === undefined ? undefined : offers.find((o) => o.bidder_number === ranked.winner);
      const decision: LotDecision = {
        reserveFen,
        winner: top ? { bidderId: top.bidder_id, bidderNumber: top.bidder_number, priceFen: top.price_fen as number } : null,
        reason: top ? null : "RESERVE_NOT_MET",
        bids: offers.length,
      };
      const closed = await finishLot(this.deps, trx, ctx, lot, decision, now);
      return { ...closed, ranking: ranked.ranking, invalid: ranked.invalid };
    });
  }
}

/**
 * Opens one stored offer with the centre's and the department's private keys: its price in 分, or why it is not a
 * valid offer (a share that does not decrypt, a seal that does not open — wrong lot or 竞买号, or altered —, no whole
 * positive number of 分, or below the public starting price).
 */
function openOffer(
  lot: Pick<LotRow, "lot_code" | "starting_price_fen">,
  bidderNumber: string,
  stored: StoredReserveSeal,
  privateKeys: { centre: string; department: string },
): number | InvalidOfferReason {
  let document: Record<string, unknown>;
  try {
    document = openSecret(offerContext(lot.lot_code, bidderNumber), stored, privateKeys);
  } catch (error) {
    if (error instanceof ShareDecryptFailed) return "SHARE_DECRYPT_FAILED";
    if (error instanceof SealBroken || error instanceof SyntaxError) return error instanceof SyntaxError ? "NOT_A_PRICE" : "SEAL_BROKEN";
    // NotEnoughShares (two shares at one point) and any other failure: the envelope does not open.
    return "SEAL_BROKEN";
  }
  const priceFen = document?.priceFen;
  if (typeof priceFen !== "number" || !Number.isSafeInteger(priceFen) || priceFen <= 0) return "NOT_A_PRICE";
  if (priceFen < lot.starting_price_fen) return "BELOW_START";
  return priceFen;
}
