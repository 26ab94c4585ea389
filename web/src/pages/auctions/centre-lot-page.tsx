import { StopOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Badge, Button, Card, Col, Form, Input, Popconfirm, Result, Row, Skeleton, Space, Statistic, Table, Tag } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client.ts";
import { FormModal } from "../../components/form-modal.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { fromFen, toFen } from "../../lib/money.ts";
import { MoneyInput, moneyRules } from "../tendering/tender-parts.tsx";
import { type AuctionApplication, applicationsKey, isSealedMethod, lotKey, useAuctionHall, useAuctionLot, useServerNow } from "./auction-api.ts";
import {
  CountdownText,
  countdownTarget,
  DepositTag,
  LotFacts,
  QualificationTag,
  ResultPanel,
  ServerTimeLine,
  StageTag,
  stageOf,
  useYuan,
} from "./auction-parts.tsx";
import { DealConfirmationCard } from "./deal-confirmation-card.tsx";
import { WeightedScoresPanel } from "./weighted-scores-panel.tsx";

interface DepositValues {
  amount: string;
  payerAccountNo: string;
}

/**
 * 竞价管理 (trading centre) for one lot: the applicants with their deposits (recorded on arrival from the
 * bidder's basic account), the qualification review that gives the 竞买号, refunds after the close, and the
 * close itself once the end has come on the server clock (the server also closes due lots by itself).
 */
