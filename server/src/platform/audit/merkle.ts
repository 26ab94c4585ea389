/**
 * Merkle tree primitives for the tamper-evident audit log.
 *
 * Implements the Merkle Hash Tree of RFC 9162 (Certificate Transparency
 * Version 2.0), §2.1 — the same tree as RFC 6962 §2.1 — with SHA-256:
 *
 *   - leaf hash:  SHA-256(0x00 || data)          (RFC 9162 §2.1.1)
 *   - node hash:  SHA-256(0x01 || left || right) (RFC 9162 §2.1.1)
 *   - empty tree: SHA-256("")                    (RFC 9162 §2.1.1)
 *
 * plus inclusion proofs (§2.1.3), consistency proofs (§2.1.4) and a compact
 * incremental "frontier" ({@link MerkleFrontier}) that keeps only the
 * O(log n) roots of the perfect subtrees along the right edge of the tree.
 *
 * Everything here is pure and synchronous (no I/O). Hashes are 32-byte
 * `Uint8Array`s (in practice `Buffer`s); use {@link toHex} / {@link fromHex}
 * at the storage/API boundary.
 *
 * Tree sizes and indices are plain `number`s and must be non-negative safe
 * integers; all bit manipulation is done arithmetically so sizes above 2^31
 * behave correctly.
 *
 * A browser copy of the verifiers lives in `web/src/lib/merkle-verify.ts`;
 * keep the two in sync.
 */
import { hash as nodeCryptoHash } from "node:crypto";

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

function sha256(data: Uint8Array): Uint8Array {
  return nodeCryptoHash("sha256", data, "buffer");
}

// Private copy used for comparisons, so a caller mutating EMPTY_ROOT cannot
// affect verification.
const EMPTY: Uint8Array = sha256(new Uint8Array(0));

/**
 * MTH({}) = SHA-256("") — root of the empty tree (RFC 9162 §2.1.1),
 * e3b0c442…b855. Do not mutate.
 */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/**
 * Leaf hash: MTH({d(0)}) = SHA-256(0x00 || d(0)) (RFC 9162 §2.1.1).
 * The 0x00 prefix provides second-preimage resistance between leaves and
 * interior nodes.
 */
export function leafHash(data: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + data.length);
  buf[0] = LEAF_PREFIX;
  buf.set(data, 1);
  return sha256(buf);
}

// Reused scratch buffer for interior-node hashing; safe because everything
// in this module is synchronous.
const nodeScratch = new Uint8Array(1 + 2 * HASH_SIZE);
nodeScratch[0] = NODE_PREFIX;

/** Interior node hash: SHA-256(0x01 || left || right) (RFC 9162 §2.1.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeScratch.set(left, 1);
    nodeScratch.set(right, 1 + HASH_SIZE);
    return sha256(nodeScratch);
  }
  const buf = new Uint8Array(1 + left.length + right.length);
  buf[0] = NODE_PREFIX;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** Lower-case hex encoding of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/**
 * Decodes a hex string (either case, even length). Throws `TypeError` on
 * malformed input instead of silently truncating like `Buffer.from(s, "hex")`.
 */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== "string" || !HEX_RE.test(hex)) {
    throw new TypeError("fromHex: expected an even-length hex string");
  }
  return Buffer.from(hex, "hex");
}

/** Byte-wise equality of two arrays. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

function isSize(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function assertSize(n: number, what: string): void {
  if (!isSize(n)) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}

function assertHash(h: Uint8Array, what: string): void {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new TypeError(`${what} must be a ${HASH_SIZE}-byte Uint8Array`);
  }
}

function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** Largest power of two strictly less than `n` (n >= 2): the `k` of RFC 9162 §2.1.1. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function copy(h: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(h);
}

/**
 * MTH(D[lo:hi]) computed left-to-right with a stack of perfect-subtree roots
 * (exactly the {@link MerkleFrontier} algorithm): O(hi - lo) hashes,
 * O(log(hi - lo)) memory, no array copies or recursion.
 */
