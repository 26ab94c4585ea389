// Cross-checks the browser verifiers (WebCrypto, async, hex) against the Node
// implementation. Node 20 provides globalThis.crypto.subtle.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as web from "../../../../web/src/lib/merkle-verify.ts";
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  rootFromLeafHashes,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from "./merkle.ts";

function randomTree(n: number): { data: Uint8Array[]; leaves: Uint8Array[]; roots: Uint8Array[] } {
  const data = Array.from({ length: n }, () => randomBytes(Math.floor(Math.random() * 48)));
  const leaves = data.map(leafHash);
  const f = MerkleFrontier.empty();
  const roots = [f.root()];
  for (const l of leaves) {
    f.append(l);
    roots.push(f.root());
  }
  return { data, leaves, roots };
}

/** Flips one bit of one hex-encoded hash. */
function flipHex(hex: string, bit: number): string {
  const nibble = Math.floor(bit / 4) % hex.length;
  const v = Number.parseInt(hex[nibble] as string, 16) ^ (1 << (bit % 4));
  return hex.slice(0, nibble) + v.toString(16) + hex.slice(nibble + 1);
}

const hexes = (a: Uint8Array[]): string[] => a.map(toHex);

describe("web/src/lib/merkle-verify.ts agrees with the Node implementation", () => {
  it("EMPTY_ROOT_HEX and hex helpers", () => {
    expect(web.EMPTY_ROOT_HEX).toBe(toHex(EMPTY_ROOT));
    expect(web.toHex(web.fromHex("00aAfF"))).toBe("00aaff");
    expect(() => web.fromHex("0")).toThrow(TypeError);
  });

  it("leafHash matches for random data", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (d) => {
        const expected = toHex(leafHash(d));
        expect(await web.leafHash(d)).toBe(expected);
        expect(await web.leafHashHex(toHex(d))).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("every inclusion and consistency proof of random trees of sizes 1..40 verifies in both", async () => {
    for (let n = 1; n <= 40; n++) {
      const { data, leaves, roots } = randomTree(n);
      const rootHex = toHex(roots[n] as Uint8Array);
      expect(toHex(rootFromLeafHashes(leaves))).toBe(rootHex);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i, n);
        const leafHex = await web.leafHash(data[i] as Uint8Array);
        expect(verifyInclusion(leaves[i] as Uint8Array, i, n, proof, roots[n] as Uint8Array)).toBe(true);
        expect(await web.verifyInclusion(leafHex, i, n, hexes(proof), rootHex), `incl ${i}/${n}`).toBe(true);
      }
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(leaves, m, n);
        const r1 = roots[m] as Uint8Array;
        expect(verifyConsistency(m, n, r1, roots[n] as Uint8Array, proof)).toBe(true);
        expect(await web.verifyConsistency(m, n, toHex(r1), rootHex, hexes(proof)), `cons ${m}->${n}`).toBe(true);
      }
    }
  });

  it("property: web and node verdicts agree on tampered inclusion proofs", async () => {
    const { leaves, roots } = randomTree(40);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.nat(39),
        fc.nat(39),
        fc.nat(),
        fc.nat(255),
        fc.constantFrom("bit", "index", "leaf", "root", "truncate", "extend"),
        async (n, i0, j0, e, bit, kind) => {
          const i = i0 % n;
          const proof = hexes(inclusionProof(leaves, i, n));
          let leaf = toHex(leaves[i] as Uint8Array);
          let root = toHex(roots[n] as Uint8Array);
          let index = i;
          let p = proof;
          if (kind === "bit") {
            if (p.length === 0) return;
            const at = e % p.length;
            p = p.map((h, k) => (k === at ? flipHex(h, bit) : h));
          } else if (kind === "index") {
            index = j0 % n === i ? i + n : j0 % n;
          } else if (kind === "leaf") {
            leaf = flipHex(leaf, bit);
          } else if (kind === "root") {
            root = flipHex(root, bit);
          } else if (kind === "truncate") {
            if (p.length === 0) return;
            p = p.slice(0, -1);
          } else {
            p = [...p, root];
          }
          const nodeVerdict = verifyInclusion(
            Buffer.from(leaf, "hex"),
            index,
            n,
            p.map((h) => Buffer.from(h, "hex")),
            Buffer.from(root, "hex"),
          );
          expect(nodeVerdict).toBe(false);
          expect(await web.verifyInclusion(leaf, index, n, p, root)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: web and node verdicts agree on tampered consistency proofs", async () => {
    const { leaves, roots } = randomTree(40);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 40 }),
        fc.nat(),
        fc.nat(),
        fc.nat(255),
        fc.constantFrom("bit", "first", "root1", "root2", "truncate", "extend", "empty"),
        async (n, m0, e, bit, kind) => {
          const m = 1 + (m0 % (n - 1)); // 1 <= m < n: non-trivial proof
          const proof = hexes(consistencyProof(leaves, m, n));
          let r1 = toHex(roots[m] as Uint8Array);
          let r2 = toHex(roots[n] as Uint8Array);
          let first = m;
          let p = proof;
          if (kind === "bit") {
            const at = e % p.length;
            p = p.map((h, k) => (k === at ? flipHex(h, bit) : h));
          } else if (kind === "first") {
            first = m + 1 < n ? m + 1 : m - 1;
            if (first === 0) return;
          } else if (kind === "root1") {
            r1 = flipHex(r1, bit);
          } else if (kind === "root2") {
            r2 = flipHex(r2, bit);
          } else if (kind === "truncate") {
            p = p.slice(0, -1);
          } else if (kind === "extend") {
            p = [...p, r2];
          } else {
            p = [];
          }
          const nodeVerdict = verifyConsistency(
            first,
            n,
            Buffer.from(r1, "hex"),
            Buffer.from(r2, "hex"),
            p.map((h) => Buffer.from(h, "hex")),
          );
          expect(nodeVerdict).toBe(false);
          expect(await web.verifyConsistency(first, n, r1, r2, p)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("resolves to false (never rejects) on malformed hex or sizes", async () => {
    const { leaves, roots } = randomTree(5);
    const proof = hexes(inclusionProof(leaves, 2, 5));
    const leaf = toHex(leaves[2] as Uint8Array);
    const root = toHex(roots[5] as Uint8Array);
    expect(await web.verifyInclusion(leaf, 2, 5, proof, root)).toBe(true);
    expect(await web.verifyInclusion(leaf.toUpperCase(), 2, 5, proof, root)).toBe(true);
    expect(await web.verifyInclusion("zz", 2, 5, proof, root)).toBe(false);
    expect(await web.verifyInclusion(leaf, 2, 5, [...proof.slice(1), "abcd"], root)).toBe(false);
    expect(await web.verifyInclusion(leaf, 2, 5, proof, `${root}00`)).toBe(false);
    expect(await web.verifyInclusion(leaf, -1, 5, proof, root)).toBe(false);
    expect(await web.verifyInclusion(leaf, 2, 5.5, proof, root)).toBe(false);
    expect(await web.verifyInclusion(leaf, 5, 5, proof, root)).toBe(false);
    const cproof = hexes(consistencyProof(leaves, 3, 5));
    const r3 = toHex(roots[3] as Uint8Array);
    expect(await web.verifyConsistency(3, 5, r3, root, cproof)).toBe(true);
    expect(await web.verifyConsistency(3, 5, "nothex", root, cproof)).toBe(false);
    expect(await web.verifyConsistency(5, 3, root, r3, cproof)).toBe(false);
    expect(await web.verifyConsistency(0, 5, toHex(leaves[0] as Uint8Array), root, [])).toBe(false);
    expect(await web.verifyConsistency(0, 5, web.EMPTY_ROOT_HEX, root, [])).toBe(true);
    expect(await web.verifyConsistency(5, 5, root, root, [])).toBe(true);
    expect(await web.verifyConsistency(5, 5, root, r3, [])).toBe(false);
  });
});
