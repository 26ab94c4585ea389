import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Col, Collapse, DatePicker, Empty, Form, Input, Popconfirm, Row, Skeleton, Space, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { useServerOffset } from "../../api/queries.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { beijingPickerValue, toBeijingIso } from "../../lib/beijing-time.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useLimitHint } from "./limit-hint.tsx";
import { type PrequalApplication, PrequalResultTag, PrequalSchedule, usePrequalNotice } from "./prequal-parts.tsx";

interface PublishValues {
  docSaleStart: Dayjs;
  docSaleEnd: Dayjs;
  applicationDeadline: Dayjs;
}
type PublishField = keyof PublishValues;

/** Which field a statutory time-limit refusal is about. */
const RULE_FIELD: Record<string, PublishField> = { DOCUMENT_SALE_TOO_SHORT: "docSaleEnd", PREQUALIFICATION_PERIOD_TOO_SHORT: "applicationDeadline" };

/**
 * 资格预审 of a section, for the tenderer or its agency (`owner`): publish the 资格预审公告, review every
 * applicant after the deadline (a failure with its reasons) and notify the results. The centre, the
 * supervising department and the inspector (`oversight`) read along. Renders nothing when the
 * section has no pre-qualification and nobody may start one.
 */
export function PrequalOwnerPanel({
  sectionId,
  mode,
  canPublish,
  onChanged,
}: {
  sectionId: number;
  mode: "owner" | "oversight";
  /** The section is still a draft: the owner may start a pre-qualification. */
  canPublish: boolean;
  onChanged?: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const notice = usePrequalNotice(sectionId);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["prequal-notice", sectionId] });
    void queryClient.invalidateQueries({ queryKey: ["prequal-applications", sectionId] });
    onChanged?.();
  };

  if (notice.error) return <ProblemAlert error={notice.error} />;
  if (notice.isLoading) return <Skeleton active />;
  const n = notice.data ?? null;
  if (!n && (mode === "oversight" || !canPublish)) return null;
  return (
    <div className="section-gap prequal-panel">
      <div className="subsection-title">{t("tender.pq.title")}</div>
      {!n ? (
        // Most tenders have no pre-qualification: the form opens only when the owner chooses one.
        <Collapse
          size="small"
          items={[{ key: "publish", label: t("tender.pq.publish"), children: <PublishPrequalForm sectionId={sectionId} onPublished={refresh} /> }]}
        />
      ) : (
        <>
          <PrequalSchedule notice={n} />
          {n.status === "failed" && <Alert className="form-alert" type="warning" showIcon title={t("tender.pq.failedOutcome")} />}
          <Applications sectionId={sectionId} editable={mode === "owner" && n.status === "open"} onChanged={refresh} />
        </>
      )}
    </div>
  );
}

function PublishPrequalForm({ sectionId, onPublished }: { sectionId: number; onPublished: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const offset = useServerOffset();
  const [form] = Form.useForm<PublishValues>();
  const limits = useLimitHint<PublishField>(form, (rule) => RULE_FIELD[rule]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const serverToday = beijingPickerValue(Date.now() + (offset.data ?? 0)).startOf("day");

  const submit = async (values: PublishValues) => {
    setBusy(true);
    setProblem(undefined);
    limits.clear();
    try {
      await api.post(`/api/v1/sections/${sectionId}/prequalification`, {
        docSaleStart: toBeijingIso(values.docSaleStart),
        docSaleEnd: toBeijingIso(values.docSaleEnd),
        applicationDeadline: toBeijingIso(values.applicationDeadline),
      });
      message.success(t("tender.pq.published"));
      onPublished();
    } catch (error) {
      if (!limits.show(error)) setProblem(applyProblem(form, error));
    } finally {
      setBusy(false);
    }
  };

  const picker = (
    <DatePicker
      showTime={{ format: "HH:mm", minuteStep: 5 }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: "100%" }}
      disabledDate={(d) => d.isBefore(serverToday, "day")}
      needConfirm={false}
    />
  );
  const required = [{ required: true, message: t("common.required") }];

  return (
    <Form<PublishValues> form={form} name={`prequal-${sectionId}`} layout="vertical" onFinish={submit}>
      <Typography.Paragraph type="secondary">{t("tender.pq.publishHint")}</Typography.Paragraph>
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="docSaleStart" label={t("tender.pq.saleStart")} rules={required}>
            {picker}
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="docSaleEnd" label={t("tender.pq.saleEnd")} extra={limits.extra("docSaleEnd", t("tender.pq.saleEndExtra"))} rules={required}>
            {picker}
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="applicationDeadline"
            label={t("tender.pq.deadline")}
            extra={limits.extra("applicationDeadline", t("tender.pq.deadlineExtra"))}
            rules={required}
          >
            {picker}
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("tender.pq.publish")}
      </Button>
      <Typography.Text type="secondary" className="inline-note">
        {t("tender.notice.beijingNote")}
      </Typography.Text>
    </Form>
  );
}

