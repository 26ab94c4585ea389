import { useQuery } from "@tanstack/react-query";
import { Card, Space, Statistic, Table, Tag } from "antd";
import { api } from "../../api/client.ts";
import { useDepartmentNames } from "../../api/queries.ts";
import type { CreditRecord, RestrictedAction, SubjectCredit } from "../../api/supervision.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDate } from "../../lib/format.ts";

const RATING_COLOR = { A: "green", B: "blue", C: "gold", D: "red" } as const;

/** 信用评价: the public rating (A–D) and the records the viewer may see. */
export function SubjectCreditCard({ subjectId }: { subjectId: number }) {
  const { t } = useI18n();
  const departmentName = useDepartmentNames();
  const credit = useQuery({ queryKey: ["subject-credit", subjectId], queryFn: () => api.get<SubjectCredit>(`/api/v1/subjects/${subjectId}/credit`) });
  const data = credit.data;

  return (
    <Card className="subject-credit" title={t("credit.title")}>
      <ProblemAlert error={credit.error} className="form-alert" />
      {data && (
        <>
          <Space size={48} className="credit-summary">
            <Statistic
              title={t("credit.rating")}
              valueRender={() => (
                <Tag color={RATING_COLOR[data.rating]} className="credit-rating">
                  {data.rating}
                </Tag>
              )}
            />
            <Statistic title={t("credit.score")} value={data.score} />
          </Space>
          <Table<CreditRecord>
            rowKey="id"
            size="small"
            className="credit-records"
            dataSource={data.records}
            pagination={false}
            locale={{ emptyText: t("credit.none") }}
            columns={[
              { title: t("supervision.credit.kind"), dataIndex: "kind", render: (k: CreditRecord["kind"]) => t(`supervision.credit.kind.${k}`) },
              { title: t("supervision.credit.documentNo"), dataIndex: "documentNo" },
              { title: t("supervision.credit.reason"), dataIndex: "reason" },
              { title: t("tender.project.department"), dataIndex: "departmentCode", render: departmentName },
              {
                title: t("supervision.credit.restrictedActions"),
                dataIndex: "restrictedActions",
                render: (v: RestrictedAction[]) => v.map((a) => <Tag key={a}>{t(`supervision.action.${a}`)}</Tag>),
              },
              {
                title: t("credit.period"),
                key: "period",
                render: (_, r) => (
                  <span className="nowrap">
                    {formatDate(r.startsAt ?? r.decidedAt)} ~ {r.endsAt ? formatDate(r.endsAt) : t("credit.unlimited")}
                  </span>
                ),
              },
              {
                key: "inForce",
                render: (_, r) => <Tag color={r.inForce ? "red" : "default"}>{r.inForce ? t("credit.inForce") : t("credit.notInForce")}</Tag>,
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
