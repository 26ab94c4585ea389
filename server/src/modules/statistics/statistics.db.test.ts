import ExcelJS from "exceljs";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSm2 } from "../../platform/crypto/sm2.ts";
import { drawCommitteeFor, FIXTURE_PASSWORD, type Participant, tenderToOpened } from "../../test-support/tender-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import type { Metrics } from "./domain/figures.ts";
import type { StatisticsReport } from "./statistics-service.ts";
import { cellValue, METRIC_COLUMNS } from "./statistics-xlsx.ts";

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
const stats = async (username: string, query = "year=2026") => {
  const r = await inject({ url: `/api/v1/statistics?${query}` }, username);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as StatisticsReport;
};

const BUDGET = 5_000_000_000; // 5000 万元, the fixture's section estimate
const PRICES_U = [4_500_000_000, 4_600_000_000, 4_700_000_000];
const PRICES_V = [4_800_000_000, 4_850_000_000, 4_900_000_000, 4_950_000_000];

/** Evaluates an opened section (every bid qualified), signs the report and publishes the candidates. */
async function evaluateAndPublicise(sectionId: number, tag: string, publicity: { start: string; end: string }) {
  platform.clock.set("2026-05-25T03:00:00Z");
  const committee = await drawCommitteeFor(platform, sectionId, { count: 5, size: 5, tag });
  for (const member of committee) {
    const h = bearer(await platform.login(member.username, FIXTURE_PASSWORD));
    const workspace = (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/evaluation`, headers: h })).json();
    const reviews = workspace.bids.map((b: { bidId: number }) => ({ bidId: b.bidId, qualified: true }));
    const submitted = await platform.app.http.inject({
      method: "POST",
      url: `/api/v1/sections/${sectionId}/evaluation/reviews`,
      headers: h,
      payload: { reviews },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
  }
  const chair = bearer(await platform.login(committee[0]?.username as string, FIXTURE_PASSWORD));
  const report = await platform.app.http.inject({ method: "POST", url: `/api/v1/sections/${sectionId}/evaluation/report`, headers: chair });
  expect(report.statusCode, report.body).toBe(201);
  for (const member of committee) {
    const signed = await platform.app.http.inject({
      method: "POST",
      url: `/api/v1/sections/${sectionId}/evaluation/report/signatures`,
      headers: bearer(await platform.login(member.username, FIXTURE_PASSWORD)),
      payload: { signature: signSm2(report.json().digest, member.keys.privateKey) },
    });
    expect(signed.statusCode, signed.body).toBe(200);
  }
  const published = await inject(
    { method: "POST", url: `/api/v1/sections/${sectionId}/candidate-publicity`, payload: { publicityStart: publicity.start, publicityEnd: publicity.end } },
    "tenderer",
  );
  expect(published.statusCode, published.body).toBe(201);
}

/** A project with one section whose notice is published at the clock's time. */
async function publishedProject(input: {
  name: string;
  kind: "works" | "goods" | "services";
  departmentCode: string;
  approvalLevel: "city" | "county";
  approvalDivisionCode: string;
  classifyCode: string;
  estimateFen: number;
}) {
  const project = await inject(
    {
      method: "POST",
      url: "/api/v1/tender-projects",
      payload: {
        name: input.name,
        kind: input.kind,
        departmentCode: input.departmentCode,
        approvalLevel: input.approvalLevel,
        approvalDivisionCode: input.approvalDivisionCode,
        estimateFen: input.estimateFen,
        funding: {
          totalInvestmentFen: input.estimateFen,
          budgetFundsFen: input.estimateFen,
          stateOwnedControlling: true,
          foreignLoanOrAid: false,
          publicInfrastructure: true,
        },
        method: "open",
        sections: [{ name: `${input.name}标段`, classifyCode: input.classifyCode, estimateFen: input.estimateFen, bondFen: 0 }],
      },
    },
    "tenderer",
  );
  expect(project.statusCode, project.body).toBe(201);
  const sectionId = project.json().sections[0].id as number;
  const notice = await inject(
    {
      method: "POST",
      url: `/api/v1/sections/${sectionId}/notice`,
      payload: { docSaleStart: "2026-07-06T02:00:00Z", docSaleEnd: "2026-07-13T09:00:00Z", bidDeadline: "2026-07-27T01:30:00Z" },
    },
    "tenderer",
  );
  expect(notice.statusCode, notice.body).toBe(200);
  return sectionId;
}

const zero: Omit<Metrics, never> = {
  published: 0,
  awarded: 0,
  budgetFen: 0,
  dealFen: 0,
  savingFen: 0,
  savingRate: null,
  opened: 0,
  bidders: 0,
  avgBidders: null,
  alerts: 0,
  complaints: 0,
};

describe("statistics: volumes, amounts, 节支率, bidders, alerts and complaints in the caller's scope", () => {
  let sectionU: number;
  let sectionV: number;
  let biddersV: Participant[];
  let alertsByRule: Record<string, number>;
  let alertTotal: number;

  it("builds real trading data: an awarded works section, an opened one with complaints, a goods notice of another department, a county services notice", async () => {
    // 杭州 住建: section U, three bidders, awarded to the lowest price after Beijing midnight of 1 June.
    const u = await tenderToOpened(platform, { prices: PRICES_U, tag: "U" });
    sectionU = u.sectionId;
    // 杭州 住建: section V, four bidders, opened and not yet evaluated.
    const v = await tenderToOpened(platform, { prices: PRICES_V, tag: "W" });
    sectionV = v.sectionId;
    biddersV = v.bidders;

    await evaluateAndPublicise(sectionU, "U", { start: "2026-05-26T00:00:00Z", end: "2026-05-29T10:00:00Z" });

    // Two complaints on V ("other" matters need no objection); one is refused acceptance.
    platform.clock.set("2026-05-27T02:00:00Z");
    const complaintIds: number[] = [];
    for (const b of biddersV.slice(0, 2)) {
      const filed = await inject(
        {
          method: "POST",
          url: `/api/v1/sections/${sectionV}/complaints`,
          payload: { matter: "other", knownAt: "2026-05-26T02:00:00Z", content: "开标现场秩序问题", basis: "招标投标法实施条例第六十条" },
        },
        b.username,
        FIXTURE_PASSWORD,
      );
      expect(filed.statusCode, filed.body).toBe(201);
      complaintIds.push(filed.json().id);
    }
    platform.clock.set("2026-05-28T02:00:00Z");
    const refused = await inject(
      { method: "POST", url: `/api/v1/complaints/${complaintIds[0]}/acceptance`, payload: { accept: false, note: "不属于受理范围" } },
      "supervisor",
    );
    expect(refused.statusCode, refused.body).toBe(200);

    // The supervisor issues one alert of U, so outcomes are mixed.
    const alerts = (await inject({ url: "/api/v1/supervision/alerts" }, "inspector")).json() as { id: number; sectionId: number; ruleId: string }[];
    expect(alerts.length).toBeGreaterThan(0);
    const first = alerts.find((a) => a.sectionId === sectionU) as { id: number };
    const issued = await inject({ method: "POST", url: `/api/v1/supervision/alerts/${first.id}/issue`, payload: {} }, "supervisor");
    expect(issued.statusCode, issued.body).toBe(200);

    // 2026-05-31T16:30Z is 2026-06-01 00:30 in Beijing: the award belongs to June.
    platform.clock.set("2026-05-31T16:30:00Z");
    const award = await inject({ method: "POST", url: `/api/v1/sections/${sectionU}/award`, payload: { winnerUscc: u.bidders[0]?.uscc } }, "tenderer");
    expect(award.statusCode, award.body).toBe(200);
    expect(award.json().winner).toMatchObject({ priceFen: PRICES_U[0] });

    // July: a goods notice supervised by 杭州 发改, and a services notice on the 西湖区 platform.
    platform.clock.set("2026-07-06T02:00:00Z");
    await publishedProject({
      name: "办公设备采购",
      kind: "goods",
      departmentCode: "330100-fgw",
      approvalLevel: "city",
      approvalDivisionCode: "330100",
      classifyCode: "B010000",
      estimateFen: 300_000_000,
    });
    await publishedProject({
      name: "西湖区物业服务",
      kind: "services",
      departmentCode: "330106-zj",
      approvalLevel: "county",
      approvalDivisionCode: "330106",
      classifyCode: "C010000",
      estimateFen: 200_000_000,
    });

    const all = (await inject({ url: "/api/v1/supervision/alerts" }, "inspector")).json() as { ruleId: string }[];
    alertTotal = all.length;
    alertsByRule = {};
    for (const a of all) alertsByRule[a.ruleId] = (alertsByRule[a.ruleId] ?? 0) + 1;
  });

  it("reports the inspector's province tree with exact figures, 节支率 and average bidders", async () => {
    const r = await stats("inspector");
    expect(r.scope).toMatchObject({
      platformCode: "330000",
      departmentCode: null,
      category: null,
      from: "2026-01-01",
      to: "2026-12-31",
      savingRateDecimals: 4,
    });
    expect(r.scope.platforms).toEqual(expect.arrayContaining(["330000", "330100", "330106", "330200"]));
    expect(r.totals).toEqual({
      published: 4,
      awarded: 1,
      budgetFen: BUDGET,
      dealFen: PRICES_U[0],
      savingFen: 500_000_000,
      savingRate: 0.1,
      opened: 2,
      bidders: 7,
      avgBidders: 3.5,
      alerts: alertTotal,
      complaints: 2,
    });
    expect(r.byMonth.map((m) => m.month)).toEqual([
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
      "2026-11",
      "2026-12",
    ]);
    const month = (m: string) => r.byMonth.find((x) => x.month === m);
    expect(month("2026-05")).toEqual({ ...zero, month: "2026-05", published: 2, opened: 2, bidders: 7, avgBidders: 3.5, alerts: alertTotal, complaints: 2 });
    expect(month("2026-06")).toEqual({
      ...zero,
      month: "2026-06",
      awarded: 1,
      budgetFen: BUDGET,
      dealFen: PRICES_U[0],
      savingFen: 500_000_000,
      savingRate: 0.1,
    });
    expect(month("2026-07")).toEqual({ ...zero, month: "2026-07", published: 2 });
    expect(month("2026-01")).toEqual({ ...zero, month: "2026-01" });

    const category = Object.fromEntries(r.byCategory.map((c) => [c.category, c]));
    expect(Object.keys(category)).toEqual(["A", "B", "C"]);
    expect(category.A).toMatchObject({ name: { zh: "工程", en: "works" }, published: 2, awarded: 1, savingRate: 0.1, avgBidders: 3.5 });
    expect(category.B).toMatchObject({ published: 1, awarded: 0, savingRate: null, avgBidders: null });
    expect(category.C).toMatchObject({ published: 1 });

    const region = Object.fromEntries(r.byRegion.map((x) => [x.platformCode, x]));
    expect(region["330100"]).toMatchObject({ name: "杭州市公共资源交易平台", level: "city", published: 3, awarded: 1, complaints: 2 });
    expect(region["330106"]).toMatchObject({ level: "county", parentCode: "330100", published: 1 });
    expect(region["330200"]).toMatchObject({ published: 0, awarded: 0 });
    // With subordinate platforms: 杭州市 with 西湖区, and the province with everything.
    expect(region["330100"]?.withSubordinates).toMatchObject({ published: 4, awarded: 1, savingRate: 0.1, avgBidders: 3.5 });
    expect(region["330000"]?.withSubordinates).toEqual(r.totals);

    expect(r.byDepartment.map((d) => [d.departmentCode, d.published, d.awarded])).toEqual([
      ["330100-fgw", 1, 0],
      ["330100-zj", 2, 1],
      ["330106-zj", 1, 0],
    ]);

    expect(Object.fromEntries(r.alertsByRule.map((a) => [a.ruleId, a.total]))).toEqual(alertsByRule);
    expect(r.alertsByOutcome).toEqual({ pending: alertTotal - 1, issued: 1, responded: 0, closed: 0, total: alertTotal, withCredit: 0 });
    expect(r.alertsByRule.find((a) => a.issued === 1)?.name).toBeTruthy();
    expect(r.complaints).toEqual({ total: 2, awaiting: 1, notAccepted: 1, underReview: 0, upheld: 0, dismissed: 0, late: 0 });
  });

  it("scopes a supervisor to its own department server-side; another department sees none of it", async () => {
    const zj = await stats("supervisor");
    expect(zj.scope).toMatchObject({ departmentCode: "330100-zj", platformCode: "330100" });
    expect(zj.totals).toMatchObject({
      published: 2,
      awarded: 1,
      dealFen: PRICES_U[0],
      savingRate: 0.1,
      opened: 2,
      bidders: 7,
      alerts: alertTotal,
      complaints: 2,
    });
    expect(zj.byDepartment.map((d) => d.departmentCode)).toEqual(["330100-zj"]);
    // The 西湖区 notice is supervised by 西湖区住建, not 杭州住建.
    expect(zj.byRegion.find((x) => x.platformCode === "330106")).toMatchObject({ published: 0 });

    const fgw = await stats("supervisor-fgw");
    expect(fgw.totals).toEqual({ ...zero, published: 1 });
    expect(fgw.byDepartment.map((d) => d.departmentCode)).toEqual(["330100-fgw"]);
    expect(fgw.alertsByRule).toEqual([]);
    expect(fgw.complaints.total).toBe(0);

    const foreign = await inject({ url: "/api/v1/statistics?departmentCode=330100-fgw" }, "supervisor");
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe("FORBIDDEN_SCOPE");
    const foreignExport = await inject({ url: "/api/v1/statistics/export.xlsx?year=2026&departmentCode=330100-zj" }, "supervisor-fgw");
    expect(foreignExport.statusCode).toBe(403);
  });

  it("gives the trading centre its platform and the platforms below it, and nothing above or beside", async () => {
    const centre = await stats("centre");
    expect(centre.scope.platforms).toEqual(expect.arrayContaining(["330100", "330106", "330110"]));
    expect(centre.scope.platforms).not.toContain("330200");
    expect(centre.totals).toMatchObject({ published: 4, awarded: 1, complaints: 2 });
    const county = await stats("centre", "year=2026&platformCode=330106");
    expect(county.totals).toEqual({ ...zero, published: 1 });
    for (const outside of ["330000", "330200"]) {
      const r = await inject({ url: `/api/v1/statistics?platformCode=${outside}` }, "centre");
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe("FORBIDDEN_SCOPE");
    }
    expect((await inject({ url: "/api/v1/statistics?platformCode=999900" }, "inspector")).json().code).toBe("PLATFORM_UNKNOWN");
  });

  it("filters by department, category and period (Beijing days), and refuses the others' roles", async () => {
    expect((await stats("inspector", "year=2026&departmentCode=330100-fgw")).totals).toEqual({ ...zero, published: 1 });
    const goods = await stats("inspector", "year=2026&category=B");
    expect(goods.totals).toEqual({ ...zero, published: 1 });
    expect(goods.byCategory.map((c) => c.category)).toEqual(["B"]);

    // The award was made at 2026-05-31T16:30Z: June in Beijing, not May.
    const may = await stats("inspector", "from=2026-05-01&to=2026-05-31");
    expect(may.byMonth.map((m) => m.month)).toEqual(["2026-05"]);
    expect(may.totals).toMatchObject({ published: 2, awarded: 0, savingRate: null, opened: 2, complaints: 2 });
    const june = await stats("inspector", "from=2026-06-01&to=2026-06-01");
    expect(june.totals).toEqual({ ...zero, awarded: 1, budgetFen: BUDGET, dealFen: PRICES_U[0], savingFen: 500_000_000, savingRate: 0.1 });

    const empty = await stats("inspector", "year=2025");
    expect(empty.totals).toEqual(zero);
    expect(empty.byMonth).toHaveLength(12);

    const both = await inject({ url: "/api/v1/statistics?year=2026&from=2026-01-01&to=2026-02-01" }, "inspector");
    expect(both.statusCode).toBe(400);
    expect((await inject({ url: "/api/v1/statistics?from=2026-03-01&to=2026-02-01" }, "inspector")).statusCode).toBe(400);
    for (const role of ["tenderer", "bidder", "admin", "expert"]) {
      const r = await inject({ url: "/api/v1/statistics" }, role);
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe("FORBIDDEN_ROLE");
    }
    expect((await inject({ url: "/api/v1/statistics" })).statusCode).toBe(401);
  });

  it("exports a real .xlsx whose figures are those of the JSON report", async () => {
    const missing = await inject({ url: "/api/v1/statistics/export.xlsx" }, "inspector");
    expect(missing.statusCode).toBe(400);

    for (const [username, lang] of [
      ["inspector", "zh-CN"],
      ["supervisor", "en"],
    ] as const) {
      const json = await stats(username);
      const response = await inject({ url: "/api/v1/statistics/export.xlsx?year=2026", headers: { "accept-language": lang } }, username);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="ggzy-statistics-.*2026-01-01-2026-12-31\.xlsx"$/);
      expect(response.rawPayload.subarray(0, 2).toString()).toBe("PK"); // a zip container

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
      const en = lang === "en";
      expect(wb.worksheets.map((w) => w.name)).toEqual(
        en
          ? ["Summary", "By month", "By category", "By region", "By department", "Alerts", "Complaints"]
          : ["汇总", "按月", "按类别", "按地区", "按部门", "预警", "投诉"],
      );
      const sheet = (i: number) => wb.worksheets[i] as ExcelJS.Worksheet;
      const value = (ws: ExcelJS.Worksheet, row: number, col: number) => ws.getRow(row).getCell(col).value;
      /** A figure read back: money from 元 to 分. */
      const figure = (kind: string, v: unknown) => (v === null || v === undefined ? null : kind === "money" ? Math.round(Number(v) * 100) : Number(v));
      const metricsAt = (ws: ExcelJS.Worksheet, row: number, firstCol: number) =>
        Object.fromEntries(METRIC_COLUMNS.map((c, i) => [c.key, figure(c.kind, value(ws, row, firstCol + i))]));

      // Summary: five scope rows, then one row per figure.
      const summary = sheet(0);
      expect(String(value(summary, 5, 2))).toBe("2026-01-01 — 2026-12-31");
      METRIC_COLUMNS.forEach((c, i) => {
        expect(figure(c.kind, value(summary, 7 + i, 2)), c.key).toEqual(json.totals[c.key]);
        expect(cellValue(c.kind, json.totals[c.key])).toEqual(value(summary, 7 + i, 2) ?? null);
      });
      expect(summary.getRow(7 + METRIC_COLUMNS.findIndex((c) => c.key === "savingRate")).getCell(2).numFmt).toBe("0.00%");

      // By month: one row per month, then the total.
      const months = sheet(1);
      json.byMonth.forEach((m, i) => {
        expect(value(months, 2 + i, 1)).toBe(m.month);
        expect(metricsAt(months, 2 + i, 2)).toEqual(Object.fromEntries(METRIC_COLUMNS.map((c) => [c.key, m[c.key]])));
      });
      expect(metricsAt(months, 2 + json.byMonth.length, 2)).toEqual(Object.fromEntries(METRIC_COLUMNS.map((c) => [c.key, json.totals[c.key]])));

      const categories = sheet(2);
      json.byCategory.forEach((c, i) => {
        expect(value(categories, 2 + i, 1)).toBe(c.category);
        expect(metricsAt(categories, 2 + i, 3)).toEqual(Object.fromEntries(METRIC_COLUMNS.map((k) => [k.key, c[k.key]])));
      });
      const regions = sheet(3);
      json.byRegion.forEach((r, i) => {
        expect(value(regions, 2 + i, 1)).toBe(r.platformCode);
        expect(metricsAt(regions, 2 + i, 4)).toEqual(Object.fromEntries(METRIC_COLUMNS.map((k) => [k.key, r[k.key]])));
      });
      const departments = sheet(4);
      json.byDepartment.forEach((d, i) => {
        expect(value(departments, 2 + i, 1)).toBe(d.departmentCode);
        expect(metricsAt(departments, 2 + i, 3)).toEqual(Object.fromEntries(METRIC_COLUMNS.map((k) => [k.key, d[k.key]])));
      });
      const alerts = sheet(5);
      json.alertsByRule.forEach((a, i) => {
        expect([value(alerts, 2 + i, 1), value(alerts, 2 + i, 4), value(alerts, 2 + i, 5), value(alerts, 2 + i, 6)]).toEqual([
          a.ruleId,
          a.total,
          a.pending,
          a.issued,
        ]);
      });
      expect(value(alerts, 2 + json.alertsByRule.length, 4)).toBe(json.alertsByOutcome.total);
      const complaints = sheet(6);
      expect([value(complaints, 2, 2), value(complaints, 3, 2), value(complaints, 4, 2)]).toEqual([
        json.complaints.total,
        json.complaints.awaiting,
        json.complaints.notAccepted,
      ]);
    }
  });

  it("reads only: the audit log still verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
