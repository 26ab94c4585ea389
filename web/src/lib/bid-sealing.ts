/**
 * Bid sealing in the browser (投标文件在投标人本地加密): the same construction as the server's
 * server/src/platform/crypto/bid-seal.ts + envelope.ts + shamir.ts, byte for byte, for the suite
 * "SM4-CTR-HMAC-SM3", so the plaintext never leaves the bidder's machine before the opening.
 *
 *   dataKey (32 random bytes)
 *   encKey  = HKDF-SM3(ikm = dataKey, salt = "", info = "ggzy/envelope/v1/SM4-CTR-HMAC-SM3/enc", 16)
 *   macKey  = HKDF-SM3(ikm = dataKey, salt = "", info = "ggzy/envelope/v1/SM4-CTR-HMAC-SM3/mac", 32)
 *   ciphertext = SM4-CTR(encKey, iv = 16 random bytes, the initial 128-bit big-endian counter block)
 *   tag = HMAC-SM3(macKey, u64be(len(aad)) ‖ aad ‖ iv ‖ ciphertext), aad = "ggzy/bid-seal/v1\0" ‖ context
 *   dataKey → Shamir 2-of-3 over GF(2^8) (x = 1 bidder, 2 centre, 3 supervisor), each share
 *   SM2-encrypted (C1C3C2, sm-crypto-v2's hex) to its custodian as version(1) ‖ x ‖ y.
 *
 * sm-crypto-v2 has SM4 ECB/CBC/GCM but no CTR: the key stream is SM4-ECB over the counter blocks.
 * Randomness comes from WebCrypto getRandomValues; SHA-256 from WebCrypto subtle (a secure context:
 * HTTPS or localhost); MD5 from md5.ts (receipts only).
 */
import { sm2, sm3, sm4 } from "sm-crypto-v2";
import { md5Hex } from "./md5.ts";

export type Custodian = "bidder" | "centre" | "supervisor";
export const CUSTODIANS: readonly Custodian[] = ["bidder", "centre", "supervisor"];
/** The Shamir evaluation point of each custodian's share (bid-seal.ts CUSTODIAN_X). */
export const CUSTODIAN_X: Readonly<Record<Custodian, number>> = { bidder: 1, centre: 2, supervisor: 3 };
export const SEAL_SUITE = "SM4-CTR-HMAC-SM3" as const;

const DATA_KEY_BYTES = 32;
const SM4_IV_BYTES = 16;
const SM4_KEY_BYTES = 16;
const SM3_MAC_BYTES = 32;
const SM2_C1C3C2 = 1;
const SHARE_PAYLOAD_VERSION = 1;
const INFO_ENC = "ggzy/envelope/v1/SM4-CTR-HMAC-SM3/enc";
const INFO_MAC = "ggzy/envelope/v1/SM4-CTR-HMAC-SM3/mac";
/** Counter blocks encrypted per SM4-ECB call (1 MiB of key stream). */
const CTR_CHUNK_BLOCKS = 65_536;

/** The sealed bid as the server's `SealedBid` (bid-seal.ts): binary fields as bytes. */
export interface SealedBid {
  suite: typeof SEAL_SUITE;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
  /** Each custodian's share of the data key, SM2-encrypted to that custodian (hex, C1C3C2). */
  shares: Record<Custodian, string>;
  sm3: string;
  sha256: string;
  md5: string;
  size: number;
}

export interface SealBidInput {
  plaintext: Uint8Array;
  /** SM2 public keys, hex 04…, three different ones. */
  custodians: Record<Custodian, string>;
  /** The context string from GET /sections/:id/sealing-keys ("section:<标段编号>/bidder:<USCC>"). */
  context?: string;
}

/** 投标文件特征码 (data set 519) as the bidder tool reports it. */
export interface BidFingerprint {
  mac: string;
  cpuId: string;
  diskSerial: string;
  fileMd5: string;
}

/** The body of PUT /api/v1/sections/:id/bid. */
export interface SealedBidBody {
  suite: string;
  iv: string;
  ciphertext: string;
  tag: string;
  shares: Record<Custodian, string>;
  sm3: string;
  sha256: string;
  md5: string;
  size: number;
  fingerprint: BidFingerprint;
}

// ---- bytes ----------------------------------------------------------------------------------

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError("not hex");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function randomBytes(size: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}

// ---- envelope (envelope.ts) -----------------------------------------------------------------

/** HMAC-SM3 (RFC 2104 with SM3). */
export function hmacSm3(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  return hexToBytes(sm3(concat(...parts), { key, mode: "hmac" }));
}

