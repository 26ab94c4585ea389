import ExcelJS from "exceljs";
import type { Lang } from "../../platform/http/problem.ts";
import type { Metrics } from "./domain/figures.ts";
import type { StatisticsReport } from "./statistics-service.ts";

type Label = { zh: string; en: string };

/** The metric columns every breakdown sheet has, in order. Money is written in 元 (integer 分 / 100). */
export const METRIC_COLUMNS: { key: keyof Metrics; label: Label; kind: "count" | "money" | "rate" | "average" }[] = [
  { key: "published", label: { zh: "公告标段数", en: "Sections published" }, kind: "count" },
  { key: "awarded", label: { zh: "成交标段数", en: "Sections awarded" }, kind: "count" },
  { key: "budgetFen", label: { zh: "预算金额（元）", en: "Budget (CNY)" }, kind: "money" },
  { key: "dealFen", label: { zh: "成交金额（元）", en: "Deal amount (CNY)" }, kind: "money" },
  { key: "savingFen", label: { zh: "节支金额（元）", en: "Savings (CNY)" }, kind: "money" },
  { key: "savingRate", label: { zh: "节支率", en: "Saving rate" }, kind: "rate" },
  { key: "opened", label: { zh: "开标标段数", en: "Sections opened" }, kind: "count" },
  { key: "bidders", label: { zh: "投标人次", en: "Bidders" }, kind: "count" },
  { key: "avgBidders", label: { zh: "平均投标人数", en: "Average bidders per section" }, kind: "average" },
  { key: "alerts", label: { zh: "预警数", en: "Alerts" }, kind: "count" },
  { key: "complaints", label: { zh: "投诉数", en: "Complaints" }, kind: "count" },
];

const FORMATS = { count: "#,##0", money: "#,##0.00", rate: "0.00%", average: "0.00" } as const;

export const SHEETS = {
  summary: { zh: "汇总", en: "Summary" },
  month: { zh: "按月", en: "By month" },
  category: { zh: "按类别", en: "By category" },
  region: { zh: "按地区", en: "By region" },
  department: { zh: "按部门", en: "By department" },
  alerts: { zh: "预警", en: "Alerts" },
  complaints: { zh: "投诉", en: "Complaints" },
} as const;

const L = {
  title: { zh: "公共资源交易统计", en: "Public resource trading statistics" },
  platform: { zh: "交易平台（含下级平台）", en: "Platform (with subordinate platforms)" },
  department: { zh: "监管部门", en: "Supervisory department" },
  category: { zh: "交易类别", en: "Category" },
  period: { zh: "统计期间（北京时间）", en: "Period (Beijing time)" },
  generated: { zh: "生成时间（北京时间）", en: "Generated (Beijing time)" },
  all: { zh: "全部", en: "All" },
  metric: { zh: "指标", en: "Figure" },
  value: { zh: "数值", en: "Value" },
  month: { zh: "月份", en: "Month" },
  categoryCode: { zh: "类别代码", en: "Code" },
  categoryName: { zh: "类别", en: "Category" },
  platformCode: { zh: "行政区划代码", en: "Division code" },
  platformName: { zh: "交易平台（本级，不含下级平台）", en: "Platform (own figures, without subordinate platforms)" },
  level: { zh: "层级", en: "Level" },
  departmentCode: { zh: "部门代码", en: "Department code" },
  departmentName: { zh: "监管部门", en: "Department" },
  ruleId: { zh: "规则编号", en: "Rule" },
  ruleName: { zh: "规则名称", en: "Rule name" },
  severity: { zh: "预警等级", en: "Severity" },
  total: { zh: "合计", en: "Total" },
  pending: { zh: "待发出", en: "Pending" },
  issued: { zh: "已发出", en: "Issued" },
  responded: { zh: "已反馈", en: "Responded" },
  closed: { zh: "已办结", en: "Closed" },
  withCredit: { zh: "其中记入信用", en: "With a credit record" },
  outcome: { zh: "处理结果", en: "Outcome" },
  count: { zh: "件数", en: "Count" },
  awaiting: { zh: "待受理", en: "Awaiting acceptance" },
  notAccepted: { zh: "不予受理", en: "Not accepted" },
  underReview: { zh: "已受理待决定", en: "Accepted, undecided" },
  upheld: { zh: "投诉成立", en: "Upheld" },
  dismissed: { zh: "驳回", en: "Dismissed" },
  late: { zh: "其中超期处理", en: "Handled late" },
  province: { zh: "省", en: "Province" },
  city: { zh: "市", en: "City" },
  county: { zh: "县（区）", en: "County" },
  green: { zh: "绿", en: "Green" },
  yellow: { zh: "黄", en: "Yellow" },
  red: { zh: "红", en: "Red" },
} satisfies Record<string, Label>;

/** A figure as a cell value: money in 元, a missing ratio as an empty cell. */
export function cellValue(kind: (typeof METRIC_COLUMNS)[number]["kind"], value: number | null): number | null {
  if (value === null) return null;
  return kind === "money" ? value / 100 : value;
}

