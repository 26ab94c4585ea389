import { ReloadOutlined, SendOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { type UseQueryResult, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Descriptions, InputNumber, Popconfirm, Row, Skeleton, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { fromFen, toFen } from "../../lib/money.ts";
import {
  type AuctionApplication,
  type AuctionLot,
  type BidAck,
  isLadderLot,
  isSealedMethod,
  type LadderLot,
  ladderKey,
  lotKey,
  myApplicationKey,
  newClientBidId,
} from "./auction-api.ts";
import { DepositTag, type HallStage, QualificationTag, useYuan } from "./auction-parts.tsx";
import { SealedOfferPanel } from "./sealed-offer-panel.tsx";

/** The reasons the ladder gives for refusing a bid (auction-service.ts `refusal`). */
const REFUSALS = [
  "NOT_OPEN",
  "LOT_CLOSED",
  "OUT_OF_ORDER",
  "NOT_PARTICIPANT",
  "SELF_OUTBID",
  "INVALID_PRICE",
  "BELOW_START",
  "BELOW_INCREMENT",
  "OFF_GRID",
  "CLIENT_ID_CONFLICT",
  "ALREADY_BID",
] as const;
type Refusal = (typeof REFUSALS)[number];
const isRefusal = (r: unknown): r is Refusal => typeof r === "string" && (REFUSALS as readonly string[]).includes(r);

/** Stages in which bids are taken. */
const BIDDING: readonly HallStage[] = ["listing", "bidding", "free", "timed", "live"];

/** A bid the bidder meant to place: its client bid id stays the same across retries, so a retry never bids twice. */
interface Intent {
  priceFen: number;
  clientBidId: string;
}

/** A network failure or a gateway error: the bid may or may not have been accepted. */
const isUncertain = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status >= 500;

/** The bidder's part of the hall: 竞买申请, its deposit, review and 竞买号, the bid box and the 现场竞价 request. */
export function BidderPanel({ lot, stage, application }: { lot: AuctionLot; stage: HallStage; application: UseQueryResult<AuctionApplication | null> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const yuan = useYuan();
  const [busy, setBusy] = useState<"apply" | "live">();
  const [problem, setProblem] = useState<unknown>();
  const a = application.data;

  const act = async (kind: "apply" | "live") => {
    setBusy(kind);
    setProblem(undefined);
    try {
      if (kind === "apply") {
        await api.post(`/api/v1/auction-lots/${lot.id}/applications`);
        message.success(t("auction.apply.done"));
      } else {
        await api.post(`/api/v1/auction-lots/${lot.id}/live-requests`);
        message.success(t("auction.liveRequest.done"));
      }
      await queryClient.invalidateQueries({ queryKey: myApplicationKey(lot.id) });
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(undefined);
    }
  };

  const canApply = stage === "announced" || stage === "listing" || stage === "bidding" || stage === "free" || stage === "timed";
  const canAskLive = lot.method === "listing" && lot.phase === "open" && stage === "listing";

  return (
    <Card title={t("auction.my.title")} size="small" className="section-gap auction-bidder">
      <ProblemAlert error={application.error ?? problem} className="form-alert" />
      {application.isLoading ? (
        <Skeleton active />
      ) : !a ? (
        <Space orientation="vertical">
          <Typography.Text>{t("auction.apply.note", { deposit: yuan(lot.depositFen) })}</Typography.Text>
          <Button type="primary" disabled={!canApply} loading={busy === "apply"} onClick={() => act("apply")}>
            {t("auction.apply.button")}
          </Button>
        </Space>
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={10}>
            <Descriptions size="small" column={1} bordered className="auction-my-status">
              <Descriptions.Item label={t("auction.my.appliedAt")}>{formatDateTime(a.appliedAt)}</Descriptions.Item>
              <Descriptions.Item label={t("auction.deposit")}>
                <DepositTag status={a.depositStatus} /> {a.depositFen !== null ? yuan(a.depositFen) : yuan(lot.depositFen)}
              </Descriptions.Item>
              <Descriptions.Item label={t("auction.review.title")}>
                <QualificationTag qualified={a.qualified} /> {a.qualificationNote ?? ""}
              </Descriptions.Item>
              <Descriptions.Item label={t("auction.bidderNumber")}>
                {a.bidderNumber ? (
                  <strong className="mono auction-my-number">{a.bidderNumber}</strong>
                ) : (
                  <span className="muted">{t("auction.my.noNumber")}</span>
                )}
              </Descriptions.Item>
              {lot.method === "listing" && (
                <Descriptions.Item label={t("auction.liveRequest.label")}>
                  {a.wantsLive ? <Tag color="red">{t("auction.liveRequest.yes")}</Tag> : <span className="muted">{t("auction.liveRequest.no")}</span>}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Col>
          <Col xs={24} xl={14}>
            {a.bidderNumber && isSealedMethod(lot.method) ? (
              // 招标/一次报价/权重报价: one sealed price instead of the ladder's bid box.
              <SealedOfferPanel lot={lot} stage={stage} bidderNumber={a.bidderNumber} />
            ) : a.bidderNumber && BIDDING.includes(stage) && isLadderLot(lot) ? (
              <BidBox lot={lot} stage={stage} bidderNumber={a.bidderNumber} participant={stage !== "live" || a.wantsLive} />
            ) : a.bidderNumber && stage === "announced" ? (
              <Alert type="info" showIcon title={t("auction.bid.notYet", { time: formatDateTime(lot.opensAt) })} />
            ) : a.bidderNumber && stage === "closing" ? (
              <Alert type="info" showIcon title={t("auction.bid.closing")} />
            ) : !a.bidderNumber && stage !== "closed" ? (
              <Alert type="info" showIcon title={t("auction.my.waiting")} />
            ) : null}
            {canAskLive && a.bidderNumber && !a.wantsLive && (
              <div className="section-gap">
                <Button danger icon={<ThunderboltOutlined />} loading={busy === "live"} onClick={() => act("live")}>
                  {t("auction.liveRequest.button")}
                </Button>
                <div className="muted note-below">{t("auction.liveRequest.note")}</div>
              </div>
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}

/**
 * The bid box: a price in 元 (converted to integer 分 by string arithmetic), quick buttons adding whole
 * increments, a confirmation, and a client bid id made once per intended bid — kept when the answer was
 * lost, so "重试" sends the same id and the server answers the same acceptance instead of bidding twice.
 */
function BidBox({ lot, stage, bidderNumber, participant }: { lot: LadderLot; stage: HallStage; bidderNumber: string; participant: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const yuan = useYuan();
  const [price, setPrice] = useState<string | null>(null);
  const [intent, setIntent] = useState<Intent>();
  const [uncertain, setUncertain] = useState(false);
  const [refusal, setRefusal] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const priceFen = price ? toFen(price, "yuan") : undefined;
  const base = lot.currentPriceFen ?? lot.startingPriceFen - lot.incrementFen;
  const plus = (n: number) => setPrice(fromFen(base + n * lot.incrementFen, "yuan"));
  // In a timed auction the standing bidder may not raise itself (挂牌 allows it).
  const leading = lot.currentBidderNumber === bidderNumber;
  const selfBlocked = leading && stage !== "listing";
  const disabled = !participant || selfBlocked;

  const place = async (fen: number) => {
    // The same intended bid (same price, still unanswered) keeps its id; any other one gets a new id.
    const current = intent && intent.priceFen === fen ? intent : { priceFen: fen, clientBidId: newClientBidId() };
    setIntent(current);
    setBusy(true);
    setUncertain(false);
    setRefusal(undefined);
    try {
      const ack = await api.post<BidAck>(`/api/v1/auction-lots/${lot.id}/bids`, current);
      setIntent(undefined);
      setPrice(null);
      message.success(t(ack.duplicate ? "auction.bid.acceptedRetry" : "auction.bid.accepted", { price: yuan(ack.priceFen), n: ack.sequence }));
      await Promise.all([queryClient.invalidateQueries({ queryKey: lotKey(lot.id) }), queryClient.invalidateQueries({ queryKey: ladderKey(lot.id) })]);
    } catch (error) {
      if (isUncertain(error)) {
        setUncertain(true);
      } else {
        setIntent(undefined);
        setRefusal(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const refused = refusal instanceof ApiError && refusal.code === "BID_REFUSED" ? refusal : undefined;
  const reasons = refused && Array.isArray(refused.extra.reasons) ? (refused.extra.reasons as unknown[]) : [];
  const minimumFen = refused && typeof refused.extra.minimumFen === "number" && refused.extra.minimumFen > 0 ? refused.extra.minimumFen : undefined;

  return (
    <div className="auction-bid-box">
      <div className="form-section">{t(stage === "live" ? "auction.bid.titleLive" : "auction.bid.title")}</div>
      {!participant && <Alert className="form-alert" type="warning" showIcon title={t("auction.bid.notParticipant")} />}
      {selfBlocked && <Alert className="form-alert" type="success" showIcon title={t("auction.bid.leading")} />}
      {leading && stage === "listing" && <Alert className="form-alert" type="success" showIcon title={t("auction.bid.leadingListing")} />}
      <Space wrap className="auction-bid-row">
        <InputNumber<string>
          id="auction_bid_price"
          stringMode
          min="0.01"
          precision={2}
          step={fromFen(lot.incrementFen, "yuan")}
          value={price}
          onChange={(v) => setPrice(v)}
          formatter={(v) => (v ? `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : "")}
          parser={(v) => (v ?? "").replaceAll(",", "")}
          placeholder={fromFen(lot.minimumNextFen, "yuan")}
          suffix={t("money.yuan")}
          style={{ width: 240 }}
          size="large"
          disabled={disabled || busy}
        />
        <Button onClick={() => plus(1)} disabled={disabled || busy}>
          {t("auction.bid.plus1")}
        </Button>
        <Button onClick={() => plus(2)} disabled={disabled || busy}>
          {t("auction.bid.plus2")}
        </Button>
        <Button onClick={() => plus(5)} disabled={disabled || busy}>
          {t("auction.bid.plus5")}
        </Button>
        <Popconfirm
          title={t("auction.bid.confirmTitle")}
          description={
            <span className="auction-confirm">{t("auction.bid.confirm", { price: priceFen === undefined ? "—" : yuan(priceFen), number: bidderNumber })}</span>
          }
          okText={t("auction.bid.confirmOk")}
          cancelText={t("tender.cancel")}
          disabled={priceFen === undefined || disabled || busy}
          onConfirm={() => (priceFen === undefined ? undefined : place(priceFen))}
        >
          <Button
            className="auction-bid-submit"
            type="primary"
            size="large"
            icon={<SendOutlined />}
            loading={busy}
            disabled={priceFen === undefined || priceFen <= 0 || disabled}
          >
            {t("auction.bid.submit")}
          </Button>
        </Popconfirm>
      </Space>
      <div className="muted note-below">
        {t("auction.bid.hint", { minimum: yuan(lot.minimumNextFen), increment: yuan(lot.incrementFen) })}
        {price && priceFen === undefined && <span className="limit-hint inline-note">{t("tender.money.invalidYuan")}</span>}
        {priceFen !== undefined && priceFen < lot.minimumNextFen && <span className="limit-hint inline-note">{t("auction.bid.belowMinimum")}</span>}
      </div>
      {uncertain && intent && (
        <Alert
          className="section-gap auction-uncertain"
          type="warning"
          showIcon
          title={t("auction.bid.uncertain", { price: yuan(intent.priceFen) })}
          description={t("auction.bid.uncertainNote", { id: intent.clientBidId })}
          action={
            <Space orientation="vertical">
              <Button size="small" type="primary" icon={<ReloadOutlined />} loading={busy} onClick={() => place(intent.priceFen)}>
                {t("auction.bid.retry")}
              </Button>
              <Button
                size="small"
                onClick={() => {
                  setIntent(undefined);
                  setUncertain(false);
                }}
              >
                {t("auction.bid.abandon")}
              </Button>
            </Space>
          }
        />
      )}
      {refused ? (
        <Alert
          className="section-gap auction-refusal"
          type="error"
          showIcon
          title={t("auction.refused.title")}
          description={
            <>
              <ul className="excluded-list">
                {reasons.map((r) => (
                  <li key={String(r)}>{isRefusal(r) ? t(`auction.refusal.${r}`) : String(r)}</li>
                ))}
              </ul>
              {minimumFen !== undefined && (
                <div>
                  {t("auction.refused.minimum", { price: yuan(minimumFen) })}{" "}
                  <Typography.Link onClick={() => setPrice(fromFen(minimumFen, "yuan"))}>{t("auction.refused.useMinimum")}</Typography.Link>
                </div>
              )}
            </>
          }
        />
      ) : (
        <ProblemAlert error={refusal} className="section-gap" />
      )}
    </div>
  );
}
