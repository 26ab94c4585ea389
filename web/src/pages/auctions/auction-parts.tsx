import { ClockCircleOutlined, CrownOutlined } from "@ant-design/icons";
import { Alert, Descriptions, Skeleton, Table, Tag } from "antd";
import type { ReactNode } from "react";
import { useI18n } from "../../i18n.ts";
import { countdownParts } from "../../lib/beijing-time.ts";
import { formatDateTime } from "../../lib/format.ts";
import { fromFen } from "../../lib/money.ts";
import {
  type AuctionKind,
  type AuctionLot,
  type AuctionLotSummary,
  type AuctionMethod,
  type DepositStatus,
  isSealedMethod,
  type LadderBid,
  type OpenedOffer,
  useAuctionResult,
  type WeightedTerms,
} from "./auction-api.ts";

/** What a bidder and the public see of a lot's timeline, finer than the server's phase. */
export type HallStage = "announced" | "listing" | "bidding" | "free" | "timed" | "live" | "closing" | "closed";

type LotTimes = Pick<AuctionLot, "phase" | "method" | "opensAt" | "closesAt"> & { freeEnd?: string | null };

/**
 * The stage of a lot at server time `now`: 公告期 before it opens; 挂牌中 / 竞价中 / 自由报价期 / 限时报价期 while
 * bids are taken; 现场竞价 after a 挂牌 turned live; "closing" when its end has passed but the server has not
 * closed it yet; 已结束.
 */
export function stageOf(lot: LotTimes, now: number | undefined): HallStage {
  if (lot.phase === "closed") return "closed";
  const at = now ?? Date.now();
  if (lot.phase === "live") return at >= new Date(lot.closesAt).getTime() ? "closing" : "live";
  if (at < new Date(lot.opensAt).getTime()) return "announced";
  if (at >= new Date(lot.closesAt).getTime()) return "closing";
  if (lot.method === "listing") return "listing";
  // (The list of lots does not carry the free period's end.)
  if (lot.method === "multi_round" && lot.freeEnd !== undefined) return lot.freeEnd && at < new Date(lot.freeEnd).getTime() ? "free" : "timed";
  return "bidding";
}

/** What a lot's countdown counts to at each stage, and how it is labelled. */
export function countdownTarget(stage: HallStage, lot: { opensAt: string; closesAt: string; method: AuctionMethod }) {
  if (stage === "announced")
    return { until: lot.opensAt, label: lot.method === "listing" ? "auction.countdown.toListing" : "auction.countdown.toStart" } as const;
  if (stage === "live") return { until: lot.closesAt, label: "auction.countdown.live" } as const;
  if (stage === "listing") return { until: lot.closesAt, label: "auction.countdown.toListingEnd" } as const;
  return { until: lot.closesAt, label: "auction.countdown.toEnd" } as const;
}

const STAGE_COLOR: Record<HallStage, string> = {
  announced: "gold",
  listing: "blue",
  bidding: "blue",
  free: "blue",
  timed: "volcano",
  live: "red",
  closing: "orange",
  closed: "default",
};

