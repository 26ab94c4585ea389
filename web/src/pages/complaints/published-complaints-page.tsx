import { useQuery } from "@tanstack/react-query";
import { Card, Descriptions, Table, Tag } from "antd";
import { api } from "../../api/client.ts";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDate, formatDateTime } from "../../lib/format.ts";
import type { PublishedComplaint } from "./complaints-api.ts";

/** 投诉处理结果公开 (set 404): the supervising departments' decisions, public. */
export function PublishedComplaintsPage() {
  const { t } = useI18n();
  const published = useQuery({ queryKey: ["complaints", "published"], queryFn: () => api.get<PublishedComplaint[]>("/api/v1/complaints") });
  const rows = [...(published.data ?? [])].sort((a, b) => b.id - a.id);
  return (
    <>
      <PageTitle title={t("complaint.published.title")} description={t("complaint.published.subtitle")} />
      <Card>
        <ProblemAlert error={published.error} className="form-alert" />
        <Table<PublishedComplaint>
          rowKey="id"
          size="middle"
          className="published-complaints-table"
          loading={published.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("complaint.published.none") }}
          expandable={{
            expandedRowRender: (r) => (
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t("complaint.content")}>{r.COMPLAINT_CONTENT}</Descriptions.Item>
                <Descriptions.Item label={t("complaint.basis")}>{r.DISSENT_REASON}</Descriptions.Item>
                <Descriptions.Item label={t("complaint.handleBasis")}>{r.HANDLE_BASIS}</Descriptions.Item>
                <Descriptions.Item label={t("complaint.submittedAt")}>{formatDateTime(r.COMPLAINT_DATE)}</Descriptions.Item>
                {r.ACCEPT_DATE && <Descriptions.Item label={t("complaint.acceptanceDecidedAt")}>{formatDateTime(r.ACCEPT_DATE)}</Descriptions.Item>}
                {r.CONFINED_ACTION.length > 0 && (
                  <Descriptions.Item label={t("complaint.confinedAction")}>
                    {r.CONFINED_ACTION.map((a) => t(`supervision.action.${a}`)).join("、")}
                    {r.START_DATE && ` · ${formatDate(r.START_DATE)} – ${r.END_DATE ? formatDate(r.END_DATE) : ""}`}
                  </Descriptions.Item>
                )}
              </Descriptions>
            ),
          }}
          columns={[
            {
              title: t("complaint.projectSection"),
              key: "project",
              render: (_, r) => (
                <span>
                  {r.TENDER_PROJECT_NAME}
                  <br />
                  <span className="muted">
                    {r.BID_SECTION_NAME} <span className="mono">{r.UNIFIED_DEAL_CODE}</span>
                  </span>
                </span>
              ),
            },
            { title: t("complaint.complainant"), dataIndex: "COMPLAINT_NAME" },
            {
              title: t("complaint.respondent"),
              key: "respondent",
              render: (_, r) => (
                <span>
                  {r.COMPLAINTED_BODY_NAME}
                  <br />
                  <span className="muted mono">{r.COMPLAINTED_BODY_CODE}</span>
                </span>
              ),
            },
            { title: t("complaint.handleResult"), dataIndex: "HANDLE_RESULT" },
            { title: t("complaint.dealingUnit"), dataIndex: "DEALING_UNIT" },
            {
              title: t("complaint.handleDate"),
              dataIndex: "HANDLE_DATE",
              render: (v: string | null) => (v ? <span className="nowrap">{formatDate(v)}</span> : "—"),
            },
            {
              title: t("complaint.enterCredit"),
              dataIndex: "ENTER_CREDIT_PLAT",
              render: (v: boolean) => (v ? <Tag color="red">{t("complaint.yes")}</Tag> : t("complaint.no")),
            },
          ]}
        />
      </Card>
    </>
  );
}
