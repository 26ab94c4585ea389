import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Drawer, Popconfirm, Select, Space, Table } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { useDepartmentNames } from "../../api/queries.ts";
import type { AlertSeverity, AlertState, SupervisionAlert } from "../../api/supervision.ts";
import type { Items } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { AlertStateTag, evidenceText, SeverityTag } from "./alert-parts.tsx";
import { CloseAlertModal } from "./close-alert-modal.tsx";

const STATES: AlertState[] = ["pending", "issued", "responded", "closed"];
const SEVERITIES: AlertSeverity[] = ["red", "yellow", "green"];

/** 监督预警: the alerts of the supervisor's department (all for the inspector, read-only), with the issue / close workflow. */
export function AlertsPage() {
  const { t, pick } = useI18n();
  const { user } = useAuth();
  const [state, setState] = useState<AlertState>();
  const [severity, setSeverity] = useState<AlertSeverity>();
  const [openId, setOpenId] = useState<number>();
  const alerts = useQuery({
    queryKey: ["supervision", "alerts", user?.username, state],
    queryFn: () => api.get<Items<SupervisionAlert> | SupervisionAlert[]>("/api/v1/supervision/alerts", { state }).then(itemsOf),
  });
  const rows = (alerts.data ?? []).filter((a) => !severity || a.severity === severity).sort((a, b) => b.id - a.id);
  const open = alerts.data?.find((a) => a.id === openId);
  const canHandle = user?.role === "supervisor";

  return (
    <>
      <PageTitle title={t("supervision.alerts.title")} description={canHandle ? t("supervision.alerts.subtitle") : t("supervision.alerts.readOnly")} />
      <Card>
        <Space className="table-filters" wrap>
          <Select<AlertState>
            allowClear
            className="alert-state-filter"
            style={{ width: 160 }}
            placeholder={t("supervision.allStates")}
            value={state}
            onChange={setState}
            options={STATES.map((s) => ({ value: s, label: t(`supervision.state.${s}`) }))}
          />
          <Select<AlertSeverity>
            allowClear
            className="alert-severity-filter"
            style={{ width: 160 }}
            placeholder={t("supervision.allSeverities")}
            value={severity}
            onChange={setSeverity}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`supervision.severity.${s}`) }))}
          />
        </Space>
        <ProblemAlert error={alerts.error} className="form-alert" />
        <Table<SupervisionAlert>
          rowKey="id"
          size="middle"
          className="alerts-table"
          loading={alerts.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("supervision.alerts.none") }}
          columns={[
            { title: t("supervision.severity"), dataIndex: "severity", width: 90, render: (v: AlertSeverity) => <SeverityTag value={v} /> },
            {
              title: t("supervision.rule"),
              key: "rule",
              render: (_, a) => (
                <span>
                  <span className="mono">{a.ruleId}</span> {a.ruleName ? pick(a.ruleName) : ""}
                  <br />
                  <span className="muted">{pick(a.message)}</span>
                </span>
              ),
            },
            {
              title: t("supervision.projectSection"),
              key: "project",
              render: (_, a) => (
                <span>
                  <Link to={`/tender/projects/${a.projectId}`}>{a.projectName}</Link>
                  <br />
                  <span className="muted">{a.sectionName}</span>
                </span>
              ),
            },
            {
              title: t("supervision.subjects"),
              dataIndex: "subjects",
              render: (v: string[]) => (
                <Space orientation="vertical" size={0}>
                  {v.map((s) => (
                    <span key={s} className="mono">
                      {s}
                    </span>
                  ))}
                </Space>
              ),
            },
            { title: t("supervision.state"), dataIndex: "state", render: (v: AlertState) => <AlertStateTag value={v} /> },
            { title: t("supervision.raisedAt"), dataIndex: "raisedAt", render: (v: string) => <span className="nowrap">{formatDateTime(v)}</span> },
            {
              key: "actions",
              render: (_, a) => (
                <Button size="small" onClick={() => setOpenId(a.id)}>
                  {t("supervision.detail")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Drawer open={open !== undefined} size={560} title={open ? t("supervision.detail.title", { id: open.id }) : ""} onClose={() => setOpenId(undefined)}>
        {open && <AlertDetail alert={open} canHandle={canHandle} />}
      </Drawer>
    </>
  );
}

/** The server answers a plain list or `{ items }`. */
function itemsOf(data: Items<SupervisionAlert> | SupervisionAlert[]): SupervisionAlert[] {
  return Array.isArray(data) ? data : data.items;
}

function AlertDetail({ alert, canHandle }: { alert: SupervisionAlert; canHandle: boolean }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departmentName = useDepartmentNames();
  const [closing, setClosing] = useState(false);
  const issue = useMutation({
    mutationFn: () => api.post(`/api/v1/supervision/alerts/${alert.id}/issue`, {}),
    onSuccess: async () => {
      message.success(t("supervision.issued"));
      await queryClient.invalidateQueries({ queryKey: ["supervision"] });
    },
  });
  const evidence = Object.entries(alert.evidence ?? {}).filter(([, v]) => v !== undefined && v !== null);

  return (
    <div className="alert-detail">
      <ProblemAlert error={issue.error} className="form-alert" />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t("supervision.severity")}>
          <SeverityTag value={alert.severity} /> <AlertStateTag value={alert.state} />
        </Descriptions.Item>
        <Descriptions.Item label={t("supervision.rule")}>
          <span className="mono">{alert.ruleId}</span> {alert.ruleName ? pick(alert.ruleName) : ""}
        </Descriptions.Item>
        <Descriptions.Item label={t("supervision.message")}>{pick(alert.message)}</Descriptions.Item>
        {alert.basis && <Descriptions.Item label={t("supervision.basis")}>{alert.basis}</Descriptions.Item>}
        <Descriptions.Item label={t("supervision.projectSection")}>
          <Link to={`/tender/projects/${alert.projectId}`}>{alert.projectName}</Link> · {alert.sectionName}
          <br />
          <span className="muted mono">{alert.unifiedDealCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("tender.project.department")}>{departmentName(alert.departmentCode)}</Descriptions.Item>
        <Descriptions.Item label={t("supervision.node")}>{alert.node}</Descriptions.Item>
        <Descriptions.Item label={t("supervision.subjects")}>{alert.subjects.join("、")}</Descriptions.Item>
        <Descriptions.Item label={t("supervision.raisedAt")}>{formatDateTime(alert.raisedAt)}</Descriptions.Item>
        {alert.issuedAt && <Descriptions.Item label={t("supervision.issuedAt")}>{formatDateTime(alert.issuedAt)}</Descriptions.Item>}
        {alert.notice && <Descriptions.Item label={t("supervision.notice")}>{alert.notice}</Descriptions.Item>}
        {alert.feedback && (
          <Descriptions.Item label={t("supervision.feedback")}>
            <span className="alert-feedback">{alert.feedback}</span>
            {alert.feedbackAt && <div className="muted">{formatDateTime(alert.feedbackAt)}</div>}
          </Descriptions.Item>
        )}
        {alert.closedAt && <Descriptions.Item label={t("supervision.closedAt")}>{formatDateTime(alert.closedAt)}</Descriptions.Item>}
        {alert.handlingResult && <Descriptions.Item label={t("supervision.handlingResult")}>{alert.handlingResult}</Descriptions.Item>}
        {alert.creditRecordId !== null && <Descriptions.Item label={t("supervision.creditRecord")}>#{alert.creditRecordId}</Descriptions.Item>}
      </Descriptions>
      {evidence.length > 0 && (
        <Descriptions className="alert-evidence" title={t("supervision.evidence")} column={1} size="small" bordered>
          {evidence.map(([k, v]) => (
            <Descriptions.Item key={k} label={k}>
              <span className="mono">{evidenceText(v)}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {canHandle && alert.state !== "closed" && (
        <Space className="alert-actions">
          {alert.state === "pending" && (
            <Popconfirm title={t("supervision.issue")} okText={t("supervision.issue")} onConfirm={() => issue.mutate()}>
              <Button type="primary" danger={alert.severity === "red"} loading={issue.isPending}>
                {t("supervision.issue")}
              </Button>
            </Popconfirm>
          )}
          <Button type={alert.state === "pending" ? "default" : "primary"} onClick={() => setClosing(true)}>
            {t("supervision.close")}
          </Button>
        </Space>
      )}
      {!canHandle && <Alert className="form-alert" type="info" showIcon title={t("supervision.alerts.readOnly")} />}
      {closing && <CloseAlertModal alert={alert} onClose={() => setClosing(false)} />}
    </div>
  );
}
