import { Alert, App, Button, Col, DatePicker, Form, Row, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { api } from "../../api/client.ts";
import { useServerOffset } from "../../api/queries.ts";
import { useI18n } from "../../i18n.ts";
import { beijingPickerValue, toBeijingIso } from "../../lib/beijing-time.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { useLimitHint } from "./limit-hint.tsx";

interface NoticeValues {
  docSaleStart: Dayjs;
  docSaleEnd: Dayjs;
  bidDeadline: Dayjs;
}

type NoticeField = keyof NoticeValues;

/** Which field a statutory time-limit refusal is about. */
const RULE_FIELD: Record<string, NoticeField> = { DOCUMENT_SALE_TOO_SHORT: "docSaleEnd", TENDER_PERIOD_TOO_SHORT: "bidDeadline" };

const FORMAT = "YYYY-MM-DD HH:mm";

/**
 * 发布招标公告: the documents' sale period and the bid deadline (= the opening time), in Beijing
 * time. The server holds them to 条例16 (sale ≥ 5 days) and 法24 (issue → deadline ≥ 20 days); a
 * refusal lands on the field it concerns with the legal basis and the earliest allowed date.
 */
export function PublishNoticeForm({ sectionId, onPublished }: { sectionId: number; onPublished: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const offset = useServerOffset();
  const [form] = Form.useForm<NoticeValues>();
  const limits = useLimitHint<NoticeField>(form, (rule) => RULE_FIELD[rule]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const serverToday = beijingPickerValue(Date.now() + (offset.data ?? 0)).startOf("day");

  // The sale starts, by default, now on the server clock (to the minute, so bidders can register at once).
  useEffect(() => {
    if (offset.data === undefined || form.getFieldValue("docSaleStart")) return;
    form.setFieldValue("docSaleStart", beijingPickerValue(Date.now() + offset.data).second(0));
  }, [offset.data, form]);

  const submit = async (values: NoticeValues) => {
    setBusy(true);
    setProblem(undefined);
    limits.clear();
    try {
      await api.post(`/api/v1/sections/${sectionId}/notice`, {
        docSaleStart: toBeijingIso(values.docSaleStart),
        docSaleEnd: toBeijingIso(values.docSaleEnd),
        bidDeadline: toBeijingIso(values.bidDeadline),
      });
      message.success(t("tender.notice.published"));
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
      format={FORMAT}
      style={{ width: "100%" }}
      disabledDate={(d) => d.isBefore(serverToday, "day")}
      needConfirm={false}
    />
  );

  return (
    <Form<NoticeValues> form={form} name={`notice-${sectionId}`} layout="vertical" onFinish={submit} className="notice-form">
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="docSaleStart"
            label={t("tender.docSaleStart")}
            extra={t("tender.notice.startExtra")}
            rules={[{ required: true, message: t("common.required") }]}
          >
            {picker}
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="docSaleEnd"
            label={t("tender.docSaleEnd")}
            extra={limits.extra("docSaleEnd", t("tender.notice.endExtra"))}
            rules={[{ required: true, message: t("common.required") }]}
          >
            {picker}
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="bidDeadline"
            label={t("tender.bidDeadlineOpening")}
            extra={limits.extra("bidDeadline", t("tender.notice.deadlineExtra"))}
            rules={[{ required: true, message: t("common.required") }]}
          >
            {picker}
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("tender.notice.publish")}
      </Button>
      <Typography.Text type="secondary" className="inline-note">
        {t("tender.notice.beijingNote")}
      </Typography.Text>
    </Form>
  );
}
