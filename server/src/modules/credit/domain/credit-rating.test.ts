import { describe, expect, it } from "vitest";
import { creditRating, restricts } from "./credit-rating.ts";

describe("credit rating", () => {
  it("is A without records and D when blacklisted, whatever else", () => {
    expect(creditRating([])).toEqual({ score: 100, rating: "A" });
    expect(
      creditRating([
        { kind: "blacklist", inForce: true },
        { kind: "reward", inForce: true },
      ]).rating,
    ).toBe("D");
  });
  it("counts only records in force", () => {
    expect(creditRating([{ kind: "violation", inForce: true }])).toEqual({ score: 85, rating: "B" });
    expect(creditRating([{ kind: "violation", inForce: false }])).toEqual({ score: 100, rating: "A" });
    expect(
      creditRating([
        { kind: "violation", inForce: true },
        { kind: "violation", inForce: true },
        { kind: "violation", inForce: true },
      ]).rating,
    ).toBe("D");
  });
});

describe("restricts", () => {
  const base = {
    restricted_actions: ["bid", "register"],
    revoked_at: null,
    starts_at: new Date("2026-03-01T00:00:00Z"),
    ends_at: new Date("2026-09-01T00:00:00Z"),
  };
  it("bars the named actions inside the period only", () => {
    expect(restricts(base, "bid", new Date("2026-03-01T00:00:00Z"))).toBe(true);
    expect(restricts(base, "bid", new Date("2026-08-31T23:59:59.999Z"))).toBe(true);
    expect(restricts(base, "bid", new Date("2026-09-01T00:00:00Z"))).toBe(false);
    expect(restricts(base, "bid", new Date("2026-02-28T23:59:59.999Z"))).toBe(false);
    expect(restricts(base, "auction", new Date("2026-04-01T00:00:00Z"))).toBe(false);
  });
  it("stops when revoked", () => {
    expect(restricts({ ...base, revoked_at: new Date("2026-04-01T00:00:00Z") }, "bid", new Date("2026-05-01T00:00:00Z"))).toBe(false);
  });
});