function mthRange(leaves: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  if (hi === lo) return copy(EMPTY);
  if (hi - lo === 1) return copy(leaves[lo] as Uint8Array);
  const stack: Uint8Array[] = [];
  for (let i = lo; i < hi; i++) {
    let h = leaves[i] as Uint8Array;
    // Merge completed perfect subtrees: one per trailing 1-bit of the count so far.
    for (let c = i - lo; isOdd(c); c = half(c)) h = nodeHash(stack.pop() as Uint8Array, h);
    stack.push(h);
  }
  return foldRight(stack);
}

/** Combines right-edge subtree roots (largest first) into the tree root. */
function foldRight(stack: readonly Uint8Array[]): Uint8Array {
  let r = stack[stack.length - 1] as Uint8Array;
  for (let i = stack.length - 2; i >= 0; i--) r = nodeHash(stack[i] as Uint8Array, r);
  return r === stack[stack.length - 1] ? copy(r) : r;
}

function checkLeaves(leaves: readonly Uint8Array[], upTo: number): void {
  for (let i = 0; i < upTo; i++) assertHash(leaves[i] as Uint8Array, `leaves[${i}]`);
}

// ---------------------------------------------------------------------------
// Tree head, proofs (generation)
// ---------------------------------------------------------------------------

/**
 * Merkle Tree Hash of the given leaf hashes (RFC 9162 §2.1.1):
 *
 *   MTH({})    = SHA-256()
 *   MTH({d0})  = SHA-256(0x00 || d0)            (i.e. the leaf hash itself)
 *   MTH(D[n])  = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])),
 *                k = largest power of two < n
 *
 * Takes already-hashed leaves (see {@link leafHash}). Runs in O(n) hashes and
 * O(log n) extra memory.
 */
export function rootFromLeafHashes(leaves: readonly Uint8Array[]): Uint8Array {
  checkLeaves(leaves, leaves.length);
  return mthRange(leaves, 0, leaves.length);
}

/**
 * Audit path for leaf `index` in the tree made of the first `treeSize`
 * entries of `leaves` — PATH(m, D[n]) of RFC 9162 §2.1.3.1:
 *
 *   PATH(0, {d0}) = {}
 *   PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])      if m < k
 *   PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k])  if m >= k
 *
 * The proof is ordered from the leaf's sibling up to the root's child.
 * Cost: O(treeSize) hashes (the sibling subtrees are recomputed from leaves).
 *
 * @throws RangeError if `treeSize > leaves.length` or `index >= treeSize`.
 */
export function inclusionProof(leaves: readonly Uint8Array[], index: number, treeSize: number): Uint8Array[] {
  assertSize(index, "index");
  assertSize(treeSize, "treeSize");
  if (treeSize > leaves.length) {
    throw new RangeError(`treeSize ${treeSize} exceeds number of leaves ${leaves.length}`);
  }
  if (index >= treeSize) throw new RangeError(`index ${index} out of range for tree size ${treeSize}`);
  checkLeaves(leaves, treeSize);

  // Walk from the root down to the leaf; siblings are collected top-down and
  // reversed at the end to obtain the leaf-to-root order of PATH.
  const siblings: Uint8Array[] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      siblings.push(mthRange(leaves, lo + k, hi));
      hi = lo + k;
    } else {
      siblings.push(mthRange(leaves, lo, lo + k));
      lo += k;
    }
  }
  return siblings.reverse();
}

/**
 * Consistency proof between the tree of the first `first` leaves and the tree
 * of the first `second` leaves — PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of
 * RFC 9162 §2.1.4.1:
 *
 *   SUBPROOF(m, D[m], true)  = {}
 *   SUBPROOF(m, D[m], false) = {MTH(D[m])}
 *   SUBPROOF(m, D[n], b)     = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])          if m <= k
 *   SUBPROOF(m, D[n], b)     = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  if m > k
 *
 * By convention (RFC 9162 §2.1.4) the proof is empty when `first == 0` or
 * `first == second`. Cost: O(second) hashes.
 *
 * @throws RangeError if `first > second` or `second > leaves.length`.
 */
