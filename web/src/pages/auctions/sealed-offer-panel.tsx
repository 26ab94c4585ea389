import { LockOutlined, SendOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Descriptions, InputNumber, Popconfirm, Skeleton, Space, Tag } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { fromFen, toFen } from "../../lib/money.ts";
import { type AuctionLot, lotKey } from "./auction-api.ts";
import { type HallStage, useYuan } from "./auction-parts.tsx";

/** The sealed methods (server: auction-closing.ts SEALED_METHODS): 招标出让, 一次报价, 权重报价. */
export const SEALED_METHODS: readonly string[] = ["tender", "sealed", "weighted"];
export const isSealedLot = (lot: { method: string }) => SEALED_METHODS.includes(lot.method);

/** An opened offer (by 竞买号, ranked), as the server publishes it after the opening. */
export interface OpenedOffer {
  rank: number | null;
  bidderNumber: string;
  priceFen: number;
  submittedAt: string;
  factorScores: Record<string, number> | null;
  priceScore: number | null;
  totalScore: number | null;
}

/** What the lot view says of a sealed lot: a count before the opening, every offer after it. */
export interface SealedInfo {
  offerCount: number;
  openedAt: string | null;
  weights: {
    priceWeightBp: number;
    factors: { key: string; name: string; weightBp: number }[];
    fullScore: number;
    priceFormula: "ratioToHighest" | "linearAboveFloor";
  } | null;
  offers: OpenedOffer[] | null;
}

/** The sealed part of a lot view (null for a ladder lot). */
export const sealedOf = (lot: AuctionLot): SealedInfo | null => (lot as AuctionLot & { sealed?: SealedInfo | null }).sealed ?? null;

interface MyOffer {
  submitted: boolean;
  submittedAt?: string;
  receiptSm3?: string;
  priceFen?: number | null;
  rank?: number | null;
}

const TEXT = {
  zh: {
    title: "密封报价",
    submitted: "已提交（密封）",
    notSubmitted: "尚未报价",
    submittedAt: "提交时间",
    receipt: "回执（SM3）",
    openedPrice: "开启后报价",
    rank: "排名",
    offers: "已提交报价数",
    price: "报价",
    submit: "提交密封报价",
    confirmTitle: "确认提交密封报价",
    confirm: "竞买号 {number} 以 {price} 报价。密封报价只能提交一次，提交后不得撤回或更改；截止后统一开启。",
    ok: "确认提交",
    cancel: "取消",
    done: "密封报价已提交",
    note: "每个竞买号只能报价一次；报价在截止前加密保存，任何人（含交易中心、出让方）均无法查看，截止后统一开启并按竞买号公布。",
    notYet: "报价期自 {time} 开始",
    closed: "报价已截止，等待开启",
    invalid: "请输入以元为单位、最多两位小数的金额",
    below: "低于起始价 {price}",
  },
  en: {
    title: "Sealed offer",
    submitted: "Submitted (sealed)",
    notSubmitted: "No offer yet",
    submittedAt: "Submitted at",
    receipt: "Receipt (SM3)",
    openedPrice: "Opened price",
    rank: "Rank",
    offers: "Offers submitted",
    price: "Price",
    submit: "Submit sealed offer",
    confirmTitle: "Submit the sealed offer?",
    confirm: "Bidder {number} offers {price}. One sealed offer per bidder: it cannot be withdrawn or changed; all offers are opened at the end.",
    ok: "Submit",
    cancel: "Cancel",
    done: "Sealed offer submitted",
    note: "One offer per bidder number. Offers are encrypted until the end — nobody, not the trading centre nor the seller, can read them — then opened and published by bidder number.",
    notYet: "Offers are taken from {time}",
    closed: "Offers are closed; awaiting the opening",
    invalid: "Enter an amount in yuan with at most two decimals",
    below: "Below the starting price {price}",
  },
} as const;

const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);

/**
 * The bidder's sealed offer (招标出让 投标报价, 一次报价, 权重报价): a price in 元 (converted to 分 by string arithmetic)
 * with a confirmation, submitted once; afterwards "已提交（密封）" with the receipt, and the price once opened.
 */
