/**
 * Sealed bids (电子招标投标办法: 投标文件加密, 开标前任何人不得解密): key custody for one bid file.
 *
 * Scheme
 *   1. The bid file is encrypted once under a fresh 32-byte data key (envelope.ts; SM4-CTR-HMAC-SM3
 *      or AES-256-GCM). The optional `context` (e.g. "section:<标段编号>/bidder:<USCC>") is bound
 *      in as authenticated data, so a sealed bid cannot be moved to another bidder's or section's record.
 *   2. The data key is split with Shamir 2-of-3 (shamir.ts) into shares x = 1, 2, 3 for the three
 *      custodians — the bidder (投标人), the trading centre (交易中心) and the supervisory
 *      department (行政监督部门) — and each share is encrypted to that custodian's SM2 public key
 *      (GB/T 32918.4 public-key encryption, C1C3C2, via sm-crypto-v2). The data key is then discarded.
 *   3. At opening (开标), any two custodians decrypt their shares with their private keys (in
 *      production: on their own USB-key / 数字证书 side, handing over only the share), the shares
 *      are recombined and the envelope opened. The receipt hashes are re-checked on the plaintext.
 *
 * Threat model — who can read a bid before opening?
 *   - A database administrator (or anybody with a dump or a backup) sees only: the suite, IV,
 *     ciphertext, tag, three SM2 ciphertexts of shares, the receipt hashes (SM3/SHA-256/MD5) and
 *     the size. Without at least two custodians' private keys that reveals nothing of the contents
 *     except the length. The DBA can destroy or swap records, but not undetectably: every
 *     modification makes opening fail with SealBroken, and the bidder holds the receipt.
 *   - The trading centre alone (its private key + the database) holds one share. One Shamir share
 *     of a 2-of-3 sharing is statistically independent of the key, so it learns nothing. Same for
 *     the supervisory department alone, and for the bidder alone (who knows its own bid anyway).
 *   - Why 2-of-3 and not 3-of-3: opening must survive one custodian being unavailable or losing its
 *     key (a bidder who does not show up, a broken certificate) — 电子招标投标办法 requires that
 *     bids can be opened at the published time. Why not 1-of-n: then any single party could open
 *     early. Two colluding custodians can open early; the time condition (no decryption before
 *     开标时间) is enforced by the service and the audit log, not by this module.
 *   - The server never needs the plaintext before opening: in production `sealBid` runs
 *     client-side in the bidder tool (投标文件制作工具), which uploads only the SealedBid; the
 *     plaintext crosses to the server only after opening. Server-side use is for tests and tools.
 *
 * Caveats
 *   - The receipt hashes are over the plaintext. For a real bid file (a large, high-entropy archive)
 *     that is harmless; a hash of a tiny low-entropy file (say, just a price) could be brute-forced
 *     from the hash. The bidder tool must hash the whole file, never a bare price.
 *   - sm-crypto-v2 emits SM2 ciphertext as hex C1 ‖ C3 ‖ C2 with C1 = x ‖ y (no 04 prefix), the
 *     usual convention of the JS SM2 libraries; a bidder tool using another library must match it.
 */
import { sm2 } from "sm-crypto-v2";
import { DATA_KEY_BYTES, md5Hex, open, SealBroken, type SealSuite, seal, sha256Hex, sm3Hex } from "./envelope.ts";
import { combine, type Share, split } from "./shamir.ts";
import { sm2PublicKeyHex } from "./sm2.ts";

export type Custodian = "bidder" | "centre" | "supervisor";
export const CUSTODIANS: readonly Custodian[] = ["bidder", "centre", "supervisor"];
/** The Shamir evaluation point of each custodian's share. */
export const CUSTODIAN_X: Readonly<Record<Custodian, number>> = { bidder: 1, centre: 2, supervisor: 3 };

/** Shares needed to open a bid. */
export const OPENING_THRESHOLD = 2;

/** SM2 cipher mode 1 = C1C3C2 (GB/T 32918.4-2016). */
const SM2_C1C3C2 = 1;
/** Share payload before SM2 encryption: version ‖ x ‖ y. */
const SHARE_PAYLOAD_VERSION = 1;

export interface SealedBid {
  suite: SealSuite;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
  /** Each custodian's Shamir share of the data key, SM2-encrypted to that custodian (hex, C1C3C2). */
  shares: Record<Custodian, string>;
  /** Receipt (回执) hashes of the plaintext bid file, lower-case hex. */
  sm3: string;
  sha256: string;
  /** MD5 as reported by bidder tools (data set 519); not a security property. */
  md5: string;
  /** Plaintext size in bytes. */
  size: number;
}

export interface SealBidInput {
  plaintext: Uint8Array;
  suite: SealSuite;
  /** SM2 public keys, hex (04…) or PEM SubjectPublicKeyInfo. Must be three different keys. */
  custodians: Record<Custodian, string>;
  /** Binds the seal to its record, e.g. "section:S-2025-001/bidder:91320100MA1XXXXXX1". Supply the same string to openBid. */
  context?: string;
}

