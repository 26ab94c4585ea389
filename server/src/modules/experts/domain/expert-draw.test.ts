import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  commitSeed,
  type DrawInput,
  type DrawResult,
  type DrawRules,
  type DrawSuccess,
  drawCommittee,
  drawInputDigest,
  type Expert,
  exclusionReasons,
  HmacDrbgSha256,
  newSeed,
  replaceExpert,
  uniformInt,
  verifyCommitment,
} from "./expert-draw.ts";

const fromHex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const seedOf = (label: string) => new Uint8Array(createHash("sha256").update(label).digest());

function ok(result: DrawResult): DrawSuccess {
  if (!result.ok) throw new Error(`expected a committee, got ${result.code}: ${result.message}`);
  return result;
}

const BIDDER_A = "91320100MA1AAAAAA1";
const BIDDER_B = "91320100MA1BBBBBB2";
const TENDERER = "12320000466000000X";

const expert = (id: string, extra: Partial<Expert> = {}): Expert => ({
  id,
  specialty: "A080101",
  kind: id.charCodeAt(id.length - 1) % 3 === 0 ? "economic" : "technical",
  region: "320100",
  available: true,
  ...extra,
});

/** 12 plain eligible experts, two more eligible edge cases, and one excluded expert per rule. */
const POOL: Expert[] = [
  ...Array.from({ length: 12 }, (_, i) => expert(`E${String(i + 1).padStart(2, "0")}`)),
  expert("R-REMOTE", { region: "320500" }),
  expert("P-EXPIRED", { punishedUntil: "2025-05-31" }),
  expert("X-UNAVAILABLE", { available: false }),
  expert("X-PUNISHED", { punishedUntil: "2025-12-31" }),
  expert("X-PUNISHED-TODAY", { punishedUntil: "2025-06-01" }),
  expert("X-SPECIALTY", { specialty: "B0201" }),
  expert("X-REGION", { region: "110000" }),
  expert("X-BIDDER-STAFF", { employerUscc: BIDDER_A }),
  expert("X-DECLARED", { avoidUsccs: ["91320000000000000Y", BIDDER_B.toLowerCase()] }),
  expert("X-TENDERER-STAFF", { employerUscc: TENDERER }),
  expert("X-SUPERVISOR", { departmentCode: "JS-ZJT" }),
  expert("X-SEVERAL", { available: false, employerUscc: BIDDER_B, region: "110000" }),
];

const RULES: DrawRules = {
  specialties: ["A08", "A09"],
  bidderUsccs: [BIDDER_A, BIDDER_B],
  tendererUscc: TENDERER,
  supervisingDepartment: "JS-ZJT",
  today: "2025-06-01",
  localRegion: "320100",
  remoteRegions: ["320500"],
};

const SEED = Uint8Array.from({ length: 48 }, (_, i) => i);
const INPUT: DrawInput = { seed: SEED, drawId: "ZB-2025-0001", pool: POOL, size: 5, rules: RULES };
const ELIGIBLE = 14;

