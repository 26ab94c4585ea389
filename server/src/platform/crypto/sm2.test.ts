import { describe, expect, it } from "vitest";
import { generateSm2KeyPair, signSm2, sm2PublicKeyHex, verifySm2 } from "./sm2.ts";

/** SubjectPublicKeyInfo prefix for an SM2 point: id-ecPublicKey with the SM2 curve 1.2.156.10197.1.301. */
const SPKI_PREFIX = "3059301306072a8648ce3d020106082a811ccf5501822d034200";

function pemOf(pointHex: string) {
  const der = Buffer.from(SPKI_PREFIX + pointHex, "hex").toString("base64");
  return `-----BEGIN PUBLIC KEY-----\n${der.match(/.{1,64}/g)?.join("\n")}\n-----END PUBLIC KEY-----\n`;
}

describe("SM2 (GB/T 32918) signatures", () => {
  it("verifies a signature made with the matching private key, and nothing else", () => {
    const keys = generateSm2KeyPair();
    const signature = signSm2("login nonce 1234", keys.privateKey);
    expect(verifySm2("login nonce 1234", signature, keys.publicKey)).toBe(true);
    expect(verifySm2("login nonce 1235", signature, keys.publicKey)).toBe(false);
    expect(verifySm2("login nonce 1234", signature, generateSm2KeyPair().publicKey)).toBe(false);
    expect(verifySm2("login nonce 1234", "not base64 at all", keys.publicKey)).toBe(false);
  });

  it("reads the public key from hex or from a PEM SubjectPublicKeyInfo", () => {
    const keys = generateSm2KeyPair();
    expect(sm2PublicKeyHex(keys.publicKey.toUpperCase())).toBe(keys.publicKey.toLowerCase());
    expect(sm2PublicKeyHex(pemOf(keys.publicKey))).toBe(keys.publicKey.toLowerCase());
  });

  it("refuses a point that is not on the curve and a key of another curve", () => {
    const keys = generateSm2KeyPair();
    const offCurve = `${keys.publicKey.slice(0, -2)}${keys.publicKey.endsWith("00") ? "01" : "00"}`;
    expect(sm2PublicKeyHex(pemOf(offCurve))).toBeUndefined();
    const p256 =
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGQ8o0lH5nCp2CLF5J4Z5Qm4v4m9jK0lQ6uRzq2xG9F2nTQ0g3u9eQx3P1l4cW8hZ0a3C2k1m7r9X2b0xw2Z1Bw==\n-----END PUBLIC KEY-----";
    expect(sm2PublicKeyHex(p256)).toBeUndefined();
  });
});
