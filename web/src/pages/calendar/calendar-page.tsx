import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, Popconfirm, Row, Space, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { CalendarDay } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { DayEditor } from "./day-editor.tsx";
import { HolidaySummary } from "./holiday-summary.tsx";
import { PeriodCalculator } from "./period-calculator.tsx";
import { weekdayOf } from "./weekday.ts";

/** 工作日历: statutory holidays and make-up working days, which every 工作日 deadline goes by. */
export function CalendarPage() {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const days = useQuery({
    queryKey: ["calendar", year],
    queryFn: () => api.get<{ year: number; items: CalendarDay[] }>("/api/v1/calendar/days", { year }).then((r) => r.items),
  });
  const canEdit = hasRole("centre_staff", "sysadmin");
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["calendar"] });

  const clear = async (day: string) => {
    try {
      await api.delete(`/api/v1/calendar/days/${day}`);
      message.success(t("calendar.cleared", { day }));
      await refresh();
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <>
      <PageTitle
        title={t("calendar.title")}
        description={t("calendar.subtitle")}
        extra={
          <Space.Compact>
            <Button icon={<LeftOutlined />} onClick={() => setYear(year - 1)} aria-label={String(year - 1)} />
            <Button className="year-button">{t("calendar.year", { year })}</Button>
            <Button icon={<RightOutlined />} onClick={() => setYear(year + 1)} aria-label={String(year + 1)} />
          </Space.Compact>
        }
      />
      <ProblemAlert error={days.error} className="page-alert" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t("calendar.summary", { year })} size="small">
            <HolidaySummary days={days.data ?? []} loading={days.isLoading} />
          </Card>
          <Card title={t("calendar.allDays")} size="small" className="section-gap">
            <Table<CalendarDay>
              rowKey="day"
              size="small"
              loading={days.isLoading}
              dataSource={days.data}
              pagination={{ pageSize: 15, showSizeChanger: false }}
              locale={{ emptyText: t("calendar.empty", { year }) }}
              columns={[
                { title: t("calendar.day"), dataIndex: "day", width: 120, render: (v: string) => <span className="mono">{v}</span> },
                { title: t("calendar.weekday"), dataIndex: "day", key: "weekday", width: 80, render: (v: string) => weekdayOf(v, lang) },
                {
                  title: t("calendar.kind"),
                  dataIndex: "kind",
                  width: 110,
                  render: (k: CalendarDay["kind"]) => <Tag color={k === "holiday" ? "red" : "blue"}>{t(`calendar.kind.${k}`)}</Tag>,
                },
                { title: t("calendar.name"), dataIndex: "name" },
                { title: t("calendar.source"), dataIndex: "source", width: 130, render: (s: CalendarDay["source"]) => t(`calendar.source.${s}`) },
                ...(canEdit
                  ? [
                      {
                        title: t("common.actions"),
                        key: "actions",
                        width: 100,
                        render: (_: unknown, d: CalendarDay) => (
                          <Popconfirm title={t("calendar.clearConfirm", { day: d.day })} onConfirm={() => clear(d.day)}>
                            <Button type="link" size="small" danger>
                              {t("calendar.clear")}
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <div className="stack">
            <PeriodCalculator />
            {canEdit && <DayEditor onSaved={refresh} />}
          </div>
        </Col>
      </Row>
    </>
  );
}
