/**
 * Shamir secret sharing (Shamir 1979, "How to share a secret") over GF(2^8) with the AES reduction
 * polynomial x^8 + x^4 + x^3 + x + 1 (0x11b, FIPS-197 §4.2), byte by byte.
 *
 * For each byte s of the secret a fresh random polynomial f(x) = s + a1·x + … + a(k−1)·x^(k−1) is
 * chosen; share i is (x = i, y = f(i)) for i = 1..n. Any k shares determine f and hence s = f(0)
 * (Lagrange interpolation); any k − 1 shares are consistent with every possible secret, each with
 * exactly the same number of polynomials, so they reveal nothing about it (information-theoretic
 * hiding — see the exhaustive check in shamir.test.ts).
 *
 * Field arithmetic is branch-free and table-free (no secret-dependent memory access or branches);
 * the secrets here are 32-byte data keys, so speed does not matter.
 *
 * Layout of the randomness, so that a caller who injects `random` knows what it controls: split
 * asks once for `secret.length × (k − 1)` bytes; byte `i·(k−1) + (j−1)` is the coefficient a_j of
 * the polynomial for secret byte i.
 */
import { randomBytes } from "node:crypto";

export interface Share {
  /** The evaluation point, 1..255. */
  x: number;
  /** f(x), one byte per secret byte. */
  y: Uint8Array;
}

/** A source of uniformly random bytes, e.g. `crypto.randomBytes`. */
export type RandomSource = (size: number) => Uint8Array;

/** Invalid parameters or shares. */
export class ShamirError extends Error {
  override readonly name = "ShamirError";
}

/** Multiplication in GF(2^8) modulo 0x11b, constant time. */
export function gfMul(a: number, b: number): number {
  let product = 0;
  let x = a & 0xff;
  let y = b & 0xff;
  for (let i = 0; i < 8; i++) {
    product ^= -(y & 1) & x;
    const carry = -((x >> 7) & 1);
    x = ((x << 1) ^ (carry & 0x1b)) & 0xff;
    y >>= 1;
  }
  return product & 0xff;
}

/** Multiplicative inverse in GF(2^8): a^254 (a^255 = 1 for a ≠ 0); 0 maps to 0. Constant time. */
export function gfInv(a: number): number {
  // 254 = 0b11111110: square-and-multiply with a fixed sequence of operations.
  let result = 1;
  let base = a & 0xff;
  for (let bit = 0; bit < 8; bit++) {
    if (bit > 0) result = gfMul(result, base);
    base = gfMul(base, base);
  }
  return result;
}

function checkCount(name: string, value: number, min: number, max: number) {
  if (!Number.isInteger(value) || value < min || value > max) throw new ShamirError(`${name} must be an integer in ${min}..${max}, got ${value}`);
}

/**
 * Splits `secret` into `n` shares (x = 1..n) of which any `k` reconstruct it.
 * Refuses k < 2 (a single share would be the secret itself), k > n and n > 255.
 */
export function split(secret: Uint8Array, n: number, k: number, random: RandomSource = randomBytes): Share[] {
  checkCount("n", n, 2, 255);
  checkCount("k", k, 2, n);
  if (secret.length === 0) throw new ShamirError("the secret is empty");
  const degree = k - 1;
  const coefficients = random(secret.length * degree);
  if (coefficients.length !== secret.length * degree) throw new ShamirError("the random source returned the wrong number of bytes");
  try {
    const shares: Share[] = [];
    for (let x = 1; x <= n; x++) {
      const y = new Uint8Array(secret.length);
      for (let i = 0; i < secret.length; i++) {
        // Horner: ((a_d·x + a_(d−1))·x + … + a_1)·x + s
        let acc = 0;
        for (let j = degree; j >= 1; j--) acc = gfMul(acc ^ coefficients[i * degree + j - 1]!, x);
        y[i] = acc ^ secret[i]!;
      }
      shares.push({ x, y });
    }
    return shares;
  } finally {
    coefficients.fill(0);
  }
}

function checkShares(shares: readonly Share[]) {
  if (shares.length < 2) throw new ShamirError("at least two shares are needed");
  const length = shares[0]!.y.length;
  if (length === 0) throw new ShamirError("empty share");
  const seen = new Set<number>();
  for (const share of shares) {
    checkCount("x", share.x, 1, 255);
    if (seen.has(share.x)) throw new ShamirError(`duplicate share x = ${share.x}`);
    seen.add(share.x);
    if (share.y.length !== length) throw new ShamirError("shares of different lengths");
  }
}

/**
 * Evaluates, at `x`, the unique polynomial of degree < shares.length through the shares
 * (Lagrange interpolation). `interpolateAt(shares, 0)` is the secret.
 */
export function interpolateAt(shares: readonly Share[], x: number): Uint8Array {
  checkShares(shares);
  checkCount("x", x, 0, 255);
  const out = new Uint8Array(shares[0]!.y.length);
  for (const [i, share] of shares.entries()) {
    // l_i(x) = Π_{j≠i} (x − x_j) / (x_i − x_j); subtraction is XOR in characteristic 2.
    let numerator = 1;
    let denominator = 1;
    for (const [j, other] of shares.entries()) {
      if (j === i) continue;
      numerator = gfMul(numerator, x ^ other.x);
      denominator = gfMul(denominator, share.x ^ other.x);
    }
    const basis = gfMul(numerator, gfInv(denominator));
    for (let b = 0; b < out.length; b++) out[b] = out[b]! ^ gfMul(basis, share.y[b]!);
  }
  return out;
}

/**
 * Recombines the secret from at least k shares. With fewer than k shares (or shares of different
 * secrets) the result is simply wrong — Shamir sharing cannot detect that, so callers must
 * authenticate the result (bid-seal.ts does: the recombined key must open an authenticated envelope).
 */
export function combine(shares: readonly Share[]): Uint8Array {
  return interpolateAt(shares, 0);
}
