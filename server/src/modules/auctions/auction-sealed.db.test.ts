import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSm2KeyPair } from "../../platform/crypto/sm2.ts";
import { sealAuctionOffer } from "../../test-support/bidder-tool.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = async (options: InjectOptions, username?: string) =>
  platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username)) : {}) } });

const BIDDERS = [
  { username: "bidder", account: "19000101040000303" },
  { username: "bidder2", account: "51010122000000404" },
] as const;
const WAN = 1_000_000; // 1万元 in 分
const DEPOSIT = 10 * WAN;

/** One sealed lot (A: sold) and its twin (B: every offer below the sealed 底价), per method. */
interface Case {
  method: "tender" | "sealed" | "weighted";
  kind: "land" | "equity";
  departmentCode: string;
  opensAt: string;
  endsAt: string;
  startingPriceFen: number;
  reserveFen: number;
  appraisalFen?: number;
  /** The prices of bidder and bidder2 on lot A; bidder's on lot B (below the reserve); bidder2's on lot B (invalid). */
  prices: { first: number; second: number; belowReserve: number; invalid: number };
  /** How bidder2's offer on lot B is made invalid: sealed to a wrong department key, to another 竞买号, or below the start. */
  invalid: "wrongKey" | "wrongContext" | "belowStart";
  invalidReason: "SHARE_DECRYPT_FAILED" | "SEAL_BROKEN" | "BELOW_START";
}

const WEIGHTS = {
  priceWeightBp: 6000,
  factors: [{ key: "plan", name: "经营方案", weightBp: 4000 }],
  fullScore: 10_000,
  priceFormula: "ratioToHighest",
};

const CASES: Case[] = [
  {
    // 2026-03-02 + 20 days: the earliest 招标 start; a tender has no minimum span.
    method: "tender",
    kind: "land",
    departmentCode: "330100-zrzy",
    opensAt: "2026-03-23T01:00:00Z",
    endsAt: "2026-03-23T03:00:00Z",
    startingPriceFen: 100 * WAN,
    reserveFen: 105 * WAN,
    // A tie: the earlier submission wins.
    prices: { first: 106 * WAN + 4321, second: 106 * WAN + 4321, belowReserve: 104 * WAN + 555, invalid: 107 * WAN + 777 },
    invalid: "wrongKey",
    invalidReason: "SHARE_DECRYPT_FAILED",
  },
  {
    // 20 working days of disclosure from 2026-03-02.
    method: "sealed",
    kind: "equity",
    departmentCode: "330100-gz",
    opensAt: "2026-04-08T01:00:00Z",
    endsAt: "2026-04-08T03:00:00Z",
    startingPriceFen: 900 * WAN,
    reserveFen: 960 * WAN,
    appraisalFen: 1200 * WAN,
    // A tie below 90% of the appraisal (1080万): the deal needs the approving body's consent.
    prices: { first: 1000 * WAN + 4321, second: 1000 * WAN + 4321, belowReserve: 950 * WAN + 555, invalid: 1010 * WAN + 777 },
    invalid: "wrongContext",
    invalidReason: "SEAL_BROKEN",
  },
  {
    method: "weighted",
    kind: "equity",
    departmentCode: "330100-gz",
    opensAt: "2026-04-09T01:00:00Z",
    endsAt: "2026-04-09T03:00:00Z",
    startingPriceFen: 1000 * WAN,
    reserveFen: 1001 * WAN,
    appraisalFen: 1100 * WAN,
    // bidder2 offers more, bidder wins on the factor scores.
    prices: { first: 1050 * WAN + 123_400, second: 1100 * WAN + 567_800, belowReserve: 1000 * WAN + 555, invalid: 1000 * WAN - 1 },
    invalid: "belowStart",
    invalidReason: "BELOW_START",
  },
];

const lotPayload = (c: Case, name: string) => ({
  kind: c.kind,
  method: c.method,
  name,
  divisionCode: "330106",
  approvalLevel: "city",
  departmentCode: c.departmentCode,
  opensAt: c.opensAt,
  endsAt: c.endsAt,
  startingPriceFen: c.startingPriceFen,
  depositFen: DEPOSIT,
  reserveFen: c.reserveFen,
  ...(c.appraisalFen ? { appraisalFen: c.appraisalFen } : {}),
  ...(c.method === "weighted" ? { weights: WEIGHTS } : {}),
});