describe("HMAC_DRBG (SHA-256) — NIST CAVP known answers", () => {
  // HMAC_DRBG.rsp (CAVS 14.3), [SHA-256], no prediction resistance, no reseed: instantiate, generate
  // 1024 bits twice, the second output is ReturnedBits.
  it("COUNT 0 without personalization, including the intermediate states", () => {
    const drbg = new HmacDrbgSha256(fromHex("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488"), fromHex("659ba96c601dc69fc902940805ec0ca8"));
    expect(drbg.debugState()).toEqual({
      v: "e75855f93b971ac468d200992e211960202d53cf08852ef86772d6490bfb53f9",
      key: "302a4aba78412ab36940f4be7b940a0c728542b8b81d95b801a57b3797f9dd6e",
    });
    drbg.generate(128);
    expect(drbg.debugState()).toEqual({
      v: "bfbdcf455d5c82acafc59f339ce57126ff70b67aef910fa25db7617818faeafe",
      key: "911bf7cbda4387a172a1a3daf6c9fa8e17c4bfef69cc7eff1341e7eef88d2811",
    });
    expect(hex(drbg.generate(128))).toBe(
      "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8",
    );
    expect(drbg.debugState()).toEqual({
      v: "6b94e773e3469353a1ca8face76b238c5919d62a150a7dfc589ffa11c30b5b94",
      key: "6dd2cd5b1edba4b620d195ce26ad6845b063211d11e591432de37a3ad793f66c",
    });
  });

  it("with a personalization string", () => {
    const drbg = new HmacDrbgSha256(
      fromHex("5cacc68165a2e2ee20812f35ec73a79dbf30fd475476ac0c44fc6174cdac2b55"),
      fromHex("6f885496c1e63af620becd9e71ecb824"),
      fromHex("e72dd8590d4ed5295515c35ed6199e9d211b8f069b3058caa6670b96ef1208d0"),
    );
    drbg.generate(128);
    expect(hex(drbg.generate(128))).toBe(
      "f1012cf543f94533df27fedfbf58e5b79a3dc517a9c402bdbfc9a0c0f721f9d53faf4aafdc4b8f7a1b580fcaa52338d4bd95f58966a243cdcd3f446ed4bc546d9f607b190dd69954450d16cd0e2d6437067d8b44d19a6af7a7cfa8794e5fbd728e8fb2f2e8db5dd4ff1aa275f35886098e80ff844886060da8b1e7137846b23b",
    );
  });

  it("with a personalization string and additional input", () => {
    const drbg = new HmacDrbgSha256(
      fromHex("5d3286bc53a258a53ba781e2c4dcd79a790e43bbe0e89fb3eed39086be34174b"),
      fromHex("c5422294b7318952ace7055ab7570abf"),
      fromHex("2dba094d008e150d51c4135bb2f03dcde9cbf3468a12908a1b025c120c985b9d"),
    );
    drbg.generate(128, fromHex("793a7ef8f6f0482beac542bb785c10f8b7b406a4de92667ab168ecc2cf7573c6"));
    expect(hex(drbg.generate(128, fromHex("2238cdb4e23d629fe0c2a83dd8d5144ce1a6229ef41dabe2a99ff722e510b530")))).toBe(
      "d04678198ae7e1aeb435b45291458ffde0891560748b43330eaf866b5a6385e74c6fa5a5a44bdb284d436e98d244018d6acedcdfa2e9f499d8089e4db86ae89a6ab2d19cb705e2f048f97fb597f04106a1fa6a1416ad3d859118e079a0c319eb95686f4cbcce3b5101c7a0b010ef029c4ef6d06cdfac97efb9773891688c37cf",
    );
  });

  it("refuses short entropy and oversized requests", () => {
    expect(() => new HmacDrbgSha256(new Uint8Array(31))).toThrow(RangeError);
    expect(() => new HmacDrbgSha256(new Uint8Array(32)).generate(65537)).toThrow(RangeError);
  });
});

describe("unbiased integer sampling", () => {
  /** A stand-in DRBG that returns scripted 32-bit words. */
  function scripted(words: number[]) {
    const queue = [...words];
    return {
      generate: () => {
        const word = queue.shift()!;
        return Uint8Array.of(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
      },
    } as unknown as HmacDrbgSha256;
  }

  it("rejects the words of the incomplete last block and keeps the rest", () => {
    // n = 3: 2^32 mod 3 = 1, so only 0xffffffff is rejected.
    const seen: number[] = [];
    expect(uniformInt(scripted([0xffffffff, 0xfffffffe]), 3, (w) => seen.push(w))).toBe(0xfffffffe % 3);
    expect(seen).toEqual([0xffffffff, 0xfffffffe]);
    // n = 2^31 + 1: words ≥ 2^31 + 1 are rejected (about half of them).
    expect(uniformInt(scripted([2 ** 31 + 1, 0xffffffff, 2 ** 31]), 2 ** 31 + 1)).toBe(2 ** 31);
    // n = 1 and n = 2^32 accept everything.
    expect(uniformInt(scripted([0xffffffff]), 1)).toBe(0);
    expect(uniformInt(scripted([0xffffffff]), 2 ** 32)).toBe(0xffffffff);
    expect(() => uniformInt(scripted([]), 0)).toThrow(RangeError);
  });

  it("is uniform: 20,000 draws of 1 from 10, each within ±5% of 2,000", () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const drbg = new HmacDrbgSha256(seedOf(`uniformity-${i}`), new Uint8Array(0), new TextEncoder().encode("ggzy-expert-drawU"));
      counts[uniformInt(drbg, 10)]!++;
    }
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThanOrEqual(100);
    // χ² with 9 degrees of freedom; 27.88 is the 0.1% critical value.
    const chiSquare = counts.reduce((sum, c) => sum + (c - 2000) ** 2 / 2000, 0);
    expect(chiSquare).toBeLessThan(27.88);
  });

  it("makes each eligible expert equally likely to sit on the committee", () => {
    const pool = Array.from({ length: 10 }, (_, i) => expert(`U${i}`));
    const counts = new Map<string, number>();
    const first = new Map<string, number>();
    const draws = 6000;
    for (let i = 0; i < draws; i++) {
      const result = ok(drawCommittee({ ...INPUT, pool, seed: seedOf(`committee-${i}`), drawId: `U-${i}` }));
      for (const m of result.members) counts.set(m.expertId, (counts.get(m.expertId) ?? 0) + 1);
      first.set(result.members[0]!.expertId, (first.get(result.members[0]!.expertId) ?? 0) + 1);
    }
    // 5 of 10: each expert sits on half the committees (3,000 ± 5%); each is first in a tenth (600 ± 15%).
    for (const e of pool) expect(Math.abs(counts.get(e.id)! - 3000)).toBeLessThanOrEqual(150);
    for (const e of pool) expect(Math.abs(first.get(e.id)! - 600)).toBeLessThanOrEqual(90);
  });
});

