import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combine, gfInv, gfMul, interpolateAt, ShamirError, type Share, split } from "./shamir.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** A deterministic "random" source that hands out the given bytes. */
function fixedRandom(bytes: Uint8Array) {
  return (size: number) => {
    expect(size).toBe(bytes.length);
    return Uint8Array.from(bytes);
  };
}

/** All k-element subsets of `items`. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [head, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [head!, ...s]), ...subsets(rest, k)];
}

describe("GF(2^8) arithmetic (AES polynomial 0x11b)", () => {
  it("matches the FIPS-197 worked examples", () => {
    // FIPS-197 §4.2: {57} • {83} = {c1}; §4.2.1: {57} • {13} = {fe}.
    expect(gfMul(0x57, 0x83)).toBe(0xc1);
    expect(gfMul(0x57, 0x13)).toBe(0xfe);
    // The classic inverse example: {53}^-1 = {ca}.
    expect(gfInv(0x53)).toBe(0xca);
  });

  it("is a field: every non-zero element has an inverse, multiplication commutes", () => {
    for (let a = 1; a < 256; a++) expect(gfMul(a, gfInv(a))).toBe(1);
    expect(gfInv(0)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b, c) => {
        expect(gfMul(a, b)).toBe(gfMul(b, a));
        expect(gfMul(a, b ^ c)).toBe(gfMul(a, b) ^ gfMul(a, c));
        expect(gfMul(gfMul(a, b), c)).toBe(gfMul(a, gfMul(b, c)));
      }),
    );
  });
});

describe("Shamir secret sharing", () => {
  it("reproduces shares computed by an independent reference implementation", () => {
    // Expected values from a separate schoolbook implementation in Python (bitwise GF(2^8)
    // multiply mod 0x11b, f(x) evaluated as Σ a_j·x^j), secret "ggzy", k = 3, n = 5, coefficients
    // 0x10, 0x11, … laid out as documented in shamir.ts.
    const coefficients = Uint8Array.from({ length: 8 }, (_, i) => 0x10 + i);
    const shares = split(new TextEncoder().encode("ggzy"), 5, 3, fixedRandom(coefficients));
    expect(shares.map((s) => [s.x, hex(s.y)])).toEqual([
      [1, "66667b78"],
      [2, "030f0609"],
      [3, "020e0708"],
      [4, "2c04614a"],
      [5, "2d05604b"],
    ]);
    expect(new TextDecoder().decode(combine([shares[4]!, shares[1]!, shares[2]!]))).toBe("ggzy");
  });

  it("reconstructs from every subset of k of the n shares, and not from k − 1", () => {
    const secret = Uint8Array.from(Buffer.from("a 32-byte data key for bid 0042!"));
    for (const [n, k] of [
      [3, 2],
      [5, 3],
      [6, 6],
    ] as const) {
      const shares = split(secret, n, k);
      expect(shares.map((s) => s.x)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      for (const subset of subsets(shares, k)) expect(hex(combine(subset))).toBe(hex(secret));
      for (const subset of subsets(shares, k + 1 <= n ? k + 1 : k)) expect(hex(combine(subset))).toBe(hex(secret));
      if (k - 1 >= 2) for (const subset of subsets(shares, k - 1)) expect(hex(combine(subset))).not.toBe(hex(secret));
    }
  });

  it("round-trips arbitrary secrets, parameters and share orders (property)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 2, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 2, max: n }))),
        fc.infiniteStream(fc.nat()),
        (secret, [n, k], picks) => {
          const shares = split(secret, n, k);
          const pool = [...shares];
          const chosen: Share[] = [];
          const it = picks[Symbol.iterator]();
          while (chosen.length < k) chosen.push(pool.splice(it.next().value % pool.length, 1)[0]!);
          expect(hex(combine(chosen))).toBe(hex(secret));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("works with the largest parameters (n = k = 255)", () => {
    const secret = Uint8Array.from([0, 1, 2, 254, 255]);
    const shares = split(secret, 255, 255);
    expect(hex(combine(shares))).toBe(hex(secret));
    expect(hex(combine(shares.slice(0, 254)))).not.toBe(hex(secret));
  });

  it("refuses bad parameters and bad share sets", () => {
    const secret = Uint8Array.from([1, 2, 3]);
    expect(() => split(secret, 3, 1)).toThrow(ShamirError);
    expect(() => split(secret, 3, 4)).toThrow(ShamirError);
    expect(() => split(secret, 256, 2)).toThrow(ShamirError);
    expect(() => split(secret, 3.5, 2)).toThrow(ShamirError);
    expect(() => split(new Uint8Array(0), 3, 2)).toThrow(ShamirError);
    expect(() => split(secret, 3, 2, () => new Uint8Array(1))).toThrow(ShamirError);
    const shares = split(secret, 3, 2);
    expect(() => combine([shares[0]!])).toThrow(ShamirError);
    expect(() => combine([shares[0]!, { ...shares[0]!, y: shares[1]!.y }])).toThrow(/duplicate/);
    expect(() => combine([shares[0]!, { x: 0, y: shares[1]!.y }])).toThrow(ShamirError);
    expect(() => combine([shares[0]!, { x: 256, y: shares[1]!.y }])).toThrow(ShamirError);
    expect(() => combine([shares[0]!, { x: 2, y: shares[1]!.y.subarray(1) }])).toThrow(/lengths/);
  });

  it("does not let the random source's buffer keep the coefficients", () => {
    const buffer = new Uint8Array(4).fill(0xaa);
    split(Uint8Array.from([7, 7]), 3, 3, () => buffer);
    expect([...buffer]).toEqual([0, 0, 0, 0]);
  });
});

describe("Shamir hiding: k − 1 shares say nothing about the secret", () => {
  it("constructively: for any other secret there is a full sharing with the same k − 1 shares", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 32 }).chain((a) => fc.tuple(fc.constant(a), fc.uint8Array({ minLength: a.length, maxLength: a.length }))),
        fc.integer({ min: 2, max: 7 }).chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: k, max: 9 }))),
        ([secretA, secretB], [k, n]) => {
          const sharesA = split(secretA, n, k);
          const seen = sharesA.slice(0, k - 1); // what a coalition of k − 1 custodians holds
          // The polynomial through the seen shares and (0, secretB) has degree ≤ k − 1: a valid
          // sharing of secretB. Extend it to all n points.
          const anchor = [...seen, { x: 0, y: secretB }];
          const sharesB: Share[] = [];
          for (let x = 1; x <= n; x++) sharesB.push(x <= k - 1 ? seen[x - 1]! : { x, y: interpolatePoints(anchor, x) });
          // Same k − 1 shares as the sharing of A …
          for (let i = 0; i < k - 1; i++) expect(hex(sharesB[i]!.y)).toBe(hex(sharesA[i]!.y));
          // … yet every k of the B sharing reconstruct B.
          for (const subset of subsets(sharesB, k).slice(0, 20)) expect(hex(combine(subset))).toBe(hex(secretB));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("exhaustively (k = 2): one share is uniformly distributed whatever the secret", () => {
    // Over all 256 choices of the random coefficient, the share at x = 7 takes every value exactly
    // once — for secret 0x00 and for secret 0xff alike. So its distribution does not depend on the secret.
    for (const secret of [0x00, 0x5a, 0xff]) {
      const counts = new Map<number, number>();
      for (let a1 = 0; a1 < 256; a1++) {
        const share = split(Uint8Array.of(secret), 7, 2, fixedRandom(Uint8Array.of(a1)))[6]!;
        counts.set(share.y[0]!, (counts.get(share.y[0]!) ?? 0) + 1);
      }
      expect(counts.size).toBe(256);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
    }
  });

  it("exhaustively (k = 3): any two shares are uniformly distributed whatever the secret", () => {
    // Over all 65,536 coefficient pairs (a1, a2), the pair of shares at x = 2 and x = 5 takes each of
    // the 65,536 possible values exactly once, for two different secrets.
    for (const secret of [0x00, 0xc3]) {
      const seen = new Uint8Array(65536);
      for (let a = 0; a < 65536; a++) {
        const shares = split(Uint8Array.of(secret), 5, 3, fixedRandom(Uint8Array.of(a & 0xff, a >> 8)));
        seen[(shares[1]!.y[0]! << 8) | shares[4]!.y[0]!]!++;
      }
      expect(seen.every((c) => c === 1)).toBe(true);
    }
  });
});

/** Lagrange interpolation that allows x = 0 among the points (the secret's own point). */
function interpolatePoints(points: readonly { x: number; y: Uint8Array }[], x: number): Uint8Array {
  const out = new Uint8Array(points[0]!.y.length);
  for (const [i, p] of points.entries()) {
    let basis = 1;
    for (const [j, q] of points.entries()) if (j !== i) basis = gfMul(basis, gfMul(x ^ q.x, gfInv(p.x ^ q.x)));
    for (let b = 0; b < out.length; b++) out[b] = out[b]! ^ gfMul(basis, p.y[b]!);
  }
  return out;
}

// interpolateAt is the library's own; check it agrees with the independent helper above.
describe("interpolateAt", () => {
  it("agrees with a plain Lagrange evaluation and returns the shares at their own points", () => {
    const shares = split(Uint8Array.from([9, 8, 7]), 6, 4);
    const four = shares.slice(0, 4);
    for (const share of shares) expect(hex(interpolateAt(four, share.x))).toBe(hex(share.y));
    for (let x = 0; x < 256; x += 17) expect(hex(interpolateAt(four, x))).toBe(hex(interpolatePoints(four, x)));
  });
});
