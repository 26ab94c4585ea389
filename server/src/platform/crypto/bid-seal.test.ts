import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CUSTODIANS, type Custodian, decryptShare, NotEnoughShares, openBid, type SealedBid, ShareDecryptFailed, sealBid } from "./bid-seal.ts";
import { SEAL_SUITES, SealBroken, sm3Hex } from "./envelope.ts";
import { combine, type Share } from "./shamir.ts";
import { generateSm2KeyPair } from "./sm2.ts";

const keys = {
  bidder: generateSm2KeyPair(),
  centre: generateSm2KeyPair(),
  supervisor: generateSm2KeyPair(),
};
const publicKeys = { bidder: keys.bidder.publicKey, centre: keys.centre.publicKey, supervisor: keys.supervisor.publicKey };
const outsider = generateSm2KeyPair();

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

const PRICE = "12345678.90";
const BID = utf8(`<投标函><项目>某某道路改造工程施工</项目><投标报价>${PRICE}</投标报价><工期>180</工期></投标函>`);

function shareOf(sealed: SealedBid, custodian: Custodian): Share {
  return decryptShare(sealed.shares[custodian], keys[custodian].privateKey);
}

const PAIRS: [Custodian, Custodian][] = [
  ["bidder", "centre"],
  ["bidder", "supervisor"],
  ["centre", "supervisor"],
];

describe.each(SEAL_SUITES)("sealed bids with %s", (suite) => {
  it("any two custodians open the bid; so do all three", () => {
    const sealed = sealBid({ plaintext: BID, suite, custodians: publicKeys });
    for (const [a, b] of PAIRS) {
      expect(hex(openBid(sealed, [shareOf(sealed, a), shareOf(sealed, b)]))).toBe(hex(BID));
      expect(hex(openBid(sealed, [shareOf(sealed, b), shareOf(sealed, a)]))).toBe(hex(BID));
    }
    expect(
      hex(
        openBid(
          sealed,
          CUSTODIANS.map((c) => shareOf(sealed, c)),
        ),
      ),
    ).toBe(hex(BID));
  });

  it("one custodian cannot: not alone, not by repeating its share, not by guessing another", () => {
    const sealed = sealBid({ plaintext: BID, suite, custodians: publicKeys });
    for (const custodian of CUSTODIANS) {
      const own = shareOf(sealed, custodian);
      expect(() => openBid(sealed, [own])).toThrow(NotEnoughShares);
      expect(() => openBid(sealed, [own, { x: own.x, y: Uint8Array.from(own.y) }])).toThrow(NotEnoughShares);
      expect(() => openBid(sealed, [own, { x: own.x, y: new Uint8Array(32) }])).toThrow(NotEnoughShares);
      const guessX = own.x === 1 ? 2 : 1;
      expect(() => openBid(sealed, [own, { x: guessX, y: new Uint8Array(randomBytes(32)) }])).toThrow(SealBroken);
    }
    expect(() => openBid(sealed, [])).toThrow(NotEnoughShares);
  });

  it("a sealed bid's JSON contains neither the price nor the data key", () => {
    const sealed = sealBid({ plaintext: BID, suite, custodians: publicKeys });
    const json = JSON.stringify(sealed);
    expect(json).not.toContain(PRICE);
    expect(json).not.toContain("投标报价");
    // Recover the key the legitimate way (two custodians) to check it is stored nowhere in any form.
    const dataKey = combine([shareOf(sealed, "centre"), shareOf(sealed, "supervisor")]);
    expect(dataKey.length).toBe(32);
    for (const form of [hex(dataKey), Buffer.from(dataKey).toString("base64"), [...dataKey].join(",")]) {
      expect(json).not.toContain(form);
      expect(json.toLowerCase()).not.toContain(form.toLowerCase());
    }
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from(BID))).toBe(false);
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from(PRICE))).toBe(false);
    // The stored share of one custodian is unrelated to another custodian's share.
    expect(sealed.shares.bidder).not.toBe(sealed.shares.centre);
  });

  it("records receipt hashes and the size of the plaintext", () => {
    const sealed = sealBid({ plaintext: utf8("abc"), suite, custodians: publicKeys });
    expect(sealed.sm3).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    expect(sealed.sha256).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sealed.md5).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(sealed.size).toBe(3);
  });

  it("a wrong private key fails to decrypt a share", () => {
    const sealed = sealBid({ plaintext: BID, suite, custodians: publicKeys });
    expect(() => decryptShare(sealed.shares.centre, outsider.privateKey)).toThrow(ShareDecryptFailed);
    expect(() => decryptShare(sealed.shares.centre, keys.bidder.privateKey)).toThrow(ShareDecryptFailed);
    expect(() => decryptShare(sealed.shares.centre, "not a key")).toThrow(ShareDecryptFailed);
    expect(() => decryptShare("zz", keys.centre.privateKey)).toThrow(ShareDecryptFailed);
    const flipped = sealed.shares.centre.slice(0, 200) + (sealed.shares.centre[200] === "0" ? "1" : "0") + sealed.shares.centre.slice(201);
    expect(() => decryptShare(flipped, keys.centre.privateKey)).toThrow(ShareDecryptFailed);
    expect(shareOf(sealed, "centre").x).toBe(2);
  });

  it("detects tampering by whoever holds the database", () => {
    const sealed = sealBid({ plaintext: BID, suite, custodians: publicKeys, context: "section:S-001/bidder:A" });
    const shares = [shareOf(sealed, "bidder"), shareOf(sealed, "centre")];
    const other = sealBid({ plaintext: utf8("another bid"), suite, custodians: publicKeys, context: "section:S-001/bidder:A" });
    const flip = (bytes: Uint8Array) => Uint8Array.from(bytes, (b, i) => (i === 0 ? b ^ 1 : b));
    // Ciphertext, IV or tag altered; the receipt altered; another bid's shares; the context changed.
    expect(() => openBid({ ...sealed, ciphertext: flip(sealed.ciphertext) }, shares, { context: "section:S-001/bidder:A" })).toThrow(SealBroken);
    expect(() => openBid({ ...sealed, iv: flip(sealed.iv) }, shares, { context: "section:S-001/bidder:A" })).toThrow(SealBroken);
    expect(() => openBid({ ...sealed, tag: flip(sealed.tag) }, shares, { context: "section:S-001/bidder:A" })).toThrow(SealBroken);
    expect(() => openBid({ ...sealed, sm3: other.sm3 }, shares, { context: "section:S-001/bidder:A" })).toThrow(SealBroken);
    expect(() => openBid({ ...sealed, size: sealed.size + 1 }, shares, { context: "section:S-001/bidder:A" })).toThrow(SealBroken);
    const foreign = [decryptShare(other.shares.bidder, keys.bidder.privateKey), decryptShare(other.shares.centre, keys.centre.privateKey)];
    expect(() => openBid(sealed, foreign, { context: "section:S-001/bidder:A" })).toThrow(SealBroken);
    // A sealed bid copied into another bidder's record does not open there.
    expect(() => openBid(sealed, shares, { context: "section:S-001/bidder:B" })).toThrow(SealBroken);
    expect(() => openBid(sealed, shares)).toThrow(SealBroken);
    expect(hex(openBid(sealed, shares, { context: "section:S-001/bidder:A" }))).toBe(hex(BID));
  });
});

