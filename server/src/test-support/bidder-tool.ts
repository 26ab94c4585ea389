import { randomBytes } from "node:crypto";
import type { Offer } from "../modules/tendering/tendering-service.ts";
import { decryptShare, type SealedBid, sealBid } from "../platform/crypto/bid-seal.ts";
import { md5Hex } from "../platform/crypto/envelope.ts";
import { generateSm2KeyPair } from "../platform/crypto/sm2.ts";

/**
 * What a bidder's tool does on the bidder's machine: seal the bid file to the three custodians'
 * keys, and at the opening decrypt the bidder's own share with the certificate's private key.
 */
export function sealOffer(
  keys: { context: string; custodians: { bidder: string; centre: string; supervisor: string } },
  offer: Offer,
  extra: Record<string, unknown> = {},
) {
  const plaintext = Buffer.from(JSON.stringify({ offer, ...extra }), "utf8");
  const sealed = sealBid({ plaintext, suite: "SM4-CTR-HMAC-SM3", custodians: keys.custodians, context: keys.context });
  return {
    ...envelopeJson(sealed),
    fingerprint: { mac: "00-1A-2B-3C-4D-5E", cpuId: "BFEBFBFF000906EA", diskSerial: "WD-WCC4N0000001", fileMd5: md5Hex(plaintext) },
  };
}

export function bidderShare(encryptedShare: string, privateKey: string) {
  const share = decryptShare(encryptedShare, privateKey);
  return { x: share.x, y: Buffer.from(share.y).toString("hex") };
}

/**
 * What a bidder's browser does with a sealed auction offer (web sealed-offer-panel.tsx): seal `{priceFen, nonce}` to
 * the centre's and the department's keys from GET /auction-lots/:id/sealed-offer-keys, bound to its context; the
 * third share goes to a one-time key that is thrown away. `payload` replaces the plaintext (for invalid offers).
 */
export function sealAuctionOffer(
  keys: { context: string; custodians: { centre: string; supervisor: string } },
  priceFen: number,
  payload: Record<string, unknown> = { priceFen, nonce: randomBytes(16).toString("hex") },
) {
  const plaintext = Buffer.from(JSON.stringify(payload), "utf8");
  const custodians = { bidder: generateSm2KeyPair().publicKey, centre: keys.custodians.centre, supervisor: keys.custodians.supervisor };
  return envelopeJson(sealBid({ plaintext, suite: "SM4-CTR-HMAC-SM3", custodians, context: keys.context }));
}

/** A sealed envelope as a bidder's tool sends it (binary fields in base64). */
function envelopeJson(sealed: SealedBid) {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  return {
    suite: sealed.suite,
    iv: b64(sealed.iv),
    ciphertext: b64(sealed.ciphertext),
    tag: b64(sealed.tag),
    shares: sealed.shares,
    sm3: sealed.sm3,
    sha256: sealed.sha256,
    md5: sealed.md5,
    size: sealed.size,
  };
}
