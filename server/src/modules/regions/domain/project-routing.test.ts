import { describe, expect, it } from "vitest";
import { divisionAt, type PlatformNode, platformSubtree, routeProject } from "./project-routing.ts";

const platforms: PlatformNode[] = [
  { code: "330000", level: "province", parentCode: null },
  { code: "330100", level: "city", parentCode: "330000" },
  { code: "330106", level: "county", parentCode: "330100" },
  { code: "330200", level: "city", parentCode: "330000" },
];

describe("routeProject", () => {
  it("sends a city-approved project to the city platform", () => {
    expect(routeProject(platforms, { approvalLevel: "city", divisionCode: "330100" })).toEqual({ ok: true, platformCode: "330100", fallback: false });
  });
  it("sends a county-approved project to its county platform", () => {
    expect(routeProject(platforms, { approvalLevel: "county", divisionCode: "330106" })).toEqual({ ok: true, platformCode: "330106", fallback: false });
  });
  it("sends a county project without its own platform to the city platform", () => {
    expect(routeProject(platforms, { approvalLevel: "county", divisionCode: "330212" })).toEqual({ ok: true, platformCode: "330200", fallback: true });
  });
  it("sends a province-approved project to the province platform even from a county code", () => {
    expect(routeProject(platforms, { approvalLevel: "province", divisionCode: "330106" })).toEqual({ ok: true, platformCode: "330000", fallback: false });
  });
  it("refuses a division outside the installation and a malformed code", () => {
    expect(routeProject(platforms, { approvalLevel: "city", divisionCode: "110100" })).toEqual({ ok: false, reason: "NO_PLATFORM" });
    expect(routeProject(platforms, { approvalLevel: "city", divisionCode: "3301" })).toEqual({ ok: false, reason: "BAD_DIVISION" });
  });
  it("derives divisions by GB/T 2260 prefixes", () => {
    expect(divisionAt("330106", "city")).toBe("330100");
    expect(divisionAt("330106", "province")).toBe("330000");
  });
  it("lists a platform with its subordinates", () => {
    expect(platformSubtree(platforms, "330100")).toEqual(["330100", "330106"]);
    expect(platformSubtree(platforms, "330000").sort()).toEqual(["330000", "330100", "330106", "330200"]);
  });
});
