import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PASSWORD, tenderToOpened } from "../../test-support/tender-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = async (options: InjectOptions, username?: string, password?: string) =>
  platform.app.http.inject({
    ...options,
    headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username, password)) : {}) },
  });

const SAME_DEVICE = ["SR029", "SR030", "SR031"];
type AlertView = { id: number; sectionId: number; ruleId: string; severity: string; state: string; subjects: string[]; departmentCode: string };

describe("supervision alerts: rules run on the tendering events", () => {
  let distinctSection: number;
  let sectionId: number;
  let bidders: { username: string; uscc: string }[];
  let alert: AlertView;

  it("a tender whose bids come from distinct machines raises no same-device alert", async () => {
    const tender = await tenderToOpened(platform, {
      prices: [4_500_000_000, 4_600_000_000, 4_700_000_000],
      tag: "D",
      fingerprintOf: (i) => ({ mac: `00-1A-2B-3C-4D-6${i}`, cpuId: `BFEBFBFF00090${i}EA`, diskSerial: `WD-WCC4N000010${i}` }),
    });
    distinctSection = tender.sectionId;
    const list = await inject({ url: `/api/v1/supervision/alerts?sectionId=${distinctSection}` }, "supervisor");
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().filter((a: AlertView) => SAME_DEVICE.includes(a.ruleId))).toEqual([]);
  });

  it("bids made on one machine raise red 条例40 alerts for the project's department", async () => {
    const tender = await tenderToOpened(platform, { prices: [4_500_000_000, 4_600_000_000, 4_700_000_000], tag: "W" });
    sectionId = tender.sectionId;
    bidders = tender.bidders;
    const list = await inject({ url: `/api/v1/supervision/alerts?sectionId=${sectionId}` }, "supervisor");
    expect(list.statusCode, list.body).toBe(200);
    const alerts = list.json() as AlertView[];
    const sameDevice = alerts.filter((a) => SAME_DEVICE.includes(a.ruleId));
    expect(sameDevice.map((a) => a.ruleId).sort()).toEqual(SAME_DEVICE);
    for (const a of sameDevice) {
      expect(a).toMatchObject({ severity: "red", state: "pending", departmentCode: "330100-zj", sectionId });
      // The pending alert grew with each bid from the same machine: one alert naming all three bidders.
      expect(a.subjects).toEqual(bidders.map((b) => b.uscc).sort());
    }
    alert = sameDevice.find((a) => a.ruleId === "SR029") as AlertView;
  });

  it("is scoped server-side: another department sees none, the inspector and the centre see them, the tenderer may not list", async () => {
    const fgw = await inject({ url: "/api/v1/supervision/alerts" }, "supervisor-fgw");
    expect(fgw.statusCode).toBe(200);
    expect(fgw.json()).toEqual([]);
    const inspector = await inject({ url: `/api/v1/supervision/alerts?sectionId=${sectionId}` }, "inspector");
    expect(inspector.json().some((a: AlertView) => a.id === alert.id)).toBe(true);
    const centre = await inject({ url: `/api/v1/supervision/alerts?sectionId=${sectionId}` }, "centre");
    expect(centre.json().some((a: AlertView) => a.id === alert.id)).toBe(true);
    expect((await inject({ url: "/api/v1/supervision/alerts" }, "tenderer")).statusCode).toBe(403);

    const projects = await inject({ url: "/api/v1/supervision/projects" }, "supervisor");
    expect(projects.statusCode).toBe(200);
    const section = projects
      .json()
      .flatMap((p: { sections: { id: number }[] }) => p.sections)
      .find((s: { id: number }) => s.id === sectionId);
    expect(section).toMatchObject({ status: "opened" });
    expect(section.openAlerts.red).toBeGreaterThanOrEqual(3);
    expect((await inject({ url: "/api/v1/supervision/projects" }, "supervisor-fgw")).json()).toEqual([]);
  });

  it("is handled pending → issued → responded → closed, only in order and only by the right parties", async () => {
    const respondEarly = await inject({ method: "POST", url: `/api/v1/supervision/alerts/${alert.id}/response`, payload: { feedback: "说明" } }, "tenderer");
    expect(respondEarly.statusCode).toBe(409);
    expect(respondEarly.json().code).toBe("STATE_INVALID");
    const foreign = await inject({ method: "POST", url: `/api/v1/supervision/alerts/${alert.id}/issue`, payload: {} }, "supervisor-fgw");
    expect(foreign.statusCode).toBe(403);
    const issued = await inject(
      { method: "POST", url: `/api/v1/supervision/alerts/${alert.id}/issue`, payload: { notice: "请于3个工作日内说明情况" } },
      "supervisor",
    );
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().state).toBe("issued");
    const responded = await inject(
      { method: "POST", url: `/api/v1/supervision/alerts/${alert.id}/response`, payload: { feedback: "经核查，三家投标人系委托同一代理人编制投标文件" } },
      "tenderer",
    );
    expect(responded.statusCode, responded.body).toBe(200);
    expect(responded.json().state).toBe("responded");
  });

  it("closing with a credit record bars the bidder from registering anywhere for six months", async () => {
    const barred = bidders[0] as { username: string; uscc: string };
    const now = platform.clock.now();
    const endsAt = new Date(now.getTime() + 183 * 86_400_000).toISOString();
    const outsider = await inject(
      {
        method: "POST",
        url: `/api/v1/supervision/alerts/${alert.id}/close`,
        payload: {
          result: "x",
          credit: { subjectUscc: "91330100MA2HT00125", kind: "blacklist", reason: "x", documentNo: "x", restrictedActions: ["register"], endsAt },
        },
      },
      "supervisor",
    );
    expect(outsider.statusCode).toBe(400);
    const closed = await inject(
      {
        method: "POST",
        url: `/api/v1/supervision/alerts/${alert.id}/close`,
        payload: {
          result: "认定串通投标，记入不良信用记录",
          credit: {
            subjectUscc: barred.uscc,
            kind: "blacklist",
            reason: "不同投标人投标文件由同一设备编制（条例第四十条）",
            documentNo: "杭建监〔2026〕18号",
            restrictedActions: ["register"],
            endsAt,
          },
        },
      },
      "supervisor",
    );
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: "closed", creditRecordId: expect.any(Number) });
    const again = await inject({ method: "POST", url: `/api/v1/supervision/alerts/${alert.id}/close`, payload: { result: "再次办结" } }, "supervisor");
    expect(again.json().code).toBe("STATE_INVALID");

    const listed = (await inject({ url: `/api/v1/supervision/alerts?sectionId=${sectionId}&state=closed` }, "supervisor")).json() as AlertView[];
    expect(listed.map((a) => a.id)).toEqual([alert.id]);

    // A new tender a week later: the barred bidder may not register.
    platform.clock.set("2026-06-01T02:00:00Z");
    const project = await inject(
      {
        method: "POST",
        url: "/api/v1/tender-projects",
        payload: {
          name: "受限主体报名测试项目",
          kind: "works",
          departmentCode: "330100-zj",
          approvalLevel: "city",
          approvalDivisionCode: "330100",
          estimateFen: 5_000_000_000,
          funding: {
            totalInvestmentFen: 5_000_000_000,
            budgetFundsFen: 5_000_000_000,
            stateOwnedControlling: true,
            foreignLoanOrAid: false,
            publicInfrastructure: true,
          },
          method: "open",
          sections: [{ name: "施工标", classifyCode: "A080000", estimateFen: 5_000_000_000, bondFen: 0 }],
        },
      },
      "tenderer",
    );
    expect(project.statusCode, project.body).toBe(201);
    const newSection = project.json().sections[0].id as number;
    const notice = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${newSection}/notice`,
        payload: { docSaleStart: "2026-06-01T02:00:00Z", docSaleEnd: "2026-06-08T09:00:00Z", bidDeadline: "2026-06-23T01:30:00Z" },
      },
      "tenderer",
    );
    expect(notice.statusCode, notice.body).toBe(200);
    const refused = await inject({ method: "POST", url: `/api/v1/sections/${newSection}/registrations` }, barred.username, FIXTURE_PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("SUBJECT_RESTRICTED");
    const other = bidders[1] as { username: string };
    const allowed = await inject({ method: "POST", url: `/api/v1/sections/${newSection}/registrations` }, other.username, FIXTURE_PASSWORD);
    expect(allowed.statusCode, allowed.body).toBeLessThan(300);

    expect(await platform.auditProblems()).toEqual([]);
  });
});
