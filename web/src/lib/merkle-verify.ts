/**
 * Browser-side verification of audit-log Merkle proofs.
 *
 * A dependency-free port of the verifiers in
 * `server/src/platform/audit/merkle.ts` (keep the two in sync) using
 * WebCrypto (`crypto.subtle.digest("SHA-256", …)`), so every function is
 * async. Hashes are exchanged as hex strings, as served by the API.
 *
 * Tree: RFC 9162 (Certificate Transparency v2) §2.1, identical to RFC 6962:
 *   leaf hash = SHA-256(0x00 || data), node hash = SHA-256(0x01 || left || right).
 *
 * The verify functions never throw or reject on malformed input (bad hex,
 * wrong hash length, invalid sizes): they resolve to `false`.
 */

const HASH_SIZE = 32;

/** Hex of SHA-256("") — the root of the empty tree (RFC 9162 §2.1.1). */
export const EMPTY_ROOT_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", data));
}

async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const buf = new Uint8Array(1 + left.length + right.length);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/** Lower-case hex encoding of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Decodes an even-length hex string (either case). Throws `TypeError` if malformed. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (typeof hex !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(hex)) {
    throw new TypeError("fromHex: expected an even-length hex string");
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Leaf hash SHA-256(0x00 || data) of raw entry bytes, as hex (RFC 9162 §2.1.1). */
export async function leafHash(data: Uint8Array): Promise<string> {
  const buf = new Uint8Array(1 + data.length);
  buf[0] = 0x00;
  buf.set(data, 1);
  return toHex(await sha256(buf));
}

/** Same as {@link leafHash} but for entry bytes given as hex. */
export async function leafHashHex(dataHex: string): Promise<string> {
  return leafHash(fromHex(dataHex));
}

function isSize(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/** Decodes a 32-byte hash from hex, or `null` if malformed. */
function decodeHash(hex: unknown): Uint8Array<ArrayBuffer> | null {
  if (typeof hex !== "string" || hex.length !== 2 * HASH_SIZE) return null;
  try {
    return fromHex(hex);
  } catch {
    return null;
  }
}

function decodeProof(proof: unknown): Uint8Array<ArrayBuffer>[] | null {
  if (!Array.isArray(proof)) return null;
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (const p of proof) {
    const h = decodeHash(p);
    if (h === null) return null;
    out.push(h);
  }
  return out;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/**
 * Verifies an inclusion proof (RFC 9162 §2.1.3.2).
 *
 * @param leafHashHex hex leaf hash (see {@link leafHash}), not the raw data
 * @param index       0-based leaf index
 * @param treeSize    size of the tree `rootHex` belongs to
 * @param proofHex    audit path, leaf sibling first
 * @param rootHex     expected tree root
 */
export async function verifyInclusion(leafHashHex: string, index: number, treeSize: number, proofHex: readonly string[], rootHex: string): Promise<boolean> {
  const leaf = decodeHash(leafHashHex);
  const root = decodeHash(rootHex);
  const proof = decodeProof(proofHex);
  if (leaf === null || root === null || proof === null) return false;
  if (!isSize(index) || !isSize(treeSize)) return false;
  // 1. leaf_index >= tree_size → fail.
  if (index >= treeSize) return false;
  // 2. fn = leaf_index, sn = tree_size - 1.  3. r = hash.
  let fn = index;
  let sn = treeSize - 1;
  let r: Uint8Array = leaf;
  // 4. For each p in the inclusion path:
  for (const p of proof) {
    if (sn === 0) return false; // a. proof too long
    if (isOdd(fn) || fn === sn) {
      // b. p is a left sibling.
      r = await nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = await nodeHash(r, p);
    }
    // c. Move one level up.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn == 0 and r == root.
  return sn === 0 && bytesEqual(r, root);
}

/**
 * Verifies a consistency proof (RFC 9162 §2.1.4.2).
 *
 * As on the server: `first == second` needs an empty proof and equal roots;
 * `first == 0` needs an empty proof and `firstRootHex` == {@link EMPTY_ROOT_HEX}.
 */
export async function verifyConsistency(
  first: number,
  second: number,
  firstRootHex: string,
  secondRootHex: string,
  proofHex: readonly string[],
): Promise<boolean> {
  const firstRoot = decodeHash(firstRootHex);
  const secondRoot = decodeHash(secondRootHex);
  const proof = decodeProof(proofHex);
  if (firstRoot === null || secondRoot === null || proof === null) return false;
  if (!isSize(first) || !isSize(second) || first > second) return false;
  if (first === second) return proof.length === 0 && bytesEqual(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0 && bytesEqual(firstRoot, fromHex(EMPTY_ROOT_HEX));

  // 1. Empty path fails.
  if (proof.length === 0) return false;
  // 2. Prepend first_hash if first is an exact power of 2.
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof;
  // 3. fn = first - 1, sn = second - 1.
  let fn = first - 1;
  let sn = second - 1;
  // 4. Shift while LSB(fn) is set.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5. fr = sr = path[0].
  let fr: Uint8Array = path[0] as Uint8Array;
  let sr: Uint8Array = fr;
  // 6. For each subsequent c:
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false; // a. proof too long
    if (isOdd(fn) || fn === sn) {
      // b. c is a left sibling for both trees.
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    // c. Move one level up.
    fn = half(fn);
    sn = half(sn);
  }
  // 7. fr == first_hash, sr == second_hash, sn == 0.
  return sn === 0 && bytesEqual(fr, firstRoot) && bytesEqual(sr, secondRoot);
}
