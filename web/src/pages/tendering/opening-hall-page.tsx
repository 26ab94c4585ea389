import { FieldTimeOutlined, PlayCircleOutlined, StopOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Badge, Button, Card, Col, Popconfirm, Result, Row, Skeleton, Space, Statistic, Table } from "antd";
import { useEffect, useRef, useState } from "react";
import { useParams } from "react-router";
import { api } from "../../api/client.ts";
import { type BidderList, type BidStatus, isOpened, type OpeningStarted, useNotice, useOpeningRecord, useSection } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { HashText } from "../../components/hash-text.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { Countdown } from "./countdown.tsx";
import { BidStatusTag, OpeningRecordView, SectionStatusTag } from "./tender-parts.tsx";

/** Without the live stream the hall polls this often; with it, it only refreshes now and then, in case an event was lost. */
const POLL_MS = 2000;
const SAFETY_REFRESH_MS = 30_000;

type BidRow = BidderList["bids"][number] & { name: string };
type HallEvent = "opening.started" | "bid.decrypted" | "opening.failed" | "opening.record";
const HALL_EVENTS: HallEvent[] = ["opening.started", "bid.decrypted", "opening.failed", "opening.record"];

/**
 * The opening hall's live events (server-sent events, public): the opening starts, each bid is
 * decrypted, the opening fails or its record is published. `live` is false while the stream is
 * down — EventSource reconnects by itself, and the page polls meanwhile.
 */
function useOpeningHallEvents(sectionId: number, onEvent: (type: HallEvent, data: Record<string, unknown>) => void) {
  const [live, setLive] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(`/api/v1/sections/${sectionId}/opening-hall`);
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    for (const type of HALL_EVENTS) {
      source.addEventListener(type, (event) => {
        let data: Record<string, unknown> = {};
        try {
          data = (JSON.parse((event as MessageEvent<string>).data) as { data?: Record<string, unknown> }).data ?? {};
        } catch {
          // an event we cannot read still means something changed: refresh
        }
        handler.current(type, data);
      });
    }
    return () => source.close();
  }, [sectionId]);
  return live;
}

/**
 * 开标大厅 (不见面开标): the countdown to the bid deadline on the server clock, the start of the
 * opening, the bidders' online decryption as it happens (pushed by the server; polled while the
 * stream is down), and the 唱标 record.
 */
