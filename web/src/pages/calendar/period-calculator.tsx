import { useMutation } from "@tanstack/react-query";
import { Button, Card, DatePicker, Descriptions, Form, InputNumber, Segmented } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api } from "../../api/client.ts";
import type { PeriodResult } from "../../api/types.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDate } from "../../lib/format.ts";
import { weekdayOf } from "./weekday.ts";

interface PeriodValues {
  from: Dayjs;
  n: number;
  unit: "workday" | "day";
}

/** "N working days after …": the same computation the platform uses for statutory periods. */
export function PeriodCalculator() {
  const { t, lang } = useI18n();
  const compute = useMutation({
    mutationFn: (v: PeriodValues) => api.get<PeriodResult>("/api/v1/calendar/compute", { from: v.from.format("YYYY-MM-DD"), n: v.n, unit: v.unit }),
  });
  const r = compute.data;
  const dated = (day: string) => `${day}（${weekdayOf(day, lang)}）`;
  return (
    <Card title={t("calendar.calculator")} size="small">
      <Form<PeriodValues>
        name="period"
        layout="vertical"
        initialValues={{ from: dayjs(formatDate(new Date())), n: 5, unit: "workday" }}
        onFinish={(v) => compute.mutate(v)}
      >
        <Form.Item name="from" label={t("calendar.from")} rules={[{ required: true, message: t("common.required") }]}>
          <DatePicker style={{ width: "100%" }} allowClear={false} />
        </Form.Item>
        <Form.Item label={t("calendar.add")} required>
          <div className="inline-fields">
            <Form.Item name="n" noStyle rules={[{ required: true, message: t("common.required") }]}>
              <InputNumber min={0} max={3660} precision={0} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="unit" noStyle>
              <Segmented
                options={[
                  { value: "workday", label: t("calendar.unit.workday") },
                  { value: "day", label: t("calendar.unit.day") },
                ]}
              />
            </Form.Item>
          </div>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={compute.isPending} block>
          {t("calendar.compute")}
        </Button>
      </Form>
      <ProblemAlert error={compute.error} className="section-gap" />
      {r && (
        <Descriptions
          className="section-gap"
          size="small"
          bordered
          column={1}
          items={[
            { key: "result", label: t("calendar.result"), children: <strong>{dated(r.result)}</strong> },
            { key: "end", label: t("calendar.periodEnd"), children: dated(r.periodEnd) },
            { key: "from", label: t("calendar.fromIsWorkingDay"), children: r.fromIsWorkingDay ? t("common.yes") : t("common.no") },
          ]}
        />
      )}
    </Card>
  );
}
