/**
 * Envelope encryption of one bid file under a fresh per-bid data key (the key itself is then
 * protected by bid-seal.ts). Two suites:
 *
 *  - "SM4-CTR-HMAC-SM3" (国密): the OpenSSL linked into Node 20 (3.0.x) offers sm4-ecb/cbc/cfb/ofb/ctr
 *    but no sm4-gcm (SM4-GCM reached OpenSSL's EVP only in 3.2), so this suite is encrypt-then-MAC:
 *      encKey (16 bytes) = HKDF-SM3(ikm = dataKey, salt = "", info = "ggzy/envelope/v1/SM4-CTR-HMAC-SM3/enc")
 *      macKey (32 bytes) = HKDF-SM3(ikm = dataKey, salt = "", info = "ggzy/envelope/v1/SM4-CTR-HMAC-SM3/mac")
 *      ciphertext = SM4-CTR(encKey, iv = 16 random bytes as the initial 128-bit big-endian counter block)
 *      tag (32 bytes) = HMAC-SM3(macKey, u64be(len(aad)) ‖ aad ‖ iv ‖ ciphertext)
 *    HKDF is RFC 5869 instantiated with SM3 (an empty salt means HashLen zero bytes, RFC 5869 §2.2).
 *    On open the tag is checked (constant time) before anything is decrypted.
 *  - "AES-256-GCM": key = dataKey, 12-byte random IV, 16-byte tag (a shorter tag is refused, which
 *    Node itself would otherwise accept).
 *
 * The data key is 32 random bytes and is used for exactly one seal, so IV reuse cannot happen.
 * `aad` (optional) is authenticated but not encrypted: use it to bind the envelope to its context
 * (e.g. tender section and bidder) so that a sealed file cannot be moved to another record.
 * Any modification of suite, iv, ciphertext, tag or aad — or the wrong key — makes `open` throw
 * {@link SealBroken}; nothing of the plaintext is released in that case.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SEAL_SUITES = ["SM4-CTR-HMAC-SM3", "AES-256-GCM"] as const;
export type SealSuite = (typeof SEAL_SUITES)[number];

/** Length in bytes of a data key (both suites). */
export const DATA_KEY_BYTES = 32;