describe("custodian keys", () => {
  it("accepts PEM keys and refuses invalid or repeated ones", () => {
    const spki = (point: string) =>
      `-----BEGIN PUBLIC KEY-----\n${Buffer.from(`3059301306072a8648ce3d020106082a811ccf5501822d034200${point}`, "hex").toString("base64")}\n-----END PUBLIC KEY-----`;
    const sealed = sealBid({ plaintext: BID, suite: "SM4-CTR-HMAC-SM3", custodians: { ...publicKeys, supervisor: spki(publicKeys.supervisor) } });
    expect(hex(openBid(sealed, [shareOf(sealed, "supervisor"), shareOf(sealed, "bidder")]))).toBe(hex(BID));
    expect(() => sealBid({ plaintext: BID, suite: "AES-256-GCM", custodians: { ...publicKeys, centre: "04abcd" } })).toThrow(TypeError);
    // The centre holding two shares could open alone.
    expect(() => sealBid({ plaintext: BID, suite: "AES-256-GCM", custodians: { ...publicKeys, supervisor: publicKeys.centre } })).toThrow(/different/);
    expect(() =>
      sealBid({ plaintext: BID, suite: "AES-256-GCM", custodians: { ...publicKeys, supervisor: publicKeys.centre.toUpperCase().replace(/^04/, "04") } }),
    ).toThrow(/different/);
  });
});

describe("volume", () => {
  it("seals and opens 200 bids of 100 KiB", () => {
    const sealedBids: { sealed: SealedBid; sm3: string }[] = [];
    for (let i = 0; i < 200; i++) {
      const plaintext = new Uint8Array(randomBytes(100 * 1024));
      const sealed = sealBid({ plaintext, suite: SEAL_SUITES[i % 2]!, custodians: publicKeys, context: `section:S-001/bidder:${i}` });
      sealedBids.push({ sealed, sm3: sm3Hex(plaintext) });
    }
    for (const [i, { sealed, sm3 }] of sealedBids.entries()) {
      const [a, b] = PAIRS[i % 3]!;
      const plaintext = openBid(sealed, [shareOf(sealed, a), shareOf(sealed, b)], { context: `section:S-001/bidder:${i}` });
      expect(plaintext.length).toBe(100 * 1024);
      expect(sm3Hex(plaintext)).toBe(sm3);
    }
  });
});
