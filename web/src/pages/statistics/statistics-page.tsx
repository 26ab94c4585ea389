import { DownloadOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, Card, Col, DatePicker, Descriptions, Row, Segmented, Select, Space, Statistic, Table, type TableColumnsType, Tooltip } from "antd";
import type { Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { ApiError, api, tokenStore } from "../../api/client.ts";
import { useDepartments, usePlatforms } from "../../api/queries.ts";
import type { Platform } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { EChart, type EChartOption } from "../../components/echart.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { type Translate, useI18n } from "../../i18n.ts";
import { formatFen } from "../../lib/money.ts";
import { SeverityTag } from "../supervision/alert-parts.tsx";
import {
  ALERT_OUTCOMES,
  CATEGORIES,
  type Category,
  COMPLAINT_OUTCOMES,
  type Metrics,
  type StatisticsQuery,
  type StatisticsReport,
} from "./statistics-types.ts";

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const beijingYear = () => new Date(Date.now() + BEIJING_OFFSET_MS).getUTCFullYear();

/** The platform and every platform below it. */
function subtree(platforms: readonly Platform[], root: string): string[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const p of platforms) if (p.parentCode === out[i]) out.push(p.code);
  return out;
}

type RegionRow = Metrics & { platformCode: string; name: string; parentCode: string | null; children?: RegionRow[] };

/** The region rows as a tree under the report's platform (province → cities → counties), each with its subordinates' figures. */
function regionTree(rows: StatisticsReport["byRegion"], root: string): RegionRow[] {
  const nodes: RegionRow[] = rows.map((r) => ({ ...r.withSubordinates, platformCode: r.platformCode, name: r.name, parentCode: r.parentCode }));
  const attach = (row: RegionRow): RegionRow => {
    const children = nodes.filter((n) => n.parentCode === row.platformCode).map(attach);
    return children.length > 0 ? { ...row, children } : row;
  };
  return nodes.filter((n) => n.platformCode === root).map(attach);
}