export function consistencyProof(leaves: readonly Uint8Array[], first: number, second: number): Uint8Array[] {
  assertSize(first, "first");
  assertSize(second, "second");
  if (first > second) throw new RangeError(`first ${first} is greater than second ${second}`);
  if (second > leaves.length) {
    throw new RangeError(`second ${second} exceeds number of leaves ${leaves.length}`);
  }
  checkLeaves(leaves, second);
  if (first === 0 || first === second) return [];

  // Iterative SUBPROOF over the index range [lo, hi) with m relative to lo.
  const tail: Uint8Array[] = [];
  const out: Uint8Array[] = [];
  let lo = 0;
  let hi = second;
  let m = first;
  let b = true;
  for (;;) {
    const n = hi - lo;
    if (m === n) {
      if (!b) out.push(mthRange(leaves, lo, hi));
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      tail.push(mthRange(leaves, lo + k, hi));
      hi = lo + k;
    } else {
      tail.push(mthRange(leaves, lo, lo + k));
      lo += k;
      m -= k;
      b = false;
    }
  }
  for (let i = tail.length - 1; i >= 0; i--) out.push(tail[i] as Uint8Array);
  return out;
}

// ---------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------

/**
 * Verifies an inclusion proof with the algorithm of RFC 9162 §2.1.3.2.
 * Never throws: any malformed input (sizes, hash lengths) yields `false`.
 *
 * @param leaf      hash of the leaf (see {@link leafHash}), not the raw data
 * @param index     0-based leaf index
 * @param treeSize  size of the tree `root` belongs to
 * @param proof     audit path as produced by {@link inclusionProof}
 * @param root      expected tree root
 */
export function verifyInclusion(leaf: Uint8Array, index: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!isSize(index) || !isSize(treeSize) || !isHash(leaf) || !isHash(root)) return false;
  if (!Array.isArray(proof) || !proof.every(isHash)) return false;
  // 1. leaf_index >= tree_size → fail.
  if (index >= treeSize) return false;
  // 2. fn = leaf_index, sn = tree_size - 1.  3. r = hash.
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  // 4. For each value p in the inclusion_path:
  for (const p of proof) {
    // a. If sn is 0, the proof is too long.
    if (sn === 0) return false;
    // b. p is a left sibling if LSB(fn) is set or fn == sn (right edge).
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // On the right edge with no sibling: skip levels until fn is a right child.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    // c. Move one level up.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn must be 0 (proof long enough) and r must equal the root.
  return sn === 0 && bytesEqual(r, root);
}

/**
 * Verifies a consistency proof with the algorithm of RFC 9162 §2.1.4.2.
 * Never throws: any malformed input yields `false`.
 *
 * Trivial cases, which the RFC algorithm (step 1: "if consistency_path is an
 * empty array, fail") does not cover, are handled per §2.1.4 where the proof
 * is defined to be empty:
 *   - `first == second`: proof must be empty and the roots equal;
 *   - `first == 0`: proof must be empty and `firstRoot` must be the empty-tree
 *     root {@link EMPTY_ROOT} (stricter than implementations that accept any
 *     first root for size 0).
 */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!isSize(first) || !isSize(second) || !isHash(firstRoot) || !isHash(secondRoot)) return false;
  if (!Array.isArray(proof) || !proof.every(isHash)) return false;
  if (first > second) return false;
  if (first === second) return proof.length === 0 && bytesEqual(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0 && bytesEqual(firstRoot, EMPTY);

  // 1. An empty consistency_path fails.
  if (proof.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash to the path.
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof;
  // 3. fn = first - 1, sn = second - 1.
  let fn = first - 1;
  let sn = second - 1;
  // 4. If LSB(fn) is set, right-shift fn and sn equally until it is not.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5. fr = sr = first value of the path.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // 6. For each subsequent value c:
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    // a. If sn is 0, the proof is too long.
    if (sn === 0) return false;
    // b. c is a left sibling of both paths if LSB(fn) is set or fn == sn.
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      // Otherwise c only contributes to the second tree (right sibling).
      sr = nodeHash(sr, c);
    }
    // c. Move one level up.
    fn = half(fn);
    sn = half(sn);
  }
  // 7. fr == first_hash, sr == second_hash and sn == 0.
  return sn === 0 && bytesEqual(fr, firstRoot) && bytesEqual(sr, secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

// ---------------------------------------------------------------------------
// Incremental frontier
// ---------------------------------------------------------------------------

/** Serialized {@link MerkleFrontier}: tree size plus hex right-edge subtree roots. */
export interface MerkleFrontierJSON {
  size: number;
  hashes: string[];
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = half(x)) if (isOdd(x)) c++;
  return c;
}

