import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  bidFile,
  sealBid as browserSealBid,
  decryptMyShare,
  hkdfSm3,
  hmacSm3,
  openWithKey,
  sealedBidBody,
  sm4Ctr,
} from "../../../../web/src/lib/bid-sealing.ts";
import { md5Hex as browserMd5 } from "../../../../web/src/lib/md5.ts";
import { decryptShare, openBid, sealBid } from "./bid-seal.ts";
import { hkdf, md5Hex, hmacSm3 as nodeHmacSm3, SealBroken, sha256Hex, sm3Hex } from "./envelope.ts";
import { combine } from "./shamir.ts";
import { generateSm2KeyPair } from "./sm2.ts";

/** The browser's sealing (web/src/lib/bid-sealing.ts) against the platform's opening: the same bytes on both sides. */
const bidder = generateSm2KeyPair();
const centre = generateSm2KeyPair();
const supervisor = generateSm2KeyPair();
const custodians = { bidder: bidder.publicKey, centre: centre.publicKey, supervisor: supervisor.publicKey };
const context = "section:3301002026000001001001/bidder:91330106MA2H03004D";
const fromHex = (share: { x: number; y: string }) => ({ x: share.x, y: new Uint8Array(Buffer.from(share.y, "hex")) });

describe("browser bid sealing is byte-compatible with the server", () => {
  it("HMAC-SM3, HKDF-SM3 and MD5 agree with node:crypto", () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 1000]) {
      const data = new Uint8Array(randomBytes(size));
      const key = new Uint8Array(randomBytes(size % 70));
      expect(Buffer.from(hmacSm3(key, data))).toEqual(Buffer.from(nodeHmacSm3(key, data)));
      expect(Buffer.from(hkdfSm3(data, key, Buffer.from("info"), 48))).toEqual(Buffer.from(hkdf("sm3", data, key, Buffer.from("info"), 48)));
      expect(browserMd5(data)).toBe(md5Hex(data));
    }
  });

  it("SM4-CTR agrees with OpenSSL's sm4-ctr, including the 128-bit counter carry", () => {
    const key = new Uint8Array(randomBytes(16));
    for (const iv of [
      new Uint8Array(randomBytes(16)),
      new Uint8Array(16).fill(0xff),
      Uint8Array.from([...new Uint8Array(8).fill(0), ...new Uint8Array(8).fill(0xff)]),
    ]) {
      for (const size of [0, 1, 16, 17, 100, 1024 * 1024 + 33]) {
        const data = new Uint8Array(randomBytes(size));
        const cipher = createCipheriv("sm4-ctr", key, iv);
        const expected = Buffer.concat([cipher.update(data), cipher.final()]);
        expect(Buffer.from(sm4Ctr(key, iv, data)).equals(expected), `size ${size}`).toBe(true);
      }
    }
  });

  it("opens browser-sealed bids of several sizes with openBid, from any two custodians", async () => {
    const sizes = [0, 1, 15, 16, 17, 31, 1000, 65_537, 1024 * 1024 + 5, ...Array.from({ length: 4 }, () => Math.floor(Math.random() * 200_000))];
    for (const size of sizes) {
      const plaintext = new Uint8Array(randomBytes(size));
      const sealed = await browserSealBid({ plaintext, custodians, context });
      expect(sealed).toMatchObject({ suite: "SM4-CTR-HMAC-SM3", size, sm3: sm3Hex(plaintext), sha256: sha256Hex(plaintext), md5: md5Hex(plaintext) });
      expect(sealed.iv).toHaveLength(16);
      expect(sealed.tag).toHaveLength(32);

      const mine = decryptMyShare(sealed.shares.bidder, bidder.privateKey);
      const serverMine = decryptShare(sealed.shares.bidder, bidder.privateKey);
      expect(serverMine.x).toBe(1);
      expect(Buffer.from(serverMine.y).toString("hex")).toBe(mine.y);
      const centreShare = decryptShare(sealed.shares.centre, centre.privateKey);
      const supervisorShare = decryptShare(sealed.shares.supervisor, supervisor.privateKey);
      expect([centreShare.x, supervisorShare.x]).toEqual([2, 3]);

      const opened = openBid(sealed, [fromHex(mine), centreShare], { context });
      expect(Buffer.from(opened).equals(Buffer.from(plaintext)), `size ${size}`).toBe(true);
      expect(Buffer.from(openBid(sealed, [centreShare, supervisorShare], { context })).equals(Buffer.from(plaintext))).toBe(true);
      expect(() => openBid(sealed, [fromHex(mine), centreShare], { context: "section:other/bidder:91330106MA2H03004D" })).toThrow(SealBroken);
      expect(() => openBid(sealed, [fromHex(mine), centreShare])).toThrow(SealBroken);
    }
  });

  it("sends base64 the server decodes to the same bytes", async () => {
    const plaintext = new TextEncoder().encode(JSON.stringify({ offer: { priceFen: 123_456_789 } }));
    const sealed = await browserSealBid({ plaintext, custodians, context });
    const body = sealedBidBody(sealed, { mac: "browser", cpuId: "browser", diskSerial: "device-1" });
    expect(body.fingerprint.fileMd5).toBe(md5Hex(plaintext));
    const decoded = { ...sealed, iv: Buffer.from(body.iv, "base64"), ciphertext: Buffer.from(body.ciphertext, "base64"), tag: Buffer.from(body.tag, "base64") };
    const shares = [fromHex(decryptMyShare(body.shares.bidder, bidder.privateKey)), decryptShare(body.shares.centre, centre.privateKey)];
    expect(Buffer.from(openBid(decoded, shares, { context })).toString("utf8")).toBe(JSON.stringify({ offer: { priceFen: 123_456_789 } }));
  });

  it("opens a server-sealed bid in the browser's code, and refuses the wrong private key", () => {
    const plaintext = new Uint8Array(randomBytes(5000));
    const sealed = sealBid({ plaintext, suite: "SM4-CTR-HMAC-SM3", custodians, context });
    const dataKey = combine([fromHex(decryptMyShare(sealed.shares.bidder, bidder.privateKey)), decryptShare(sealed.shares.centre, centre.privateKey)]);
    expect(Buffer.from(openWithKey(sealed, dataKey, context)).equals(Buffer.from(plaintext))).toBe(true);
    expect(() => openWithKey(sealed, dataKey, "another context")).toThrow(/tag/);
    expect(() => decryptMyShare(sealed.shares.bidder, centre.privateKey)).toThrow();
    expect(() => decryptMyShare(sealed.shares.centre, centre.privateKey)).toThrow(); // a share that is not the bidder's
    expect(createHash("sha256").update(plaintext).digest("hex")).toBe(sealed.sha256);
  });

  it("refuses invalid or repeated custodian keys", async () => {
    const plaintext = new Uint8Array(10);
    await expect(browserSealBid({ plaintext, custodians: { ...custodians, centre: bidder.publicKey } })).rejects.toThrow(/different/);
    await expect(browserSealBid({ plaintext, custodians: { ...custodians, supervisor: `04${"00".repeat(64)}` } })).rejects.toThrow(/not valid/);
  });
});

describe("the browser's bid file", () => {
  it("carries the offer the platform reads and a nonce, so equal offers hash differently", () => {
    const offer = { priceFen: 4_567_891_234, durationDays: 540 };
    const a = bidFile(offer, [{ name: "技术标.txt", bytes: new Uint8Array([1, 2, 3]) }]);
    const b = bidFile(offer, [{ name: "技术标.txt", bytes: new Uint8Array([1, 2, 3]) }]);
    expect(sm3Hex(a)).not.toBe(sm3Hex(b));
    const document = JSON.parse(Buffer.from(a).toString("utf8"));
    expect(document.offer).toEqual(offer);
    expect(document.files).toEqual([{ name: "技术标.txt", size: 3, data: "AQID" }]);
  });
});
