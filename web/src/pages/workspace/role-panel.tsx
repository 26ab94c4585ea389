import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Badge, Card, Descriptions, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { Account, AuditEntry, CalendarDay, Items, Page, Subject, SubjectSummary } from "../../api/types.ts";
import { AuditRoleTag } from "../../components/audit-role-tag.tsx";
import { VerificationTag } from "../../components/status-tags.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDate, formatDateTime } from "../../lib/format.ts";
import { weekdayOf } from "../calendar/weekday.ts";
import { profileLabel } from "../subject/profile-labels.ts";

/** The one thing each role most needs to see on arrival. */
export function RolePanel({ user }: { user: Account }) {
  if (user.role === "centre_staff") return <PendingSubjects />;
  if (user.subjectId !== null) return <OwnSubjectStatus subjectId={user.subjectId} />;
  if (user.role === "sysadmin" || user.role === "inspector") return <LatestAuditEntries />;
  return <UpcomingDays />;
}

const PENDING_PAGE = 5;

/** The centre's queue: registrations awaiting verification, newest first. */
function PendingSubjects() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ["subjects", "pending", page],
    queryFn: () => api.get<Page<SubjectSummary>>("/api/v1/subjects", { verification: "pending", limit: PENDING_PAGE, offset: (page - 1) * PENDING_PAGE }),
    placeholderData: keepPreviousData,
  });
  const total = query.data?.total;
  return (
    <Card title={t("workspace.panel.pending")} size="small" extra={total ? <Badge count={total} overflowCount={999} /> : undefined}>
      <Table<SubjectSummary>
        rowKey="id"
        size="small"
        loading={query.isFetching}
        dataSource={query.data?.items}
        pagination={{ current: page, pageSize: PENDING_PAGE, total: total ?? 0, hideOnSinglePage: true, showSizeChanger: false, onChange: setPage }}
        locale={{ emptyText: t("workspace.panel.noPending") }}
        columns={[
          { title: t("subject.name"), dataIndex: "name", render: (name: string, s) => <Link to={`/subjects/${s.id}`}>{name}</Link> },
          { title: t("subject.uscc"), dataIndex: "uscc", render: (v: string) => <span className="mono">{v}</span> },
          { title: t("subject.registeredAt"), dataIndex: "createdAt", render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}

function OwnSubjectStatus({ subjectId }: { subjectId: number }) {
  const { t, lang } = useI18n();
  const { data } = useQuery({ queryKey: ["subject", subjectId], queryFn: () => api.get<Subject>(`/api/v1/subjects/${subjectId}`) });
  if (!data) return null;
  const missing = data.missingRequiredFields ?? [];
  return (
    <Card title={t("workspace.panel.ownStatus")} size="small" extra={<Link to={`/subjects/${subjectId}`}>{t("common.more")}</Link>}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "name", label: t("subject.name"), children: data.name },
          { key: "verification", label: t("subject.verification"), children: <VerificationTag value={data.verification} /> },
          {
            key: "missing",
            label: t("workspace.panel.missing"),
            children: missing.length ? (
              <Tag color="orange">{missing.map((f) => profileLabel(t, f)).join(lang === "zh" ? "、" : ", ")}</Tag>
            ) : (
              <Tag color="green">{t("workspace.panel.complete")}</Tag>
            ),
          },
          { key: "qualifications", label: t("subject.tab.qualifications"), children: data.qualifications.filter((q) => !q.withdrawn && !q.expired).length },
          { key: "staff", label: t("subject.tab.staff"), children: data.staff.filter((s) => s.active).length },
          { key: "version", label: t("subject.updatedAt"), children: `${formatDate(data.updatedAt)}（${t("subject.versionN", { n: data.version })}）` },
        ]}
      />
    </Card>
  );
}

function LatestAuditEntries() {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ["audit", "entries", "latest"],
    queryFn: () => api.get<Items<AuditEntry>>("/api/v1/audit/entries", { limit: 8 }).then((r) => r.items),
  });
  return (
    <Card title={t("workspace.panel.latestAudit")} size="small" extra={<Link to="/audit">{t("common.more")}</Link>}>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={query.isLoading}
        dataSource={query.data}
        pagination={false}
        columns={[
          { title: t("audit.time"), dataIndex: "occurredAt", width: 180, render: (v: string) => formatDateTime(v) },
          {
            title: t("audit.actor"),
            key: "actor",
            render: (_, e) => (
              <span>
                {e.actor} <AuditRoleTag role={e.role} />
              </span>
            ),
          },
          { title: t("audit.action"), dataIndex: "action", render: (v: string) => <span className="mono">{v}</span> },
          { title: t("audit.object"), key: "object", render: (_, e) => <span className="mono">{`${e.objectType} #${e.objectId}`}</span> },
        ]}
      />
    </Card>
  );
}

function UpcomingDays() {
  const { t, lang } = useI18n();
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const query = useQuery({
    queryKey: ["calendar", "upcoming", year],
    queryFn: async () => {
      const years = await Promise.all([year, year + 1].map((y) => api.get<Items<CalendarDay>>("/api/v1/calendar/days", { year: y })));
      return years
        .flatMap((r) => r.items)
        .filter((d) => d.day >= today)
        .slice(0, 8);
    },
  });
  return (
    <Card title={t("workspace.panel.upcomingDays")} size="small" extra={<Link to="/calendar">{t("common.more")}</Link>}>
      <Table<CalendarDay>
        rowKey="day"
        size="small"
        loading={query.isLoading}
        dataSource={query.data}
        pagination={false}
        columns={[
          { title: t("calendar.day"), dataIndex: "day", render: (v: string) => `${v}（${weekdayOf(v, lang)}）` },
          {
            title: t("calendar.kind"),
            dataIndex: "kind",
            render: (k: CalendarDay["kind"]) => <Tag color={k === "holiday" ? "red" : "blue"}>{t(`calendar.kind.${k}`)}</Tag>,
          },
          { title: t("calendar.name"), dataIndex: "name" },
        ]}
      />
    </Card>
  );
}
