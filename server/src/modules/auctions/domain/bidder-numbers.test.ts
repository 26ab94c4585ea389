import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignBidderNumber, mayBid, type RandomSource } from "./bidder-numbers.ts";

/** A deterministic byte stream (for reproducible tests). */
function streamSource(bytes: readonly number[]): RandomSource {
  let i = 0;
  return (size) => {
    const out = new Uint8Array(size);
    for (let k = 0; k < size; k++) out[k] = bytes[i++ % bytes.length]!;
    return out;
  };
}

const cryptoSource: RandomSource = (n) => new Uint8Array(randomBytes(n));

describe("assignBidderNumber", () => {
  it("draws 6-digit numbers without a leading zero, unique in the lot", () => {
    let assigned: ReadonlyMap<string, string> = new Map();
    for (let i = 0; i < 2_000; i++) assigned = assignBidderNumber(assigned, `subject-${i}`, cryptoSource).assigned;
    const numbers = [...assigned.values()];
    expect(new Set(numbers).size).toBe(2_000);
    for (const n of numbers) expect(n).toMatch(/^[1-9]\d{5}$/);
  });

  it("the same bidder gets the same number again; the input map is not modified", () => {
    const empty = new Map<string, string>();
    const a = assignBidderNumber(empty, "91350100M000100Y43", cryptoSource);
    expect(empty.size).toBe(0);
    const again = assignBidderNumber(a.assigned, "91350100M000100Y43", () => {
      throw new Error("must not draw");
    });
    expect(again.bidderNumber).toBe(a.bidderNumber);
    expect(again.assigned).toBe(a.assigned);
  });

  it("depends only on the random source, not on the bidder or the order", () => {
    const bytes = [1, 2, 3, 4, 5, 6, 200, 100, 50, 25, 12, 6];
    const x = assignBidderNumber(new Map(), "bidder-A", streamSource(bytes)).bidderNumber;
    const y = assignBidderNumber(new Map(), "bidder-B", streamSource(bytes)).bidderNumber;
    expect(x).toBe(y);
    // 0x010203040506 = 1108152157446; 100000 + 1108152157446 mod 900000
    expect(x).toBe(String(100_000 + (0x010203040506 % 900_000)));
  });

  it("redraws on a collision", () => {
    const bytes = [0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 9];
    const src = streamSource(bytes);
    const first = assignBidderNumber(new Map(), "A", src);
    const second = assignBidderNumber(first.assigned, "B", src);
    expect(first.bidderNumber).toBe("100007");
    expect(second.bidderNumber).toBe("100009");
  });

  it("rejection sampling: a draw at or above the largest multiple of the space is redrawn (no modulo bias)", () => {
    // 2^48 − 1 is above 2^48 − (2^48 mod 900000): rejected; the next draw (0…01) gives 100001
    const src = streamSource([255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 1]);
    expect(assignBidderNumber(new Map(), "A", src).bidderNumber).toBe("100001");
  });

  it("detects a broken source and a space that is too small", () => {
    const constant = streamSource([0, 0, 0, 0, 0, 1]);
    const one = assignBidderNumber(new Map(), "A", constant);
    expect(() => assignBidderNumber(one.assigned, "B", constant)).toThrow(/broken/);
    let two: ReadonlyMap<string, string> = new Map();
    for (let i = 0; i < 45; i++) two = assignBidderNumber(two, `b${i}`, cryptoSource, { digits: 2 }).assigned; // 90 two-digit numbers
    expect(() => assignBidderNumber(two, "one-more", cryptoSource, { digits: 2 })).toThrow(/more digits/);
    expect(() => assignBidderNumber(new Map(), "A", () => new Uint8Array(2))).toThrow(RangeError);
  });

  it("property: unique numbers for any sequence of registrations (with repeats)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 100 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 64 }),
        (ids, bytes) => {
          // mix the fixed bytes with crypto bytes so the stream never degenerates
          const fixed = streamSource(bytes);
          let flip = false;
          const src: RandomSource = (n) => {
            flip = !flip;
            return flip ? fixed(n) : cryptoSource(n);
          };
          let assigned: ReadonlyMap<string, string> = new Map();
          const seen = new Map<string, string>();
          for (const id of ids) {
            const r = assignBidderNumber(assigned, `s${id}`, src);
            const before = seen.get(`s${id}`);
            if (before !== undefined) expect(r.bidderNumber).toBe(before);
            seen.set(`s${id}`, r.bidderNumber);
            assigned = r.assigned;
          }
          const values = [...assigned.values()];
          expect(new Set(values).size).toBe(values.length);
          expect(assigned.size).toBe(new Set(ids).size);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("mayBid", () => {
  it("requires qualification, the deposit and no ban", () => {
    expect(mayBid({ depositArrived: true, banned: false, qualified: true })).toEqual({ ok: true });
    expect(mayBid({ depositArrived: false, banned: false, qualified: true })).toMatchObject({ ok: false, reasons: ["DEPOSIT_NOT_ARRIVED"] });
    expect(mayBid({ depositArrived: true, banned: true, qualified: true })).toMatchObject({ ok: false, reasons: ["BANNED"] });
    expect(mayBid({ depositArrived: true, banned: false, qualified: false })).toMatchObject({ ok: false, reasons: ["NOT_QUALIFIED"] });
  });

  it("reports every failing condition, in Chinese and English", () => {
    const r = mayBid({ depositArrived: false, banned: true, qualified: false });
    expect(r).toMatchObject({ ok: false, reasons: ["NOT_QUALIFIED", "DEPOSIT_NOT_ARRIVED", "BANNED"], basis: "拍卖法第三十三条" });
    expect(!r.ok && r.zh).toBe("不得竞买：不符合竞买资格条件；竞买保证金未到账；被依法限制参与竞买");
    expect(!r.ok && r.en).toContain("deposit");
  });

  it("property: ok ⇔ qualified ∧ depositArrived ∧ ¬banned", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (depositArrived, banned, qualified) => {
        expect(mayBid({ depositArrived, banned, qualified }).ok).toBe(depositArrived && !banned && qualified);
      }),
    );
  });
});
