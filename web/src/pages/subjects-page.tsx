import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, Card, Input, Select, Space, Table } from "antd";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { usePlatformNames } from "../api/queries.ts";
import { type Page, SUBJECT_ROLES, type SubjectSummary } from "../api/types.ts";
import { useAuth } from "../auth.tsx";
import { PageTitle } from "../components/page-title.tsx";
import { ProblemAlert } from "../components/problem-alert.tsx";
import { VerificationTag } from "../components/status-tags.tsx";
import { useI18n } from "../i18n.ts";
import { formatDate } from "../lib/format.ts";

const PAGE_SIZE = 20;

/** 主体库查询: the public registry, searched by name or 统一社会信用代码. */
export function SubjectsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const platformName = usePlatformNames(true);
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const role = params.get("role") ?? undefined;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value) next.set(key, value);
      else next.delete(key);
    setParams(next);
  };

  const result = useQuery({
    queryKey: ["subjects", q, role, page],
    queryFn: () => api.get<Page<SubjectSummary>>("/api/v1/subjects", { q, role, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageTitle
        title={t("subjects.title")}
        description={t("subjects.subtitle")}
        extra={
          (!user || user.role === "centre_staff") && (
            <Button type="primary" onClick={() => navigate("/register")}>
              {t("nav.register")}
            </Button>
          )
        }
      />
      <Card>
        <Space wrap className="toolbar">
          <Input.Search
            key={q}
            defaultValue={q}
            allowClear
            enterButton={t("common.search")}
            placeholder={t("home.searchPlaceholder")}
            style={{ width: 420 }}
            onSearch={(value) => update({ q: value.trim() || undefined, page: undefined })}
          />
          <Select
            allowClear
            placeholder={t("subjects.roleFilter")}
            style={{ width: 240 }}
            value={role}
            onChange={(value?: string) => update({ role: value, page: undefined })}
            options={SUBJECT_ROLES.map((r) => ({ value: r, label: t(`subjectRole.${r}`) }))}
          />
        </Space>
        <ProblemAlert error={result.error} className="form-alert" />
        <Table<SubjectSummary>
          rowKey="id"
          size="middle"
          loading={result.isFetching}
          dataSource={result.data?.items}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: result.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t("subjects.total", { n: total }),
            onChange: (p) => update({ page: p > 1 ? String(p) : undefined }),
          }}
          columns={[
            { title: t("subject.name"), dataIndex: "name", render: (name: string, s) => <Link to={`/subjects/${s.id}`}>{name}</Link> },
            { title: t("subject.uscc"), dataIndex: "uscc", width: 200, render: (v: string) => <span className="mono">{v}</span> },
            { title: t("subject.regionCode"), dataIndex: "regionCode", width: 110, render: (v: string | null) => <span className="mono">{v ?? "—"}</span> },
            { title: t("subject.registeredPlatform"), dataIndex: "registeredPlatformCode", render: platformName },
            {
              title: t("subject.verification"),
              dataIndex: "verification",
              width: 100,
              render: (v: SubjectSummary["verification"]) => <VerificationTag value={v} />,
            },
            { title: t("subject.registeredAt"), dataIndex: "createdAt", width: 120, render: (v: string) => formatDate(v) },
          ]}
        />
      </Card>
    </>
  );
}
