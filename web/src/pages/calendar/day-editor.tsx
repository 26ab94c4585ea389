import { Alert, App, Button, Card, DatePicker, Form, Input, Radio } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { useI18n } from "../../i18n.ts";
import { applyProblem } from "../../lib/form-problem.ts";

interface DayValues {
  day: Dayjs;
  kind: "holiday" | "workday";
  name: string;
}

/** Centre staff and the administrator mark holidays and make-up days when the State Council publishes them. */
export function DayEditor({ onSaved }: { onSaved: () => Promise<unknown> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DayValues>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (v: DayValues) => {
    const day = v.day.format("YYYY-MM-DD");
    setBusy(true);
    setProblem(undefined);
    try {
      await api.put(`/api/v1/calendar/days/${day}`, { kind: v.kind, name: v.name.trim() });
      message.success(t("calendar.saved", { day }));
      form.resetFields(["day"]);
      await onSaved();
    } catch (error) {
      setProblem(applyProblem(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t("calendar.editor")} size="small">
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Form<DayValues> form={form} name="day" layout="vertical" initialValues={{ kind: "holiday" }} onFinish={submit}>
        <Form.Item name="day" label={t("calendar.day")} rules={[{ required: true, message: t("common.required") }]}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="kind" label={t("calendar.kind")} extra={t("calendar.workdayRule")}>
          <Radio.Group
            optionType="button"
            options={[
              { value: "holiday", label: t("calendar.kind.holiday") },
              { value: "workday", label: t("calendar.kind.workday") },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t("calendar.name")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
          <Input maxLength={50} placeholder={t("calendar.namePlaceholder")} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t("common.save")}
        </Button>
      </Form>
    </Card>
  );
}
