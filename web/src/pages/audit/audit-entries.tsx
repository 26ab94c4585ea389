import { SafetyCertificateOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Input, Space, Table, Tag, Tooltip } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { AuditEntry, Items } from "../../api/types.ts";
import { AuditRoleTag } from "../../components/audit-role-tag.tsx";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { checkEntry, decodeLeafData, type EntryCheck, LEAF_FIELDS } from "../../lib/audit-proofs.ts";
import { formatDateTime } from "../../lib/format.ts";
import { leafHash } from "../../lib/merkle-verify.ts";
import { FullVerifyButton } from "./full-verify-button.tsx";

const PAGE = 50;

interface Filters {
  objectType?: string;
  objectId?: string;
  actor?: string;
}

type RowCheck = { state: "checking" } | { state: "done"; result: EntryCheck } | { state: "error"; message: string };

/** The audit log itself (sysadmin, inspector): who did what to which object, each entry provable. */
export function AuditEntries() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<Filters>({});
  const [draft, setDraft] = useState<Filters>({});
  const [checks, setChecks] = useState<Record<number, RowCheck>>({});
  const entries = useInfiniteQuery({
    queryKey: ["audit", "entries", filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => api.get<Items<AuditEntry>>("/api/v1/audit/entries", { ...filters, beforeId: pageParam, limit: PAGE }).then((r) => r.items),
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)?.id : undefined),
  });
  const rows = entries.data?.pages.flat() ?? [];

  /** Hashes the row's leaf data here, checks it says what the row shows, and that the leaf is in the signed tree. */
  const verify = async (entry: AuditEntry & { leafIndex: number }) => {
    setChecks((c) => ({ ...c, [entry.id]: { state: "checking" } }));
    try {
      const result = await checkEntry(entry);
      queryClient.setQueryData(["audit", "tree-head"], result.head);
      setChecks((c) => ({ ...c, [entry.id]: { state: "done", result } }));
    } catch (error) {
      setChecks((c) => ({ ...c, [entry.id]: { state: "error", message: (error as Error).message } }));
    }
  };

  const verdict = (entry: AuditEntry, r: EntryCheck) => {
    if (r.ok) return t("proof.rowText", { index: r.proof.leafIndex, size: r.head.treeSize });
    if (!r.leafHashMatches) return t("proof.rowLeafHashBad");
    if (r.mismatches.length > 0) return t("proof.rowFieldsBad", { fields: r.mismatches.join(", ") });
    if (r.signature === "invalid") return t("audit.signatureInvalid");
    return t("proof.rowPathBad", { index: entry.leafIndex ?? "—", size: r.head.treeSize });
  };

  const proofCell = (entry: AuditEntry) => {
    if (entry.leafIndex === null) return <Tag>{t("audit.unsealed")}</Tag>;
    const check = checks[entry.id];
    if (check?.state === "done") {
      const r = check.result;
      return (
        <Tooltip title={verdict(entry, r)}>
          <span className={`proof-cell ${r.ok ? "ok" : "bad"}`}>{r.ok ? `✓ ${t("proof.rowValid")}` : `✗ ${t("proof.invalid")}`}</span>
        </Tooltip>
      );
    }
    if (check?.state === "error") return <span className="bad">{check.message}</span>;
    const sealed = { ...entry, leafIndex: entry.leafIndex };
    return (
      <Button size="small" icon={<SafetyCertificateOutlined />} loading={check?.state === "checking"} onClick={() => verify(sealed)}>
        {t("proof.verifyShort")}
      </Button>
    );
  };

  return (
    <Card title={t("audit.entriesTitle")} size="small" extra={<FullVerifyButton />}>
      <Space wrap className="toolbar">
        <Input
          placeholder={t("audit.filter.objectType")}
          allowClear
          value={draft.objectType}
          onChange={(e) => setDraft({ ...draft, objectType: e.target.value || undefined })}
          style={{ width: 200 }}
        />
        <Input
          placeholder={t("audit.filter.objectId")}
          allowClear
          value={draft.objectId}
          onChange={(e) => setDraft({ ...draft, objectId: e.target.value || undefined })}
          style={{ width: 130 }}
        />
        <Input
          placeholder={t("audit.filter.actor")}
          allowClear
          value={draft.actor}
          onChange={(e) => setDraft({ ...draft, actor: e.target.value || undefined })}
          style={{ width: 150 }}
        />
        <Button type="primary" onClick={() => setFilters(draft)}>
          {t("common.search")}
        </Button>
      </Space>
      <ProblemAlert error={entries.error} className="form-alert" />
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ y: 520 }}
        expandable={{
          expandedRowRender: (e) => (
            <div className="entry-detail">
              <div>
                {t("audit.stateHash")}: <HashText value={e.stateHash} width={520} />
              </div>
              <div>
                {t("audit.requestId")}: <span className="mono">{e.requestId}</span> · IP: <span className="mono">{e.ip}</span>
                {e.organisation && (
                  <>
                    {" "}
                    · {t("audit.organisation")}: <span className="mono">{e.organisation}</span>
                  </>
                )}
              </div>
              <pre>{JSON.stringify(e.detail, null, 2)}</pre>
              <LeafData entry={e} />
            </div>
          ),
        }}
        columns={[
          { title: t("audit.leaf"), dataIndex: "leafIndex", width: 64, render: (v: number | null) => <span className="mono">{v ?? "—"}</span> },
          { title: t("audit.time"), dataIndex: "occurredAt", width: 165, render: (v: string) => formatDateTime(v) },
          {
            title: t("audit.actor"),
            key: "actor",
            width: 240,
            render: (_, e) => (
              <span>
                {e.actor} <AuditRoleTag role={e.role} />
              </span>
            ),
          },
          { title: t("audit.action"), dataIndex: "action", width: 210, render: (v: string) => <span className="mono nowrap">{v}</span> },
          { title: t("audit.object"), key: "object", render: (_, e) => <span className="mono nowrap">{`${e.objectType} #${e.objectId}`}</span> },
          { title: t("audit.platform"), dataIndex: "platformCode", width: 80, render: (v: string | null) => <span className="mono">{v ?? "—"}</span> },
          { title: t("proof.column"), key: "proof", width: 150, render: (_, e) => proofCell(e) },
        ]}
        footer={() =>
          entries.hasNextPage ? (
            <Button block onClick={() => entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
              {t("common.loadMore")}
            </Button>
          ) : (
            <span className="muted">{t("audit.end", { n: rows.length })}</span>
          )
        }
      />
    </Card>
  );
}

/** The exact bytes the entry's leaf commits to, decoded, with their leaf hash computed in this browser. */
function LeafData({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const leaf = decodeLeafData(entry.leafData);
  const hash = useQuery({ queryKey: ["audit", "leaf-hash", entry.leafData], queryFn: () => leafHash(leaf.bytes), staleTime: Number.POSITIVE_INFINITY });
  return (
    <div className="leaf-data">
      <div className="leaf-check">
        {t("audit.leafData")} <span className="muted">[{LEAF_FIELDS.join(", ")}]</span>
      </div>
      <pre className="leaf-json">{leaf.text}</pre>
      <div>
        {t("audit.leafHashComputed")}: <HashText value={hash.data} width={520} />
      </div>
    </div>
  );
}