/** 统计分析: volumes, amounts, 节支率, bidders, alerts and complaints of the caller's scope, with an Excel export. */
export function StatisticsPage() {
  const { t, pick, lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const isSupervisor = user?.role === "supervisor";
  const [mode, setMode] = useState<"year" | "range">("year");
  const [year, setYear] = useState(beijingYear());
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [platformCode, setPlatformCode] = useState<string>();
  const [departmentCode, setDepartmentCode] = useState<string>();
  const [category, setCategory] = useState<Category>();

  const platforms = usePlatforms();
  const departments = useDepartments();
  const tree = useMemo(() => (user && platforms.data ? subtree(platforms.data, user.platformCode) : []), [user, platforms.data]);
  const within = useMemo(() => (platforms.data ? subtree(platforms.data, platformCode ?? user?.platformCode ?? "") : []), [platforms.data, platformCode, user]);

  const query: StatisticsQuery = {
    ...(mode === "range" && range ? { from: range[0].format("YYYY-MM-DD"), to: range[1].format("YYYY-MM-DD") } : { year }),
    platformCode,
    departmentCode: isSupervisor ? undefined : departmentCode,
    category,
  };
  const report = useQuery({
    queryKey: ["statistics", user?.username, query],
    queryFn: () => api.get<StatisticsReport>("/api/v1/statistics", query),
  });
  const exporting = useMutation({
    mutationFn: () => downloadXlsx(query, lang),
    onSuccess: (name) => message.success(t("statistics.exported", { name })),
  });

  const data = report.data;
  const money = (fen: number) => signedFen(fen, t);
  const description = data
    ? data.scope.departmentName
      ? t("statistics.subtitle.department", { department: data.scope.departmentName })
      : t("statistics.subtitle.platform", { platform: data.scope.platformName })
    : undefined;

  return (
    <>
      <PageTitle
        title={t("statistics.title")}
        description={description}
        extra={
          <Button type="primary" icon={<DownloadOutlined />} loading={exporting.isPending} onClick={() => exporting.mutate()} className="statistics-export">
            {t("statistics.export")}
          </Button>
        }
      />
      <Card className="statistics-filters" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Segmented<"year" | "range">
            value={mode}
            onChange={setMode}
            options={[
              { value: "year", label: t("statistics.filter.byYear") },
              { value: "range", label: t("statistics.filter.byRange") },
            ]}
          />
          {mode === "year" ? (
            <Select<number>
              aria-label={t("statistics.filter.year")}
              style={{ width: 120 }}
              value={year}
              onChange={setYear}
              options={Array.from({ length: 8 }, (_, i) => beijingYear() - i).map((y) => ({ value: y, label: String(y) }))}
            />
          ) : (
            <DatePicker.RangePicker aria-label={t("statistics.filter.range")} value={range} onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)} />
          )}
          {!isSupervisor && (
            <Select<string>
              aria-label={t("statistics.filter.platform")}
              style={{ width: 220 }}
              placeholder={t("statistics.filter.platform")}
              allowClear
              value={platformCode}
              onChange={(v) => {
                setPlatformCode(v);
                setDepartmentCode(undefined);
              }}
              options={(platforms.data ?? []).filter((p) => tree.includes(p.code)).map((p) => ({ value: p.code, label: p.name }))}
            />
          )}
          {!isSupervisor && (
            <Select<string>
              aria-label={t("statistics.filter.department")}
              style={{ width: 260 }}
              placeholder={t("statistics.filter.allDepartments")}
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              value={departmentCode}
              onChange={setDepartmentCode}
              options={(departments.data ?? []).filter((d) => within.includes(d.platformCode)).map((d) => ({ value: d.code, label: d.name }))}
            />
          )}
          <Select<Category>
            aria-label={t("statistics.filter.category")}
            style={{ width: 140 }}
            placeholder={t("statistics.filter.allCategories")}
            allowClear
            value={category}
            onChange={setCategory}
            options={CATEGORIES.map((c) => ({ value: c, label: `${c} ${t(`statistics.category.${c}`)}` }))}
          />
          {data && <span className="muted">{t("statistics.period", { from: data.scope.from, to: data.scope.to })}</span>}
        </Space>
        <ProblemAlert error={report.error ?? exporting.error} className="form-alert" />
      </Card>

      {data && (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <SummaryCards totals={data.totals} money={money} t={t} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Card title={t("statistics.chart.monthly")}>
                <EChart option={monthlyOption(data, t)} label={t("statistics.chart.monthly.aria")} className="statistics-monthly-chart" />
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card title={t("statistics.chart.category")}>
                <EChart option={categoryOption(data, t)} label={t("statistics.chart.category.aria")} className="statistics-category-chart" />
              </Card>
            </Col>
          </Row>
          <Card title={t("statistics.region.title")}>
            <Table<RegionRow>
              rowKey="platformCode"
              size="small"
              className="statistics-regions"
              pagination={false}
              dataSource={regionTree(data.byRegion, data.scope.platformCode)}
              expandable={{ defaultExpandAllRows: true }}
              columns={[
                { title: t("statistics.region"), dataIndex: "name", render: (v: string, r) => `${v.replace(/公共资源交易平台$/, "")}（${r.platformCode}）` },
                ...metricColumns<RegionRow>(t, money),
              ]}
            />
          </Card>
          {data.byDepartment.length > 0 && (
            <Card title={t("statistics.department.title")}>
              <Table
                rowKey="departmentCode"
                size="small"
                className="statistics-departments"
                pagination={false}
                dataSource={data.byDepartment}
                columns={[{ title: t("statistics.department"), dataIndex: "name" }, ...metricColumns<StatisticsReport["byDepartment"][number]>(t, money)]}
              />
            </Card>
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Card title={t("statistics.alerts.title")}>
                <Table
                  rowKey="ruleId"
                  size="small"
                  className="statistics-alerts"
                  pagination={false}
                  dataSource={data.alertsByRule}
                  locale={{ emptyText: t("statistics.alerts.none") }}
                  columns={[
                    {
                      title: t("statistics.alerts.rule"),
                      key: "rule",
                      render: (_, a) => (
                        <span>
                          <span className="mono">{a.ruleId}</span> {a.name ? pick(a.name) : ""}
                        </span>
                      ),
                    },
                    { title: t("supervision.severity"), dataIndex: "severity", render: (v) => <SeverityTag value={v} /> },
                    ...ALERT_OUTCOMES.map((o) => ({ title: t(`supervision.state.${o}`), dataIndex: o, align: "right" as const })),
                    { title: t("statistics.alerts.withCredit"), dataIndex: "withCredit", align: "right" },
                    { title: t("statistics.alerts.total"), dataIndex: "total", align: "right" },
                  ]}
                  summary={() =>
                    data.alertsByRule.length > 0 && (
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0} colSpan={2}>
                          {t("statistics.alerts.total")}
                        </Table.Summary.Cell>
                        {[...ALERT_OUTCOMES, "withCredit" as const, "total" as const].map((k, i) => (
                          <Table.Summary.Cell key={k} index={2 + i} align="right">
                            {data.alertsByOutcome[k]}
                          </Table.Summary.Cell>
                        ))}
                      </Table.Summary.Row>
                    )
                  }
                />
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card title={t("statistics.complaints.title")}>
                <Descriptions column={1} size="small" bordered className="statistics-complaints">
                  <Descriptions.Item label={t("statistics.complaints.total")}>{data.complaints.total}</Descriptions.Item>
                  {COMPLAINT_OUTCOMES.map((o) => (
                    <Descriptions.Item key={o} label={t(`statistics.complaints.${o}`)}>
                      {data.complaints[o]}
                    </Descriptions.Item>
                  ))}
                  <Descriptions.Item label={t("statistics.complaints.late")}>{data.complaints.late}</Descriptions.Item>
                </Descriptions>
              </Card>
            </Col>
          </Row>
        </Space>
      )}
    </>
  );
}

