import { FieldTimeOutlined } from "@ant-design/icons";
import { Alert, Badge, Card, Col, Result, Row, Skeleton, Statistic } from "antd";
import { useParams } from "react-router";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { isSealedMethod, useAuctionHall, useAuctionLot, useLadder, useMyApplication, useServerNow } from "./auction-api.ts";
import {
  CountdownText,
  countdownTarget,
  LadderTable,
  LotFacts,
  OpenedOffersTable,
  ResultPanel,
  ServerTimeLine,
  StageTag,
  stageOf,
  useMethodName,
  useYuan,
} from "./auction-parts.tsx";
import { BidderPanel } from "./bidder-panel.tsx";
import { DealConfirmationCard } from "./deal-confirmation-card.tsx";

/** Without the live stream the hall polls this often; with it, it only refreshes now and then. */
const POLL_MS = 3000;
const SAFETY_REFRESH_MS = 30_000;

/**
 * A lot's public page and live hall (土地矿业权/产权交易): current price, the lowest acceptable next price, the
 * countdown on the server clock, the ladder by 竞买号 as it happens (SSE), and after the close the result. A
 * signed-in bidder also applies, sees its deposit, review and 竞买号, and bids here.
 */
export function AuctionLotPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const id = Number(useParams().id);
  const yuan = useYuan();
  const methodName = useMethodName();
  const live = useAuctionHall(id);
  const interval = live ? SAFETY_REFRESH_MS : POLL_MS;
  const lot = useAuctionLot(id, interval);
  const ladder = useLadder(id, interval);
  const now = useServerNow();
  const isBidder = user?.role === "bidder";
  const mine = useMyApplication(id, isBidder);

  if (lot.error) return <ProblemAlert error={lot.error} />;
  if (lot.isLoading) return <Skeleton active />;
  const l = lot.data;
  if (!l) return <Result status="404" title={t("auction.missing")} />;
  const stage = stageOf(l, now);
  const countdown = countdownTarget(stage, l);
  const bids = ladder.data ?? [];
  // 招标/一次报价/权重报价: one sealed offer per bidder, only their number public until the opening.
  const sealed = isSealedMethod(l.method) ? l.sealed : null;
  const liveBadge = live ? <Badge status="processing" text={t("auction.live")} className="hall-live" /> : <span className="muted">{t("auction.polling")}</span>;

  return (
    <>
      <PageTitle
        title={l.name}
        description={`${l.lotCode} · ${t(`auction.kind.${l.kind}`)} · ${methodName(l.method)} · ${l.sellerName}`}
        extra={<StageTag stage={stage} />}
      />
      <Row gutter={[16, 16]} className="section-gap">
        <Col xs={24} lg={9}>
          <Card size="small" className="fill hall-clock auction-clock">
            {stage === "closed" ? (
              <>
                <div className="hall-label">{t("auction.countdown.closed")}</div>
                <span className="countdown due hall-countdown">{t("auction.stage.closed")}</span>
                <div className="muted">{l.closedAt ? formatDateTime(l.closedAt) : ""}</div>
              </>
            ) : (
              <>
                <div className="hall-label">
                  <FieldTimeOutlined /> {t(countdown.label)}
                </div>
                <CountdownText until={countdown.until} now={now} dueText={t("auction.countdown.due")} className="hall-countdown" />
                <div className="muted">
                  {t("auction.closesAt")} {formatDateTime(countdown.until)}
                  {l.extensions > 0 && ` · ${t("auction.extensions", { n: l.extensions })}`}
                </div>
              </>
            )}
            <ServerTimeLine now={now} />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" className="fill auction-prices">
            <Row gutter={16}>
              <Col xs={24} sm={8}>
                <Statistic
                  className="auction-current"
                  title={t(stage === "closed" ? "auction.result.dealPrice" : sealed ? "auction.startingPrice" : "auction.currentPrice")}
                  value={
                    stage === "closed"
                      ? l.dealPriceFen === null
                        ? t("auction.result.unsold")
                        : yuan(l.dealPriceFen)
                      : sealed
                        ? yuan(l.startingPriceFen)
                        : l.currentPriceFen === null
                          ? t("auction.noBidYet")
                          : yuan(l.currentPriceFen)
                  }
                />
                {!sealed && l.currentBidderNumber && (
                  <div className="muted">
                    {t("auction.leader")} <span className="mono">{l.currentBidderNumber}</span>
                  </div>
                )}
              </Col>
              <Col xs={24} sm={8}>
                {stage === "closed" ? (
                  <Statistic title={t("auction.result.reserve")} value={l.hasReserve ? yuan(l.reserveFen) : t("auction.result.noReserve")} />
                ) : sealed ? (
                  <Statistic
                    className="auction-reserve"
                    title={t("auction.reserve")}
                    value={l.hasReserve ? t("auction.reserveSealed") : t("auction.result.noReserve")}
                  />
                ) : (
                  <Statistic className="auction-minimum" title={t("auction.minimumNext")} value={yuan(l.minimumNextFen)} />
                )}
                {!sealed && (
                  <div className="muted">
                    {t("auction.increment")} {yuan(l.incrementFen)}
                  </div>
                )}
              </Col>
              {sealed ? (
                <Col xs={24} sm={8}>
                  <Statistic className="auction-offer-count" title={t("auction.sealed.count")} value={sealed.offerCount} />
                </Col>
              ) : (
                <>
                  <Col xs={12} sm={4}>
                    <Statistic title={t("auction.bidCount")} value={l.lastSequence} />
                  </Col>
                  <Col xs={12} sm={4}>
                    <Statistic title={t("auction.participants")} value={l.liveParticipants ?? "—"} />
                  </Col>
                </>
              )}
            </Row>
          </Card>
        </Col>
      </Row>

      {isBidder && (stage !== "closed" || mine.data) && <BidderPanel lot={l} stage={stage} application={mine} />}

      {stage === "closed" && (
        <Card title={t("auction.result.title")} size="small" className="section-gap">
          <ResultPanel lotId={id} mine={mine.data?.bidderNumber} />
        </Card>
      )}
      {stage === "closed" && <DealConfirmationCard lotId={id} />}

      {stage !== "closed" && sealed && (
        <Card title={t("auction.sealed.offers")} size="small" className="section-gap auction-sealed-public" extra={liveBadge}>
          {sealed.offers === null ? (
            <Alert type="info" showIcon title={t("auction.sealed.notOpened")} description={`${t("auction.sealed.count")}：${sealed.offerCount}`} />
          ) : (
            <>
              {l.method === "weighted" && <Alert className="form-alert" type="info" showIcon title={t("auction.sealed.awaitingScores")} />}
              <OpenedOffersTable offers={sealed.offers} method={l.method} weights={sealed.weights} closed={false} mine={mine.data?.bidderNumber} />
            </>
          )}
        </Card>
      )}
      {stage !== "closed" && !sealed && (
        <Card title={t("auction.ladder.title")} size="small" className="section-gap" extra={liveBadge}>
          <ProblemAlert error={ladder.error} className="form-alert" />
          <LadderTable ladder={bids} mine={mine.data?.bidderNumber} loading={ladder.isLoading} />
        </Card>
      )}

      <Card title={t("auction.facts")} size="small" className="section-gap">
        <LotFacts lot={l} />
        {l.description && <p className="note-below">{l.description}</p>}
      </Card>
    </>
  );
}
