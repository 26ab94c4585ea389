import { App, Button, Card, Space, Table } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { usePlatformNames } from "../../api/queries.ts";
import { type TenderNotice, useNotices } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { wallet } from "../../lib/bidder-wallet.ts";
import { formatDateTime } from "../../lib/format.ts";
import { SectionStatusTag } from "./tender-parts.tsx";

type Mode = "public" | "bidder" | "centre";

/**
 * 招标公告: the published notices. The same list is the bidder's entry (报名, 投标) and the trading
 * centre's (开标大厅).
 */
export function NoticesPage({ mode = "public" }: { mode?: Mode }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const platformName = usePlatformNames(true);
  const notices = useNotices();
  const [registering, setRegistering] = useState<number>();
  const asBidder = user?.role === "bidder";
  const asCentre = user?.role === "centre_staff";

  const register = async (notice: TenderNotice) => {
    setRegistering(notice.sectionId);
    try {
      await api.post(`/api/v1/sections/${notice.sectionId}/registrations`);
      message.success(t("tender.registered", { name: notice.sectionName }));
      navigate(`/bidder/sections/${notice.sectionId}`);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setRegistering(undefined);
    }
  };

  const title = mode === "bidder" ? "tender.bidding.title" : mode === "centre" ? "tender.hall.listTitle" : "tender.notices.title";
  const subtitle = mode === "bidder" ? "tender.bidding.subtitle" : mode === "centre" ? "tender.hall.listSubtitle" : "tender.notices.subtitle";

  return (
    <>
      <PageTitle title={t(title)} description={t(subtitle)} />
      <Card>
        <ProblemAlert error={notices.error} className="form-alert" />
        <Table<TenderNotice>
          rowKey="sectionId"
          size="middle"
          loading={notices.isLoading}
          dataSource={notices.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("tender.notices.empty") }}
          columns={[
            {
              title: t("tender.notice.project"),
              key: "name",
              render: (_, n) => (
                <span>
                  <Link to={`/notices/${n.sectionId}`}>{n.projectName}</Link>
                  <br />
                  <span className="muted">{n.sectionName}</span>
                </span>
              ),
            },
            { title: t("tender.sectionCode"), dataIndex: "sectionCode", render: (v: string) => <span className="mono">{v}</span> },
            { title: t("tender.platform"), dataIndex: "platformCode", render: platformName },
            { title: t("common.status"), dataIndex: "status", width: 100, render: (v: TenderNotice["status"]) => <SectionStatusTag status={v} /> },
            {
              title: t("tender.docSale"),
              key: "sale",
              render: (_, n) => (
                <span className="nowrap">
                  {formatDateTime(n.docSaleStart).slice(0, 16)}
                  <br />
                  {formatDateTime(n.docSaleEnd).slice(0, 16)}
                </span>
              ),
            },
            {
              title: t("tender.bidDeadline"),
              dataIndex: "bidDeadline",
              render: (v: string) => <span className="nowrap">{formatDateTime(v).slice(0, 16)}</span>,
            },
            ...(asBidder || asCentre
              ? [
                  {
                    title: t("common.actions"),
                    key: "actions",
                    render: (_: unknown, n: TenderNotice) =>
                      asBidder ? (
                        <Space>
                          {n.status === "announced" && (
                            <Button size="small" type="primary" loading={registering === n.sectionId} onClick={() => register(n)}>
                              {t("tender.register")}
                            </Button>
                          )}
                          <Button size="small" onClick={() => navigate(`/bidder/sections/${n.sectionId}`)}>
                            {user && wallet.bid(user.username, n.sectionId) ? t("tender.myBid") : t("tender.toBid")}
                          </Button>
                        </Space>
                      ) : (
                        <Button size="small" type="primary" ghost onClick={() => navigate(`/centre/opening/${n.sectionId}`)}>
                          {t("tender.hall.enter")}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </>
  );
}

/** 我要投标: the notices, with registration and the way to each section's bid. */
export const BiddingPage = () => <NoticesPage mode="bidder" />;

/** 开标大厅: the notices, each with the way to its opening hall. */
export const OpeningListPage = () => <NoticesPage mode="centre" />;