describe("seed commitment", () => {
  it("commits with SM3 and verifies only the committed seed", () => {
    const seed = newSeed();
    expect(seed.length).toBe(48);
    const commitment = commitSeed(seed);
    expect(commitment).toBe(createHash("sm3").update(seed).digest("hex"));
    expect(verifyCommitment(seed, commitment)).toBe(true);
    expect(verifyCommitment(seed, commitment.toUpperCase())).toBe(true);
    expect(verifyCommitment(newSeed(), commitment)).toBe(false);
    expect(verifyCommitment(seed, commitment.slice(2))).toBe(false);
    expect(verifyCommitment(seed, "zz".repeat(32))).toBe(false);
    expect(commitSeed(new TextEncoder().encode("abc"))).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  });
});

describe("drawCommittee", () => {
  it("reproduces the committee computed by an independent re-implementation of the documented procedure", () => {
    // Expected values from a from-scratch Python script (hmac/hashlib only) that follows the steps
    // in the expert-draw.ts header: eligible ids sorted, HMAC_DRBG(seed, "", "ggzy-expert-draw" + drawId),
    // rejection sampling on big-endian 32-bit words.
    const result = ok(drawCommittee(INPUT));
    expect(result.trace.eligible).toEqual(["E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08", "E09", "E10", "E11", "E12", "P-EXPIRED", "R-REMOTE"]);
    expect(result.members).toEqual([
      { expertId: "E09", order: 1 },
      { expertId: "E03", order: 2 },
      { expertId: "E11", order: 3 },
      { expertId: "E08", order: 4 },
      { expertId: "E01", order: 5 },
    ]);
    expect(result.trace.steps.map((s) => [s.candidates, s.samples, s.index])).toEqual([
      [14, [1255544928], 8],
      [13, [2612068695], 2],
      [12, [2261194400], 8],
      [11, [3863825774], 6],
      [10, [348945740], 0],
    ]);
    expect(result.trace.personalization).toBe("ggzy-expert-drawZB-2025-0001");
    expect(result.trace.commitment).toBe(commitSeed(SEED));
    expect(result.trace.inputDigest).toBe(drawInputDigest(INPUT));
    expect(result.trace.generateCalls).toBe(5);
  });

  it("same seed → same committee, whatever order the pool snapshot comes in", () => {
    const a = ok(drawCommittee(INPUT));
    expect(drawCommittee({ ...INPUT })).toEqual(a);
    fc.assert(
      fc.property(fc.shuffledSubarray(POOL, { minLength: POOL.length, maxLength: POOL.length }), (shuffled) => {
        const b = ok(drawCommittee({ ...INPUT, pool: shuffled }));
        expect(b.members).toEqual(a.members);
        expect(b.excluded).toEqual(a.excluded);
        expect(b.trace).toEqual(a.trace);
      }),
      { numRuns: 50 },
    );
  });

  it("different seed or draw id → (almost always) a different committee", () => {
    const committees = new Set<string>();
    for (let i = 0; i < 30; i++) committees.add(JSON.stringify(ok(drawCommittee({ ...INPUT, seed: seedOf(`seed-${i}`) })).members));
    for (let i = 0; i < 30; i++) committees.add(JSON.stringify(ok(drawCommittee({ ...INPUT, drawId: `ZB-2025-${1000 + i}` })).members));
    // 14·13·12·11·10 = 240,240 ordered committees: 60 draws collide with probability < 1%.
    expect(committees.size).toBeGreaterThanOrEqual(59);
  });

  it("excludes each avoidance case with the right reason, and never draws an excluded expert", () => {
    const result = ok(drawCommittee(INPUT));
    expect(Object.fromEntries(result.excluded.map((e) => [e.expertId, e.reasons]))).toEqual({
      "X-BIDDER-STAFF": ["EMPLOYED_BY_BIDDER"],
      "X-DECLARED": ["DECLARED_AVOIDANCE"],
      "X-PUNISHED": ["PUNISHED"],
      "X-PUNISHED-TODAY": ["PUNISHED"],
      "X-REGION": ["REGION"],
      "X-SEVERAL": ["UNAVAILABLE", "REGION", "EMPLOYED_BY_BIDDER"],
      "X-SPECIALTY": ["SPECIALTY"],
      "X-SUPERVISOR": ["SUPERVISING_DEPARTMENT"],
      "X-TENDERER-STAFF": ["EMPLOYED_BY_TENDERER"],
      "X-UNAVAILABLE": ["UNAVAILABLE"],
    });
    expect(result.excluded.find((e) => e.expertId === "X-SEVERAL")!.reason).toBe("UNAVAILABLE");
    expect(result.trace.eligible).toHaveLength(ELIGIBLE);
    // Over many seeds, only eligible experts are ever drawn — and the edge cases are drawn sometimes.
    const drawn = new Set<string>();
    for (let i = 0; i < 300; i++) for (const m of ok(drawCommittee({ ...INPUT, seed: seedOf(`excl-${i}`) })).members) drawn.add(m.expertId);
    expect([...drawn].sort()).toEqual(result.trace.eligible);
  });

  it("applies each rule on its own", () => {
    const rules = { ...RULES, bidderUsccs: [BIDDER_A] };
    expect(exclusionReasons(expert("a", { employerUscc: ` ${BIDDER_A.toLowerCase()} ` }), rules)).toEqual(["EMPLOYED_BY_BIDDER"]);
    expect(exclusionReasons(expert("b", { avoidUsccs: [TENDERER] }), rules)).toEqual(["DECLARED_AVOIDANCE"]);
    expect(exclusionReasons(expert("c", { specialty: "A0" }), rules)).toEqual(["SPECIALTY"]); // shorter than the rule's prefix
    expect(exclusionReasons(expert("d", { specialty: "A09" }), rules)).toEqual([]);
    expect(exclusionReasons(expert("e", { region: "320500" }), { ...rules, remoteRegions: undefined })).toEqual(["REGION"]);
    expect(exclusionReasons(expert("f", { departmentCode: "OTHER" }), rules)).toEqual([]);
    expect(exclusionReasons(expert("g", { departmentCode: "JS-ZJT" }), { ...rules, supervisingDepartment: undefined })).toEqual([]);
    expect(exclusionReasons(expert("h", { employerUscc: TENDERER }), { ...rules, tendererUscc: undefined })).toEqual([]);
    expect(exclusionReasons(expert("i", { punishedUntil: "2025-06-02" }), rules)).toEqual(["PUNISHED"]);
    expect(exclusionReasons(expert("j", { punishedUntil: "2024-12-31" }), rules)).toEqual([]);
  });

  it("accepts committees of 5 and 7 (and 9, 11) and refuses 4, 6, 3, 5.5", () => {
    for (const size of [5, 7]) expect(ok(drawCommittee({ ...INPUT, size })).members).toHaveLength(size);
    for (const size of [9, 11]) expect(ok(drawCommittee({ ...INPUT, size })).members).toHaveLength(size);
    for (const size of [4, 6, 3, 1, 0, -5, 5.5, Number.NaN]) {
      const result = drawCommittee({ ...INPUT, size });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.code).toBe("INVALID_SIZE");
    }
  });

  it("lets tenderer representatives fill at most a third of the seats (法37: experts ≥ 2/3)", () => {
    const cases: [size: number, reps: number, allowed: boolean][] = [
      [5, 0, true],
      [5, 1, true], // 4 of 5 experts ≥ 3.33
      [5, 2, false], // 3 of 5 < 2/3
      [7, 2, true], // 5 of 7 ≥ 4.67
      [7, 3, false],
      [9, 3, true], // exactly 2/3
      [9, 4, false],
    ];
    for (const [size, reps, allowed] of cases) {
      const result = drawCommittee({ ...INPUT, size, tendererRepresentatives: reps });
      if (allowed) {
        const success = ok(result);
        expect(success.members).toHaveLength(size - reps);
        expect(success.trace.expertSeats).toBe(size - reps);
        expect(success.trace.tendererRepresentatives).toBe(reps);
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.code).toBe("TOO_MANY_REPRESENTATIVES");
      }
    }
    // A stricter local rule (all seats experts) is allowed; a looser one is not.
    const strict = drawCommittee({ ...INPUT, tendererRepresentatives: 1, rules: { ...RULES, minTechnicalEconomicShare: 1 } });
    expect(strict.ok || strict.code).toBe("TOO_MANY_REPRESENTATIVES");
    const loose = drawCommittee({ ...INPUT, rules: { ...RULES, minTechnicalEconomicShare: 0.5 } });
    expect(loose.ok || loose.code).toBe("INVALID_INPUT");
    expect(drawCommittee({ ...INPUT, tendererRepresentatives: -1 }).ok).toBe(false);
  });

  it("fails with INSUFFICIENT_POOL and the counts by reason when too few experts are eligible", () => {
    const result = drawCommittee({ ...INPUT, size: 15 });
    expect(result).toMatchObject({
      ok: false,
      code: "INSUFFICIENT_POOL",
      needed: 1,
      eligible: ELIGIBLE,
      declined: 0,
      excludedBy: {
        UNAVAILABLE: 2,
        PUNISHED: 2,
        SPECIALTY: 1,
        REGION: 1,
        EMPLOYED_BY_BIDDER: 1,
        DECLARED_AVOIDANCE: 1,
        EMPLOYED_BY_TENDERER: 1,
        SUPERVISING_DEPARTMENT: 1,
      },
    });
    // 15 seats with 1 representative fit exactly.
    expect(ok(drawCommittee({ ...INPUT, size: 15, tendererRepresentatives: 1 })).trace.steps).toHaveLength(14);
    expect(drawCommittee({ ...INPUT, pool: [] })).toMatchObject({ ok: false, code: "INSUFFICIENT_POOL", needed: 5, eligible: 0 });
  });

  it("refuses malformed input", () => {
    const codeOf = (input: DrawInput) => {
      const result = drawCommittee(input);
      return result.ok ? "ok" : result.code;
    };
    expect(codeOf({ ...INPUT, seed: new Uint8Array(16) })).toBe("INVALID_INPUT");
    expect(codeOf({ ...INPUT, drawId: "" })).toBe("INVALID_INPUT");
    expect(codeOf({ ...INPUT, pool: [...POOL, expert("E01")] })).toBe("INVALID_INPUT");
    expect(codeOf({ ...INPUT, pool: [...POOL, expert("Z", { punishedUntil: "2025/01/01" })] })).toBe("INVALID_INPUT");
    expect(codeOf({ ...INPUT, rules: { ...RULES, today: "1 June 2025" } })).toBe("INVALID_INPUT");
    expect(codeOf({ ...INPUT, rules: { ...RULES, specialties: [] } })).toBe("INVALID_INPUT");
    expect(codeOf({ ...INPUT, rules: { ...RULES, specialties: [""] } })).toBe("INVALID_INPUT");
    expect(codeOf({ ...INPUT, rules: { ...RULES, localRegion: "" } })).toBe("INVALID_INPUT");
  });

  it("binds the input digest to the pool and rules but not to the pool's order", () => {
    const digest = drawInputDigest(INPUT);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(drawInputDigest({ ...INPUT, pool: [...POOL].reverse() })).toBe(digest);
    expect(drawInputDigest({ ...INPUT, pool: POOL.slice(1) })).not.toBe(digest);
    expect(drawInputDigest({ ...INPUT, pool: POOL.map((e) => (e.id === "E05" ? { ...e, available: false } : e)) })).not.toBe(digest);
    expect(drawInputDigest({ ...INPUT, rules: { ...RULES, today: "2025-06-02" } })).not.toBe(digest);
    expect(drawInputDigest({ ...INPUT, drawId: "other" })).not.toBe(digest);
    expect(drawInputDigest({ ...INPUT, tendererRepresentatives: 1 })).not.toBe(digest);
  });
});

