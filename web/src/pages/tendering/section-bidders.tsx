import { useQuery } from "@tanstack/react-query";
import { Table } from "antd";
import { api } from "../../api/client.ts";
import type { BidderList, BidStatus } from "../../api/tendering.ts";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { BidStatusTag } from "./tender-parts.tsx";

type Registration = BidderList["registrations"][number];
type BidRow = BidderList["bids"][number] & { name: string };

/** 报名与投标名单: who registered (with the IP) and every bid submitted, replaced or withdrawn — for the centre, the supervisor and the inspector. */
export function SectionBidders({ sectionId }: { sectionId: number }) {
  const { t } = useI18n();
  const list = useQuery({ queryKey: ["section-bidders", sectionId], queryFn: () => api.get<BidderList>(`/api/v1/sections/${sectionId}/bidders`) });
  if (list.error) return <ProblemAlert error={list.error} />;
  const names = new Map((list.data?.registrations ?? []).map((r) => [r.uscc, r.name]));
  const bids: BidRow[] = (list.data?.bids ?? []).map((b) => ({ ...b, name: names.get(b.uscc) ?? b.uscc }));
  return (
    <div className="section-bidders">
      <div className="subsection-title">{t("oversight.registrations", { n: list.data?.registrations.length ?? 0 })}</div>
      <Table<Registration>
        rowKey="uscc"
        size="small"
        loading={list.isLoading}
        pagination={false}
        dataSource={list.data?.registrations}
        columns={[
          { title: t("tender.record.bidder"), dataIndex: "name" },
          { title: t("tender.hall.uscc"), dataIndex: "uscc", render: (v: string) => <span className="mono">{v}</span> },
          { title: t("oversight.registeredAt"), dataIndex: "registeredAt", render: (v: string) => formatDateTime(v) },
          { title: "IP", dataIndex: "ip", render: (v: string) => <span className="mono">{v}</span> },
        ]}
      />
      <div className="subsection-title">{t("oversight.bids", { n: bids.length })}</div>
      <Table<BidRow>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        pagination={false}
        dataSource={bids}
        locale={{ emptyText: t("tender.hall.noBids") }}
        columns={[
          { title: t("tender.record.bidder"), dataIndex: "name" },
          { title: t("tender.hall.submittedAt"), dataIndex: "submittedAt", render: (v: string) => formatDateTime(v) },
          { title: t("tender.receipt.sm3"), dataIndex: "sm3", render: (v: string) => <HashText value={v} width={160} /> },
          { title: t("tender.receipt.size"), dataIndex: "size", render: (v: number) => t("tender.receipt.bytes", { n: v.toLocaleString("en-US") }) },
          { title: t("common.status"), dataIndex: "status", render: (v: BidStatus) => <BidStatusTag status={v} /> },
        ]}
      />
    </div>
  );
}
