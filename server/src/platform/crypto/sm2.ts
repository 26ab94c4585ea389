import { sm2 } from "sm-crypto-v2";

/**
 * SM2 signatures (GB/T 32918, with SM3 and the default user ID 1234567812345678), as produced by
 * Chinese CA certificate middleware. Node's OpenSSL binding loses the SM2 key type on import, so
 * the signature scheme comes from sm-crypto-v2.
 */
const SM2_CURVE_OID = Buffer.from("06082a811ccf5501822d", "hex"); // 1.2.156.10197.1.301

/** The uncompressed public point (hex, 04…) from hex or from a PEM SubjectPublicKeyInfo. */
export function sm2PublicKeyHex(input: string): string | undefined {
  const text = input.trim();
  if (/^04[0-9a-fA-F]{128}$/.test(text)) return onCurve(text.toLowerCase());
  const match = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(text);
  if (!match?.[1]) return undefined;
  const der = Buffer.from(match[1].replace(/\s+/g, ""), "base64");
  if (!der.includes(SM2_CURVE_OID) || der.length < 66) return undefined;
  const point = der.subarray(der.length - 65);
  if (point[0] !== 0x04) return undefined;
  return onCurve(point.toString("hex"));
}

function onCurve(hex: string): string | undefined {
  try {
    return sm2.verifyPublicKey(hex) ? hex : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies a DER-encoded SM2 signature (base64) of `message`. */
export function verifySm2(message: string, signatureBase64: string, publicKeyHex: string): boolean {
  try {
    const signature = Buffer.from(signatureBase64, "base64").toString("hex");
    return sm2.doVerifySignature(message, signature, publicKeyHex, { hash: true, der: true });
  } catch {
    return false;
  }
}

/** Signs `message` (for tests and the bidder tool): DER signature in base64. */
export function signSm2(message: string, privateKeyHex: string): string {
  return Buffer.from(sm2.doSignature(message, privateKeyHex, { hash: true, der: true }), "hex").toString("base64");
}

export function generateSm2KeyPair(): { publicKey: string; privateKey: string } {
  return sm2.generateKeyPairHex();
}