describe("replacements", () => {
  it("continue the same DRBG stream, matching the independent re-implementation", () => {
    const first = ok(drawCommittee(INPUT));
    const second = ok(replaceExpert(first, "E03", INPUT));
    expect(second.members).toEqual([
      { expertId: "E09", order: 1 },
      { expertId: "E11", order: 3 },
      { expertId: "E08", order: 4 },
      { expertId: "E01", order: 5 },
      { expertId: "E05", order: 6 },
    ]);
    expect(second.declined).toEqual([{ expertId: "E03", order: 2, replacedBy: "E05" }]);
    const third = ok(replaceExpert(second, "E05", INPUT));
    expect(third.members.map((m) => [m.expertId, m.order])).toEqual([
      ["E09", 1],
      ["E11", 3],
      ["E08", 4],
      ["E01", 5],
      ["E04", 7],
    ]);
    expect(third.trace.steps.slice(5)).toEqual([
      { order: 6, candidates: 9, samples: [1501830398], index: 2, expertId: "E05", replaces: "E03" },
      { order: 7, candidates: 8, samples: [2167305985], index: 1, expertId: "E04", replaces: "E05" },
    ]);
    // The initial draws are untouched: the replacements only extend the sequence.
    expect(third.trace.steps.slice(0, 5)).toEqual(first.trace.steps);
    expect(third.trace.generateCalls).toBe(7);
  });

  it("are reproduced by a re-run from the seed with the recorded declines", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(4), { maxLength: 9 }), fc.string({ minLength: 1, maxLength: 12 }), (declineSeats, drawId) => {
        const input = { ...INPUT, drawId };
        let current = ok(drawCommittee(input));
        for (const seat of declineSeats) {
          const next = replaceExpert(current, current.members[seat]!.expertId, input);
          if (!next.ok) {
            expect(next.code).toBe("INSUFFICIENT_POOL");
            return;
          }
          expect(next.members).toHaveLength(5);
          expect(new Set(next.members.map((m) => m.expertId)).size).toBe(5);
          // A member who declined never comes back.
          for (const d of next.declined) expect(next.members.some((m) => m.expertId === d.expertId)).toBe(false);
          current = next;
        }
        expect(drawCommittee({ ...input, declined: current.declined.map((d) => d.expertId) })).toEqual(current);
      }),
      { numRuns: 100 },
    );
  });

  it("refuse non-members, a different seed or pool, and an exhausted pool", () => {
    const first = ok(drawCommittee(INPUT));
    expect(replaceExpert(first, "E99", INPUT)).toMatchObject({ ok: false, code: "NOT_A_MEMBER" });
    expect(drawCommittee({ ...INPUT, declined: ["X-REGION"] })).toMatchObject({ ok: false, code: "NOT_A_MEMBER" });
    expect(replaceExpert(first, "E03", { ...INPUT, seed: seedOf("other") })).toMatchObject({ ok: false, code: "PREVIOUS_MISMATCH" });
    expect(replaceExpert(first, "E03", { ...INPUT, pool: POOL.slice(1) })).toMatchObject({ ok: false, code: "PREVIOUS_MISMATCH" });
    // 14 eligible, 5 seats: nine declines use up the pool, the tenth cannot be replaced.
    let current = first;
    for (let i = 0; i < 9; i++) current = ok(replaceExpert(current, current.members[0]!.expertId, INPUT));
    expect(replaceExpert(current, current.members[0]!.expertId, INPUT)).toMatchObject({
      ok: false,
      code: "INSUFFICIENT_POOL",
      needed: 1,
      declined: 10,
    });
  });
});
