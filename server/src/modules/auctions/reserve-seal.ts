import crypto from "node:crypto";
import { decryptShare, openBid, type SealedBid, sealBid } from "../../platform/crypto/bid-seal.ts";
import type { SealSuite } from "../../platform/crypto/envelope.ts";
import { generateSm2KeyPair } from "../../platform/crypto/sm2.ts";

/**
 * The secret 底价 (reserve) of a lot, sealed like a bid (ADR 0004): SM4 envelope, data key split 2-of-3
 * with Shamir, shares SM2-encrypted to the trading centre, the supervising department and the seller.
 * The server opens it at the close with the centre's and the department's shares, whose private keys live
 * outside the database — so before the close neither the database nor its administrator can read it
 * (39号令第十条 [mem]; 拍卖法第二十八条). The seller set the price and needs no share: its slot gets a
 * one-time key that is thrown away.
 */
export interface StoredReserveSeal {
  suite: SealSuite;
  iv: string;
  ciphertext: string;
  tag: string;
  shares: SealedBid["shares"];
  sm3: string;
  sha256: string;
  md5: string;
  size: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
const context = (lotCode: string) => `auction-lot:${lotCode}/reserve`;

/**
 * Seals a small secret (a price) for the centre and the department, bound to `sealContext`. The third share goes to
 * a one-time key that is thrown away. A random nonce keeps the receipt hashes from revealing a price to anyone who
 * tries every candidate.
 */
export function sealSecret(sealContext: string, payload: Record<string, number>, keys: { centre: string; department: string }): StoredReserveSeal {
  const sealed = sealBid({
    plaintext: new TextEncoder().encode(JSON.stringify({ ...payload, nonce: crypto.randomBytes(16).toString("hex") })),
    suite: "SM4-CTR-HMAC-SM3",
    custodians: { bidder: generateSm2KeyPair().publicKey, centre: keys.centre, supervisor: keys.department },
    context: sealContext,
  });
  return {
    suite: sealed.suite,
    iv: hex(sealed.iv),
    ciphertext: hex(sealed.ciphertext),
    tag: hex(sealed.tag),
    shares: sealed.shares,
    sm3: sealed.sm3,
    sha256: sealed.sha256,
    md5: sealed.md5,
    size: sealed.size,
  };
}

/** Opens a {@link sealSecret} with the centre's and the department's private keys. Throws when a key or the seal is wrong. */
export function openSecret(sealContext: string, stored: StoredReserveSeal, privateKeys: { centre: string; department: string }): Record<string, unknown> {
  const sealed: SealedBid = {
    suite: stored.suite,
    iv: bytes(stored.iv),
    ciphertext: bytes(stored.ciphertext),
    tag: bytes(stored.tag),
    shares: stored.shares,
    sm3: stored.sm3,
    sha256: stored.sha256,
    md5: stored.md5,
    size: stored.size,
  };
  const shares = [decryptShare(stored.shares.centre, privateKeys.centre), decryptShare(stored.shares.supervisor, privateKeys.department)];
  return JSON.parse(Buffer.from(openBid(sealed, shares, { context: sealContext })).toString("utf8")) as Record<string, unknown>;
}

export function sealReserve(lotCode: string, reserveFen: number, keys: { centre: string; department: string }): StoredReserveSeal {
  return sealSecret(context(lotCode), { reserveFen }, keys);
}

/** Opens the reserve with the centre's and the department's private keys. Throws when a key or the seal is wrong. */
export function openReserve(lotCode: string, stored: StoredReserveSeal, privateKeys: { centre: string; department: string }): number {
  const { reserveFen } = openSecret(context(lotCode), stored, privateKeys);
  if (typeof reserveFen !== "number" || !Number.isSafeInteger(reserveFen) || reserveFen <= 0) throw new Error("the sealed reserve is not a price");
  return reserveFen;
}
