import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  consistencyProof,
  EMPTY_ROOT,
  fromHex,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  nodeHash,
  rootFromLeafHashes,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from "./merkle.ts";

// ---------------------------------------------------------------------------
// Reference implementation: the recursive definitions of RFC 9162 §2.1 written
// literally (array slices and all), used to cross-check the iterative code.
// ---------------------------------------------------------------------------

function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

function refMTH(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return EMPTY_ROOT;
  if (d.length === 1) return d[0] as Uint8Array;
  const s = k(d.length);
  return nodeHash(refMTH(d.slice(0, s)), refMTH(d.slice(s)));
}

function refPATH(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s ? [...refPATH(m, d.slice(0, s)), refMTH(d.slice(s))] : [...refPATH(m - s, d.slice(s)), refMTH(d.slice(0, s))];
}

function refSUBPROOF(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [refMTH(d)];
  const s = k(d.length);
  return m <= s ? [...refSUBPROOF(m, d.slice(0, s), b), refMTH(d.slice(s))] : [...refSUBPROOF(m - s, d.slice(s), false), refMTH(d.slice(0, s))];
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/** RFC 6962 test leaves used by certificate-transparency / trillian / transparency-dev. */
const VECTOR_LEAF_DATA = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
const VECTOR_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const VECTOR_LEAVES = VECTOR_LEAF_DATA.map((h) => leafHash(fromHex(h)));

/** Published inclusion proofs (transparency-dev/merkle proof/verify_test.go). */
const VECTOR_INCLUSION: { index: number; size: number; proof: string[] }[] = [
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    index: 1,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
  { index: 0, size: 1, proof: [] },
];

/** Published consistency proofs (transparency-dev/merkle proof/verify_test.go). */
const VECTOR_CONSISTENCY: { first: number; second: number; proof: string[] }[] = [
  { first: 1, second: 1, proof: [] },
  {
    first: 1,
    second: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    first: 2,
    second: 5,
    proof: ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
  },
  {
    first: 6,
    second: 7,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
];

/** 1000 distinct leaf hashes. */
const LEAVES = Array.from({ length: 1000 }, (_, i) => leafHash(new TextEncoder().encode(`audit-entry-${i}`)));
const ROOTS = (() => {
  const f = MerkleFrontier.empty();
  const roots = [f.root()];
  for (const l of LEAVES) {
    f.append(l);
    roots.push(f.root());
  }
  return roots;
})();
const rootOf = (n: number): Uint8Array => ROOTS[n] as Uint8Array;

const hexes = (a: Uint8Array[]): string[] => a.map(toHex);

function flipBit(proof: Uint8Array[], i: number, bit: number): Uint8Array[] {
  const out = proof.map((p) => Uint8Array.from(p));
  const el = out[i] as Uint8Array;
  const byte = Math.floor(bit / 8) % el.length;
  el[byte] = (el[byte] as number) ^ (1 << (bit % 8));
  return out;
}

const SOME_HASH = fromHex("abacaba000000000000000000000000000000000000000000060061e00123456");

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe("hashing primitives", () => {
  it("EMPTY_ROOT is SHA-256 of the empty string", () => {
    expect(toHex(EMPTY_ROOT)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(toHex(rootFromLeafHashes([]))).toBe(toHex(EMPTY_ROOT));
    expect(toHex(MerkleFrontier.empty().root())).toBe(toHex(EMPTY_ROOT));
  });

  it("leafHash and nodeHash use domain-separation prefixes 0x00 / 0x01", () => {
    // leafHash("") = SHA-256(0x00) is the size-1 RFC 6962 test root.
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(VECTOR_ROOTS[0]);
    const a = LEAVES[0] as Uint8Array;
    const b = LEAVES[1] as Uint8Array;
    expect(toHex(nodeHash(a, b))).not.toBe(toHex(leafHash(Uint8Array.from([...a, ...b]))));
    expect(toHex(nodeHash(a, b))).not.toBe(toHex(nodeHash(b, a)));
  });

  it("hex helpers round-trip and reject malformed input", () => {
    expect(toHex(fromHex("00ff10AB"))).toBe("00ff10ab");
    expect(toHex(new Uint8Array(0))).toBe("");
    expect(() => fromHex("abc")).toThrow(TypeError);
    expect(() => fromHex("zz")).toThrow(TypeError);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => toHex(fromHex(toHex(b))) === toHex(b)));
  });
});

describe("RFC 6962 test vectors", () => {
  it("roots for sizes 1..8", () => {
    for (let n = 1; n <= 8; n++) {
      expect(toHex(rootFromLeafHashes(VECTOR_LEAVES.slice(0, n))), `size ${n}`).toBe(VECTOR_ROOTS[n - 1]);
    }
  });

  it("frontier roots for sizes 1..8", () => {
    const f = MerkleFrontier.empty();
    for (let n = 1; n <= 8; n++) {
      f.append(VECTOR_LEAVES[n - 1] as Uint8Array);
      expect(toHex(f.root()), `size ${n}`).toBe(VECTOR_ROOTS[n - 1]);
    }
  });

  it.each(VECTOR_INCLUSION)("inclusion proof index=$index size=$size", ({ index, size, proof }) => {
    const got = inclusionProof(VECTOR_LEAVES, index, size);
    expect(hexes(got)).toEqual(proof);
    const root = fromHex(VECTOR_ROOTS[size - 1] as string);
    expect(verifyInclusion(VECTOR_LEAVES[index] as Uint8Array, index, size, proof.map(fromHex), root)).toBe(true);
  });

  it.each(VECTOR_CONSISTENCY)("consistency proof $first -> $second", ({ first, second, proof }) => {
    expect(hexes(consistencyProof(VECTOR_LEAVES, first, second))).toEqual(proof);
    const r1 = fromHex(VECTOR_ROOTS[first - 1] as string);
    const r2 = fromHex(VECTOR_ROOTS[second - 1] as string);
    expect(verifyConsistency(first, second, r1, r2, proof.map(fromHex))).toBe(true);
  });
});

describe("rootFromLeafHashes", () => {
  it("matches the recursive RFC definition for sizes 0..130", () => {
    for (let n = 0; n <= 130; n++) {
      expect(toHex(rootFromLeafHashes(LEAVES.slice(0, n))), `size ${n}`).toBe(toHex(refMTH(LEAVES.slice(0, n))));
    }
  });

  it("returns a fresh array for a single-leaf tree", () => {
    const leaf = Uint8Array.from(LEAVES[0] as Uint8Array);
    const root = rootFromLeafHashes([leaf]);
    expect(toHex(root)).toBe(toHex(leaf));
    root[0] = (root[0] as number) ^ 1;
    expect(toHex(leaf)).toBe(toHex(LEAVES[0] as Uint8Array));
  });

  it("rejects leaves that are not 32-byte hashes", () => {
    expect(() => rootFromLeafHashes([new Uint8Array(31)])).toThrow(TypeError);
  });
});

describe("inclusion proofs", () => {
  it("every (index, size) for sizes 1..64 matches the RFC PATH and verifies", () => {
    for (let n = 1; n <= 64; n++) {
      const d = LEAVES.slice(0, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(LEAVES, i, n);
        expect(hexes(proof)).toEqual(hexes(refPATH(i, d)));
        expect(verifyInclusion(LEAVES[i] as Uint8Array, i, n, proof, rootOf(n)), `${i}/${n}`).toBe(true);
      }
    }
  });

  it("detects tampering for every (index, size) with sizes 1..64", () => {
    for (let n = 1; n <= 64; n++) {
      const root = rootOf(n);
      for (let i = 0; i < n; i++) {
        const leaf = LEAVES[i] as Uint8Array;
        const proof = inclusionProof(LEAVES, i, n);
        const bad = (l: Uint8Array, idx: number, size: number, p: Uint8Array[], r: Uint8Array) =>
          expect(verifyInclusion(l, idx, size, p, r), `${i}/${n}`).toBe(false);
        // Flipped bit in any proof element (a few bit positions each).
        for (let e = 0; e < proof.length; e++) {
          for (const bit of [0, 3, 100, 255]) bad(leaf, i, n, flipBit(proof, e, bit), root);
        }
        // Wrong index: every other index of the same tree.
        for (let j = 0; j < n; j++) if (j !== i) bad(leaf, j, n, proof, root);
        bad(leaf, n, n, proof, root);
        bad(leaf, -1, n, proof, root);
        // Wrong leaf.
        bad(LEAVES[n] as Uint8Array, i, n, proof, root);
        if (n > 1) bad(LEAVES[(i + 1) % n] as Uint8Array, i, n, proof, root);
        bad(SOME_HASH, i, n, proof, root);
        // Wrong root.
        bad(leaf, i, n, proof, SOME_HASH);
        bad(leaf, i, n, proof, EMPTY_ROOT);
        bad(leaf, i, n, proof, rootOf(n + 1));
        // Claimed to be in a tree of a different size (with that tree's root).
        bad(leaf, i, n + 1, proof, rootOf(n + 1));
        if (n > 1 && i < n - 1) bad(leaf, i, n - 1, proof, rootOf(n - 1));
        // Structural corruption.
        bad(leaf, i, n, [...proof, root], root);
        bad(leaf, i, n, [root, ...proof], root);
        bad(leaf, i, n, [...proof, new Uint8Array(0)], root);
        if (proof.length > 0) bad(leaf, i, n, proof.slice(0, -1), root);
        if (proof.length > 1) bad(leaf, i, n, [proof[0] as Uint8Array, SOME_HASH, ...proof.slice(1)], root);
      }
    }
  });

  it("never throws on malformed verifier input", () => {
    const leaf = LEAVES[0] as Uint8Array;
    const root = rootOf(1);
    expect(verifyInclusion(leaf, 0, 1, [], root)).toBe(true);
    expect(verifyInclusion(leaf, 0, 0, [], root)).toBe(false);
    expect(verifyInclusion(leaf, 1, 1, [], root)).toBe(false);
    expect(verifyInclusion(leaf, 0.5, 1, [], root)).toBe(false);
    expect(verifyInclusion(leaf, Number.NaN, 1, [], root)).toBe(false);
    expect(verifyInclusion(new Uint8Array(0), 0, 1, [], root)).toBe(false);
    expect(verifyInclusion(leaf, 0, 1, [], new Uint8Array(0))).toBe(false);
    expect(verifyInclusion(leaf, 0, 2, [new Uint8Array(33)], rootOf(2))).toBe(false);
  });

  it("throws RangeError on bad arguments", () => {
    expect(() => inclusionProof(LEAVES, 0, 0)).toThrow(RangeError);
    expect(() => inclusionProof(LEAVES, 5, 5)).toThrow(RangeError);
    expect(() => inclusionProof(LEAVES, 6, 5)).toThrow(RangeError);
    expect(() => inclusionProof(LEAVES, -1, 5)).toThrow(RangeError);
    expect(() => inclusionProof(LEAVES, 1.5, 5)).toThrow(RangeError);
    expect(() => inclusionProof(LEAVES.slice(0, 4), 0, 5)).toThrow(RangeError);
  });

  it("property: random (index, size) up to 1000 verifies and a bit flip is detected", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(), fc.nat(255))),
        ([n, i, e, bit]) => {
          const proof = inclusionProof(LEAVES, i, n);
          expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
          expect(verifyInclusion(LEAVES[i] as Uint8Array, i, n, proof, rootOf(n))).toBe(true);
          if (proof.length > 0) {
            const tampered = flipBit(proof, e % proof.length, bit);
            expect(verifyInclusion(LEAVES[i] as Uint8Array, i, n, tampered, rootOf(n))).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("consistency proofs", () => {
  it("every (m, n) with 1 <= m <= n <= 64 matches the RFC PROOF and verifies", () => {
    for (let n = 1; n <= 64; n++) {
      const d = LEAVES.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(LEAVES, m, n);
        expect(hexes(proof)).toEqual(m === n ? [] : hexes(refSUBPROOF(m, d, true)));
        expect(verifyConsistency(m, n, rootOf(m), rootOf(n), proof), `${m}->${n}`).toBe(true);
      }
    }
  });

  it("detects tampering for every (m, n) with 1 <= m < n <= 64", () => {
    for (let n = 2; n <= 64; n++) {
      for (let m = 1; m < n; m++) {
        const r1 = rootOf(m);
        const r2 = rootOf(n);
        const proof = consistencyProof(LEAVES, m, n);
        const bad = (a: number, b: number, x: Uint8Array, y: Uint8Array, p: Uint8Array[]) => expect(verifyConsistency(a, b, x, y, p), `${m}->${n}`).toBe(false);
        // Flipped bit in any proof element.
        for (let e = 0; e < proof.length; e++) {
          for (const bit of [0, 4, 77, 255]) bad(m, n, r1, r2, flipBit(proof, e, bit));
        }
        // Wrong sizes. (Note: a proof cannot bind the tree size by itself —
        // e.g. the 1->3 proof also "verifies" 1->4 against root(3), treating
        // leaf 2's hash as the opaque subtree 2..3. Sizes are bound to roots
        // by the signed tree head; here we check sizes paired with their own
        // roots, plus the size perturbations that must always fail.)
        bad(m - 1, n, r1, r2, proof);
        if (m + 1 < n) bad(m + 1, n, r1, r2, proof);
        bad(m ^ 2, n, r1, r2, proof);
        bad(m, n * 2, r1, r2, proof);
        bad(m, Math.floor(n / 2), r1, r2, proof);
        bad(m, n - 1, r1, rootOf(n - 1), proof);
        bad(m, n + 1, r1, rootOf(n + 1), proof);
        if (m + 1 < n) bad(m + 1, n, rootOf(m + 1), r2, proof);
        bad(n, m, r2, r1, proof);
        // Wrong roots.
        bad(m, n, SOME_HASH, r2, proof);
        bad(m, n, r1, SOME_HASH, proof);
        bad(m, n, r2, r1, proof);
        bad(m, n, r1, rootOf(n + 1), proof);
        bad(m, n, rootOf(m - 1), r2, proof);
        // Structural corruption.
        bad(m, n, r1, r2, []);
        bad(m, n, r1, r2, proof.slice(0, -1));
        bad(m, n, r1, r2, [...proof, r1]);
        bad(m, n, r1, r2, [...proof, r2]);
        bad(m, n, r1, r2, [r1, ...proof]);
        bad(m, n, r1, r2, [r2, ...proof]);
        bad(m, n, r1, r2, [proof[0] as Uint8Array, ...proof]);
        bad(m, n, r1, r2, [...proof, new Uint8Array(0)]);
      }
    }
  });

  it("handles the trivial cases first == 0 and first == second", () => {
    expect(consistencyProof(LEAVES, 0, 0)).toEqual([]);
    expect(consistencyProof(LEAVES, 0, 10)).toEqual([]);
    expect(consistencyProof(LEAVES, 10, 10)).toEqual([]);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 10, EMPTY_ROOT, rootOf(10), [])).toBe(true);
    expect(verifyConsistency(10, 10, rootOf(10), rootOf(10), [])).toBe(true);
    // Non-empty proof, mismatching roots, or non-empty first root for size 0.
    expect(verifyConsistency(0, 10, EMPTY_ROOT, rootOf(10), [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(10, 10, rootOf(10), rootOf(10), [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(10, 10, rootOf(10), rootOf(11), [])).toBe(false);
    expect(verifyConsistency(0, 10, SOME_HASH, rootOf(10), [])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, SOME_HASH, [])).toBe(false);
    // Time travel.
    expect(verifyConsistency(2, 1, rootOf(2), rootOf(1), [])).toBe(false);
    expect(verifyConsistency(1, 2, rootOf(1), rootOf(2), [])).toBe(false);
  });

  it("never throws on malformed verifier input", () => {
    const proof = consistencyProof(LEAVES, 3, 7);
    expect(verifyConsistency(3, 7, rootOf(3), rootOf(7), proof)).toBe(true);
    expect(verifyConsistency(-3, 7, rootOf(3), rootOf(7), proof)).toBe(false);
    expect(verifyConsistency(3, 7.5, rootOf(3), rootOf(7), proof)).toBe(false);
    expect(verifyConsistency(3, 7, new Uint8Array(3), rootOf(7), proof)).toBe(false);
    expect(verifyConsistency(3, 7, rootOf(3), rootOf(7), [...proof.slice(1), new Uint8Array(64)])).toBe(false);
  });

  it("throws RangeError on bad arguments", () => {
    expect(() => consistencyProof(LEAVES, 5, 4)).toThrow(RangeError);
    expect(() => consistencyProof(LEAVES, -1, 4)).toThrow(RangeError);
    expect(() => consistencyProof(LEAVES, 1, 1001)).toThrow(RangeError);
    expect(() => consistencyProof(LEAVES, 1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("property: random (m, n) up to 1000 verifies and a bit flip is detected", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n), fc.nat(), fc.nat(255))),
        ([m, n, e, bit]) => {
          const proof = consistencyProof(LEAVES, m, n);
          expect(verifyConsistency(m, n, rootOf(m), rootOf(n), proof)).toBe(true);
          expect(hexes(proof)).toEqual(m === n ? [] : hexes(refSUBPROOF(m, LEAVES.slice(0, n), true)));
          if (proof.length > 0) {
            const tampered = flipBit(proof, e % proof.length, bit);
            expect(verifyConsistency(m, n, rootOf(m), rootOf(n), tampered)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: chaining consistency proofs m -> n -> p", () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(300), fc.nat(300), (a, b, c) => {
        const [m, n, p] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
        expect(verifyConsistency(m, n, rootOf(m), rootOf(n), consistencyProof(LEAVES, m, n))).toBe(true);
        expect(verifyConsistency(n, p, rootOf(n), rootOf(p), consistencyProof(LEAVES, n, p))).toBe(true);
        expect(verifyConsistency(m, p, rootOf(m), rootOf(p), consistencyProof(LEAVES, m, p))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe("MerkleFrontier", () => {
  it("property: root equals rootFromLeafHashes for random sizes 0..300", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 300 }), (data) => {
        const leaves = data.map(leafHash);
        const f = MerkleFrontier.fromLeafHashes(leaves);
        expect(f.size).toBe(leaves.length);
        expect(toHex(f.root())).toBe(toHex(rootFromLeafHashes(leaves)));
      }),
      { numRuns: 100 },
    );
  });

  it("root after every append equals rootFromLeafHashes of the prefix (sizes 0..300)", () => {
    const f = MerkleFrontier.empty();
    for (let n = 0; n <= 300; n++) {
      expect(toHex(f.root()), `size ${n}`).toBe(toHex(rootFromLeafHashes(LEAVES.slice(0, n))));
      expect(f.toJSON().hashes.length).toBe(n.toString(2).replaceAll("0", "").length);
      f.append(LEAVES[n] as Uint8Array);
    }
  });

  it("property: toJSON/fromJSON round-trips and appending continues correctly", () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(60), (n, extra) => {
        const f = MerkleFrontier.fromLeafHashes(LEAVES.slice(0, n));
        const json = JSON.parse(JSON.stringify(f)) as ReturnType<MerkleFrontier["toJSON"]>;
        expect(json.size).toBe(n);
        const g = MerkleFrontier.fromJSON(json);
        expect(toHex(g.root())).toBe(toHex(rootOf(n)));
        for (let i = n; i < n + extra; i++) g.append(LEAVES[i] as Uint8Array);
        expect(g.size).toBe(n + extra);
        expect(toHex(g.root())).toBe(toHex(rootOf(n + extra)));
        // The original is unaffected.
        expect(toHex(f.root())).toBe(toHex(rootOf(n)));
      }),
      { numRuns: 100 },
    );
  });

  it("clone is independent", () => {
    const f = MerkleFrontier.fromLeafHashes(LEAVES.slice(0, 5));
    const g = f.clone();
    g.append(LEAVES[5] as Uint8Array);
    expect(f.size).toBe(5);
    expect(toHex(f.root())).toBe(toHex(rootOf(5)));
    expect(toHex(g.root())).toBe(toHex(rootOf(6)));
  });

  it("is not affected by mutation of appended leaves or returned roots", () => {
    const f = MerkleFrontier.empty();
    const leaf = Uint8Array.from(LEAVES[0] as Uint8Array);
    f.append(leaf);
    leaf.fill(0);
    const r = f.root();
    r.fill(0);
    expect(toHex(f.root())).toBe(toHex(rootOf(1)));
  });

  it("fromJSON rejects malformed state", () => {
    const h = toHex(LEAVES[0] as Uint8Array);
    expect(() => MerkleFrontier.fromJSON({ size: 3, hashes: [h] })).toThrow(RangeError);
    expect(() => MerkleFrontier.fromJSON({ size: 0, hashes: [h] })).toThrow(RangeError);
    expect(() => MerkleFrontier.fromJSON({ size: -1, hashes: [] })).toThrow(RangeError);
    expect(() => MerkleFrontier.fromJSON({ size: 1.5, hashes: [h] })).toThrow(RangeError);
    expect(() => MerkleFrontier.fromJSON({ size: 1, hashes: ["zz"] })).toThrow(TypeError);
    expect(() => MerkleFrontier.fromJSON({ size: 1, hashes: ["abcd"] })).toThrow(TypeError);
    expect(() => MerkleFrontier.fromJSON(null as never)).toThrow(TypeError);
    expect(MerkleFrontier.fromJSON({ size: 0, hashes: [] }).size).toBe(0);
  });

  it("rejects leaves that are not 32-byte hashes", () => {
    expect(() => MerkleFrontier.empty().append(new Uint8Array(16))).toThrow(TypeError);
  });
});
