import { LockOutlined, SendOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Descriptions, InputNumber, Popconfirm, Skeleton, Space, Tag } from "antd";
import { useState } from "react";
import { sm2 } from "sm-crypto-v2";
import { api } from "../../api/client.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { bytesToHex, sealBid, sealedEnvelopeJson } from "../../lib/bid-sealing.ts";
import { formatDateTime } from "../../lib/format.ts";
import { fromFen, toFen } from "../../lib/money.ts";
import { type AuctionLot, lotKey, type MySealedOffer, mySealedOfferKey, type SealedOfferKeys } from "./auction-api.ts";
import { type HallStage, useYuan } from "./auction-parts.tsx";

/**
 * Seals a price in the browser (bid-sealing.ts, as a tender bid): the plaintext `{priceFen, nonce}` (the nonce keeps
 * the receipt hashes from revealing the price) under the lot's context, the data key's shares to the centre's and the
 * department's keys and to a one-time key generated here and thrown away (opening needs only the two custodians).
 * Only the envelope leaves the machine.
 */
async function sealOffer(keys: SealedOfferKeys, priceFen: number) {
  const nonce = bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(16)));
  const plaintext = new TextEncoder().encode(JSON.stringify({ priceFen, nonce }));
  const oneTime = sm2.generateKeyPairHex();
  const sealed = await sealBid({
    plaintext,
    custodians: { bidder: oneTime.publicKey, centre: keys.custodians.centre, supervisor: keys.custodians.supervisor },
    context: keys.context,
  });
  plaintext.fill(0);
  return sealedEnvelopeJson(sealed);
}

/**
 * The bidder's sealed offer (招标出让 投标报价, 一次报价, 权重报价): a price in 元 (converted to 分 by string arithmetic)
 * with a confirmation, sealed in the browser (`sealOffer`: the platform never receives the price before the opening) and
 * submitted once; afterwards "已提交（密封）" with the receipt, and the price and rank once
 * opened (the hall's `opened` event refreshes it; no polling).
 */
export function SealedOfferPanel({ lot, stage, bidderNumber }: { lot: AuctionLot; stage: HallStage; bidderNumber: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const yuan = useYuan();
  const [price, setPrice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const key = mySealedOfferKey(lot.id);
  const mine = useQuery({ queryKey: key, queryFn: () => api.get<MySealedOffer>(`/api/v1/auction-lots/${lot.id}/my-sealed-offer`) });
  const priceFen = price ? toFen(price, "yuan") : undefined;

  const submit = async (fen: number) => {
    setBusy(true);
    setProblem(undefined);
    try {
      // Fresh sealing parameters (context bound to the lot and this 竞买号, the custodians' keys), then only the envelope.
      const keys = await api.get<SealedOfferKeys>(`/api/v1/auction-lots/${lot.id}/sealed-offer-keys`);
      await api.post(`/api/v1/auction-lots/${lot.id}/sealed-offers`, await sealOffer(keys, fen));
      setPrice(null);
      message.success(t("auction.sealed.done"));
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
        <LockOutlined /> {t("auction.sealed.title")}
      </div>
      <ProblemAlert error={mine.error ?? problem} className="form-alert" />
      {m?.submitted ? (
        <Descriptions size="small" column={1} bordered className="sealed-offer-mine">
          <Descriptions.Item label={t("auction.sealed.title")}>
            <Tag color="green" icon={<LockOutlined />} className="sealed-offer-status">
              {t("auction.sealed.submitted")}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t("auction.sealed.submittedAt")}>{m.submittedAt ? formatDateTime(m.submittedAt) : "—"}</Descriptions.Item>
          <Descriptions.Item label={t("auction.sealed.receipt")}>
            <span className="mono">{m.receiptSm3}</span>
          </Descriptions.Item>
          {m.priceFen != null && <Descriptions.Item label={t("auction.sealed.openedPrice")}>{yuan(m.priceFen)}</Descriptions.Item>}
          {m.invalidReason && (
            <Descriptions.Item label={t("auction.sealed.invalid")}>
              <Tag color="red" className="sealed-offer-invalid">
                {t(`auction.sealed.invalid.${m.invalidReason}` as const)}
              </Tag>
            </Descriptions.Item>
          )}
          {m.rank != null && <Descriptions.Item label={t("auction.sealed.rank")}>{m.rank}</Descriptions.Item>}
        </Descriptions>
      ) : stage === "announced" ? (
        <Alert type="info" showIcon title={t("auction.sealed.notYet", { time: formatDateTime(lot.opensAt) })} />
      ) : stage !== "bidding" ? (
        <Alert type="info" showIcon title={t(stage === "closed" ? "auction.sealed.notSubmitted" : "auction.sealed.closed")} />
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
              suffix={t("money.yuan")}
              style={{ width: 240 }}
              size="large"
              disabled={busy}
            />
            <Popconfirm
              title={t("auction.sealed.confirmTitle")}
              description={
                <span className="auction-confirm">
                  {t("auction.sealed.confirm", { number: bidderNumber, price: priceFen === undefined ? "—" : yuan(priceFen) })}
                </span>
              }
              okText={t("auction.sealed.confirmOk")}
              cancelText={t("tender.cancel")}
              disabled={priceFen === undefined || busy}
              onConfirm={() => (priceFen === undefined ? undefined : submit(priceFen))}
            >
              <Button
                className="sealed-offer-submit"
                type="primary"
                size="large"
                icon={<SendOutlined />}
                loading={busy}
                disabled={priceFen === undefined || priceFen <= 0}
              >
                {t("auction.sealed.submit")}
              </Button>
            </Popconfirm>
          </Space>
          <div className="muted note-below">
            {t("auction.sealed.note")} {t("auction.sealed.sealedLocally")}
            {busy && <span className="inline-note">{t("auction.sealed.sealing")}</span>}
            {price && priceFen === undefined && <span className="limit-hint inline-note">{t("tender.money.invalidYuan")}</span>}
            {priceFen !== undefined && priceFen < lot.startingPriceFen && (
              <span className="limit-hint inline-note">{t("auction.sealed.below", { price: yuan(lot.startingPriceFen) })}</span>
            )}
          </div>
        </>
      )}
      {lot.sealed && (
        <div className="muted note-below sealed-offer-count">
          {t("auction.sealed.count")}: {lot.sealed.offerCount}
        </div>
      )}
    </div>
  );
}
