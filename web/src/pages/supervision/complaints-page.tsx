import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Drawer, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { useServerOffset } from "../../api/queries.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { beijingToday, COMPLAINT_STATUSES, type Complaint, type ComplaintStatus, pendingDue } from "../complaints/complaints-api.ts";
import { ComplaintDetail, ComplaintStatusTag, PendingDue } from "./complaints-parts.tsx";

/** 投诉处理: the complaints of the supervisor's department (all for the inspector, read-only), with acceptance and decision. */
export function ComplaintsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const offset = useServerOffset();
  const [status, setStatus] = useState<ComplaintStatus>();
  const [openId, setOpenId] = useState<number>();
  const complaints = useQuery({
    queryKey: ["complaints", "supervision", user?.username],
    queryFn: () => api.get<Complaint[]>("/api/v1/supervision/complaints"),
  });
  const today = beijingToday(offset.data ?? 0);
  const rows = (complaints.data ?? []).filter((c) => !status || c.status === status).sort((a, b) => b.id - a.id);
  const open = complaints.data?.find((c) => c.id === openId);
  const canHandle = user?.role === "supervisor";

  return (
    <>
      <PageTitle title={t("complaint.title")} description={canHandle ? t("complaint.subtitle") : t("complaint.readOnly")} />
      <Card>
        <Space className="table-filters" wrap>
          <Select<ComplaintStatus>
            allowClear
            className="complaint-status-filter"
            style={{ width: 160 }}
            placeholder={t("complaint.allStatuses")}
            value={status}
            onChange={setStatus}
            options={COMPLAINT_STATUSES.map((s) => ({ value: s, label: t(`complaint.status.${s}`) }))}
          />
        </Space>
        <ProblemAlert error={complaints.error} className="form-alert" />
        <Table<Complaint>
          rowKey="id"
          size="middle"
          className="complaints-table"
          loading={complaints.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("complaint.none") }}
          rowClassName={(c) => (pendingDue(c, today)?.overdue ? "complaint-row-overdue" : "")}
          columns={[
            { title: t("complaint.id"), dataIndex: "id", width: 70 },
            {
              title: t("complaint.projectSection"),
              key: "project",
              render: (_, c) => (
                <span>
                  <Link to={`/tender/projects/${c.projectId}`}>{c.projectName}</Link>
                  <br />
                  <span className="muted">{c.sectionName}</span>
                </span>
              ),
            },
            { title: t("complaint.matter"), dataIndex: "matter", render: (v: Complaint["matter"]) => t(`complaint.matter.${v}`) },
            {
              title: `${t("complaint.complainant")} → ${t("complaint.respondent")}`,
              key: "parties",
              render: (_, c) => (
                <span>
                  {c.complainantName}
                  <br />
                  <span className="muted">→ {c.respondentName}</span>
                </span>
              ),
            },
            {
              title: t("complaint.status"),
              key: "status",
              render: (_, c) => (
                <Space orientation="vertical" size={2}>
                  <ComplaintStatusTag value={c.status} />
                  {c.decision && <Tag color={c.decision === "upheld" ? "red" : "default"}>{t(`complaint.decision.${c.decision}`)}</Tag>}
                  {(c.acceptanceLate || c.decisionLate) && <Tag color="red">{t("complaint.late")}</Tag>}
                </Space>
              ),
            },
            { title: t("complaint.submittedAt"), dataIndex: "submittedAt", render: (v: string) => <span className="nowrap">{formatDateTime(v)}</span> },
            { title: t("complaint.due"), key: "due", render: (_, c) => <PendingDue complaint={c} today={today} /> },
            {
              key: "actions",
              render: (_, c) => (
                <Button size="small" className="complaint-open" onClick={() => setOpenId(c.id)}>
                  {t("complaint.detail")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Drawer open={open !== undefined} size={600} title={open ? t("complaint.detail.title", { id: open.id }) : ""} onClose={() => setOpenId(undefined)}>
        {open && <ComplaintDetail complaint={open} canHandle={canHandle} today={today} />}
        {open && !canHandle && <Alert className="form-alert" type="info" showIcon title={t("complaint.readOnly")} />}
      </Drawer>
    </>
  );
}