export interface Sealed {
  suite: SealSuite;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

export interface SealedWithKey extends Sealed {
  /** The per-bid data key. Never store it next to the envelope: split it (bid-seal.ts). */
  dataKey: Uint8Array;
}

export interface EnvelopeOptions {
  /** Additional authenticated data (not encrypted), e.g. the bid's context. Must be the same on open. */
  aad?: Uint8Array;
}

/** The envelope was modified, belongs to another context, or the key is wrong. */
export class SealBroken extends Error {
  override readonly name = "SealBroken";
  readonly code = "SEAL_BROKEN";
}

const SM4_IV_BYTES = 16;
const SM4_KEY_BYTES = 16;
const SM3_MAC_BYTES = 32;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const INFO_ENC = "ggzy/envelope/v1/SM4-CTR-HMAC-SM3/enc";
const INFO_MAC = "ggzy/envelope/v1/SM4-CTR-HMAC-SM3/mac";
const EMPTY = new Uint8Array(0);

export function isSealSuite(value: unknown): value is SealSuite {
  return typeof value === "string" && (SEAL_SUITES as readonly string[]).includes(value);
}

/** Hash functions HKDF is offered with; SHA-256 is here so RFC 5869's own test vectors can check the code. */
export type HkdfHash = "sm3" | "sha256";
const HASH_BYTES: Record<HkdfHash, number> = { sm3: 32, sha256: 32 };

/** HMAC-SM3 (RFC 2104 with SM3, GB/T 32905; as in GM/T 0042). */
export function hmacSm3(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const mac = createHmac("sm3", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** HKDF (RFC 5869): Extract-then-Expand with HMAC-`hash`. Written out rather than delegated so the construction is explicit. */
export function hkdf(hash: HkdfHash, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const hashLen = HASH_BYTES[hash];
  if (!Number.isInteger(length) || length < 1 || length > 255 * hashLen) throw new RangeError(`HKDF length must be 1..${255 * hashLen}`);
  // 2.2 Extract: PRK = HMAC-Hash(salt, IKM), salt defaulting to HashLen zeros.
  const prk = createHmac(hash, salt.length > 0 ? salt : new Uint8Array(hashLen))
    .update(ikm)
    .digest();
  // 2.3 Expand: T(i) = HMAC-Hash(PRK, T(i−1) ‖ info ‖ i), OKM = first L bytes of T(1) ‖ T(2) ‖ …
  const out = new Uint8Array(length);
  let previous: Uint8Array = EMPTY;
  for (let i = 1, offset = 0; offset < length; i++) {
    previous = createHmac(hash, prk).update(previous).update(info).update(Uint8Array.of(i)).digest();
    out.set(previous.subarray(0, Math.min(previous.length, length - offset)), offset);
    offset += previous.length;
  }
  prk.fill(0);
  return out;
}

function sm4Keys(dataKey: Uint8Array) {
  const encoder = new TextEncoder();
  return {
    encKey: hkdf("sm3", dataKey, EMPTY, encoder.encode(INFO_ENC), SM4_KEY_BYTES),
    macKey: hkdf("sm3", dataKey, EMPTY, encoder.encode(INFO_MAC), SM3_MAC_BYTES),
  };
}

function sm4Tag(macKey: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const aadLength = Buffer.alloc(8);
  aadLength.writeBigUInt64BE(BigInt(aad.length));
  return hmacSm3(macKey, aadLength, aad, iv, ciphertext);
}

function checkKey(dataKey: Uint8Array) {
  if (dataKey.length !== DATA_KEY_BYTES) throw new RangeError(`a data key has ${DATA_KEY_BYTES} bytes, got ${dataKey.length}`);
}

function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Encrypts `plaintext` under a fresh random data key. */
export function seal(plaintext: Uint8Array, suite: SealSuite, options: EnvelopeOptions = {}): SealedWithKey {
  const dataKey = new Uint8Array(randomBytes(DATA_KEY_BYTES));
  return { ...sealWithKey(plaintext, suite, dataKey, options), dataKey };
}

/**
 * Encrypts under a given data key. For callers that manage keys themselves; a key must never be
 * used for two seals (prefer {@link seal}).
 */
export function sealWithKey(plaintext: Uint8Array, suite: SealSuite, dataKey: Uint8Array, options: EnvelopeOptions = {}): Sealed {
  checkKey(dataKey);
  const aad = options.aad ?? EMPTY;
  if (suite === "SM4-CTR-HMAC-SM3") {
    const { encKey, macKey } = sm4Keys(dataKey);
    const iv = new Uint8Array(randomBytes(SM4_IV_BYTES));
    const cipher = createCipheriv("sm4-ctr", encKey, iv);
    const ciphertext = bytes(Buffer.concat([cipher.update(plaintext), cipher.final()]));
    const tag = sm4Tag(macKey, aad, iv, ciphertext);
    encKey.fill(0);
    macKey.fill(0);
    return { suite, iv, ciphertext, tag };
  }
  if (suite === "AES-256-GCM") {
    const iv = new Uint8Array(randomBytes(GCM_IV_BYTES));
    const cipher = createCipheriv("aes-256-gcm", dataKey, iv, { authTagLength: GCM_TAG_BYTES });
    cipher.setAAD(aad);
    const ciphertext = bytes(Buffer.concat([cipher.update(plaintext), cipher.final()]));
    return { suite, iv, ciphertext, tag: new Uint8Array(cipher.getAuthTag()) };
  }
  throw new RangeError(`unknown seal suite ${String(suite)}`);
}

/** Decrypts and authenticates; throws {@link SealBroken} on any tampering or the wrong key. */
export function open(sealed: Sealed, dataKey: Uint8Array, options: EnvelopeOptions = {}): Uint8Array {
  checkKey(dataKey);
  const aad = options.aad ?? EMPTY;
  const { suite, iv, ciphertext, tag } = sealed;
  if (suite === "SM4-CTR-HMAC-SM3") {
    if (iv.length !== SM4_IV_BYTES || tag.length !== SM3_MAC_BYTES) throw new SealBroken("the envelope's IV or tag has the wrong length");
    const { encKey, macKey } = sm4Keys(dataKey);
    try {
      const expected = sm4Tag(macKey, aad, iv, ciphertext);
      if (!timingSafeEqual(expected, tag)) throw new SealBroken("the envelope's authentication tag does not match");
      const decipher = createDecipheriv("sm4-ctr", encKey, iv);
      return bytes(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
    } finally {
      encKey.fill(0);
      macKey.fill(0);
    }
  }
  if (suite === "AES-256-GCM") {
    if (iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) throw new SealBroken("the envelope's IV or tag has the wrong length");
    try {
      const decipher = createDecipheriv("aes-256-gcm", dataKey, iv, { authTagLength: GCM_TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      return bytes(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
    } catch {
      throw new SealBroken("the envelope's authentication tag does not match");
    }
  }
  throw new SealBroken(`unknown seal suite ${String(suite)}`);
}

/** SM3 (GB/T 32905) of `data`, lower-case hex. */
export function sm3Hex(data: Uint8Array): string {
  return createHash("sm3").update(data).digest("hex");
}

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** MD5, lower-case hex — only because bid receipts (data set 519) report it; never for security. */
export function md5Hex(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}
