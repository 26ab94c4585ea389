import { describe, expect, it } from "vitest";
import {
  activeBids,
  beijingDateTime,
  effectiveDeadline,
  isPrivateIp,
  normaliseAccount,
  normaliseHardware,
  sharedValues,
  winnerGap,
  winnerOf,
  yuan,
} from "./support.ts";
import { bj, cleanSection, U } from "./test-fixtures.ts";

describe("support", () => {
  it("isPrivateIp", () => {
    for (const ip of ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.100", "169.254.1.1", "100.64.0.1", "fd12:3456::1", "fe80::1"])
      expect(isPrivateIp(ip), ip).toBe(true);
    for (const ip of ["172.32.0.1", "8.8.8.8", "203.0.113.9", "100.128.0.1", "2001:db8::1"]) expect(isPrivateIp(ip), ip).toBe(false);
  });

  it("normalisers and shared values", () => {
    expect(normaliseHardware(" AA-BB-CC:dd.ee_ff ")).toBe("aabbccddeeff");
    expect(normaliseAccount("6222 0000-0001")).toBe("622200000001");
    expect(
      sharedValues([
        { bidder: "X", values: ["a", "A ", undefined] },
        { bidder: "Y", values: ["a"] },
        { bidder: "Z", values: ["unknown"] },
        { bidder: "W", values: ["unknown"] },
      ]),
    ).toEqual([{ value: "a", bidders: ["X", "Y"] }]);
  });

  it("activeBids keeps the latest counted bid per bidder", () => {
    const f = cleanSection();
    f.bids.push({ ...f.bids[0]!, submittedAt: bj("2026-03-24T18:00"), priceFen: 1 });
    f.bids.push({ ...f.bids[1]!, submittedAt: bj("2026-03-24T19:00"), status: "withdrawn" });
    const a = activeBids(f);
    expect(a).toHaveLength(4);
    expect(a.find((b) => b.bidder === U.A)!.priceFen).toBe(1);
  });

  it("effectiveDeadline follows the latest clarification; winnerOf falls back to the first candidate", () => {
    const f = cleanSection();
    f.clarifications.push({ publishedAt: bj("2026-03-10T09:00"), affectsPreparation: true, deadline: bj("2026-03-30T09:30") });
    expect(effectiveDeadline(f)).toEqual(bj("2026-03-30T09:30"));
    f.award = undefined;
    f.candidates.reverse();
    expect(winnerOf(f)).toBe(U.A);
  });

  it("winnerGap only when the winner is the unique lowest valid bid", () => {
    expect(
      winnerGap(
        [
          { bidder: "W", priceFen: 100 },
          { bidder: "S", priceFen: 110 },
        ],
        "W",
      ),
    ).toBeCloseTo(0.1);
    expect(
      winnerGap(
        [
          { bidder: "W", priceFen: 100 },
          { bidder: "S", priceFen: 110 },
        ],
        "S",
      ),
    ).toBeUndefined();
    expect(
      winnerGap(
        [
          { bidder: "W", priceFen: 100 },
          { bidder: "S", priceFen: 100 },
        ],
        "W",
      ),
    ).toBeUndefined();
    expect(
      winnerGap(
        [
          { bidder: "W", priceFen: 100 },
          { bidder: "S", priceFen: 90, rejected: true },
          { bidder: "T", priceFen: 120 },
        ],
        "W",
      ),
    ).toBeCloseTo(0.2);
  });

  it("formats", () => {
    expect(beijingDateTime(bj("2026-01-02T03:04:05"))).toBe("2026-01-02 03:04:05");
    expect(yuan(430_000_012)).toBe("4300000.12");
  });
});