/** The applicants and their results: secret from the owner until the deadline (the server says so). */
function Applications({ sectionId, editable, onChanged }: { sectionId: number; editable: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [failing, setFailing] = useState<number>();
  const [reasons, setReasons] = useState("");
  const [busy, setBusy] = useState<number | "notify">();
  const list = useQuery({
    queryKey: ["prequal-applications", sectionId],
    retry: false,
    queryFn: () => api.get<{ items: PrequalApplication[] }>(`/api/v1/sections/${sectionId}/prequalification/applications`),
  });

  const review = async (id: number, result: "passed" | "failed") => {
    setBusy(id);
    try {
      const lines = reasons
        .split("\n")
        .map((r) => r.trim())
        .filter(Boolean);
      await api.post(`/api/v1/prequalification-applications/${id}/review`, result === "failed" ? { result, reasons: lines } : { result });
      message.success(t("tender.pq.reviewed"));
      setFailing(undefined);
      setReasons("");
      await list.refetch();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  const notify = async () => {
    setBusy("notify");
    try {
      const result = await api.post<{ status: string; passed: number }>(`/api/v1/sections/${sectionId}/prequalification/notify`);
      if (result.status === "failed") message.warning(t("tender.pq.failedOutcome"));
      else message.success(t("tender.pq.notified", { passed: result.passed }));
      onChanged();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  if (list.error instanceof ApiError && list.error.code === "FORBIDDEN_SCOPE") return <span className="muted">{t("tender.pq.secret")}</span>;
  if (list.error) return <ProblemAlert error={list.error} />;
  if (!list.data) return <Skeleton active />;
  const items = list.data.items;
  if (items.length === 0) return <Empty className="section-gap" description={t("tender.pq.none")} />;
  const showIp = items.some((a) => a.ip !== undefined);

  return (
    <>
      <Table<PrequalApplication>
        className="section-gap"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        columns={[
          { key: "name", title: t("tender.pq.applicant"), render: (_, a) => `${a.name}（${a.uscc}）` },
          { key: "at", title: t("tender.pq.appliedAt"), render: (_, a) => formatDateTime(a.appliedAt) },
          ...(showIp ? [{ key: "ip", title: "IP", dataIndex: "ip" }] : []),
          {
            key: "result",
            title: t("tender.pq.result"),
            render: (_, a) => (
              <>
                <PrequalResultTag result={a.result} />
                {a.reasons.length > 0 && <div className="muted">{a.reasons.join("；")}</div>}
              </>
            ),
          },
          ...(editable
            ? [
                {
                  key: "actions",
                  title: "",
                  render: (_: unknown, a: PrequalApplication) =>
                    failing === a.id ? (
                      <Space direction="vertical" style={{ width: "100%" }}>
                        <Input.TextArea rows={3} value={reasons} placeholder={t("tender.pq.reasons")} onChange={(e) => setReasons(e.target.value)} />
                        <Space>
                          <Button danger size="small" disabled={!reasons.trim()} loading={busy === a.id} onClick={() => void review(a.id, "failed")}>
                            {t("tender.pq.saveFail")}
                          </Button>
                          <Button size="small" onClick={() => setFailing(undefined)}>
                            {t("tender.cancel")}
                          </Button>
                        </Space>
                      </Space>
                    ) : (
                      <Space>
                        <Button size="small" type="primary" loading={busy === a.id} onClick={() => void review(a.id, "passed")}>
                          {t("tender.pq.pass")}
                        </Button>
                        <Button size="small" danger onClick={() => setFailing(a.id)}>
                          {t("tender.pq.fail")}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editable && (
        <div className="form-actions">
          <Popconfirm title={t("tender.pq.notifyConfirm")} onConfirm={notify} okText={t("tender.pq.notify")} cancelText={t("tender.cancel")}>
            <Button type="primary" loading={busy === "notify"} disabled={items.some((a) => a.result === null)}>
              {t("tender.pq.notify")}
            </Button>
          </Popconfirm>
        </div>
      )}
    </>
  );
}
