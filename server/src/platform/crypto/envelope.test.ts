import { createCipheriv, getCiphers, hkdfSync } from "node:crypto";
import fc from "fast-check";
import { hkdf as smHkdf, sm3 as smSm3 } from "sm-crypto-v2";
import { describe, expect, it } from "vitest";
import {
  DATA_KEY_BYTES,
  hkdf,
  hmacSm3,
  isSealSuite,
  md5Hex,
  open,
  SEAL_SUITES,
  SealBroken,
  type Sealed,
  type SealSuite,
  seal,
  sealWithKey,
  sha256Hex,
  sm3Hex,
} from "./envelope.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("the primitives underneath", () => {
  it("node's OpenSSL has SM4-CTR and SM3 but no SM4-GCM (hence the encrypt-then-MAC suite)", () => {
    expect(getCiphers()).toContain("sm4-ctr");
    expect(getCiphers()).not.toContain("sm4-gcm");
  });

  it("SM4 and SM3 match the GB/T test vectors", () => {
    // GB/T 32907-2016 Appendix A, example 1.
    const key = fromHex("0123456789abcdeffedcba9876543210");
    const cipher = createCipheriv("sm4-ecb", key, null).setAutoPadding(false);
    expect(hex(Buffer.concat([cipher.update(key), cipher.final()]))).toBe("681edf34d206965e86b3e94f536e4246");
    // GB/T 32905-2016 Appendix A, example 1.
    expect(sm3Hex(utf8("abc"))).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  });

  it("receipt hashes", () => {
    expect(sha256Hex(utf8("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(md5Hex(new Uint8Array(0))).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5Hex(utf8("abc"))).toBe("900150983cd24fb0d6963f7d28e17f72");
  });

  it("HKDF matches RFC 5869 test cases 1 and 3 (SHA-256)", () => {
    const ikm = new Uint8Array(22).fill(0x0b);
    expect(hex(hkdf("sha256", ikm, fromHex("000102030405060708090a0b0c"), fromHex("f0f1f2f3f4f5f6f7f8f9"), 42))).toBe(
      "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    );
    expect(hex(hkdf("sha256", ikm, new Uint8Array(0), new Uint8Array(0), 42))).toBe(
      "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    );
    expect(() => hkdf("sm3", ikm, new Uint8Array(0), new Uint8Array(0), 255 * 32 + 1)).toThrow(RangeError);
    expect(() => hkdf("sm3", ikm, new Uint8Array(0), new Uint8Array(0), 0)).toThrow(RangeError);
  });

  it("HKDF-SM3 and HMAC-SM3 agree with OpenSSL's and with sm-crypto-v2's independent implementations", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        (ikm, salt, info, length) => {
          const ours = hex(hkdf("sm3", ikm, salt, info, length));
          expect(ours).toBe(hex(new Uint8Array(hkdfSync("sm3", ikm, salt, info, length))));
          if (ikm.length > 0) expect(ours).toBe(hex(smHkdf(ikm, salt, info, length)));
          if (salt.length > 0) expect(hex(hmacSm3(salt, ikm, info))).toBe(smSm3(new Uint8Array([...ikm, ...info]), { key: salt, mode: "hmac" }));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe.each(SEAL_SUITES)("envelope %s", (suite) => {
  it("round-trips, including empty and odd-sized plaintexts", () => {
    for (const size of [0, 1, 15, 16, 17, 4096, 100_003]) {
      const plaintext = new Uint8Array(Buffer.alloc(size, `bid ${size} `));
      const sealed = seal(plaintext, suite);
      expect(sealed.suite).toBe(suite);
      expect(sealed.dataKey.length).toBe(DATA_KEY_BYTES);
      expect(sealed.ciphertext.length).toBe(size); // stream modes: the size is not hidden
      expect(hex(open(sealed, sealed.dataKey))).toBe(hex(plaintext));
    }
  });

  it("round-trips arbitrary plaintexts and AAD (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 64 }), (plaintext, aad) => {
        const sealed = seal(plaintext, suite, { aad });
        expect(hex(open(sealed, sealed.dataKey, { aad }))).toBe(hex(plaintext));
      }),
      { numRuns: 100 },
    );
  });

  it("uses a fresh key and IV every time: sealing the same bid twice gives unrelated ciphertexts", () => {
    const plaintext = utf8("投标报价：12345678.90 元");
    const a = seal(plaintext, suite);
    const b = seal(plaintext, suite);
    expect(hex(a.dataKey)).not.toBe(hex(b.dataKey));
    expect(hex(a.iv)).not.toBe(hex(b.iv));
    expect(hex(a.ciphertext)).not.toBe(hex(b.ciphertext));
    expect(Buffer.from(a.ciphertext).includes(Buffer.from(plaintext))).toBe(false);
  });

  it("throws SealBroken for any single flipped bit in iv, ciphertext or tag (property)", () => {
    const plaintext = utf8("投标报价：12345678.90 元；工期 180 日历天；质量 合格");
    const sealed = seal(plaintext, suite);
    const fields = ["iv", "ciphertext", "tag"] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.nat(), fc.integer({ min: 0, max: 7 }), (field, at, bit) => {
        const copy = { ...sealed, [field]: Uint8Array.from(sealed[field]) };
        const target = copy[field];
        target[at % target.length] = target[at % target.length]! ^ (1 << bit);
        expect(() => open(copy, sealed.dataKey)).toThrow(SealBroken);
      }),
      { numRuns: 300 },
    );
  });

  it("throws SealBroken for truncation, extension, the wrong key, the wrong AAD, or another suite", () => {
    const plaintext = utf8("报价 12345678.90");
    const aad = utf8("section:S-001/bidder:91320100MA1XXXXXX1");
    const sealed = seal(plaintext, suite, { aad });
    const broken: Sealed[] = [
      { ...sealed, ciphertext: sealed.ciphertext.subarray(1) },
      { ...sealed, ciphertext: sealed.ciphertext.subarray(0, -1) },
      { ...sealed, ciphertext: Uint8Array.of(...sealed.ciphertext, 0) },
      { ...sealed, tag: sealed.tag.subarray(0, 12) },
      { ...sealed, tag: sealed.tag.subarray(0, 4) },
      { ...sealed, tag: new Uint8Array(0) },
      { ...sealed, iv: sealed.iv.subarray(1) },
      { ...sealed, suite: SEAL_SUITES.find((s) => s !== suite)! },
      { ...sealed, suite: "ROT13" as SealSuite },
    ];
    for (const variant of broken) expect(() => open(variant, sealed.dataKey, { aad })).toThrow(SealBroken);
    expect(() => open(sealed, seal(plaintext, suite).dataKey, { aad })).toThrow(SealBroken);
    expect(() => open(sealed, sealed.dataKey, { aad: utf8("section:S-001/bidder:91320100MA1YYYYYY2") })).toThrow(SealBroken);
    expect(() => open(sealed, sealed.dataKey)).toThrow(SealBroken);
    expect(hex(open(sealed, sealed.dataKey, { aad }))).toBe(hex(plaintext));
  });

  it("refuses data keys of the wrong length as a programming error", () => {
    expect(() => sealWithKey(utf8("x"), suite, new Uint8Array(16))).toThrow(RangeError);
    const sealed = seal(utf8("x"), suite);
    expect(() => open(sealed, sealed.dataKey.subarray(0, 16))).toThrow(RangeError);
  });
});

describe("SM4-CTR-HMAC-SM3 construction", () => {
  it("is SM4-CTR under HKDF-SM3(dataKey, 'ggzy/envelope/v1/SM4-CTR-HMAC-SM3/enc') with the IV as counter block", () => {
    const dataKey = new Uint8Array(32).map((_, i) => i);
    const plaintext = utf8("documented construction");
    const sealed = sealWithKey(plaintext, "SM4-CTR-HMAC-SM3", dataKey);
    const encKey = hkdfSync("sm3", dataKey, new Uint8Array(0), utf8("ggzy/envelope/v1/SM4-CTR-HMAC-SM3/enc"), 16);
    const cipher = createCipheriv("sm4-ctr", new Uint8Array(encKey), sealed.iv);
    expect(hex(Buffer.concat([cipher.update(plaintext), cipher.final()]))).toBe(hex(sealed.ciphertext));
    const macKey = new Uint8Array(hkdfSync("sm3", dataKey, new Uint8Array(0), utf8("ggzy/envelope/v1/SM4-CTR-HMAC-SM3/mac"), 32));
    const tag = smSm3(new Uint8Array([...new Uint8Array(8), ...sealed.iv, ...sealed.ciphertext]), { key: macKey, mode: "hmac" });
    expect(hex(sealed.tag)).toBe(tag);
  });

  it("knows its suites", () => {
    expect(isSealSuite("SM4-CTR-HMAC-SM3")).toBe(true);
    expect(isSealSuite("AES-256-GCM")).toBe(true);
    expect(isSealSuite("SM4-GCM")).toBe(false);
    expect(isSealSuite(42)).toBe(false);
  });
});