export function StageTag({ stage }: { stage: HallStage }) {
  const { t } = useI18n();
  return (
    <Tag color={STAGE_COLOR[stage]} className="auction-stage">
      {t(`auction.stage.${stage}`)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: AuctionKind }) {
  const { t } = useI18n();
  return <Tag color={kind === "land" || kind === "mining" ? "green" : "purple"}>{t(`auction.kind.${kind}`)}</Tag>;
}

export function useMethodName(): (method: AuctionMethod) => string {
  const { t } = useI18n();
  return (method) => t(`auction.method.${method}`);
}

/** Prices in the hall are in 元 to the 分, as they are bid: "1,010,000.00 元". */
export function useYuan(): (fen: number | null | undefined) => string {
  const { t } = useI18n();
  return (fen) => {
    if (fen === null || fen === undefined) return "—";
    const [whole = "0", fraction = ""] = fromFen(fen, "yuan").split(".");
    return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction.padEnd(2, "0")} ${t("money.yuan")}`;
  };
}

/** Time left until `until` on the server clock (`now`), or the text for "due". */
export function CountdownText({ until, now, dueText, className }: { until: string; now: number | undefined; dueText: string; className?: string }) {
  const { t } = useI18n();
  if (now === undefined) return <span className={`countdown ${className ?? ""}`}>--:--:--</span>;
  const left = new Date(until).getTime() - now;
  if (left <= 0) return <span className={`countdown due ${className ?? ""}`}>{dueText}</span>;
  const { days, clock } = countdownParts(left);
  return <span className={`countdown ${className ?? ""}`}>{days > 0 ? t("tender.countdown.days", { days, clock }) : clock}</span>;
}

/** "服务器时间 2026-03-23 10:00:00" (Beijing), ticking with the page. */
export function ServerTimeLine({ now }: { now: number | undefined }) {
  const { t } = useI18n();
  return (
    <div className="muted auction-server-time">
      <ClockCircleOutlined /> {t("auction.serverTime")} {now === undefined ? "…" : formatDateTime(new Date(now))}
    </div>
  );
}

const DEPOSIT_COLOR: Record<DepositStatus, string> = {
  awaiting: "gold",
  arrived: "green",
  refund_due: "orange",
  refunded: "default",
  applied_to_price: "blue",
};

export function DepositTag({ status }: { status: DepositStatus }) {
  const { t } = useI18n();
  return <Tag color={DEPOSIT_COLOR[status]}>{t(`auction.deposit.${status}`)}</Tag>;
}

export function QualificationTag({ qualified }: { qualified: boolean | null }) {
  const { t } = useI18n();
  if (qualified === null) return <Tag color="gold">{t("auction.review.pending")}</Tag>;
  return qualified ? <Tag color="green">{t("auction.review.qualified")}</Tag> : <Tag color="red">{t("auction.review.refused")}</Tag>;
}

/** The price ladder by 竞买号 (never names), newest first; the viewer's own number is marked. */
export function LadderTable({ ladder, mine, loading }: { ladder: LadderBid[]; mine?: string | null; loading?: boolean }) {
  const { t } = useI18n();
  const yuan = useYuan();
  const top = ladder.at(-1)?.sequence;
  return (
    <Table<LadderBid>
      className="auction-ladder"
      rowKey="sequence"
      size="small"
      loading={loading}
      dataSource={[...ladder].reverse()}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t("auction.ladder.empty") }}
      columns={[
        { title: t("auction.ladder.sequence"), dataIndex: "sequence", width: 80 },
        {
          title: t("auction.bidderNumber"),
          dataIndex: "bidderNumber",
          render: (v: string) => <BidderNumber number={v} mine={mine} />,
        },
        {
          title: t("auction.ladder.price"),
          dataIndex: "priceFen",
          align: "right",
          render: (v: number, b) => (
            <span className="price">
              {b.sequence === top && <Tag color="red">{t("auction.ladder.top")}</Tag>}
              {yuan(v)}
            </span>
          ),
        },
        {
          title: t("auction.ladder.phase"),
          dataIndex: "phase",
          render: (v: LadderBid["phase"]) => t(v === "live" ? "auction.ladder.live" : "auction.ladder.open"),
        },
        { title: t("auction.ladder.serverTime"), dataIndex: "serverTime", render: (v: string) => <span className="mono">{formatDateTime(v)}</span> },
      ]}
    />
  );
}

/** Scores are kept in hundredths of a point (9050 = 90.50 points). */
export const points = (hundredths: number | null | undefined) => (hundredths === null || hundredths === undefined ? "—" : fromFen(hundredths, "yuan"));

/** The published 权重报价 terms in one line: "价格 60%，经营方案 40%；价格得分：报价÷最高有效报价×满分". */
export function useWeightsText(): (weights: WeightedTerms) => string {
  const { t, lang } = useI18n();
  return (w) =>
    t("auction.weights.text", {
      price: w.priceWeightBp / 100,
      factors: w.factors.map((f) => `${lang === "zh" ? "，" : ", "}${f.name} ${f.weightBp / 100}%`).join(""),
      formula: t(`auction.formula.${w.priceFormula}`),
    });
}

/**
 * The opened offers of a sealed lot (招标出让, 一次报价, 权重报价), ranked, by 竞买号: rank (the winner marked), price,
 * submission time and, for a 权重报价, every factor score, the price score and the total. `factorCell` replaces
 * the factor scores (the centre's entry before the ranking).
 */
export function OpenedOffersTable({
  offers,
  method,
  weights,
  closed,
  winnerNumber,
  mine,
  factorCell,
}: {
  offers: OpenedOffer[];
  method: AuctionMethod;
  weights: WeightedTerms | null;
  closed: boolean;
  winnerNumber?: string | null;
  mine?: string | null;
  factorCell?: (offer: OpenedOffer, factorKey: string) => ReactNode;
}) {
  const { t } = useI18n();
  const yuan = useYuan();
  const weighted = method === "weighted";
  const factors = weighted ? (weights?.factors ?? []) : [];
  return (
    <Table<OpenedOffer>
      className="auction-offers"
      rowKey="bidderNumber"
      size="small"
      dataSource={offers}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t("auction.ladder.empty") }}
      columns={[
        {
          title: t("auction.offer.rank"),
          dataIndex: "rank",
          key: "rank",
          width: 90,
          render: (v: number | null, o) =>
            v === null ? (
              closed || o.invalidReason ? (
                <Tag>{t("auction.offer.invalid")}</Tag>
              ) : (
                "—"
              )
            ) : (
              <span className="nowrap">
                {v}
                {winnerNumber && o.bidderNumber === winnerNumber && (
                  <Tag color="red" className="inline-note">
                    {t("auction.offer.winner")}
                  </Tag>
                )}
              </span>
            ),
        },
        {
          title: t("auction.bidderNumber"),
          dataIndex: "bidderNumber",
          key: "bidderNumber",
          render: (v: string) => <BidderNumber number={v} mine={mine} />,
        },
        {
          title: t("auction.offer.price"),
          dataIndex: "priceFen",
          key: "priceFen",
          align: "right",
          // An invalid offer has no published price: its reason instead.
          render: (v: number | null, o) =>
            o.invalidReason ? (
              <Tag color="red" className="offer-invalid-reason">
                {t(`auction.sealed.invalid.${o.invalidReason}` as const)}
              </Tag>
            ) : (
              <span className="price">{yuan(v)}</span>
            ),
        },
        {
          title: t("auction.offer.submittedAt"),
          dataIndex: "submittedAt",
          key: "submittedAt",
          render: (v: string) => <span className="mono nowrap">{formatDateTime(v)}</span>,
        },
        ...factors.map((f) => ({
          title: f.name,
          key: `factor-${f.key}`,
          align: "right" as const,
          render: (_: unknown, o: OpenedOffer) => (factorCell ? factorCell(o, f.key) : points(o.factorScores?.[f.key])),
        })),
        ...(weighted
          ? [
              {
                title: t("auction.offer.priceScore"),
                dataIndex: "priceScore",
                key: "priceScore",
                align: "right" as const,
                render: (v: number | null) => points(v),
              },
              {
                title: t("auction.offer.total"),
                dataIndex: "totalScore",
                key: "totalScore",
                align: "right" as const,
                render: (v: number | null) => <strong>{points(v)}</strong>,
              },
            ]
          : []),
      ]}
    />
  );
}

/** 成交公示: the buyer (named only now), the deal price, the revealed 底价 and the full ladder (a sealed lot: its opened offers, ranked). */
export function ResultPanel({ lotId, mine }: { lotId: number; mine?: string | null }) {
  const { t } = useI18n();
  const yuan = useYuan();
  const result = useAuctionResult(lotId, true);
  if (result.isLoading) return <Skeleton active />;
  const r = result.data;
  if (!r) return null;
  const sold = r.outcome === "sold" && r.buyer;
  const sealed = r.lot.sealed;
  return (
    <div className="auction-result">
      {sold && r.buyer ? (
        <div className="winner-banner">
          <CrownOutlined />
          <span>
            {t("auction.result.buyer")}：<strong>{r.buyer.name}</strong>
          </span>
          <span>
            {t("auction.bidderNumber")}：<span className="mono">{r.buyer.bidderNumber}</span>
          </span>
          <span>
            {t("auction.result.dealPrice")}：<strong className="price">{yuan(r.dealPriceFen)}</strong>
          </span>
        </div>
      ) : (
        <Alert className="form-alert" type="warning" showIcon title={t("auction.result.noSale")} description={r.reason ?? undefined} />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered className="section-gap">
        <Descriptions.Item label={t("auction.result.outcome")}>{t(sold ? "auction.result.sold" : "auction.result.unsold")}</Descriptions.Item>
        <Descriptions.Item label={t("auction.result.reserve")}>
          {r.reserveFen === null ? t("auction.result.noReserve") : <span className="price">{yuan(r.reserveFen)}</span>}
        </Descriptions.Item>
        <Descriptions.Item label={t("auction.result.closedAt")}>{r.lot.closedAt ? formatDateTime(r.lot.closedAt) : "—"}</Descriptions.Item>
        {sold && r.buyer && <Descriptions.Item label={t("auction.result.uscc")}>{<span className="mono">{r.buyer.uscc}</span>}</Descriptions.Item>}
        <Descriptions.Item label={t(sealed ? "auction.result.offerCount" : "auction.result.bids")}>{r.ladder.length}</Descriptions.Item>
      </Descriptions>
      <div className="subsection-title">{t(sealed ? "auction.result.offers" : "auction.result.ladder")}</div>
      {sealed ? (
        <OpenedOffersTable
          offers={r.ladder as OpenedOffer[]}
          method={r.lot.method}
          weights={sealed.weights}
          closed
          winnerNumber={r.buyer?.bidderNumber}
          mine={mine}
        />
      ) : (
        <LadderTable ladder={r.ladder as LadderBid[]} mine={mine} />
      )}
    </div>
  );
}

/** The lot's facts for the public. */
export function LotFacts({ lot }: { lot: AuctionLot | AuctionLotSummary }) {
  const { t } = useI18n();
  const yuan = useYuan();
  const methodName = useMethodName();
  const weightsText = useWeightsText();
  const full = "announcedAt" in lot ? lot : undefined;
  // A sealed lot has no increment and no countdown: one offer per bidder, opened at the end.
  const sealed = isSealedMethod(lot.method);
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
      <Descriptions.Item label={t("auction.lotCode")}>{<span className="mono">{lot.lotCode}</span>}</Descriptions.Item>
      <Descriptions.Item label={t("auction.dealCode")}>{<span className="mono">{lot.unifiedDealCode}</span>}</Descriptions.Item>
      <Descriptions.Item label={t("auction.seller")}>{lot.sellerName}</Descriptions.Item>
      <Descriptions.Item label={t("auction.kindMethod")}>
        <KindTag kind={lot.kind} /> {methodName(lot.method)}
      </Descriptions.Item>
      <Descriptions.Item label={t("auction.opensAt")}>{formatDateTime(lot.opensAt)}</Descriptions.Item>
      <Descriptions.Item label={t(lot.method === "listing" ? "auction.listingEnd" : "auction.scheduledEnd")}>
        {formatDateTime(lot.scheduledEnd)}
      </Descriptions.Item>
      <Descriptions.Item label={t("auction.startingPrice")}>{yuan(lot.startingPriceFen)}</Descriptions.Item>
      {!sealed && <Descriptions.Item label={t("auction.increment")}>{yuan(lot.incrementFen)}</Descriptions.Item>}
      <Descriptions.Item label={t("auction.deposit")}>{yuan(lot.depositFen)}</Descriptions.Item>
      {full && (
        <>
          <Descriptions.Item label={t("auction.reserve")}>
            {full.reserveFen !== null ? yuan(full.reserveFen) : full.hasReserve ? t("auction.reserveSealed") : t("auction.result.noReserve")}
          </Descriptions.Item>
          {full.appraisalFen !== null && <Descriptions.Item label={t("auction.appraisal")}>{yuan(full.appraisalFen)}</Descriptions.Item>}
          {!sealed && <Descriptions.Item label={t("auction.countdownSeconds")}>{t("auction.seconds", { n: full.countdownSeconds })}</Descriptions.Item>}
          {full.sealed?.weights && <Descriptions.Item label={t("auction.weights")}>{weightsText(full.sealed.weights)}</Descriptions.Item>}
          <Descriptions.Item label={t("auction.announcedAt")}>{formatDateTime(full.announcedAt)}</Descriptions.Item>
        </>
      )}
    </Descriptions>
  );
}

/** A 竞买号 in a ladder or an offer list, marked when it is the viewer's own. */
function BidderNumber({ number, mine }: { number: string; mine: string | undefined | null }) {
  const { t } = useI18n();
  return (
    <span>
      <span className="mono">{number}</span>
      {mine && number === mine && (
        <Tag color="blue" className="inline-note">
          {t("auction.ladder.mine")}
        </Tag>
      )}
    </span>
  );
}
