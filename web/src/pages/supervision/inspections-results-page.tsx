import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Descriptions, Empty, Result, Skeleton, Space, Table } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client.ts";
import { usePlatformNames } from "../../api/queries.ts";
import { HashText } from "../../components/hash-text.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { OutcomeTag, PlanStatusTag, type PublicInspectionDraw, type PublishedInspection, TargetKindTag } from "./inspections-parts.tsx";
import { type InspectionRerun, rerunInspection } from "./inspections-rerun.ts";

type ResultTarget = PublishedInspection["targets"][number];

/** 一公开: every published plan with its targets, inspectors and findings — no sign-in needed. */
export function InspectionResultsPage() {
  const { t } = useI18n();
  const platformName = usePlatformNames(true);
  const results = useQuery({ queryKey: ["inspections", "results"], queryFn: () => api.get<PublishedInspection[]>("/api/v1/inspection-results") });

  return (
    <>
      <PageTitle title={t("inspection.results.title")} description={t("inspection.results.subtitle")} />
      <ProblemAlert error={results.error} className="form-alert" />
      {results.isLoading && <Skeleton active />}
      {results.data?.length === 0 && <Empty description={t("inspection.results.none")} />}
      {results.data?.map((plan) => (
        <Card
          key={plan.id}
          size="small"
          className="section-gap inspection-result"
          title={`${plan.departmentName} · ${plan.year} · ${plan.name}`}
          extra={<Link to={`/inspections/${plan.id}`}>{t("inspection.verifyLink")}</Link>}
        >
          <div className="muted">
            {platformName(plan.platformCode)} · {t("inspection.share", { active: plan.activeAgencies, required: plan.requiredAgencies })} ·{" "}
            {t("inspection.results.publishedAt")} {formatDateTime(plan.publishedAt)}
          </div>
          <Table<ResultTarget>
            rowKey="order"
            size="small"
            className="inspection-results-table"
            dataSource={plan.targets}
            pagination={false}
            columns={[
              { title: t("inspection.target.order"), dataIndex: "order", width: 60 },
              { title: t("inspection.target.kind"), dataIndex: "kind", render: (v: "project" | "agency") => <TargetKindTag value={v} /> },
              {
                title: t("inspection.target.name"),
                key: "name",
                render: (_, x) => (
                  <span>
                    {x.name}
                    <br />
                    <span className="muted mono">{x.code}</span>
                  </span>
                ),
              },
              { title: t("inspection.target.inspectors"), dataIndex: "inspectors", render: (v: string[]) => v.join("、") },
              {
                title: t("inspection.outcome"),
                key: "outcome",
                render: (_, x) => (
                  <span>
                    <OutcomeTag value={x.outcome} />
                    {x.rectifyBy && <span className="muted">{` ${t("inspection.rectifyBy")} ${x.rectifyBy}`}</span>}
                    <div>{x.finding}</div>
                    {x.creditRecordId !== null && <div className="muted">{`${t("inspection.creditRecord")} #${x.creditRecordId}`}</div>}
                  </span>
                ),
              },
            ]}
          />
        </Card>
      ))}
    </>
  );
}

/** 抽取公开验证: the commitment from the start; once published, the seed and input — re-run here, in the browser. */
export function InspectionVerifyPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const draw = useQuery({ queryKey: ["inspections", "draw", id], queryFn: () => api.get<PublicInspectionDraw>(`/api/v1/inspection-plans/${id}/draw`) });
  const [rerun, setRerun] = useState<InspectionRerun>();
  const [rerunError, setRerunError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (draw.error) return <ProblemAlert error={draw.error} />;
  if (draw.isLoading) return <Skeleton active />;
  const d = draw.data;
  if (!d) return <Result status="404" />;
  const names = new Map<string, string>([
    ...(d.snapshot?.projects ?? []).map((p) => [p.key, `${p.name}（${p.code}）`] as const),
    ...(d.snapshot?.agencies ?? []).map((a) => [a.key, `${a.name}（${a.uscc}）`] as const),
    ...(d.snapshot?.inspectors ?? []).map((i) => [i.key, i.name] as const),
  ]);
  const recompute = async () => {
    setBusy(true);
    setRerunError(undefined);
    try {
      setRerun(await rerunInspection(d));
    } catch (error) {
      setRerunError(error);
    } finally {
      setBusy(false);
    }
  };
  const check = (ok: boolean | undefined) =>
    ok === undefined ? "—" : ok ? <CheckCircleFilled style={{ color: "#389e0d" }} /> : <CloseCircleFilled style={{ color: "#cf1322" }} />;

  return (
    <>
      <PageTitle title={t("inspection.verify.title", { id: d.id })} extra={<PlanStatusTag value={d.status} />} />
      <Card size="small">
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: "alg", label: t("inspection.verify.algorithm"), children: <span className="mono">{d.algorithm}</span> },
            { key: "plan", label: "planId", children: <span className="mono">{d.planId}</span> },
            { key: "commitment", label: t("inspection.commitment"), children: <HashText value={d.commitment} width={560} /> },
            { key: "digest", label: t("inspection.inputDigest"), children: <HashText value={d.inputDigest} width={560} /> },
            {
              key: "seed",
              label: t("inspection.seed"),
              children: d.seed ? <HashText value={d.seed} width={560} /> : <span className="muted">{t("inspection.seedSealed")}</span>,
            },
            ...(d.verification
              ? [
                  {
                    key: "checks",
                    label: t("inspection.verifyLink"),
                    children: (
                      <Space orientation="vertical" size={2} className="inspection-checks">
                        <span>
                          {check(rerun?.commitmentOk ?? d.verification.commitmentOk)} {t("inspection.verify.commitment")}
                        </span>
                        <span>
                          {check(rerun?.inputDigestOk ?? d.verification.inputDigestOk)} {t("inspection.verify.inputDigest")}
                        </span>
                        <span>
                          {check(rerun?.resultOk ?? d.verification.resultOk)} {t("inspection.verify.result")}
                        </span>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {d.seed && (
          <Button className="section-gap inspection-rerun" icon={<ReloadOutlined />} loading={busy} onClick={recompute}>
            {t("draw.rerun")}
          </Button>
        )}
        <ProblemAlert error={rerunError} className="form-alert" />
      </Card>
      {d.targets && (
        <Card size="small" className="section-gap" title={t("inspection.targets")}>
          <Table
            rowKey="id"
            size="small"
            dataSource={rerun?.targets ?? d.targets}
            pagination={false}
            columns={[
              { title: t("inspection.target.order"), dataIndex: "order", width: 60 },
              { title: t("inspection.target.kind"), dataIndex: "kind", render: (v: "project" | "agency") => <TargetKindTag value={v} /> },
              { title: t("inspection.target.name"), dataIndex: "id", render: (v: string) => names.get(v) ?? v },
              { title: t("inspection.target.inspectors"), dataIndex: "inspectors", render: (v: string[]) => v.map((k) => names.get(k) ?? k).join("、") },
            ]}
          />
        </Card>
      )}
    </>
  );
}