export function CentreLotPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const yuan = useYuan();
  const live = useAuctionHall(id, {
    onBid: () => void queryClient.invalidateQueries({ queryKey: applicationsKey(id) }),
    onLive: () => void queryClient.invalidateQueries({ queryKey: applicationsKey(id) }),
    onClosed: () => void queryClient.invalidateQueries({ queryKey: applicationsKey(id) }),
    onOpened: () => void queryClient.invalidateQueries({ queryKey: applicationsKey(id) }),
  });
  const lot = useAuctionLot(id, live ? 30_000 : 3000);
  const applications = useQuery({
    queryKey: applicationsKey(id),
    queryFn: () => api.get<{ items: AuctionApplication[] }>(`/api/v1/auction-lots/${id}/applications`).then((r) => r.items),
    refetchInterval: 10_000,
  });
  const now = useServerNow();
  const [depositFor, setDepositFor] = useState<AuctionApplication>();
  const [refuseFor, setRefuseFor] = useState<AuctionApplication>();
  const [busy, setBusy] = useState<string>();

  const run = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await action();
      message.success(done);
      await Promise.all([queryClient.invalidateQueries({ queryKey: applicationsKey(id) }), queryClient.invalidateQueries({ queryKey: lotKey(id) })]);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  if (lot.error) return <ProblemAlert error={lot.error} />;
  if (lot.isLoading) return <Skeleton active />;
  const l = lot.data;
  if (!l) return <Result status="404" title={t("auction.missing")} />;
  const stage = stageOf(l, now);
  const closed = l.phase === "closed";
  const countdown = countdownTarget(stage, l);
  const sealed = isSealedMethod(l.method) ? l.sealed : null;
  const depositDeadlinePassed = now !== undefined && now >= new Date(l.scheduledEnd).getTime();

  return (
    <>
      <PageTitle
        title={l.name}
        description={`${l.lotCode} · ${t("auction.centre.title")}`}
        extra={
          <Space>
            <StageTag stage={stage} />
            <Link to={`/auctions/${id}`}>{t("auction.toHall")}</Link>
          </Space>
        }
      />
      <Card size="small" className="section-gap auction-centre-state">
        <Row gutter={[16, 16]} align="middle">
          <Col xs={12} md={5}>
            {sealed ? (
              <Statistic
                title={t(closed ? "auction.result.dealPrice" : "auction.startingPrice")}
                value={closed ? (l.dealPriceFen === null ? t("auction.result.unsold") : yuan(l.dealPriceFen)) : yuan(l.startingPriceFen)}
              />
            ) : (
              <Statistic title={t("auction.currentPrice")} value={l.currentPriceFen === null ? t("auction.noBidYet") : yuan(l.currentPriceFen)} />
            )}
          </Col>
          <Col xs={12} md={3}>
            <Statistic
              className="auction-offer-count"
              title={t(sealed ? "auction.sealed.count" : "auction.bidCount")}
              value={sealed ? sealed.offerCount : l.lastSequence}
            />
          </Col>
          <Col xs={12} md={5}>
            <div className="muted">{t(closed ? "auction.countdown.closed" : countdown.label)}</div>
            {closed ? (
              <span>{l.closedAt ? formatDateTime(l.closedAt) : "—"}</span>
            ) : (
              <CountdownText until={countdown.until} now={now} dueText={t("auction.countdown.due")} className="auction-centre-countdown" />
            )}
            <div className="muted">{formatDateTime(countdown.until)}</div>
          </Col>
          <Col xs={12} md={6}>
            <ServerTimeLine now={now} />
            {live ? <Badge status="processing" text={t("auction.live")} className="hall-live" /> : <span className="muted">{t("auction.polling")}</span>}
          </Col>
          <Col xs={24} md={5}>
            {stage === "closing" && (
              <Popconfirm
                title={t("auction.centre.closeConfirm")}
                okText={t("auction.centre.close")}
                cancelText={t("tender.cancel")}
                onConfirm={() => run("close", () => api.post(`/api/v1/auction-lots/${id}/close`), t("auction.centre.closed"))}
              >
                <Button type="primary" danger size="large" icon={<StopOutlined />} loading={busy === "close"}>
                  {t("auction.centre.close")}
                </Button>
              </Popconfirm>
            )}
          </Col>
        </Row>
      </Card>

      <Card title={t("auction.centre.applications")} size="small" className="section-gap">
        <ProblemAlert error={applications.error} className="form-alert" />
        <Table<AuctionApplication>
          className="auction-applications"
          rowKey="id"
          size="small"
          loading={applications.isLoading}
          dataSource={applications.data}
          pagination={false}
          locale={{ emptyText: t("auction.centre.noApplications") }}
          columns={[
            {
              title: t("auction.centre.applicant"),
              key: "subject",
              render: (_, a) => (
                <span>
                  {a.subjectName}
                  <br />
                  <span className="muted mono">{a.uscc}</span>
                </span>
              ),
            },
            { title: t("auction.my.appliedAt"), dataIndex: "appliedAt", render: (v: string) => <span className="nowrap">{formatDateTime(v)}</span> },
            {
              title: t("auction.deposit"),
              key: "deposit",
              render: (_, a) => (
                <span>
                  <DepositTag status={a.depositStatus} />
                  {a.depositFen !== null && <div className="muted price">{yuan(a.depositFen)}</div>}
                </span>
              ),
            },
            {
              title: t("auction.review.title"),
              key: "review",
              render: (_, a) => (
                <span>
                  <QualificationTag qualified={a.qualified} />
                  {a.qualificationNote && <div className="muted">{a.qualificationNote}</div>}
                </span>
              ),
            },
            { title: t("auction.bidderNumber"), dataIndex: "bidderNumber", render: (v: string | null) => (v ? <span className="mono">{v}</span> : "—") },
            {
              title: t("auction.liveRequest.label"),
              dataIndex: "wantsLive",
              render: (v: boolean) => (v ? <Tag color="red">{t("auction.liveRequest.yes")}</Tag> : "—"),
            },
            {
              title: t("common.actions"),
              key: "actions",
              render: (_, a) => (
                <Space wrap>
                  {a.depositStatus === "awaiting" && !closed && !depositDeadlinePassed && (
                    <Button size="small" type="primary" ghost onClick={() => setDepositFor(a)}>
                      {t("auction.centre.recordDeposit")}
                    </Button>
                  )}
                  {a.bidderNumber === null && !closed && a.qualified !== true && (
                    <>
                      <Popconfirm
                        title={t("auction.centre.qualifyConfirm", { name: a.subjectName })}
                        okText={t("auction.centre.qualify")}
                        cancelText={t("tender.cancel")}
                        onConfirm={() =>
                          run(
                            `review-${a.id}`,
                            () => api.post(`/api/v1/auction-applications/${a.id}/review`, { qualified: true }),
                            t("auction.centre.qualified", { name: a.subjectName }),
                          )
                        }
                      >
                        <Button size="small" type="primary" loading={busy === `review-${a.id}`}>
                          {t("auction.centre.qualify")}
                        </Button>
                      </Popconfirm>
                      <Button size="small" danger onClick={() => setRefuseFor(a)}>
                        {t("auction.centre.refuse")}
                      </Button>
                    </>
                  )}
                  {(a.depositStatus === "refund_due" || (a.depositStatus === "arrived" && a.qualified === false)) && (
                    <Popconfirm
                      title={t("auction.centre.refundConfirm", { amount: yuan(a.depositFen ?? 0) })}
                      okText={t("auction.centre.refund")}
                      cancelText={t("tender.cancel")}
                      onConfirm={() => run(`refund-${a.id}`, () => api.post(`/api/v1/auction-applications/${a.id}/refund`), t("auction.centre.refunded"))}
                    >
                      <Button size="small" loading={busy === `refund-${a.id}`}>
                        {t("auction.centre.refund")}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      {sealed && !closed && (
        <Card title={t("auction.sealed.centreTitle")} size="small" className="section-gap">
          <WeightedScoresPanel lot={l} />
        </Card>
      )}
      {closed && (
        <Card title={t("auction.result.title")} size="small" className="section-gap">
          <ResultPanel lotId={id} />
        </Card>
      )}
      {closed && <DealConfirmationCard lotId={id} centre />}
      <Card title={t("auction.facts")} size="small" className="section-gap">
        <LotFacts lot={l} />
      </Card>

      <FormModal<DepositValues>
        name="deposit"
        title={t("auction.centre.depositTitle", { name: depositFor?.subjectName ?? "" })}
        open={depositFor !== undefined}
        onClose={() => setDepositFor(undefined)}
        initialValues={{ amount: fromFen(l.depositFen, "yuan") }}
        onSubmit={async (values) => {
          await api.post(`/api/v1/auction-applications/${depositFor?.id}/deposit`, {
            amountFen: toFen(values.amount, "yuan"),
            payerAccountNo: values.payerAccountNo.trim(),
          });
          message.success(t("auction.centre.depositRecorded"));
          await queryClient.invalidateQueries({ queryKey: applicationsKey(id) });
        }}
      >
        <Form.Item name="amount" label={t("auction.centre.depositAmount")} rules={moneyRules(t, "yuan", { positive: true })}>
          <MoneyInput unit="yuan" />
        </Form.Item>
        <Form.Item
          name="payerAccountNo"
          label={t("auction.centre.payerAccount")}
          extra={t("auction.centre.payerAccountHint")}
          rules={[{ required: true, whitespace: true, min: 4, message: t("common.required") }]}
        >
          <Input maxLength={40} className="mono" />
        </Form.Item>
      </FormModal>
      <FormModal<{ note: string }>
        name="refuse"
        title={t("auction.centre.refuseTitle", { name: refuseFor?.subjectName ?? "" })}
        open={refuseFor !== undefined}
        onClose={() => setRefuseFor(undefined)}
        okText={t("auction.centre.refuse")}
        onSubmit={async (values) => {
          await api.post(`/api/v1/auction-applications/${refuseFor?.id}/review`, { qualified: false, note: values.note.trim() });
          message.success(t("auction.centre.refusedDone"));
          await queryClient.invalidateQueries({ queryKey: applicationsKey(id) });
        }}
      >
        <Form.Item name="note" label={t("auction.centre.refuseNote")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