export function OpeningHallPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const compere = user?.role === "centre_staff";
  const queryClient = useQueryClient();
  const sectionId = Number(useParams().sectionId);
  const [progress, setProgress] = useState<{ decrypted: number; total: number }>();

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["tender-notices"] }),
      queryClient.invalidateQueries({ queryKey: ["section", sectionId] }),
      queryClient.invalidateQueries({ queryKey: ["section-bidders", sectionId] }),
      queryClient.invalidateQueries({ queryKey: ["opening-record", sectionId] }),
    ]);
  };
  const live = useOpeningHallEvents(sectionId, (type, data) => {
    if (type === "bid.decrypted" && typeof data.decrypted === "number" && typeof data.total === "number") {
      setProgress({ decrypted: data.decrypted, total: data.total });
    }
    void refresh();
  });
  const interval = live ? SAFETY_REFRESH_MS : POLL_MS;
  const notice = useNotice(sectionId, { refetchInterval: interval });
  const section = useSection(sectionId, { refetchInterval: interval });
  const bidders = useQuery({
    queryKey: ["section-bidders", sectionId],
    queryFn: () => api.get<BidderList>(`/api/v1/sections/${sectionId}/bidders`),
    refetchInterval: interval,
  });
  const [started, setStarted] = useState<OpeningStarted>();
  const [busy, setBusy] = useState<"open" | "close">();
  const status = notice.data?.status;
  const record = useOpeningRecord(sectionId, isOpened(status));

  const open = async () => {
    setBusy("open");
    try {
      const result = await api.post<OpeningStarted>(`/api/v1/sections/${sectionId}/opening`);
      setStarted(result);
      if (result.status === "opening") message.success(t("tender.hall.started", { n: result.bids }));
      await refresh();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  const close = async () => {
    setBusy("close");
    try {
      await api.post(`/api/v1/sections/${sectionId}/opening/close`);
      message.success(t("tender.hall.closed"));
      await refresh();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  if (notice.error) return <ProblemAlert error={notice.error} />;
  if (notice.isLoading) return <Skeleton active />;
  const n = notice.data;
  if (!n) return <Result status="404" title={t("tender.notice.missing")} />;

  const names = new Map((bidders.data?.registrations ?? []).map((r) => [r.uscc, r.name]));
  const rows: BidRow[] = (bidders.data?.bids ?? []).map((b) => ({ ...b, name: names.get(b.uscc) ?? b.uscc }));
  const liveBids = rows.filter((b) => b.status === "submitted" || b.status === "decrypted" || b.status === "revoked");
  // The pushed count runs ahead of the list (which the event triggers a refresh of).
  const decrypted = Math.max(liveBids.filter((b) => b.status === "decrypted").length, n.status === "opening" ? (progress?.decrypted ?? 0) : 0);
  const decryptDeadline = section.data?.decryptDeadline ?? started?.decryptDeadline;

  return (
    <>
      <PageTitle title={t("tender.hall.title")} description={`${n.projectName} · ${n.sectionName}`} extra={<SectionStatusTag status={n.status} />} />
      <Row gutter={[16, 16]} className="section-gap">
        <Col xs={24} lg={10}>
          <Card size="small" className="fill hall-clock">
            <div className="hall-label">
              <FieldTimeOutlined /> {t("tender.hall.countdown")}
            </div>
            <Countdown until={n.bidDeadline} refetchInterval={5000} className="hall-countdown" />
            <div className="muted">
              {t("tender.bidDeadlineOpening")} {formatDateTime(n.bidDeadline)}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" className="fill">
            <Row gutter={16}>
              <Col span={8}>
                <Statistic title={t("tender.hall.registered")} value={bidders.data?.registrations.length ?? 0} />
              </Col>
              <Col span={8}>
                <Statistic title={t("tender.hall.bids")} value={liveBids.length} />
              </Col>
              <Col span={8}>
                <Statistic title={t("tender.hall.decrypted")} value={decrypted} suffix={`/ ${liveBids.length}`} />
              </Col>
            </Row>
            <Space className="form-actions">
              {compere && n.status === "announced" && (
                <Button type="primary" size="large" icon={<PlayCircleOutlined />} onClick={open} loading={busy === "open"}>
                  {t("tender.hall.start")}
                </Button>
              )}
              {compere && n.status === "opening" && (
                <Popconfirm title={t("tender.hall.closeConfirm")} onConfirm={close} okText={t("tender.hall.close")} cancelText={t("tender.cancel")}>
                  <Button type="primary" danger size="large" icon={<StopOutlined />} loading={busy === "close"}>
                    {t("tender.hall.close")}
                  </Button>
                </Popconfirm>
              )}
            </Space>
            {decryptDeadline && n.status === "opening" && (
              <div className="muted">{t("tender.hall.decryptDeadline", { time: formatDateTime(decryptDeadline) })}</div>
            )}
          </Card>
        </Col>
      </Row>
      {n.status === "failed" && (
        <Alert
          className="page-alert"
          type="error"
          showIcon
          title={t("tender.hall.failed")}
          description={started?.reason ? `${started.reason[lang]}（${started.reason.basis}）` : undefined}
        />
      )}
      {isOpened(n.status) && (
        <Card title={t("tender.record.title")} size="small" className="section-gap">
          {record.data ? <OpeningRecordView record={record.data} /> : <ProblemAlert error={record.error} />}
        </Card>
      )}
      <Card
        title={t("tender.hall.liveList")}
        size="small"
        extra={
          live ? <Badge status="processing" text={t("tender.hall.live")} className="hall-live" /> : <span className="muted">{t("tender.hall.polling")}</span>
        }
      >
        <ProblemAlert error={bidders.error} className="form-alert" />
        <Table<BidRow>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: t("tender.hall.noBids") }}
          columns={[
            { title: t("tender.record.bidder"), key: "bidder", render: (_, b) => b.name },
            { title: t("tender.hall.uscc"), dataIndex: "uscc", render: (v: string) => <span className="mono">{v}</span> },
            { title: t("tender.hall.submittedAt"), dataIndex: "submittedAt", render: (v: string) => formatDateTime(v) },
            { title: t("tender.receipt.sm3"), dataIndex: "sm3", render: (v: string) => <HashText value={v} width={160} /> },
            { title: t("common.status"), dataIndex: "status", render: (v: BidStatus) => <BidStatusTag status={v} /> },
          ]}
        />
      </Card>
    </>
  );
}