/** HKDF (RFC 5869) with HMAC-SM3; an empty salt is HashLen zero bytes (§2.2). */
export function hkdfSm3(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > 255 * 32) throw new RangeError("HKDF length must be 1..8160");
  const prk = hmacSm3(salt.length > 0 ? salt : new Uint8Array(32), ikm);
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 1, offset = 0; offset < length; i++) {
    previous = hmacSm3(prk, previous, info, Uint8Array.of(i));
    out.set(previous.subarray(0, Math.min(previous.length, length - offset)), offset);
    offset += previous.length;
  }
  prk.fill(0);
  return out;
}

/** SM4 in CTR mode with a 128-bit big-endian counter starting at `iv` (OpenSSL's sm4-ctr). Encrypts and decrypts. */
export function sm4Ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length !== SM4_KEY_BYTES || iv.length !== SM4_IV_BYTES) throw new RangeError("SM4-CTR needs a 16-byte key and a 16-byte IV");
  const out = new Uint8Array(data.length);
  const counter = Uint8Array.from(iv);
  for (let start = 0; start < data.length; start += CTR_CHUNK_BLOCKS * 16) {
    const length = Math.min(CTR_CHUNK_BLOCKS * 16, data.length - start);
    const blocks = Math.ceil(length / 16);
    const counters = new Uint8Array(blocks * 16);
    for (let b = 0; b < blocks; b++) {
      counters.set(counter, b * 16);
      for (let i = 15; i >= 0; i--) {
        counter[i] = (counter[i]! + 1) & 0xff;
        if (counter[i] !== 0) break;
      }
    }
    const stream = sm4.encrypt(counters, key, { mode: "ecb", padding: "none", output: "array" });
    for (let i = 0; i < length; i++) out[start + i] = data[start + i]! ^ stream[i]!;
  }
  return out;
}

function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

function sm4Keys(dataKey: Uint8Array) {
  const encoder = new TextEncoder();
  return {
    encKey: hkdfSm3(dataKey, new Uint8Array(0), encoder.encode(INFO_ENC), SM4_KEY_BYTES),
    macKey: hkdfSm3(dataKey, new Uint8Array(0), encoder.encode(INFO_MAC), SM3_MAC_BYTES),
  };
}

function sm4Tag(macKey: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return hmacSm3(macKey, u64be(aad.length), aad, iv, ciphertext);
}

