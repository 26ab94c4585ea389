import { describe, expect, it } from "vitest";
import { SR028, SR029, SR032, SR033, SR034, SR036, SR037, SR038, SR039 } from "./collusion-rules.ts";
import { DEFAULT_RULE_PARAMS, type SectionFacts } from "./rule-types.ts";
import { bidOf, cleanSection, U } from "./test-fixtures.ts";

const M = 1_000_000;
const withFacts = (change: (f: SectionFacts) => void): SectionFacts => {
  const f = cleanSection();
  change(f);
  return f;
};

describe("条例40 record checks", () => {
  it("one finding per shared value, naming every bidder that shares it", () => {
    const f = withFacts((x) => {
      const a = bidOf(x, U.A).fingerprint.ip;
      bidOf(x, U.B).fingerprint.ip = a;
      bidOf(x, U.C).fingerprint.uploadIp = a;
      bidOf(x, U.B).fingerprint.uploadIp = "198.51.100.9";
      bidOf(x, U.D).fingerprint.ip = " 198.51.100.9";
    });
    const found = SR028.evaluate(f);
    expect(found.map((x) => x.evidence)).toEqual([
      { ip: "198.51.100.9", bidders: [U.B, U.D].sort() },
      { ip: "203.0.113.2", bidders: [U.A, U.B, U.C].sort() },
    ]);
    expect(found[1]!.subjects).toEqual([U.A, U.B, U.C].sort());
  });

  it("a private address reported by the bidder's machine identifies nobody; the observed upload address does", () => {
    const f = withFacts((x) => {
      for (const b of x.bids) b.fingerprint.ip = "192.168.1.100";
    });
    expect(SR028.evaluate(f)).toEqual([]);
    bidOf(f, U.C).fingerprint.uploadIp = "192.168.1.100";
    bidOf(f, U.D).fingerprint.uploadIp = "192.168.1.100";
    expect(SR028.evaluate(f).map((x) => x.subjects)).toEqual([[U.C, U.D]]);
  });

  it("replaced or withdrawn bids do not count", () => {
    const f = withFacts((x) => {
      bidOf(x, U.B).fingerprint.mac = bidOf(x, U.A).fingerprint.mac;
      bidOf(x, U.B).status = "withdrawn";
    });
    expect(SR029.evaluate(f)).toEqual([]);
  });

  it("placeholder values identify nobody (null MAC, default author names)", () => {
    const f = withFacts((x) => {
      for (const b of x.bids) {
        b.fingerprint.mac = "00-00-00-00-00-00";
        b.fingerprint.author = "Administrator";
      }
    });
    expect(SR029.evaluate(f)).toEqual([]);
    expect(SR033.evaluate(f)).toEqual([]);
  });

  it("the same file under either hash (MD5 or SM3)", () => {
    const md5 = withFacts((x) => (bidOf(x, U.C).fingerprint.fileMd5 = bidOf(x, U.A).fingerprint.fileMd5!.toUpperCase()));
    expect(SR032.evaluate(md5)[0]!.evidence.hash).toMatch(/^md5:/);
  });

  it("bond accounts: only transfers; formatting ignored", () => {
    const f = withFacts((x) => (x.bonds[3]!.payerAccountNo = " 6222000000000001 "));
    expect(SR034.evaluate(f)[0]!.subjects).toEqual([U.A, U.D].sort());
    f.bonds[3]!.form = "guarantee";
    expect(SR034.evaluate(f)).toEqual([]);
  });

  it("the same operator in a registration and another bidder's bid", () => {
    const f = withFacts((x) => (x.registrations[3]!.operator = bidOf(x, U.B).operator));
    expect(SR036.evaluate(f)[0]!.evidence).toEqual({ operator: "operator-2", bidders: [U.B, U.D].sort() });
  });
});

describe("price rules", () => {
  it("SR037 identical prices, not when the tenderer fixes the price", () => {
    const f = withFacts((x) => (bidOf(x, U.D).priceFen = bidOf(x, U.B).priceFen));
    expect(SR037.evaluate(f)[0]!.evidence).toMatchObject({ priceFen: 452 * M, bidders: [U.B, U.D].sort(), identicalPricePairs: 1 });
    f.section.fixedPrice = true;
    expect(SR037.evaluate(f)).toEqual([]);
  });

  it("SR038 regular steps need 3 bids and equal gaps within 0.1% of the lowest bid", () => {
    const f = withFacts((x) => {
      bidOf(x, U.B).priceFen = 450 * M;
      bidOf(x, U.C).priceFen = 470 * M;
      bidOf(x, U.D).priceFen = 490 * M + 400_000; // 4000 yuan off: within 0.1% of 430万 (4300 yuan)
    });
    expect(SR038.evaluate(f)[0]!.evidence.steps).toEqual([20 * M, 20 * M, 20 * M + 400_000]);
    bidOf(f, U.D).priceFen = 490 * M + 500_000;
    expect(SR038.evaluate(f)).toEqual([]);
  });

  it("SR039 reports the screens behind the risk, and leaves out rejected bids", () => {
    const f = withFacts((x) => {
      bidOf(x, U.B).priceFen = 470 * M;
      bidOf(x, U.C).priceFen = 472 * M;
      bidOf(x, U.D).priceFen = 474 * M;
    });
    const [found] = SR039.evaluate(f);
    expect(found!.evidence).toMatchObject({ n: 4, flags: expect.arrayContaining(["HIGH_DIFFP", "HIGH_RD"]) });
    expect(found!.evidence.risk as number).toBeGreaterThan(0.5);
    expect(SR039.evaluate(f, { ...DEFAULT_RULE_PARAMS, collusionRiskMin: 0.9 })).toEqual([]);
    bidOf(f, U.D).rejected = true; // 430, 470, 472 remain: risk ≈ 0.46
    expect(SR039.evaluate(f)).toEqual([]);
    expect(SR039.evaluate(f, { ...DEFAULT_RULE_PARAMS, collusionRiskMin: 0.4 }).map((x) => x.evidence.n)).toEqual([3]);
  });
});
