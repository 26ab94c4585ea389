import { CalculatorOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, InputNumber, Popconfirm, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { fromFen, toFen } from "../../lib/money.ts";
import { type AuctionLot, applicationsKey, lotKey, resultKey } from "./auction-api.ts";
import { useYuan } from "./auction-parts.tsx";
import type { OpenedOffer, SealedInfo } from "./sealed-offer-panel.tsx";

const TEXT = {
  zh: {
    notOpened: "报价截止后统一开启；开启前仅公布已提交报价数：{count}",
    opened: "开启时间 {time}",
    rank: "排名",
    bidderNumber: "竞买号",
    price: "报价",
    submittedAt: "提交时间",
    priceScore: "价格得分",
    total: "综合得分",
    weights: "权重：价格 {price}%{factors}；价格得分：{formula}",
    ratioToHighest: "报价÷最高有效报价×满分",
    linearAboveFloor: "（报价−起始价）÷（最高有效报价−起始价）×满分",
    enter: "录入非价格因素得分（满分 {full} 分），提交后按权重计算排名并确定竞得人。",
    submit: "提交得分并确定竞得人",
    confirm: "得分提交后不可修改，系统将按公布的权重计算综合得分并结束竞价。确认提交？",
    ok: "确认提交",
    cancel: "取消",
    done: "得分已录入，竞价已结束",
    missing: "请为每个竞买号录入全部因素得分",
    invalid: "无效",
  },
  en: {
    notOpened: "Offers are opened at the end; until then only their number is public: {count}",
    opened: "Opened at {time}",
    rank: "Rank",
    bidderNumber: "Bidder no.",
    price: "Price",
    submittedAt: "Submitted at",
    priceScore: "Price score",
    total: "Total",
    weights: "Weights: price {price}%{factors}; price score: {formula}",
    ratioToHighest: "price ÷ highest valid price × full marks",
    linearAboveFloor: "(price − start) ÷ (highest valid price − start) × full marks",
    enter: "Enter the non-price factor scores (full marks {full}); the ranking and the winner follow from the published weights.",
    submit: "Submit the scores and decide",
    confirm: "Scores cannot be changed once submitted; the totals are computed with the published weights and the lot closes. Submit?",
    ok: "Submit",
    cancel: "Cancel",
    done: "Scores entered; the lot is closed",
    missing: "Enter every factor score for every bidder number",
    invalid: "invalid",
  },
} as const;

const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m));
/** Scores are kept in hundredths of a point: "90.5" → 9050, exactly (the 元 → 分 string arithmetic). */
const toHundredths = (points: string | null | undefined) => (points ? toFen(points, "yuan") : undefined);
const points = (hundredths: number | null) => (hundredths === null ? "—" : fromFen(hundredths, "yuan"));

/**
 * The opened offers of a sealed lot for the trading centre (招标出让, 一次报价, 权重报价): the count before the
 * opening, every offer by 竞买号 after it; for a 权重报价 between the opening and the close, the entry of every
 * bidder's non-price factor scores in one action, after which the server ranks and closes the lot.
 */
export function WeightedScoresPanel({ lot }: { lot: AuctionLot }) {
  const { lang } = useI18n();
  const L = TEXT[lang];
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const yuan = useYuan();
  const key = ["auction-sealed-offers", lot.id] as const;
  const info = useQuery({ queryKey: key, queryFn: () => api.get<SealedInfo>(`/api/v1/auction-lots/${lot.id}/sealed-offers`), refetchInterval: 10_000 });
  const [scores, setScores] = useState<Record<string, Record<string, string | null>>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();

  const s = info.data;
  if (!s) return <ProblemAlert error={info.error} />;
  if (s.openedAt === null || s.offers === null) return <Alert type="info" showIcon title={fill(L.notOpened, { count: s.offerCount })} />;

  const weights = s.weights;
  const scoring = (lot.method as string) === "weighted" && lot.phase !== "closed" && weights !== null;
  const factors = weights?.factors ?? [];
  const scoreOf = (number: string, factor: string) => toHundredths(scores[number]?.[factor]);
  const complete = s.offers.every((o) => factors.every((f) => scoreOf(o.bidderNumber, f.key) !== undefined));

  const submit = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const body = {
        scores: (s.offers ?? []).map((o) => ({
          bidderNumber: o.bidderNumber,
          factorScores: Object.fromEntries(factors.map((f) => [f.key, scoreOf(o.bidderNumber, f.key) as number])),
        })),
      };
      await api.post(`/api/v1/auction-lots/${lot.id}/weighted-scores`, body);
      message.success(L.done);
      await Promise.all([key, lotKey(lot.id), resultKey(lot.id), applicationsKey(lot.id)].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auction-sealed-offers">
      <div className="muted">{fill(L.opened, { time: formatDateTime(s.openedAt) })}</div>
      {weights && (
        <div className="muted note-below">
          {fill(L.weights, {
            price: weights.priceWeightBp / 100,
            factors: weights.factors.map((f) => `${lang === "zh" ? "，" : ", "}${f.name} ${f.weightBp / 100}%`).join(""),
            formula: L[weights.priceFormula],
          })}
        </div>
      )}
      {scoring && <Alert className="section-gap" type="info" showIcon title={fill(L.enter, { full: points(weights.fullScore) })} />}
      <ProblemAlert error={problem} className="section-gap" />
      <Table<OpenedOffer>
        className="section-gap"
        rowKey="bidderNumber"
        size="small"
        pagination={false}
        dataSource={s.offers}
        columns={[
          { title: L.rank, dataIndex: "rank", render: (v: number | null) => v ?? (lot.phase === "closed" ? <Tag>{L.invalid}</Tag> : "—") },
          { title: L.bidderNumber, dataIndex: "bidderNumber", render: (v: string) => <span className="mono">{v}</span> },
          { title: L.price, dataIndex: "priceFen", render: (v: number) => <span className="price">{yuan(v)}</span> },
          { title: L.submittedAt, dataIndex: "submittedAt", render: (v: string) => <span className="nowrap">{formatDateTime(v)}</span> },
          ...factors.map((f) => ({
            title: f.name,
            key: f.key,
            render: (_: unknown, o: OpenedOffer) =>
              scoring ? (
                <InputNumber<string>
                  stringMode
                  min="0"
                  max={points(weights.fullScore)}
                  precision={2}
                  value={scores[o.bidderNumber]?.[f.key] ?? null}
                  onChange={(v) => setScores((all) => ({ ...all, [o.bidderNumber]: { ...all[o.bidderNumber], [f.key]: v } }))}
                  style={{ width: 110 }}
                />
              ) : (
                points(o.factorScores?.[f.key] ?? null)
              ),
          })),
          ...((lot.method as string) === "weighted"
            ? [
                { title: L.priceScore, dataIndex: "priceScore", render: (v: number | null) => points(v) },
                { title: L.total, dataIndex: "totalScore", render: (v: number | null) => <strong>{points(v)}</strong> },
              ]
            : []),
        ]}
      />
      {scoring && (
        <div className="form-actions">
          {!complete && <span className="muted">{L.missing}</span>}
          <Popconfirm title={L.confirm} okText={L.ok} cancelText={L.cancel} disabled={!complete || busy} onConfirm={submit}>
            <Button type="primary" icon={<CalculatorOutlined />} loading={busy} disabled={!complete}>
              {L.submit}
            </Button>
          </Popconfirm>
        </div>
      )}
    </div>
  );
}
