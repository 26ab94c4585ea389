/**
 * The deterministic CSPRNG of the platform's public random draws (expert committees, 双随机 inspection
 * plans): HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1 §10.1.2) seeded by a committed, later revealed
 * seed, and unbiased picks from it, so anyone can re-run a draw from the revealed seed.
 */
import { createHmac, randomBytes } from "node:crypto";

// ---------------------------------------------------------------------------------------------
// HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1, §10.1.2)
// ---------------------------------------------------------------------------------------------

const OUTLEN = 32;
/** SP 800-90A Table 2: at most 2^48 generate requests between reseeds, at most 2^19 bits each. */
const RESEED_INTERVAL = 2 ** 48;
const MAX_BYTES_PER_REQUEST = 2 ** 16;

/** HMAC_DRBG (SP 800-90A) with SHA-256, without reseeding (a draw must be reproducible). */
export class HmacDrbgSha256 {
  private key: Buffer;
  private v: Buffer;
  private reseedCounter: number;
  /** Number of Generate calls so far. */
  generateCalls = 0;

  /** HMAC_DRBG_Instantiate_algorithm (§10.1.2.3). `entropy` must have at least 32 bytes (256-bit strength). */
  constructor(entropy: Uint8Array, nonce: Uint8Array = new Uint8Array(0), personalization: Uint8Array = new Uint8Array(0)) {
    if (entropy.length < OUTLEN) throw new RangeError(`HMAC_DRBG needs at least ${OUTLEN} bytes of entropy input`);
    this.key = Buffer.alloc(OUTLEN, 0x00);
    this.v = Buffer.alloc(OUTLEN, 0x01);
    this.update(Buffer.concat([entropy, nonce, personalization]));
    this.reseedCounter = 1;
  }

  /** HMAC_DRBG_Update (§10.1.2.2). */
  private update(provided: Uint8Array | undefined) {
    this.key = createHmac("sha256", this.key)
      .update(this.v)
      .update(Uint8Array.of(0x00))
      .update(provided ?? new Uint8Array(0))
      .digest();
    this.v = createHmac("sha256", this.key).update(this.v).digest();
    if (!provided || provided.length === 0) return;
    this.key = createHmac("sha256", this.key).update(this.v).update(Uint8Array.of(0x01)).update(provided).digest();
    this.v = createHmac("sha256", this.key).update(this.v).digest();
  }

  /** HMAC_DRBG_Generate_algorithm (§10.1.2.5). */
  generate(length: number, additionalInput?: Uint8Array): Uint8Array {
    if (!Number.isInteger(length) || length < 0 || length > MAX_BYTES_PER_REQUEST) throw new RangeError(`at most ${MAX_BYTES_PER_REQUEST} bytes per request`);
    if (this.reseedCounter > RESEED_INTERVAL) throw new Error("HMAC_DRBG reseed required");
    const additional = additionalInput && additionalInput.length > 0 ? additionalInput : undefined;
    if (additional) this.update(additional);
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += OUTLEN) {
      this.v = createHmac("sha256", this.key).update(this.v).digest();
      out.set(this.v.subarray(0, Math.min(OUTLEN, length - offset)), offset);
    }
    this.update(additional);
    this.reseedCounter++;
    this.generateCalls++;
    return out;
  }

  /** Internal state (Key, V), hex — for known-answer tests only. */
  debugState(): { key: string; v: string } {
    return { key: this.key.toString("hex"), v: this.v.toString("hex") };
  }
}

/**
 * A uniformly distributed integer in [0, n) from the DRBG, by rejection sampling on big-endian
 * 32-bit words. `onSample` sees every raw word, accepted or not.
 */
export function uniformInt(drbg: HmacDrbgSha256, n: number, onSample?: (word: number) => void): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError("n must be an integer in 1..2^32");
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const bytes = drbg.generate(4);
    const word = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    onSample?.(word);
    if (word < limit) return word % n;
  }
}

/**
 * Takes one item out of `remaining` uniformly at random ({@link uniformInt} over its length): removes it
 * (the others keep their order) and returns it with the index it had.
 */
export function takeOne<T>(drbg: HmacDrbgSha256, remaining: T[], onSample?: (word: number) => void): { index: number; item: T } {
  const index = uniformInt(drbg, remaining.length, onSample);
  const [item] = remaining.splice(index, 1) as [T];
  return { index, item };
}

/** The least seed a draw accepts: 32 bytes, the DRBG's 256-bit security strength. */
export const MIN_SEED_BYTES = OUTLEN;

/** A fresh seed: 48 random bytes (SP 800-90A: entropy plus nonce for 256-bit strength). */
export function newSeed(): Uint8Array {
  return new Uint8Array(randomBytes(48));
}
