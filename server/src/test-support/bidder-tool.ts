import type { Offer } from "../modules/tendering/tendering-service.ts";
import { decryptShare, sealBid } from "../platform/crypto/bid-seal.ts";
import { md5Hex } from "../platform/crypto/envelope.ts";

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
    fingerprint: { mac: "00-1A-2B-3C-4D-5E", cpuId: "BFEBFBFF000906EA", diskSerial: "WD-WCC4N0000001", fileMd5: md5Hex(plaintext) },
  };
}

export function bidderShare(encryptedShare: string, privateKey: string) {
  const share = decryptShare(encryptedShare, privateKey);
  return { x: share.x, y: Buffer.from(share.y).toString("hex") };
}