/** An amount in 分 for people: 万元 from one million 分 up, with its sign. */
function signedFen(fen: number, t: Translate): string {
  const text = formatFen(Math.abs(fen), { wan: t("money.wan"), yuan: t("money.yuan") });
  return fen < 0 ? `−${text}` : text;
}

const percent = (ratio: number | null) => (ratio === null ? "—" : `${(ratio * 100).toFixed(2)}%`);
const fixed2 = (value: number | null) => (value === null ? "—" : value.toFixed(2));

function SummaryCards({ totals, money, t }: { totals: Metrics; money: (fen: number) => string; t: Translate }) {
  const cards: { key: string; title: string; value: string | number; hint?: string }[] = [
    { key: "published", title: t("statistics.published"), value: totals.published },
    { key: "awarded", title: t("statistics.awarded"), value: totals.awarded },
    { key: "deal", title: t("statistics.deal"), value: money(totals.dealFen) },
    { key: "budget", title: t("statistics.budget"), value: money(totals.budgetFen) },
    { key: "saving", title: t("statistics.saving"), value: money(totals.savingFen) },
    { key: "savingRate", title: t("statistics.savingRate"), value: percent(totals.savingRate), hint: t("statistics.savingRate.hint") },
    { key: "avgBidders", title: t("statistics.avgBidders"), value: fixed2(totals.avgBidders) },
    { key: "alerts", title: t("statistics.alerts"), value: totals.alerts },
    { key: "complaints", title: t("statistics.complaints"), value: totals.complaints },
  ];
  return (
    <Row gutter={[16, 16]} className="statistics-cards">
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={8}>
          <Card size="small" className={`statistics-card statistics-card-${c.key}`}>
            <Statistic title={c.hint ? <Tooltip title={c.hint}>{c.title}</Tooltip> : c.title} value={c.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function metricColumns<T extends Metrics>(t: Translate, money: (fen: number) => string): TableColumnsType<T> {
  return [
    { title: t("statistics.published"), dataIndex: "published", align: "right" },
    { title: t("statistics.awarded"), dataIndex: "awarded", align: "right" },
    { title: t("statistics.deal"), dataIndex: "dealFen", align: "right", render: (v: number) => <span className="nowrap">{money(v)}</span> },
    { title: t("statistics.savingRate"), dataIndex: "savingRate", align: "right", render: (v: number | null) => percent(v) },
    { title: t("statistics.avgBidders"), dataIndex: "avgBidders", align: "right", render: (v: number | null) => fixed2(v) },
    { title: t("statistics.alerts"), dataIndex: "alerts", align: "right" },
    { title: t("statistics.complaints"), dataIndex: "complaints", align: "right" },
  ];
}

/** Bars: sections published and awarded per month; line: the deal amount in 万元 on the right axis. */
function monthlyOption(data: StatisticsReport, t: Translate): EChartOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 56, right: 72, top: 40, bottom: 56 },
    xAxis: { type: "category", data: data.byMonth.map((m) => m.month) },
    yAxis: [
      { type: "value", name: t("statistics.chart.sections"), minInterval: 1 },
      { type: "value", name: t("statistics.chart.dealWan"), splitLine: { show: false } },
    ],
    series: [
      { type: "bar", name: t("statistics.published"), data: data.byMonth.map((m) => m.published) },
      { type: "bar", name: t("statistics.awarded"), data: data.byMonth.map((m) => m.awarded) },
      { type: "line", name: t("statistics.chart.dealWan"), yAxisIndex: 1, smooth: true, data: data.byMonth.map((m) => m.dealFen / 1_000_000) },
    ],
  } as EChartOption;
}

/** Sections published per trade category. */
function categoryOption(data: StatisticsReport, t: Translate): EChartOption {
  return {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        name: t("statistics.published"),
        radius: ["40%", "70%"],
        // Categories without a section are left out of the ring (their labels would pile up at zero).
        data: data.byCategory.filter((c) => c.published > 0).map((c) => ({ name: t(`statistics.category.${c.category}`), value: c.published })),
      },
    ],
  };
}

/** Fetches the workbook with the session's token and saves it under the server's file name. */
async function downloadXlsx(query: StatisticsQuery, lang: "zh" | "en"): Promise<string> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const headers: Record<string, string> = { "accept-language": lang === "en" ? "en" : "zh-CN" };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`/api/v1/statistics/export.xlsx?${params}`, { headers });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; title?: string };
    throw new ApiError(response.status, problem.code ?? "HTTP_ERROR", problem.detail ?? problem.title ?? response.statusText);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "statistics.xlsx";
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
