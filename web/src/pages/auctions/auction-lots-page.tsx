import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Segmented, Space, Table } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { usePlatformNames } from "../../api/queries.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { AUCTION_KINDS, type AuctionKind, type AuctionLotSummary, useAuctionLots, useServerNow } from "./auction-api.ts";
import { CountdownText, KindTag, StageTag, stageOf, useMethodName, useYuan } from "./auction-parts.tsx";

type Mode = "public" | "seller" | "centre";

const TITLES = {
  public: ["auction.list.title", "auction.list.subtitle"],
  seller: ["auction.seller.title", "auction.seller.subtitle"],
  centre: ["auction.centre.title", "auction.centre.subtitle"],
} as const;

/**
 * 土地矿业权/产权交易: the published lots and their state. The same list is the seller's monitor (its own
 * lots: state and prices only — who applied is the trading centre's business) and the centre's (the lots of
 * its platform, each with its applications).
 */
export function AuctionLotsPage({ mode = "public" }: { mode?: Mode }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const yuan = useYuan();
  const methodName = useMethodName();
  const platformName = usePlatformNames(true);
  const [kind, setKind] = useState<AuctionKind | "all">("all");
  // The seller's lots are those it sells, the centre's those of its platform.
  const scope = mode === "seller" ? { sellerUscc: user?.subjectUscc ?? undefined } : mode === "centre" ? { platformCode: user?.platformCode } : {};
  const lots = useAuctionLots({ ...(kind === "all" ? {} : { kind }), ...scope }, mode === "public" ? undefined : 10_000);
  const now = useServerNow();
  const rows = lots.data ?? [];
  const [title, subtitle] = TITLES[mode];
  const target = (l: AuctionLotSummary) => (mode === "centre" ? `/centre/auctions/${l.id}` : `/auctions/${l.id}`);

  return (
    <>
      <PageTitle
        title={t(title)}
        description={t(subtitle)}
        extra={
          mode === "seller" && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("/auction/lots/new")}>
              {t("auction.new.button")}
            </Button>
          )
        }
      />
      <Card>
        <Space className="toolbar">
          <Segmented<AuctionKind | "all">
            value={kind}
            onChange={setKind}
            options={[{ value: "all", label: t("auction.kind.all") }, ...AUCTION_KINDS.map((k) => ({ value: k, label: t(`auction.kind.${k}`) }))]}
          />
        </Space>
        <ProblemAlert error={lots.error} className="form-alert" />
        <Table<AuctionLotSummary>
          className="auction-lots"
          rowKey="id"
          size="middle"
          loading={lots.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("auction.list.empty") }}
          columns={[
            {
              title: t("auction.lot"),
              key: "name",
              render: (_, l) => (
                <span>
                  <Link to={target(l)}>{l.name}</Link>
                  <br />
                  <span className="muted mono">{l.lotCode}</span>
                </span>
              ),
            },
            {
              title: t("auction.kindMethod"),
              key: "kind",
              render: (_, l) => (
                <span className="nowrap">
                  <KindTag kind={l.kind} />
                  {methodName(l.method)}
                </span>
              ),
            },
            ...(mode === "seller" ? [] : [{ title: t("auction.seller"), dataIndex: "sellerName" }]),
            { title: t("tender.platform"), dataIndex: "platformCode", render: platformName },
            { title: t("common.status"), key: "stage", width: 100, render: (_: unknown, l: AuctionLotSummary) => <StageTag stage={stageOf(l, now)} /> },
            {
              title: t("auction.list.period"),
              key: "period",
              render: (_, l) => (
                <span className="nowrap">
                  {formatDateTime(l.opensAt).slice(0, 16)}
                  <br />
                  {formatDateTime(l.closesAt).slice(0, 16)}
                </span>
              ),
            },
            {
              title: t("auction.list.price"),
              key: "price",
              align: "right",
              render: (_, l) => (
                <span className="price nowrap">
                  {l.phase === "closed"
                    ? l.dealPriceFen === null
                      ? t("auction.result.unsold")
                      : yuan(l.dealPriceFen)
                    : yuan(l.currentPriceFen ?? l.startingPriceFen)}
                  <br />
                  <span className="muted">
                    {l.phase === "closed" ? t("auction.result.dealPrice") : l.currentPriceFen === null ? t("auction.startingPrice") : t("auction.currentPrice")}
                  </span>
                </span>
              ),
            },
            // A sealed lot has no ladder: its count is that of its sealed offers.
            { title: t("auction.bidCount"), key: "bids", width: 80, render: (_: unknown, l: AuctionLotSummary) => l.offerCount ?? l.bids },
            ...(mode === "public"
              ? []
              : [
                  {
                    title: t("auction.list.timeLeft"),
                    key: "left",
                    render: (_: unknown, l: AuctionLotSummary) =>
                      l.phase === "closed" ? "—" : <CountdownText until={l.closesAt} now={now} dueText={t("auction.countdown.due")} />,
                  },
                  {
                    title: t("common.actions"),
                    key: "actions",
                    render: (_: unknown, l: AuctionLotSummary) => (
                      <Space>
                        {mode === "centre" && (
                          <Button size="small" type="primary" ghost onClick={() => navigate(`/centre/auctions/${l.id}`)}>
                            {t("auction.centre.manage")}
                          </Button>
                        )}
                        <Button size="small" onClick={() => navigate(`/auctions/${l.id}`)}>
                          {t("auction.toHall")}
                        </Button>
                      </Space>
                    ),
                  },
                ]),
          ]}
        />
      </Card>
    </>
  );
}

/** 我的出让标的 (tenderer). */
export const SellerLotsPage = () => <AuctionLotsPage mode="seller" />;

/** 竞价管理 (trading centre). */
export const CentreLotsPage = () => <AuctionLotsPage mode="centre" />;