/**
 * Compact incremental Merkle tree state ("frontier" / "compact range").
 *
 * A tree of size n decomposes (RFC 9162 §2.1.1, splitting at the largest
 * power of two) into perfect subtrees whose sizes are the 1-bits of n, from
 * most to least significant. The frontier stores just the roots of those
 * subtrees — popcount(n) ≤ ⌈log2(n + 1)⌉ hashes — which is enough to:
 *
 *   - append a leaf in O(log n) (amortised O(1)) hashes, merging equal-sized
 *     subtrees like a binary counter carry, and
 *   - compute MTH of the whole tree in O(log n) hashes by folding the
 *     subtree roots right-to-left.
 *
 * The state serializes to `{ size, hashes }` (hex) for persistence.
 */
export class MerkleFrontier {
  #size: number;
  #hashes: Uint8Array[];

  private constructor(size: number, hashes: Uint8Array[]) {
    this.#size = size;
    this.#hashes = hashes;
  }

  /** Frontier of the empty tree. */
  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /** Builds a frontier by appending all `leaves` (leaf hashes) in order. */
  static fromLeafHashes(leaves: Iterable<Uint8Array>): MerkleFrontier {
    const f = MerkleFrontier.empty();
    for (const l of leaves) f.append(l);
    return f;
  }

  /**
   * Restores a frontier serialized by {@link toJSON}.
   * @throws TypeError / RangeError if the input is malformed (wrong number of
   *         hashes for the size, bad hex, wrong hash length).
   */
  static fromJSON(json: MerkleFrontierJSON): MerkleFrontier {
    if (typeof json !== "object" || json === null) throw new TypeError("MerkleFrontier JSON must be an object");
    const { size, hashes } = json;
    assertSize(size, "size");
    if (!Array.isArray(hashes)) throw new TypeError("MerkleFrontier JSON hashes must be an array");
    const expected = popcount(size);
    if (hashes.length !== expected) {
      throw new RangeError(`MerkleFrontier of size ${size} needs ${expected} hashes, got ${hashes.length}`);
    }
    const decoded = hashes.map((h, i) => {
      const b = fromHex(h);
      assertHash(b, `hashes[${i}]`);
      return b;
    });
    return new MerkleFrontier(size, decoded);
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash (see {@link leafHash}). O(log n) hashes worst case. */
  append(leaf: Uint8Array): void {
    assertHash(leaf, "leaf");
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError("MerkleFrontier is full");
    let h = copy(leaf);
    // Each trailing 1-bit of the old size is a perfect subtree of the same
    // height as `h`: merge (binary-counter carry).
    for (let c = this.#size; isOdd(c); c = half(c)) h = nodeHash(this.#hashes.pop() as Uint8Array, h);
    this.#hashes.push(h);
    this.#size++;
  }

  /** MTH of the current tree (RFC 9162 §2.1.1); {@link EMPTY_ROOT} when empty. O(log n). */
  root(): Uint8Array {
    if (this.#size === 0) return copy(EMPTY);
    return foldRight(this.#hashes);
  }

  /** Independent copy of this frontier. */
  clone(): MerkleFrontier {
    return new MerkleFrontier(this.#size, this.#hashes.map(copy));
  }

  /** Serializable state: size and right-edge subtree roots (largest first), hex. */
  toJSON(): MerkleFrontierJSON {
    return { size: this.#size, hashes: this.#hashes.map(toHex) };
  }
}
