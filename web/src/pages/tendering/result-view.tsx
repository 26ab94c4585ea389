import { TrophyOutlined } from "@ant-design/icons";
import { Alert, Descriptions, Table, Tag } from "antd";
import type { SectionResult } from "../../api/evaluation.ts";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useMoney } from "./tender-parts.tsx";

type Candidate = SectionResult["candidates"][number];

/** 中标候选人公示 (set 511) and, once awarded, 中标结果 (set 513), the contract, and what supervision flagged. */
export function ResultView({ result }: { result: SectionResult }) {
  const { t, pick } = useI18n();
  const money = useMoney();
  const w = result.winner;
  return (
    <div className="result-view">
      {w && (
        <div className="winner-banner">
          <TrophyOutlined />
          <span>
            {t("award.winner")}：<strong className="winner-name">{w.bidderName}</strong>
            <span className="muted mono"> {w.bidderCode}</span>
          </span>
          <span>
            {t("award.winningPrice")}：<strong className="price">{money(w.priceFen)}</strong>
          </span>
        </div>
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "publicity", label: t("award.publicity"), children: `${formatDateTime(result.publicityStart)} — ${formatDateTime(result.publicityEnd)}` },
          ...(result.awardedAt ? [{ key: "awarded", label: t("award.awardedAt"), children: formatDateTime(result.awardedAt) }] : []),
          ...(result.contract
            ? [
                { key: "contract", label: t("award.contractCode"), children: <span className="mono">{result.contract.contractCode}</span> },
                { key: "signed", label: t("award.signedAt"), children: result.contract.signedAt ? formatDateTime(result.contract.signedAt) : "—" },
                { key: "amount", label: t("award.contractAmount"), children: money(result.contract.amountFen) },
              ]
            : []),
          ...(result.reportFiledAt ? [{ key: "report", label: t("award.reportFiledAt"), children: formatDateTime(result.reportFiledAt) }] : []),
        ]}
      />
      <div className="subsection-title">{t("evaluation.candidates")}</div>
      <Table<Candidate>
        rowKey="bidderCode"
        size="small"
        className="publicity-table"
        pagination={false}
        dataSource={result.candidates}
        columns={[
          { title: t("evaluation.rank"), dataIndex: "order", width: 90, render: (v: number) => t("evaluation.rankN", { n: v }) },
          {
            title: t("tender.record.bidder"),
            key: "bidder",
            render: (_, c) => (
              <span>
                {c.bidderName ?? c.bidderCode} {w?.bidderCode === c.bidderCode && <Tag color="gold">{t("award.winnerTag")}</Tag>}
                <br />
                <span className="muted mono">{c.bidderCode}</span>
              </span>
            ),
          },
          { title: t("tender.record.price"), dataIndex: "priceFen", align: "right", render: (v?: number) => <strong className="price">{money(v)}</strong> },
        ]}
      />
      {result.flags.length > 0 && (
        <div className="flags section-gap">
          {result.flags.map((f) => (
            <Alert
              key={f.rule}
              type="warning"
              showIcon
              className="flag"
              title={
                <span>
                  <Tag color="orange" className="mono">
                    {f.rule}
                  </Tag>
                  {pick(f)}
                </span>
              }
              description={t("award.flagBasis", { basis: f.basis })}
            />
          ))}
        </div>
      )}
    </div>
  );
}
