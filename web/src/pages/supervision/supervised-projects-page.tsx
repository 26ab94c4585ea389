import { useQuery } from "@tanstack/react-query";
import { Card, Space, Table, Tag } from "antd";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { useDepartmentNames, usePlatformNames } from "../../api/queries.ts";
import type { OpenAlertCounts, SupervisedProject } from "../../api/supervision.ts";
import type { SectionStatus } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { SectionStatusTag } from "../tendering/tender-parts.tsx";

/** 监管项目: the department's projects (all for the inspector), each section with its status and open alerts. */
export function SupervisedProjectsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const platformName = usePlatformNames(true);
  const departmentName = useDepartmentNames();
  const projects = useQuery({
    queryKey: ["supervision", "projects", user?.username],
    queryFn: () => api.get<SupervisedProject[]>("/api/v1/supervision/projects"),
  });

  return (
    <>
      <PageTitle title={t("supervision.projects.title")} description={t("supervision.projects.subtitle")} />
      <Card>
        <ProblemAlert error={projects.error} className="form-alert" />
        <Table<SupervisedProject>
          rowKey="id"
          size="middle"
          className="projects-table supervised-projects-table"
          loading={projects.isLoading}
          dataSource={projects.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("supervision.projects.none") }}
          columns={[
            {
              title: t("tender.project.name"),
              key: "name",
              render: (_, p) => (
                <span>
                  <Link to={`/tender/projects/${p.id}`}>{p.name}</Link>
                  <br />
                  <span className="muted mono">{p.tenderProjectCode}</span>
                </span>
              ),
            },
            { title: t("tender.platform"), dataIndex: "platformCode", render: platformName },
            { title: t("tender.project.department"), dataIndex: "departmentCode", render: departmentName },
            {
              title: t("supervision.sections"),
              key: "sections",
              render: (_, p) => (
                <Space orientation="vertical" size={2}>
                  {p.sections.map((s) => (
                    <span key={s.id} className="nowrap">
                      {s.name} <SectionStatusTag status={s.status as SectionStatus} />
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              title: t("supervision.openAlerts"),
              key: "alerts",
              render: (_, p) => (
                <Space orientation="vertical" size={2}>
                  {p.sections.map((s) => (
                    <OpenAlerts key={s.id} counts={s.openAlerts} />
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}

function OpenAlerts({ counts }: { counts: OpenAlertCounts }) {
  const { t } = useI18n();
  if (counts.total === 0) return <span className="muted">0</span>;
  return (
    <Link to="/supervision/alerts" className="open-alerts">
      {counts.red > 0 && <Tag color="red">{`${t("supervision.severity.red")} ${counts.red}`}</Tag>}
      {counts.yellow > 0 && <Tag color="gold">{`${t("supervision.severity.yellow")} ${counts.yellow}`}</Tag>}
      {counts.green > 0 && <Tag color="green">{`${t("supervision.severity.green")} ${counts.green}`}</Tag>}
    </Link>
  );
}
