import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInstallation } from "../../seed/seed.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = (options: InjectOptions) => platform.app.http.inject(options);

describe("working-day calendar", () => {
  it("is seeded with the official holidays and make-up days", async () => {
    const days = (await inject({ url: "/api/v1/calendar/days?year=2025" })).json().items as { day: string; kind: string }[];
    const national = days.filter((d) => d.day >= "2025-10-01" && d.day <= "2025-10-08");
    expect(national.every((d) => d.kind === "holiday")).toBe(true);
    expect(national).toHaveLength(8);
    expect(days).toContainEqual(expect.objectContaining({ day: "2025-09-28", kind: "workday" }));
  });

  it("adds working days across the National Day holiday", async () => {
    const result = (await inject({ url: "/api/v1/calendar/compute?from=2025-09-30&n=5&unit=workday" })).json();
    expect(result.result).toBe("2025-10-14");
    const calendarDays = (await inject({ url: "/api/v1/calendar/compute?from=2025-09-30&n=5&unit=day" })).json();
    expect(calendarDays).toMatchObject({ result: "2025-10-05", periodEnd: "2025-10-09" });
  });

  it("lets the operator declare a new holiday, which every computation then honours, and logs it", async () => {
    const before = (await inject({ url: "/api/v1/calendar/compute?from=2026-12-28&n=2&unit=workday" })).json().result;
    expect(before).toBe("2026-12-30");
    const token = await platform.login("centre");
    const set = await inject({
      method: "PUT",
      url: "/api/v1/calendar/days/2026-12-29",
      headers: bearer(token),
      payload: { kind: "holiday", name: "测试假日" },
    });
    expect(set.statusCode).toBe(200);
    const after = (await inject({ url: "/api/v1/calendar/compute?from=2026-12-28&n=2&unit=workday" })).json().result;
    expect(after).toBe("2026-12-31");
    const entry = await platform.database.db.selectFrom("audit_entry").selectAll().where("action", "=", "calendar.set").executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ object_id: "2026-12-29", actor_username: "centre" });
    await inject({ method: "DELETE", url: "/api/v1/calendar/days/2026-12-29", headers: bearer(token) });
    expect((await inject({ url: "/api/v1/calendar/compute?from=2026-12-28&n=2&unit=workday" })).json().result).toBe("2026-12-30");
  });

  it("refuses a make-up working day on a weekday and an impossible date", async () => {
    const token = await platform.login("centre");
    const weekday = await inject({ method: "PUT", url: "/api/v1/calendar/days/2026-12-22", headers: bearer(token), payload: { kind: "workday", name: "x" } });
    expect(weekday.statusCode).toBe(400);
    const impossible = await inject({
      method: "PUT",
      url: "/api/v1/calendar/days/2026-02-30",
      headers: bearer(token),
      payload: { kind: "holiday", name: "x" },
    });
    expect(impossible.json().code).toBe("DATE_INVALID");
  });
});

describe("seeding", () => {
  it("never runs twice", async () => {
    const count = async () =>
      Number(
        (
          await platform.database.db
            .selectFrom("user_account")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const accounts = await count();
    const report = await seedInstallation(platform.app.services, { demo: true });
    expect(report).toMatchObject({ calendarDays: 0, demo: "already-seeded" });
    expect(await count()).toBe(accounts);
  });

  it("seeds real division codes: one province, two cities, counties, and the departments of each", async () => {
    const platforms = (await inject({ url: "/api/v1/platforms" })).json().items as { code: string; level: string; parentCode: string | null }[];
    expect(platforms.filter((p) => p.level === "province").map((p) => p.code)).toEqual(["330000"]);
    expect(platforms.filter((p) => p.level === "city").map((p) => p.code)).toEqual(["330100", "330200"]);
    expect(platforms.filter((p) => p.level === "county").length).toBeGreaterThanOrEqual(3);
    const departments = (await inject({ url: "/api/v1/departments?platformCode=330100" })).json().items;
    expect(departments.map((d: { industry: string }) => d.industry).sort()).toEqual(["cz", "fgw", "gz", "jt", "sl", "wj", "zj", "zrzy"]);
  });

  it("routes projects to the platform of the approving level", async () => {
    expect((await inject({ url: "/api/v1/platforms/route?approvalLevel=city&divisionCode=330100" })).json()).toEqual({
      platformCode: "330100",
      fallback: false,
    });
    expect((await inject({ url: "/api/v1/platforms/route?approvalLevel=county&divisionCode=330110" })).json()).toEqual({
      platformCode: "330110",
      fallback: false,
    });
    expect((await inject({ url: "/api/v1/platforms/route?approvalLevel=county&divisionCode=330108" })).json()).toEqual({
      platformCode: "330100",
      fallback: true,
    });
    expect((await inject({ url: "/api/v1/platforms/route?approvalLevel=city&divisionCode=110100" })).json().code).toBe("PLATFORM_UNKNOWN");
  });

  it("leaves an audit log that verifies: every row change went through the platform", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