export function SealedOfferPanel({ lot, stage, bidderNumber }: { lot: AuctionLot; stage: HallStage; bidderNumber: string }) {
  const { lang } = useI18n();
  const L = TEXT[lang];
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const yuan = useYuan();
  const [price, setPrice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const key = ["auction-my-sealed-offer", lot.id] as const;
  const mine = useQuery({ queryKey: key, queryFn: () => api.get<MyOffer>(`/api/v1/auction-lots/${lot.id}/my-sealed-offer`), refetchInterval: 15_000 });
  const sealed = sealedOf(lot);
  const priceFen = price ? toFen(price, "yuan") : undefined;

  const submit = async (fen: number) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post(`/api/v1/auction-lots/${lot.id}/sealed-offers`, { priceFen: fen });
      setPrice(null);
      message.success(L.done);
      await Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: lotKey(lot.id) })]);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  if (mine.isLoading) return <Skeleton active />;
  const m = mine.data;
  return (
    <div className="auction-sealed-offer">
      <div className="form-section">
        <LockOutlined /> {L.title}
      </div>
      <ProblemAlert error={mine.error ?? problem} className="form-alert" />
      {m?.submitted ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={L.title}>
            <Tag color="green" icon={<LockOutlined />} className="sealed-offer-status">
              {L.submitted}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={L.submittedAt}>{m.submittedAt ? formatDateTime(m.submittedAt) : "—"}</Descriptions.Item>
          <Descriptions.Item label={L.receipt}>
            <span className="mono">{m.receiptSm3}</span>
          </Descriptions.Item>
          {m.priceFen != null && <Descriptions.Item label={L.openedPrice}>{yuan(m.priceFen)}</Descriptions.Item>}
          {m.rank != null && <Descriptions.Item label={L.rank}>{m.rank}</Descriptions.Item>}
        </Descriptions>
      ) : stage === "announced" ? (
        <Alert type="info" showIcon title={fill(L.notYet, { time: formatDateTime(lot.opensAt) })} />
      ) : stage !== "bidding" ? (
        <Alert type="info" showIcon title={stage === "closed" ? L.notSubmitted : L.closed} />
      ) : (
        <>
          <Space wrap className="auction-bid-row">
            <InputNumber<string>
              id="sealed_offer_price"
              stringMode
              min="0.01"
              precision={2}
              value={price}
              onChange={(v) => setPrice(v)}
              formatter={(v) => (v ? `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : "")}
              parser={(v) => (v ?? "").replaceAll(",", "")}
              placeholder={fromFen(lot.startingPriceFen, "yuan")}
              suffix={lang === "zh" ? "元" : "yuan"}
              style={{ width: 240 }}
              size="large"
              disabled={busy}
            />
            <Popconfirm
              title={L.confirmTitle}
              description={
                <span className="auction-confirm">{fill(L.confirm, { number: bidderNumber, price: priceFen === undefined ? "—" : yuan(priceFen) })}</span>
              }
              okText={L.ok}
              cancelText={L.cancel}
              disabled={priceFen === undefined || busy}
              onConfirm={() => (priceFen === undefined ? undefined : submit(priceFen))}
            >
              <Button type="primary" size="large" icon={<SendOutlined />} loading={busy} disabled={priceFen === undefined || priceFen <= 0}>
                {L.submit}
              </Button>
            </Popconfirm>
          </Space>
          <div className="muted note-below">
            {L.note}
            {price && priceFen === undefined && <span className="limit-hint inline-note">{L.invalid}</span>}
            {priceFen !== undefined && priceFen < lot.startingPriceFen && (
              <span className="limit-hint inline-note">{fill(L.below, { price: yuan(lot.startingPriceFen) })}</span>
            )}
          </div>
        </>
      )}
      {sealed && (
        <div className="muted note-below">
          {L.offers}: {sealed.offerCount}
        </div>
      )}
    </div>
  );
}