/** A custodian's share could not be decrypted: wrong private key, or a corrupted/foreign share. */
export class ShareDecryptFailed extends Error {
  override readonly name = "ShareDecryptFailed";
  readonly code = "SHARE_DECRYPT_FAILED";
}

/** Fewer than two distinct custodians' shares were offered (or conflicting shares for one custodian). */
export class NotEnoughShares extends Error {
  override readonly name = "NotEnoughShares";
  readonly code = "NOT_ENOUGH_SHARES";
}

function contextAad(context: string | undefined): Uint8Array {
  return new TextEncoder().encode(`ggzy/bid-seal/v1\u0000${context ?? ""}`);
}

function custodianKeys(custodians: Record<Custodian, string>): Record<Custodian, string> {
  const keys = {} as Record<Custodian, string>;
  for (const custodian of CUSTODIANS) {
    const key = sm2PublicKeyHex(custodians[custodian] ?? "");
    if (!key) throw new TypeError(`the ${custodian}'s SM2 public key is not valid`);
    keys[custodian] = key;
  }
  if (new Set(Object.values(keys)).size !== CUSTODIANS.length) {
    // Two shares under one key would let a single party open the bid alone.
    throw new TypeError("the three custodians must have three different SM2 keys");
  }
  return keys;
}

/** Seals a bid file for the three custodians. Runs in the bidder tool in production. */
export function sealBid(input: SealBidInput): SealedBid {
  const keys = custodianKeys(input.custodians);
  const { dataKey, ...envelope } = seal(input.plaintext, input.suite, { aad: contextAad(input.context) });
  try {
    const pieces = split(dataKey, CUSTODIANS.length, OPENING_THRESHOLD);
    const shares = {} as Record<Custodian, string>;
    for (const custodian of CUSTODIANS) {
      const share = pieces.find((p) => p.x === CUSTODIAN_X[custodian])!;
      const payload = Uint8Array.of(SHARE_PAYLOAD_VERSION, share.x, ...share.y);
      shares[custodian] = sm2.doEncrypt(payload, keys[custodian], SM2_C1C3C2);
      payload.fill(0);
      share.y.fill(0);
    }
    return {
      ...envelope,
      shares,
      sm3: sm3Hex(input.plaintext),
      sha256: sha256Hex(input.plaintext),
      md5: md5Hex(input.plaintext),
      size: input.plaintext.length,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Decrypts one custodian's share with that custodian's SM2 private key (hex). */
export function decryptShare(encryptedShareHex: string, privateKeyHex: string): Share {
  let payload: Uint8Array;
  try {
    if (!/^[0-9a-fA-F]+$/.test(encryptedShareHex) || !/^[0-9a-fA-F]{1,64}$/.test(privateKeyHex)) throw new Error("not hex");
    payload = sm2.doDecrypt(encryptedShareHex, privateKeyHex, SM2_C1C3C2, { output: "array" });
  } catch {
    throw new ShareDecryptFailed("the share could not be decrypted");
  }
  // sm-crypto-v2 returns an empty array when the SM2 C3 check fails (wrong key or altered ciphertext).
  if (payload.length !== 2 + DATA_KEY_BYTES || payload[0] !== SHARE_PAYLOAD_VERSION) {
    throw new ShareDecryptFailed("the share could not be decrypted with this key");
  }
  const x = payload[1]!;
  if (!CUSTODIANS.some((c) => CUSTODIAN_X[c] === x)) throw new ShareDecryptFailed(`unexpected share index ${x}`);
  return { x, y: payload.slice(2) };
}

/**
 * Opens a sealed bid from at least two distinct custodians' decrypted shares. Throws
 * {@link NotEnoughShares} for fewer than two, {@link SealBroken} if the record was tampered with,
 * the shares belong to another bid, or `context` differs from the one used at sealing.
 */
export function openBid(sealed: SealedBid, shares: readonly Share[], options: { context?: string } = {}): Uint8Array {
  const byX = new Map<number, Share>();
  for (const share of shares) {
    const existing = byX.get(share.x);
    if (existing && Buffer.compare(existing.y, share.y) !== 0) throw new NotEnoughShares(`two different shares claim index ${share.x}`);
    byX.set(share.x, share);
  }
  if (byX.size < OPENING_THRESHOLD) throw new NotEnoughShares(`opening needs shares from ${OPENING_THRESHOLD} different custodians, got ${byX.size}`);
  if ([...byX.values()].some((s) => s.y.length !== DATA_KEY_BYTES)) throw new SealBroken("a share has the wrong length");
  const dataKey = combine([...byX.values()]);
  try {
    const plaintext = open(sealed, dataKey, { aad: contextAad(options.context) });
    if (plaintext.length !== sealed.size || sm3Hex(plaintext) !== sealed.sm3 || sha256Hex(plaintext) !== sealed.sha256 || md5Hex(plaintext) !== sealed.md5) {
      throw new SealBroken("the opened bid does not match its receipt hashes");
    }
    return plaintext;
  } finally {
    dataKey.fill(0);
  }
}
