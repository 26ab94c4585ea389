import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Space, Table } from "antd";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { useDepartmentNames, usePlatformNames } from "../../api/queries.ts";
import type { TenderProject, TenderProjectSummary } from "../../api/tendering.ts";
import type { Items } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDate } from "../../lib/format.ts";
import { SectionStatusTag } from "./tender-parts.tsx";

/**
 * 招标项目: the tenderer's or agency's own projects, the trading centre's platform, the supervisor's
 * department (监管项目), or all of them for the inspector — each with its sections' progress. The
 * list carries no sections: each project is fetched for them.
 */
export function ProjectsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const platformName = usePlatformNames(true);
  const departmentName = useDepartmentNames();
  const projects = useQuery({
    queryKey: ["tender-projects", user?.username],
    queryFn: async () => {
      const list = await api.get<Items<TenderProjectSummary>>("/api/v1/tender-projects");
      return Promise.all(
        list.items.map((p) => api.get<TenderProject>(`/api/v1/tender-projects/${p.id}`).then((full) => ({ ...full, createdAt: p.createdAt }))),
      );
    },
  });
  const owner = user?.role === "tenderer" || user?.role === "agency";
  const title = owner
    ? "projects.mine"
    : user?.role === "supervisor"
      ? "projects.supervised"
      : user?.role === "centre_staff"
        ? "projects.platform"
        : "projects.all";

  return (
    <>
      <PageTitle
        title={t(title)}
        description={owner ? t("projects.mineSubtitle") : t("projects.readSubtitle")}
        extra={
          owner && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("/tender/projects/new")}>
              {t("nav.newProject")}
            </Button>
          )
        }
      />
      <Card>
        <ProblemAlert error={projects.error} className="form-alert" />
        <Table<TenderProject & { createdAt: string }>
          rowKey="id"
          size="middle"
          className="projects-table"
          loading={projects.isLoading}
          dataSource={projects.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("projects.none") }}
          columns={[
            {
              title: t("tender.project.name"),
              key: "name",
              render: (_, p) => (
                <span>
                  <Link to={`/tender/projects/${p.id}`}>{p.name}</Link>
                  <br />
                  <span className="muted mono">{p.projectCode}</span>
                </span>
              ),
            },
            { title: t("tender.platform"), dataIndex: "platformCode", render: platformName },
            { title: t("tender.project.department"), dataIndex: "departmentCode", render: departmentName },
            {
              title: t("projects.sections"),
              key: "sections",
              render: (_, p) => (
                <Space orientation="vertical" size={2}>
                  {p.sections.map((s) => (
                    <span key={s.id} className="nowrap">
                      {s.name} <SectionStatusTag status={s.status} />
                    </span>
                  ))}
                </Space>
              ),
            },
            { title: t("projects.createdAt"), dataIndex: "createdAt", render: (v: string) => formatDate(v) },
          ]}
        />
      </Card>
    </>
  );
}
