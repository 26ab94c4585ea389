import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSm2 } from "../../platform/crypto/sm2.ts";
import { drawCommitteeFor, FIXTURE_PASSWORD, tenderToOpened } from "../../test-support/tender-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const COMPREHENSIVE = {
  method: "comprehensive",
  weights: { technical: 10_000, commercial: 10_000, price: 10_000 },
  basePrice: { kind: "average" },
  priceRule: { fullMarks: 4000, pointsPerPercentAbove: 100, pointsPerPercentBelow: 50 },
  maxScores: { technical: 5000, commercial: 1000 },
};

describe("综合评估法 (comprehensive evaluation)", () => {
  it("scores price against the base price, averages the experts, flags the deviating expert, and ranks by total", async () => {
    // Prices 4,900万 / 5,000万 / 5,100万: base price = average = 5,000万.
    const { sectionId, bidders } = await tenderToOpened(platform, {
      prices: [4_900_000_000, 5_000_000_000, 5_100_000_000],
      evaluation: COMPREHENSIVE,
      tag: "C",
    });
    const committee = await drawCommitteeFor(platform, sectionId, { count: 5, size: 5, tag: "C" });
    expect(committee).toHaveLength(5);
    // Technical scores: bidder 2 is the best technically; the last expert marks bidder 0 far off the others.
    const technical = [
      [4000, 4500, 3000],
      [4100, 4500, 3100],
      [3900, 4400, 3000],
      [4000, 4600, 2900],
      [1000, 4500, 3000],
    ];
    for (const [e, member] of committee.entries()) {
      const token = bearer(await platform.login(member.username, FIXTURE_PASSWORD));
      const workspace = (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/evaluation`, headers: token })).json();
      const reviews = bidders.map((b, i) => ({
        bidId: workspace.bids.find((x: { bidderUscc: string }) => x.bidderUscc === b.uscc).bidId,
        qualified: true,
        technical: technical[e]?.[i],
        commercial: 800,
      }));
      if (e === 0) {
        const missing = await platform.app.http.inject({
          method: "POST",
          url: `/api/v1/sections/${sectionId}/evaluation/reviews`,
          headers: token,
          payload: { reviews: [{ bidId: reviews[0]?.bidId, qualified: true }] },
        });
        expect(missing.json().code).toBe("VALIDATION_FAILED");
        const tooHigh = await platform.app.http.inject({
          method: "POST",
          url: `/api/v1/sections/${sectionId}/evaluation/reviews`,
          headers: token,
          payload: { reviews: [{ bidId: reviews[0]?.bidId, qualified: true, technical: 5001, commercial: 0 }] },
        });
        expect(tooHigh.json().code).toBe("VALIDATION_FAILED");
      }
      const submitted = await platform.app.http.inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/evaluation/reviews`,
        headers: token,
        payload: { reviews },
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
    }
    const chair = bearer(await platform.login(committee[0]?.username as string, FIXTURE_PASSWORD));
    const report = (await platform.app.http.inject({ method: "POST", url: `/api/v1/sections/${sectionId}/evaluation/report`, headers: chair })).json();
    expect(report.method).toBe("comprehensive");
    expect(report.basePrice.basePriceFen).toBe(5_000_000_000);
    const byBidder = Object.fromEntries(report.ranking.map((r: { bidderId: string }) => [r.bidderId, r]));
    // Price scores: 2% below → 40 − 2×0.5 = 39.00; at base → 40.00; 2% above → 40 − 2×1 = 38.00.
    expect(byBidder[bidders[0]?.uscc as string].price).toBe(3900);
    expect(byBidder[bidders[1]?.uscc as string].price).toBe(4000);
    expect(byBidder[bidders[2]?.uscc as string].price).toBe(3800);
    // Technical means: (4000+4100+3900+4000+1000)/5 = 3400; (4500+4500+4400+4600+4500)/5 = 4500.
    expect(byBidder[bidders[0]?.uscc as string].technical).toBe(3400);
    expect(byBidder[bidders[1]?.uscc as string]).toMatchObject({ technical: 4500, total: 4500 + 800 + 4000, rank: 1 });
    expect(report.candidates[0].bidderCode).toBe(bidders[1]?.uscc);
    expect(report.outliers).toContainEqual(expect.objectContaining({ expertId: String(committee[4]?.expertId), bidderId: bidders[0]?.uscc }));
    for (const member of committee) {
      const signed = await platform.app.http.inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/evaluation/report/signatures`,
        headers: bearer(await platform.login(member.username, FIXTURE_PASSWORD)),
        payload: { signature: signSm2(report.digest, member.keys.privateKey) },
      });
      expect(signed.statusCode, signed.body).toBe(200);
    }
    expect(
      (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/evaluation/report`, headers: bearer(await platform.login("tenderer")) })).json()
        .signatures,
    ).toBe(5);
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