const beijing = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");

/** The report as an Office Open XML workbook: a summary and one sheet per breakdown. */
export async function statisticsWorkbook(report: StatisticsReport, lang: Lang): Promise<Buffer> {
  const t = (l: Label) => l[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = "ggzy";
  wb.created = new Date(report.scope.generatedAt);
  wb.title = t(L.title);

  const header = (ws: ExcelJS.Worksheet, labels: string[], widths: number[]) => {
    ws.columns = labels.map((l, i) => ({ header: l, width: widths[i] ?? 14 }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
  };
  const metricLabels = METRIC_COLUMNS.map((c) => t(c.label));
  const metricWidths = METRIC_COLUMNS.map((c) => (c.kind === "money" ? 20 : 14));
  const metricCells = (m: Metrics) => METRIC_COLUMNS.map((c) => cellValue(c.kind, m[c.key]));
  const formatMetrics = (ws: ExcelJS.Worksheet, first: number) => {
    METRIC_COLUMNS.forEach((c, i) => {
      ws.getColumn(first + i).numFmt = FORMATS[c.kind];
    });
  };

  // 汇总
  const summary = wb.addWorksheet(t(SHEETS.summary));
  header(summary, [t(L.metric), t(L.value)], [36, 28]);
  const s = report.scope;
  summary.addRows([
    [t(L.platform), `${s.platformName}（${s.platformCode}）`],
    [t(L.department), s.departmentCode ? `${s.departmentName}（${s.departmentCode}）` : t(L.all)],
    [t(L.category), s.category ? `${s.category} ${t(report.byCategory.find((c) => c.category === s.category)?.name ?? L.all)}` : t(L.all)],
    [t(L.period), `${s.from} — ${s.to}`],
    [t(L.generated), beijing(s.generatedAt)],
  ]);
  for (const c of METRIC_COLUMNS) {
    const row = summary.addRow([t(c.label), cellValue(c.kind, report.totals[c.key])]);
    row.getCell(2).numFmt = FORMATS[c.kind];
    row.getCell(2).alignment = { horizontal: "right" };
  }

  // 按月
  const month = wb.addWorksheet(t(SHEETS.month));
  header(month, [t(L.month), ...metricLabels], [10, ...metricWidths]);
  for (const m of report.byMonth) month.addRow([m.month, ...metricCells(m)]);
  month.addRow([t(L.total), ...metricCells(report.totals)]).font = { bold: true };
  formatMetrics(month, 2);

  // 按类别
  const category = wb.addWorksheet(t(SHEETS.category));
  header(category, [t(L.categoryCode), t(L.categoryName), ...metricLabels], [10, 12, ...metricWidths]);
  for (const c of report.byCategory) category.addRow([c.category, t(c.name), ...metricCells(c)]);
  formatMetrics(category, 3);

  // 按地区
  const region = wb.addWorksheet(t(SHEETS.region));
  header(region, [t(L.platformCode), t(L.platformName), t(L.level), ...metricLabels], [14, 24, 10, ...metricWidths]);
  for (const r of report.byRegion) region.addRow([r.platformCode, r.name, t(L[r.level as "province" | "city" | "county"] ?? L.all), ...metricCells(r)]);
  formatMetrics(region, 4);

  // 按部门
  const department = wb.addWorksheet(t(SHEETS.department));
  header(department, [t(L.departmentCode), t(L.departmentName), ...metricLabels], [16, 32, ...metricWidths]);
  for (const d of report.byDepartment) department.addRow([d.departmentCode, d.name, ...metricCells(d)]);
  formatMetrics(department, 3);

  // 预警（按规则、处理结果）
  const alerts = wb.addWorksheet(t(SHEETS.alerts));
  header(
    alerts,
    [t(L.ruleId), t(L.ruleName), t(L.severity), t(L.total), t(L.pending), t(L.issued), t(L.responded), t(L.closed), t(L.withCredit)],
    [10, 40, 10, 10, 10, 10, 10, 10, 14],
  );
  for (const a of report.alertsByRule) {
    const severity = L[a.severity as "green" | "yellow" | "red"];
    alerts.addRow([a.ruleId, a.name ? t(a.name) : "", severity ? t(severity) : a.severity, a.total, a.pending, a.issued, a.responded, a.closed, a.withCredit]);
  }
  const o = report.alertsByOutcome;
  alerts.addRow([t(L.total), "", "", o.total, o.pending, o.issued, o.responded, o.closed, o.withCredit]).font = { bold: true };

  // 投诉
  const complaints = wb.addWorksheet(t(SHEETS.complaints));
  header(complaints, [t(L.outcome), t(L.count)], [24, 12]);
  const c = report.complaints;
  complaints.addRows([
    [t(L.total), c.total],
    [t(L.awaiting), c.awaiting],
    [t(L.notAccepted), c.notAccepted],
    [t(L.underReview), c.underReview],
    [t(L.upheld), c.upheld],
    [t(L.dismissed), c.dismissed],
    [t(L.late), c.late],
  ]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