interface SealingKeys {
  context: string;
  custodians: { centre: string; supervisor: string };
}
const keysOf = (lotId: number, username: string) => inject({ url: `/api/v1/auction-lots/${lotId}/sealed-offer-keys` }, username);
const post = (lotId: number, username: string, payload: object) =>
  inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/sealed-offers`, payload }, username);
/**
 * A bidder seals its price as its browser does (bidder-tool.ts `sealAuctionOffer`, to the keys the platform gives it)
 * and submits the envelope; `tamper` changes the keys first. Who gets no keys (not numbered, not a bidder) seals to
 * keys of its own, so that the submission itself is what gets refused.
 */
async function submit(lotId: number, username: string, priceFen: number, tamper?: (keys: SealingKeys) => SealingKeys) {
  const got = await keysOf(lotId, username);
  const keys: SealingKeys =
    got.statusCode === 200
      ? got.json()
      : { context: "none", custodians: { centre: generateSm2KeyPair().publicKey, supervisor: generateSm2KeyPair().publicKey } };
  return post(lotId, username, sealAuctionOffer(tamper ? tamper(keys) : keys, priceFen));
}
const foreignKey = () => generateSm2KeyPair().publicKey;
const at = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000).toISOString();

/** Every auction row and every audit entry's detail, as text. */
/** The public list's rows of this case's lots (and whether any ladder lot in it reports an offer count). */
async function listed(ids: number[]) {
  const items: { id: number; method: string; bids: number; offerCount: number | null }[] = (await inject({ url: "/api/v1/auction-lots" })).json().items;
  const ladderWithCount = items.filter((l) => !["tender", "sealed", "weighted"].includes(l.method) && l.offerCount !== null);
  expect(ladderWithCount).toEqual([]);
  return ids.map((id) => items.find((l) => l.id === id));
}

async function everything(): Promise<string> {
  const tables = ["auction_lot", "auction_lot_live", "auction_bidder", "auction_bid", "auction_bid_refusal", "auction_sealed_lot", "auction_sealed_offer"];
  let text = "";
  for (const t of tables) {
    const { rows } = await sql<{ t: string | null }>`select string_agg(to_jsonb(x)::text, '') as t from ${sql.table(t)} x`.execute(platform.database.db);
    text += rows[0]?.t ?? "";
  }
  const { rows } = await sql<{ t: string | null }>`select string_agg(detail::text, '') as t from audit_entry`.execute(platform.database.db);
  return text + (rows[0]?.t ?? "");
}

describe("a lot cannot be published with the wrong sealed method or weights", () => {
  it("refuses 招标 for state-owned property, 一次报价 for land, weights without 权重报价 and weights not adding up to 10000", async () => {
    const bad = async (payload: Record<string, unknown>) => (await inject({ method: "POST", url: "/api/v1/auction-lots", payload }, "tenderer")).json().code;
    expect(await bad({ ...lotPayload(CASES[1] as Case, "x"), method: "tender" })).toBe("VALIDATION_FAILED");
    expect(await bad({ ...lotPayload(CASES[0] as Case, "x"), method: "sealed" })).toBe("VALIDATION_FAILED");
    expect(await bad({ ...lotPayload(CASES[1] as Case, "x"), weights: WEIGHTS })).toBe("VALIDATION_FAILED");
    expect(await bad({ ...lotPayload(CASES[2] as Case, "x"), weights: undefined })).toBe("VALIDATION_FAILED");
    expect(await bad({ ...lotPayload(CASES[2] as Case, "x"), weights: { ...WEIGHTS, priceWeightBp: 5000 } })).toBe("VALIDATION_FAILED");
  });
});

describe.each(CASES)("sealed offers: $method", (c) => {
  const lot = { a: 0, b: 0 };
  const numberOf: Record<string, string> = {};
  const applicationOf: Record<string, number> = {};

  it("publishes the lots and numbers the bidders; an unnumbered bidder cannot submit", async () => {
    platform.clock.set("2026-03-02T02:00:00Z");
    for (const key of ["a", "b"] as const) {
      const created = await inject({ method: "POST", url: "/api/v1/auction-lots", payload: lotPayload(c, `${c.method} 标的 ${key}`) }, "tenderer");
      expect(created.statusCode, created.body).toBe(201);
      lot[key] = created.json().id;
      for (const b of BIDDERS) {
        const applied = await inject({ method: "POST", url: `/api/v1/auction-lots/${lot[key]}/applications` }, b.username);
        expect(applied.statusCode, applied.body).toBe(201);
        const id = applied.json().applicationId;
        if (key === "a") {
          applicationOf[b.username] = id;
          // Applied, not yet numbered (deposit and review pending): no sealing keys, no submission.
          expect((await keysOf(lot.a, b.username)).json().code).toBe("NOT_ELIGIBLE_TO_BID");
          expect((await submit(lot.a, b.username, c.prices.first)).json().code).toBe("NOT_ELIGIBLE_TO_BID");
        }
        await inject(
          { method: "POST", url: `/api/v1/auction-applications/${id}/deposit`, payload: { amountFen: DEPOSIT, payerAccountNo: b.account } },
          "centre",
        );
        const reviewed = await inject({ method: "POST", url: `/api/v1/auction-applications/${id}/review`, payload: { qualified: true } }, "centre");
        expect(reviewed.json().bidderNumber).toMatch(/^\d{6}$/);
        if (key === "a") numberOf[b.username] = reviewed.json().bidderNumber;
      }
    }
    const view = (await inject({ url: `/api/v1/auction-lots/${lot.a}` })).json();
    expect(view).toMatchObject({ method: c.method, hasReserve: true, sealed: { offerCount: 0, openedAt: null, offers: null } });
    // No increment (stored as 1 分) and no next minimum for a sealed lot; the list counts its sealed offers (none yet).
    expect(view).toMatchObject({ incrementFen: null, minimumNextFen: null });
    expect(await listed([lot.a, lot.b])).toMatchObject([
      { id: lot.a, method: c.method, bids: 0, offerCount: 0 },
      { id: lot.b, method: c.method, bids: 0, offerCount: 0 },
    ]);
    if (c.method === "weighted") expect(view.sealed.weights).toEqual(WEIGHTS);
    // The sealing parameters: bound to the lot and the caller's 竞买号, to the centre's and the department's keys.
    const keys = (await keysOf(lot.a, "bidder")).json();
    expect(keys).toMatchObject({
      bidderNumber: numberOf.bidder,
      context: `auction-lot:${view.lotCode}/offer:${numberOf.bidder}`,
      suite: "SM4-CTR-HMAC-SM3",
      custodians: { centre: expect.stringMatching(/^04[0-9a-f]{128}$/), supervisor: expect.stringMatching(/^04[0-9a-f]{128}$/) },
    });
    expect(keys.custodians.centre).not.toBe(keys.custodians.supervisor);
    expect((await keysOf(lot.a, "tenderer")).statusCode).toBe(403);
  });

  it("takes one sealed price per numbered bidder inside the window by the server clock", async () => {
    expect((await submit(lot.a, "bidder", c.prices.first)).json()).toMatchObject({ code: "BID_REFUSED", reasons: ["NOT_OPEN"] });
    platform.clock.set(at(c.opensAt, 3600));
    // The platform cannot see the price: a plain price is no envelope, and a malformed envelope is refused (and is no offer).
    expect((await post(lot.a, "bidder", { priceFen: c.prices.first })).statusCode).toBe(400);
    const keys: SealingKeys = (await keysOf(lot.a, "bidder")).json();
    const envelope = sealAuctionOffer(keys, c.prices.first);
    expect((await post(lot.a, "bidder", { ...envelope, size: envelope.size + 1 })).json().code).toBe("BID_SEAL_INVALID");
    expect((await post(lot.a, "bidder", { ...envelope, suite: "ROT13" })).json().code).toBe("BID_SEAL_INVALID");
    expect((await post(lot.a, "bidder", { ...envelope, shares: { ...envelope.shares, bidder: envelope.shares.centre } })).json().code).toBe("BID_SEAL_INVALID");
    // The centre's share must be addressed to the centre's published key.
    const misaddressed = await submit(lot.a, "bidder", c.prices.first, (k) => ({ ...k, custodians: { ...k.custodians, centre: foreignKey() } }));
    expect(misaddressed.json().code).toBe("BID_SEAL_INVALID");
    const first = await submit(lot.a, "bidder", c.prices.first);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ bidderNumber: numberOf.bidder, receipt: { sm3: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // A sealed offer is neither changed nor withdrawn: a second one (even at the same price) is refused.
    expect((await submit(lot.a, "bidder", c.prices.first + 100)).json()).toMatchObject({ code: "BID_REFUSED", reasons: ["ALREADY_BID"] });
    expect((await submit(lot.a, "bidder", c.prices.first)).json()).toMatchObject({ code: "BID_REFUSED", reasons: ["ALREADY_BID"] });
    expect((await submit(lot.b, "bidder", c.prices.belowReserve)).statusCode).toBe(201);
    // bidder2's offer on lot B is accepted (its structure is right) but will not open as a valid offer.
    const otherContext = (await keysOf(lot.b, "bidder")).json().context;
    const tamper = {
      wrongKey: (k: SealingKeys) => ({ ...k, custodians: { ...k.custodians, supervisor: foreignKey() } }),
      wrongContext: (k: SealingKeys) => ({ ...k, context: otherContext }),
      belowStart: (k: SealingKeys) => k,
    }[c.invalid];
    const invalid = await submit(lot.b, "bidder2", c.prices.invalid, tamper);
    expect(invalid.statusCode, invalid.body).toBe(201);
    // The seller and the centre cannot submit.
    expect((await submit(lot.a, "tenderer", c.prices.first)).statusCode).toBe(403);
    expect((await submit(lot.a, "centre", c.prices.first)).statusCode).toBe(403);

    platform.clock.set(c.endsAt);
    expect((await submit(lot.a, "bidder2", c.prices.second)).json()).toMatchObject({ code: "BID_REFUSED", reasons: ["LOT_CLOSED"] });
    platform.clock.set(at(c.endsAt, -1));
    const second = await submit(lot.a, "bidder2", c.prices.second);
    expect(second.statusCode, second.body).toBe(201);
    const mine = (await inject({ url: `/api/v1/auction-lots/${lot.a}/my-sealed-offer` }, "bidder2")).json();
    expect(mine).toMatchObject({ submitted: true, receiptSm3: second.json().receipt.sm3, priceFen: null });
  });

  it("keeps every price out of every table and audit entry, and who submitted from everyone, until the opening", async () => {
    const text = await everything();
    for (const price of [c.prices.first, c.prices.second, c.prices.belowReserve, c.prices.invalid, c.reserveFen]) expect(text).not.toContain(String(price));
    for (const username of [undefined, "centre", "tenderer", "supervisor"]) {
      const offers = await inject({ url: `/api/v1/auction-lots/${lot.a}/sealed-offers` }, username);
      expect(offers.json()).toMatchObject({ offerCount: 2, openedAt: null, offers: null });
      const view = (await inject({ url: `/api/v1/auction-lots/${lot.a}` }, username)).body;
      for (const n of Object.values(numberOf)) {
        expect(offers.body).not.toContain(n);
        expect(view).not.toContain(n);
      }
    }
    // The public list counts the sealed offers (how many, never whose) for every lot of the page.
    expect(await listed([lot.a, lot.b])).toMatchObject([
      { id: lot.a, bids: 0, offerCount: 2 },
      { id: lot.b, bids: 0, offerCount: 2 },
    ]);
    expect((await inject({ url: `/api/v1/auction-lots/${lot.a}` })).json()).toMatchObject({ incrementFen: null, minimumNextFen: null });
    expect((await inject({ url: `/api/v1/auction-lots/${lot.a}/result` })).json().code).toBe("NOT_YET_DUE");
    if (c.method === "weighted") {
      const scores = [{ bidderNumber: numberOf.bidder, factorScores: { plan: 1 } }];
      const early = await inject({ method: "POST", url: `/api/v1/auction-lots/${lot.a}/weighted-scores`, payload: { scores } }, "centre");
      expect(early.json().code).toBe("NOT_YET_DUE");
    }
  });

  it("opens the envelopes at the end: every price public by 竞买号", async () => {
    platform.clock.set(c.endsAt);
    const closed = await platform.app.services.auctionClosing.closeDue();
    expect(closed).toEqual(expect.arrayContaining([lot.a, lot.b]));
    expect(await platform.app.services.auctionClosing.closeDue()).toEqual([]);
    const offers = (await inject({ url: `/api/v1/auction-lots/${lot.a}/sealed-offers` })).json();
    expect(offers.openedAt).toBe(new Date(c.endsAt).toISOString());
    expect(offers.offers.map((o: { bidderNumber: string; priceFen: number }) => [o.bidderNumber, o.priceFen]).sort()).toEqual(
      [
        [numberOf.bidder, c.prices.first],
        [numberOf.bidder2, c.prices.second],
      ].sort(),
    );
    expect((await inject({ url: `/api/v1/auction-lots/${lot.a}/my-sealed-offer` }, "bidder")).json()).toMatchObject({ priceFen: c.prices.first });
    // (The secrecy check above is not vacuous: the same query finds the prices now.)
    expect(await everything()).toContain(String(c.prices.second));
    // Lot B: bidder2's envelope did not open as a valid offer — listed as invalid, with the reason, no price, no rank.
    const offersB = (await inject({ url: `/api/v1/auction-lots/${lot.b}/sealed-offers` })).json();
    expect(offersB.offers).toHaveLength(2);
    expect(offersB.offers[0]).toMatchObject({ priceFen: c.prices.belowReserve, invalidReason: null });
    expect(offersB.offers[1]).toMatchObject({ priceFen: null, rank: null, invalidReason: c.invalidReason });
    expect((await inject({ url: `/api/v1/auction-lots/${lot.b}/my-sealed-offer` }, "bidder2")).json()).toMatchObject({ submitted: true, priceFen: null });
    // An invalid offer's price is never published (below the start: it was opened, but only the reason is kept).
    expect(await everything()).not.toContain(String(c.prices.invalid));
    // After the opening: the list still counts every offer (the invalid one too), the view still has no increment.
    expect(await listed([lot.a, lot.b])).toMatchObject([
      { id: lot.a, bids: 0, offerCount: 2 },
      { id: lot.b, bids: 0, offerCount: 2 },
    ]);
    for (const id of [lot.a, lot.b]) {
      const view = (await inject({ url: `/api/v1/auction-lots/${id}` })).json();
      expect(view).toMatchObject({ incrementFen: null, minimumNextFen: null, sealed: { offerCount: 2 } });
    }
  });

  if (c.method === "weighted") {
    it("takes the factor scores from the trading centre only, once, for every bidder, and ranks exactly", async () => {
      const scores = [
        { bidderNumber: numberOf.bidder, factorScores: { plan: 9000 } },
        { bidderNumber: numberOf.bidder2, factorScores: { plan: 5000 } },
      ];
      const url = `/api/v1/auction-lots/${lot.a}/weighted-scores`;
      expect((await inject({ method: "POST", url, payload: { scores } }, "tenderer")).statusCode).toBe(403);
      expect((await inject({ method: "POST", url, payload: { scores } }, "bidder")).statusCode).toBe(403);
      expect((await inject({ method: "POST", url, payload: { scores: scores.slice(0, 1) } }, "centre")).json().code).toBe("VALIDATION_FAILED");
      const outOfRange = [scores[0], { bidderNumber: numberOf.bidder2, factorScores: { plan: 10_001 } }];
      expect((await inject({ method: "POST", url, payload: { scores: outOfRange } }, "centre")).json().code).toBe("VALIDATION_FAILED");
      expect((await inject({ url: `/api/v1/auction-lots/${lot.a}` })).json().phase).not.toBe("closed");

      const scored = await inject({ method: "POST", url, payload: { scores } }, "centre");
      expect(scored.statusCode, scored.body).toBe(200);
      // Price score 10000 × P / Pmax, rounded half up to 0.01; total (6000 × price score + 4000 × plan) / 10000, rounded half up.
      const half = (n: bigint, d: bigint) => Number((2n * n + d) / (2n * d));
      const priceScore = half(10_000n * BigInt(c.prices.first), BigInt(c.prices.second));
      const total1 = half(6000n * BigInt(priceScore) + 4000n * 9000n, 10_000n);
      const total2 = half(6000n * 10_000n + 4000n * 5000n, 10_000n);
      expect(priceScore).toBe(9542);
      expect([total1, total2]).toEqual([9325, 8000]);
      expect(scored.json().ranking).toEqual([
        { bidderNumber: numberOf.bidder, rank: 1, priceFen: c.prices.first, priceScore, total: total1 },
        { bidderNumber: numberOf.bidder2, rank: 2, priceFen: c.prices.second, priceScore: 10_000, total: total2 },
      ]);
      expect((await inject({ method: "POST", url, payload: { scores } }, "centre")).json().code).toBe("STATE_INVALID");

      const b = (await inject({ url: `/api/v1/auction-lots/${lot.b}/sealed-offers` })).json();
      const onlyB = b.offers[0].bidderNumber;
      // The invalid offer is not scored.
      const withInvalid = b.offers.map((o: { bidderNumber: string }) => ({ bidderNumber: o.bidderNumber, factorScores: { plan: 10_000 } }));
      const refusedB = await inject({ method: "POST", url: `/api/v1/auction-lots/${lot.b}/weighted-scores`, payload: { scores: withInvalid } }, "centre");
      expect(refusedB.json().code).toBe("VALIDATION_FAILED");
      const scoredB = await inject(
        {
          method: "POST",
          url: `/api/v1/auction-lots/${lot.b}/weighted-scores`,
          payload: { scores: [{ bidderNumber: onlyB, factorScores: { plan: 10_000 } }] },
        },
        "centre",
      );
      expect(scoredB.json()).toMatchObject({ outcome: "no_sale", ranking: [], invalid: [{ bidderNumber: onlyB, reason: "BELOW_FLOOR" }] });
    });
  }

  it("sells to the winner (价格优先、时间优先, or the top of the weighted ranking) and publishes the ranked offers", async () => {
    const result = (await inject({ url: `/api/v1/auction-lots/${lot.a}/result` })).json();
    // bidder wins: the earlier of two equal prices (tender, sealed), or the better total despite the lower price (weighted).
    expect(result).toMatchObject({ outcome: "sold", dealPriceFen: c.prices.first, reserveFen: c.reserveFen, buyer: { bidderNumber: numberOf.bidder } });
    expect(result.buyer.name).toBe("杭州示范建设工程有限公司");
    expect(result.ladder.map((o: { rank: number; bidderNumber: string }) => [o.rank, o.bidderNumber])).toEqual([
      [1, numberOf.bidder],
      [2, numberOf.bidder2],
    ]);
    const row = await platform.database.db.selectFrom("auction_lot").select(["needs_approval"]).where("id", "=", lot.a).executeTakeFirstOrThrow();
    // 90% of the appraisal: 1000.0043万 < 1080万 (sealed) needs consent; 1050.1234万 ≥ 990万 (weighted) does not.
    expect(row.needs_approval).toBe(c.method === "tender" ? null : c.method === "sealed");
    const view = (await inject({ url: `/api/v1/auction-lots/${lot.a}` })).json();
    expect(view.sealed.offers).toHaveLength(2);
  });

  it("closes without a sale when no offer reaches the sealed reserve", async () => {
    const result = (await inject({ url: `/api/v1/auction-lots/${lot.b}/result` })).json();
    expect(result).toMatchObject({ outcome: "no_sale", reason: "RESERVE_NOT_MET", buyer: null, dealPriceFen: null, reserveFen: c.reserveFen });
    // The invalid offer is listed after the valid one and never ranked.
    expect(result.ladder.map((o: { priceFen: number; invalidReason: string | null }) => [o.priceFen, o.invalidReason])).toEqual([
      [c.prices.belowReserve, null],
      [null, c.invalidReason],
    ]);
  });

  it("applies the winner's deposit to the price and makes the others due for refund", async () => {
    const items = (await inject({ url: `/api/v1/auction-lots/${lot.a}/applications` }, "centre")).json().items;
    const status = Object.fromEntries(items.map((a: { bidderNumber: string; depositStatus: string }) => [a.bidderNumber, a.depositStatus]));
    expect(status).toEqual({ [numberOf.bidder as string]: "applied_to_price", [numberOf.bidder2 as string]: "refund_due" });
    const itemsB = (await inject({ url: `/api/v1/auction-lots/${lot.b}/applications` }, "centre")).json().items;
    expect(itemsB.map((a: { depositStatus: string }) => a.depositStatus)).toEqual(["refund_due", "refund_due"]);
    const refund = await inject({ method: "POST", url: `/api/v1/auction-applications/${applicationOf.bidder2}/refund` }, "centre");
    expect(refund.json()).toMatchObject({ depositStatus: "refunded", depositFen: DEPOSIT });
  });
});

describe("the audit log", () => {
  it("verifies after every sealed lot was opened and closed", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
