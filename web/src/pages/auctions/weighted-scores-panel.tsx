import { CalculatorOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, InputNumber, Popconfirm } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { toFen } from "../../lib/money.ts";
import { type AuctionLot, applicationsKey, lotKey, resultKey } from "./auction-api.ts";
import { OpenedOffersTable, points, useWeightsText } from "./auction-parts.tsx";

/** Scores are kept in hundredths of a point: "90.5" → 9050, exactly (the 元 → 分 string arithmetic). */
const toHundredths = (value: string | null | undefined) => (value ? toFen(value, "yuan") : undefined);

/**
 * The opened offers of a sealed lot for the trading centre (招标出让, 一次报价, 权重报价), from the lot view the hall
 * keeps up to date: the count before the opening, every offer by 竞买号 after it; for a 权重报价 between the opening
 * and the close, the entry of every bidder's non-price factor scores in one action, after which the server ranks
 * and closes the lot.
 */
export function WeightedScoresPanel({ lot }: { lot: AuctionLot }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const weightsText = useWeightsText();
  const [scores, setScores] = useState<Record<string, Record<string, string | null>>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();

  const s = lot.sealed;
  if (!s) return null;
  if (s.openedAt === null || s.offers === null)
    return (
      <Alert type="info" showIcon className="sealed-offers-count" title={`${t("auction.sealed.notOpened")}：${t("auction.sealed.count")} ${s.offerCount}`} />
    );

  const offers = s.offers;
  const weights = s.weights;
  const scoring = lot.method === "weighted" && lot.phase !== "closed" && weights !== null;
  const factors = weights?.factors ?? [];
  const scoreOf = (number: string, factor: string) => toHundredths(scores[number]?.[factor]);
  const complete = offers.every((o) => factors.every((f) => scoreOf(o.bidderNumber, f.key) !== undefined));

  const submit = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const body = {
        scores: offers.map((o) => ({
          bidderNumber: o.bidderNumber,
          factorScores: Object.fromEntries(factors.map((f) => [f.key, scoreOf(o.bidderNumber, f.key) as number])),
        })),
      };
      await api.post(`/api/v1/auction-lots/${lot.id}/weighted-scores`, body);
      message.success(t("auction.weighted.done"));
      await Promise.all([lotKey(lot.id), resultKey(lot.id), applicationsKey(lot.id)].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auction-sealed-offers">
      <div className="muted">{t("auction.sealed.opened", { time: formatDateTime(s.openedAt) })}</div>
      {weights && (
        <div className="muted note-below">
          {t("auction.weights")}：{weightsText(weights)}
        </div>
      )}
      {scoring && <Alert className="section-gap" type="info" showIcon title={t("auction.weighted.enter", { full: points(weights.fullScore) })} />}
      <ProblemAlert error={problem} className="section-gap" />
      <div className="section-gap">
        <OpenedOffersTable
          offers={offers}
          method={lot.method}
          weights={weights}
          closed={lot.phase === "closed"}
          factorCell={
            scoring
              ? (o, factor) => (
                  <InputNumber<string>
                    id={`score_${o.bidderNumber}_${factor}`}
                    stringMode
                    min="0"
                    max={points(weights.fullScore)}
                    precision={2}
                    value={scores[o.bidderNumber]?.[factor] ?? null}
                    onChange={(v) => setScores((all) => ({ ...all, [o.bidderNumber]: { ...all[o.bidderNumber], [factor]: v } }))}
                    style={{ width: 110 }}
                  />
                )
              : undefined
          }
        />
      </div>
      {scoring && (
        <div className="form-actions">
          {!complete && <span className="muted">{t("auction.weighted.missing")}</span>}
          <Popconfirm
            title={t("auction.weighted.confirm")}
            okText={t("auction.sealed.confirmOk")}
            cancelText={t("tender.cancel")}
            disabled={!complete || busy}
            onConfirm={submit}
          >
            <Button type="primary" icon={<CalculatorOutlined />} loading={busy} disabled={!complete}>
              {t("auction.weighted.submit")}
            </Button>
          </Popconfirm>
        </div>
      )}
    </div>
  );
}
