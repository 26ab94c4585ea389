import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Table } from "antd";
import { api } from "../../api/client.ts";
import type { Items, Subject, SubjectHistoryItem } from "../../api/types.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { PROFILE_LABELS, profileLabel } from "./profile-labels.ts";
import { subjectKey } from "./subject-keys.ts";

/** Snapshots store database columns: registeredCapitalFen ↔ registered_capital_fen. */
const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const show = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : Array.isArray(value) ? value.join(", ") : String(value));

interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

/** 变更历史: every earlier version, with what the next version changed. */
export function SubjectHistory({ subjectId }: { subjectId: number }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const history = useQuery({
    queryKey: [...subjectKey(subjectId), "history"],
    queryFn: () => api.get<Items<SubjectHistoryItem>>(`/api/v1/subjects/${subjectId}/history`).then((r) => r.items),
  });
  const current = queryClient.getQueryData<Subject>(subjectKey(subjectId));
  if (history.error) return <ProblemAlert error={history.error} />;

  const items = history.data ?? [];
  const changesOf = (index: number): Change[] => {
    const before = items[index]?.snapshot ?? {};
    const newer = items[index - 1]?.snapshot;
    const after = (field: string) => (newer ? newer[column(field)] : (current as Record<string, unknown> | undefined)?.[field]);
    return Object.keys(PROFILE_LABELS)
      .map((field) => ({ field, before: before[field === "roles" ? "roles" : column(field)], after: after(field === "roles" ? "roles" : field) }))
      .filter((c) => show(c.before) !== show(c.after));
  };

  return (
    <Table<SubjectHistoryItem & { index: number }>
      rowKey="version"
      size="small"
      loading={history.isLoading}
      pagination={false}
      locale={{ emptyText: t("history.empty") }}
      dataSource={items.map((item, index) => ({ ...item, index }))}
      columns={[
        { title: t("history.version"), dataIndex: "version", width: 120, render: (v: number) => t("history.fromVersion", { from: v, to: v + 1 }) },
        { title: t("history.changedAt"), dataIndex: "changedAt", width: 190, render: (v: string) => formatDateTime(v) },
        { title: t("history.changedBy"), dataIndex: "changedBy", width: 110, render: (v: number | null) => (v === null ? "—" : `#${v}`) },
        {
          title: t("history.changes"),
          key: "changes",
          render: (_, row) => (
            <ul className="changes">
              {changesOf(row.index).map((c) => (
                <li key={c.field}>
                  <strong>{profileLabel(t, c.field)}</strong>：<del>{show(c.before)}</del> → <ins>{show(c.after)}</ins>
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}
