import { useQuery } from "@tanstack/react-query";
import { Empty, Table } from "antd";
import { ApiError, api } from "../../api/client.ts";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";

export interface DownloadLogRow {
  id: number;
  documentId: number;
  fileName: string;
  sha256: string;
  sm3: string;
  downloadedAt: string;
  ip: string;
  role: string;
  username: string;
  displayName: string;
  uscc: string | null;
  subjectName: string | null;
}

/**
 * 招标文件下载记录: who downloaded which file, when (server clock), from which IP, with the file's hash.
 * The supervising department, the section's trading centre and the inspectors see it at any time; the
 * tenderer and its agency after the opening (before, the platform answers SECRET_UNTIL_OPENING).
 */
export function DownloadLogTable({ sectionId }: { sectionId: number }) {
  const { t } = useI18n();
  const log = useQuery({
    queryKey: ["tender-document-downloads", sectionId],
    retry: false,
    queryFn: () => api.get<{ items: DownloadLogRow[] }>(`/api/v1/sections/${sectionId}/document-downloads`).then((r) => r.items),
  });
  if (log.error instanceof ApiError && log.error.code === "SECRET_UNTIL_OPENING") return <Empty description={t("tender.downloads.secret")} />;
  if (log.error) return <ProblemAlert error={log.error} />;
  return (
    <Table<DownloadLogRow>
      rowKey="id"
      size="small"
      className="download-log-table"
      loading={log.isLoading}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      dataSource={log.data}
      locale={{ emptyText: t("tender.downloads.none") }}
      columns={[
        { title: t("tender.downloads.at"), dataIndex: "downloadedAt", render: (v: string) => formatDateTime(v) },
        {
          title: t("tender.downloads.who"),
          key: "who",
          render: (_, r) => (
            <span>
              {r.subjectName ?? r.displayName}
              <br />
              <span className="muted mono">{r.uscc ?? r.role}</span> <span className="muted">{r.username}</span>
            </span>
          ),
        },
        { title: "IP", dataIndex: "ip", render: (v: string) => <span className="mono">{v}</span> },
        { title: t("tender.docs.file"), dataIndex: "fileName" },
        { title: "SHA-256", dataIndex: "sha256", render: (v: string) => <HashText value={v} width={140} /> },
      ]}
    />
  );
}