// ---- Shamir over GF(2^8) (shamir.ts) --------------------------------------------------------

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1, constant time. */
function gfMul(a: number, b: number): number {
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

/** Shares x = 1..n of `secret`, any `k` of which reconstruct it (f(x) = s + a1·x + … per byte). */
function split(secret: Uint8Array, n: number, k: number): { x: number; y: Uint8Array }[] {
  const degree = k - 1;
  const coefficients = randomBytes(secret.length * degree);
  try {
    const shares: { x: number; y: Uint8Array }[] = [];
    for (let x = 1; x <= n; x++) {
      const y = new Uint8Array(secret.length);
      for (let i = 0; i < secret.length; i++) {
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

// ---- bid seal (bid-seal.ts) -----------------------------------------------------------------

function contextAad(context: string | undefined): Uint8Array {
  return new TextEncoder().encode(`ggzy/bid-seal/v1\u0000${context ?? ""}`);
}

/** A valid uncompressed SM2 public key (04 ‖ x ‖ y, on the curve), lower-case hex. */
export function isSm2PublicKey(hex: string): boolean {
  if (!/^04[0-9a-fA-F]{128}$/.test(hex)) return false;
  try {
    return sm2.verifyPublicKey(hex.toLowerCase());
  } catch {
    return false;
  }
}

function custodianKeys(custodians: Record<Custodian, string>): Record<Custodian, string> {
  const keys = {} as Record<Custodian, string>;
  for (const custodian of CUSTODIANS) {
    const key = (custodians[custodian] ?? "").trim().toLowerCase();
    if (!isSm2PublicKey(key)) throw new TypeError(`the ${custodian}'s SM2 public key is not valid`);
    keys[custodian] = key;
  }
  if (new Set(Object.values(keys)).size !== CUSTODIANS.length) throw new TypeError("the three custodians must have three different SM2 keys");
  return keys;
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new Error("SHA-256 needs WebCrypto (a secure context: HTTPS or localhost)");
  return bytesToHex(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>)));
}

/** Seals a bid file for the three custodians, exactly as the server's `sealBid` with suite SM4-CTR-HMAC-SM3. */
export async function sealBid(input: SealBidInput): Promise<SealedBid> {
  const keys = custodianKeys(input.custodians);
  const { plaintext } = input;
  const sha256 = await sha256Hex(plaintext);
  const dataKey = randomBytes(DATA_KEY_BYTES);
  const { encKey, macKey } = sm4Keys(dataKey);
  try {
    const iv = randomBytes(SM4_IV_BYTES);
    const ciphertext = sm4Ctr(encKey, iv, plaintext);
    const tag = sm4Tag(macKey, contextAad(input.context), iv, ciphertext);
    const pieces = split(dataKey, CUSTODIANS.length, 2);
    const shares = {} as Record<Custodian, string>;
    for (const custodian of CUSTODIANS) {
      const share = pieces.find((p) => p.x === CUSTODIAN_X[custodian])!;
      const payload = Uint8Array.of(SHARE_PAYLOAD_VERSION, share.x, ...share.y);
      shares[custodian] = sm2.doEncrypt(payload, keys[custodian], SM2_C1C3C2);
      payload.fill(0);
    }
    for (const piece of pieces) piece.y.fill(0);
    return { suite: SEAL_SUITE, iv, ciphertext, tag, shares, sm3: sm3(plaintext), sha256, md5: md5Hex(plaintext), size: plaintext.length };
  } finally {
    dataKey.fill(0);
    encKey.fill(0);
    macKey.fill(0);
  }
}

/** A sealed envelope as JSON (binary fields in base64): a sealed auction offer, and a tender bid without its fingerprint. */
export function sealedEnvelopeJson(sealed: SealedBid) {
  return {
    suite: sealed.suite,
    iv: bytesToBase64(sealed.iv),
    ciphertext: bytesToBase64(sealed.ciphertext),
    tag: bytesToBase64(sealed.tag),
    shares: sealed.shares,
    sm3: sealed.sm3,
    sha256: sealed.sha256,
    md5: sealed.md5,
    size: sealed.size,
  };
}

/** The JSON body the platform takes (PUT /api/v1/sections/:id/bid). */
export function sealedBidBody(sealed: SealedBid, fingerprint: Omit<BidFingerprint, "fileMd5"> & { fileMd5?: string }): SealedBidBody {
  return { ...sealedEnvelopeJson(sealed), fingerprint: { ...fingerprint, fileMd5: fingerprint.fileMd5 ?? sealed.md5 } };
}

/** The bidder's own decrypted share, as POST /sections/:id/bid/decryption takes it. */
export interface ShareHex {
  x: number;
  y: string;
}

/**
 * Decrypts the bidder's share (`shares.bidder` of its sealed record) with the certificate's SM2
 * private key, in the browser; throws when the key does not fit the share.
 */
export function decryptMyShare(encryptedShareHex: string, privateKeyHex: string): ShareHex {
  if (!/^[0-9a-fA-F]+$/.test(encryptedShareHex) || !/^[0-9a-fA-F]{1,64}$/.test(privateKeyHex)) throw new Error("the share or the key is not hex");
  let payload: Uint8Array;
  try {
    payload = sm2.doDecrypt(encryptedShareHex, privateKeyHex, SM2_C1C3C2, { output: "array" });
  } catch {
    throw new Error("the share could not be decrypted");
  }
  // sm-crypto-v2 returns an empty array when the SM2 C3 check fails (wrong key or altered ciphertext).
  if (payload.length !== 2 + DATA_KEY_BYTES || payload[0] !== SHARE_PAYLOAD_VERSION || payload[1] !== CUSTODIAN_X.bidder) {
    throw new Error("the share could not be decrypted with this key");
  }
  const y = bytesToHex(payload.subarray(2));
  payload.fill(0);
  return { x: CUSTODIAN_X.bidder, y };
}

/** Opens an envelope with a known data key (for tests of this module; the platform opens bids). */
export function openWithKey(sealed: Pick<SealedBid, "iv" | "ciphertext" | "tag">, dataKey: Uint8Array, context?: string): Uint8Array {
  const { encKey, macKey } = sm4Keys(dataKey);
  try {
    const expected = sm4Tag(macKey, contextAad(context), sealed.iv, sealed.ciphertext);
    let diff = expected.length ^ sealed.tag.length;
    for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ (sealed.tag[i] ?? 0);
    if (diff !== 0) throw new Error("the envelope's authentication tag does not match");
    return sm4Ctr(encKey, sealed.iv, sealed.ciphertext);
  } finally {
    encKey.fill(0);
    macKey.fill(0);
  }
}

// ---- the bid file ---------------------------------------------------------------------------

/** The structured offer inside a bid file: what is read out at the opening (开标一览表). */
export interface Offer {
  priceFen: number;
  durationDays?: number;
  quality?: string;
  projectManager?: string;
}

export interface AttachedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * The bid file the browser seals: JSON `{ offer, files: [{ name, size, data (base64) }], nonce }`, UTF-8.
 * The random nonce keeps the receipt hashes (SM3/SHA-256/MD5 of the plaintext, visible to the
 * platform before the opening) from being brute-forced back to a price when no file is attached.
 */
export function bidFile(offer: Offer, files: AttachedFile[] = []): Uint8Array {
  const document = {
    offer,
    files: files.map((f) => ({ name: f.name, size: f.bytes.length, data: bytesToBase64(f.bytes) })),
    nonce: bytesToBase64(randomBytes(32)),
  };
  return new TextEncoder().encode(JSON.stringify(document));
}
