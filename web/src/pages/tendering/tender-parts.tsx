import type { FormRule } from "antd";
import { Descriptions, Input, Table, Tag } from "antd";
import type { BidStatus, OpeningRecord, OpeningRecordBid, SectionStatus } from "../../api/tendering.ts";
import { type Translate, useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { formatFen, type MoneyUnit, toFen } from "../../lib/money.ts";

const STATUS_COLOR: Record<SectionStatus, string> = {
  draft: "default",
  announced: "blue",
  opening: "orange",
  opened: "green",
  evaluated: "cyan",
  publicity: "purple",
  awarded: "gold",
  contracted: "geekblue",
  failed: "red",
};

const BID_COLOR: Record<BidStatus, string> = {
  submitted: "blue",
  decrypted: "green",
  revoked: "red",
  withdrawn: "default",
  replaced: "default",
  retracted: "default",
};

export function BidStatusTag({ status }: { status: BidStatus }) {
  const { t } = useI18n();
  return <Tag color={BID_COLOR[status]}>{t(`tender.bidStatus.${status}`)}</Tag>;
}

export function SectionStatusTag({ status }: { status: SectionStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`tender.status.${status}`)}</Tag>;
}

/** "4,567.891234 万元" / "8,500.50 元" in the UI language. */
export function useMoney(): (fen: number | null | undefined) => string {
  const { t } = useI18n();
  return (fen) => (fen === null || fen === undefined ? "—" : formatFen(fen, { wan: t("money.wan"), yuan: t("money.yuan") }));
}

/** Validation of an amount typed in 万元 or 元: representable in whole 分, and (optionally) above zero. */
export function moneyRules(t: Translate, unit: MoneyUnit, options: { required?: boolean; positive?: boolean } = {}): FormRule[] {
  return [
    ...(options.required === false ? [] : [{ required: true, message: t("common.required") }]),
    {
      validator: (_: unknown, value?: string) => {
        if (!value) return Promise.resolve();
        const fen = toFen(value, unit);
        if (fen === undefined) return Promise.reject(new Error(t(unit === "wan" ? "tender.money.invalidWan" : "tender.money.invalidYuan")));
        if (options.positive && fen <= 0) return Promise.reject(new Error(t("tender.money.positive")));
        return Promise.resolve();
      },
    },
  ];
}

/** An amount field with its unit shown after the input. */
export function MoneyInput({ unit, ...props }: { unit: MoneyUnit; id?: string; value?: string; onChange?: (value: string) => void; placeholder?: string }) {
  const { t } = useI18n();
  return (
    <Input
      {...props}
      onChange={(e) => props.onChange?.(e.target.value)}
      inputMode="decimal"
      suffix={<span className="muted">{t(unit === "wan" ? "money.wan" : "money.yuan")}</span>}
    />
  );
}

/** The 开标记录 (唱标, data set 506): every bid read out, in the order received. */
export function OpeningRecordView({ record }: { record: OpeningRecord }) {
  const { t } = useI18n();
  const money = useMoney();
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        className="section-gap"
        items={[
          { key: "section", label: t("tender.sectionCode"), children: <span className="mono">{record.sectionCode}</span> },
          { key: "deal", label: t("tender.unifiedDealCode"), children: <span className="mono">{record.unifiedDealCode}</span> },
          { key: "tp", label: t("tender.tenderProjectCode"), children: <span className="mono">{record.tenderProjectCode}</span> },
          { key: "time", label: t("tender.bidOpeningTime"), children: formatDateTime(record.bidOpeningTime) },
          { key: "opened", label: t("tender.openedAt"), children: formatDateTime(record.openedAt) },
          { key: "compere", label: t("tender.compere"), children: record.compere },
        ]}
      />
      <Table<OpeningRecordBid>
        rowKey="order"
        size="small"
        className="opening-record"
        pagination={false}
        dataSource={record.bids}
        columns={[
          { title: t("tender.record.order"), dataIndex: "order", width: 64 },
          {
            title: t("tender.record.bidder"),
            key: "bidder",
            render: (_, b) => (
              <span>
                {b.bidderName}
                <br />
                <span className="muted mono">{b.bidderCode}</span>
              </span>
            ),
          },
          {
            title: t("tender.record.price"),
            dataIndex: "priceFen",
            align: "right",
            render: (v: number | null) => <strong className="price">{money(v)}</strong>,
          },
          { title: t("tender.record.duration"), dataIndex: "durationDays", render: (v: number | null) => (v === null ? "—" : t("tender.days", { n: v })) },
          { title: t("tender.record.quality"), dataIndex: "quality", render: (v: string | null) => v ?? "—" },
          { title: t("tender.record.manager"), dataIndex: "projectManager", render: (v: string | null) => v ?? "—" },
          {
            title: t("tender.record.state"),
            key: "state",
            render: (_, b) =>
              b.decrypted ? (
                <Tag color="green">{t("tender.record.decrypted")}</Tag>
              ) : (
                <Tag color="red" title={b.note}>
                  {t("tender.record.revoked")}
                </Tag>
              ),
          },
        ]}
      />
    </>
  );
}
