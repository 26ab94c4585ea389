import { Descriptions, Table, Tag } from "antd";
import type { ReportResult } from "../../api/evaluation.ts";
import { HashText } from "../../components/hash-text.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useMoney } from "../tendering/tender-parts.tsx";

type ReportBid = ReportResult["bids"][number];
type CandidateRow = ReportResult["candidates"][number] & { priceFen?: number };

/** 评标报告 (set 509) and its 中标候选人 (set 510): the committee's verdict on every bid and the ranking. */
export function ReportView({
  report,
  digest,
  signatures,
  completedAt,
  candidates: showCandidates = true,
}: {
  report: ReportResult;
  digest?: string;
  signatures?: number;
  completedAt?: string | null;
  /** Off where the candidate publicity shows them already. */
  candidates?: boolean;
}) {
  const { t } = useI18n();
  const money = useMoney();
  const price = (code: string) => report.bids.find((b) => b.bidderCode === code)?.priceFen;
  const candidates: CandidateRow[] = report.candidates.map((c) => ({ ...c, priceFen: price(c.bidderCode) }));
  return (
    <div className="report-view">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: "method", label: t("evaluation.method"), children: t("evaluation.method.lowest") },
          { key: "committee", label: t("evaluation.committee"), children: t("evaluation.persons", { n: report.committee }) },
          {
            key: "signatures",
            label: t("evaluation.signatures"),
            children:
              completedAt !== undefined && completedAt !== null ? (
                <Tag color="green">{t("evaluation.completedAt", { time: formatDateTime(completedAt) })}</Tag>
              ) : (
                t("evaluation.signedOf", { n: signatures ?? 0, of: report.committee })
              ),
          },
          ...(digest ? [{ key: "digest", label: t("evaluation.digest"), children: <HashText value={digest} width={420} /> }] : []),
          { key: "created", label: t("evaluation.createdAt"), children: formatDateTime(report.createdAt) },
        ]}
      />
      {report.insufficientCompetition && <div className="bad section-gap">{t("evaluation.insufficient")}</div>}
      {showCandidates && <div className="subsection-title">{t("evaluation.candidates")}</div>}
      {showCandidates && (
        <Table<CandidateRow>
          rowKey="bidderCode"
          size="small"
          className="candidates-table"
          pagination={false}
          dataSource={candidates}
          locale={{ emptyText: t("evaluation.noCandidates") }}
          columns={[
            { title: t("evaluation.rank"), dataIndex: "order", width: 90, render: (v: number) => t("evaluation.rankN", { n: v }) },
            {
              title: t("tender.record.bidder"),
              key: "bidder",
              render: (_, c) => (
                <span>
                  {c.bidderName ?? c.bidderCode}
                  <br />
                  <span className="muted mono">{c.bidderCode}</span>
                </span>
              ),
            },
            { title: t("tender.record.price"), dataIndex: "priceFen", align: "right", render: (v?: number) => <strong className="price">{money(v)}</strong> },
          ]}
        />
      )}
      <div className="subsection-title">{t("evaluation.verdicts")}</div>
      <Table<ReportBid>
        rowKey="bidId"
        size="small"
        pagination={false}
        dataSource={report.bids}
        columns={[
          { title: t("tender.record.bidder"), dataIndex: "bidderName" },
          { title: t("tender.record.price"), dataIndex: "priceFen", align: "right", render: (v: number) => money(v) },
          {
            title: t("evaluation.verdict"),
            dataIndex: "rejected",
            render: (v: boolean) => (v ? <Tag color="red">{t("evaluation.rejected")}</Tag> : <Tag color="green">{t("evaluation.qualified")}</Tag>),
          },
          {
            title: t("evaluation.reasons"),
            dataIndex: "reasons",
            render: (v: string[]) => (v.length ? v.join("；") : <span className="muted">—</span>),
          },
        ]}
      />
    </div>
  );
}
