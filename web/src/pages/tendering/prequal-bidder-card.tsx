import { CheckCircleFilled } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Skeleton } from "antd";
import { type ReactNode, useState } from "react";
import { api } from "../../api/client.ts";
import { useServerOffset } from "../../api/queries.ts";
import { useSection } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { type MyPrequal, PrequalResultTag, PrequalSchedule, usePrequalNotice } from "./prequal-parts.tsx";

/**
 * 资格预审 for a bidder: apply while the notice is open, then its own result (and the reasons of a
 * failure) once the results are notified. Nothing when the section has no pre-qualification.
 */
export function PrequalBidderCard({ sectionId }: { sectionId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const offset = useServerOffset();
  const notice = usePrequalNotice(sectionId);
  const [statement, setStatement] = useState("");
  const [busy, setBusy] = useState(false);
  const mine = useQuery({
    queryKey: ["prequal-mine", sectionId, user?.username],
    enabled: notice.data !== undefined && notice.data !== null,
    queryFn: () => api.get<MyPrequal>(`/api/v1/sections/${sectionId}/prequalification/my-application`),
  });

  if (notice.error) return <ProblemAlert error={notice.error} />;
  if (notice.isLoading) return <Skeleton active />;
  const n = notice.data;
  if (!n) return null;
  if (mine.error) return <ProblemAlert error={mine.error} />;
  const me = mine.data;
  const now = Date.now() + (offset.data ?? 0);
  const notYet = now < new Date(n.docSaleStart).getTime();
  const closed = now > new Date(n.applicationDeadline).getTime() || n.status !== "open";

  const apply = async () => {
    setBusy(true);
    try {
      await api.post(`/api/v1/sections/${sectionId}/prequalification/applications`, statement.trim() ? { statement: statement.trim() } : {});
      message.success(t("tender.pq.applied"));
      await mine.refetch();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" className="section-gap prequal-card" title={t("tender.pq.title")}>
      <PrequalSchedule notice={n} />
      {!me ? (
        <Skeleton active />
      ) : me.applied ? (
        <div className="section-gap">
          <span className="ok">
            <CheckCircleFilled /> {t("tender.pq.applied")} · {formatDateTime(me.appliedAt)}
          </span>
          {n.status === "open" ? (
            <div className="muted">{t("tender.pq.waiting")}</div>
          ) : (
            <div className="section-gap">
              <PrequalResultTag result={me.result} />{" "}
              {me.result === "passed" ? t("tender.pq.passedNote") : me.result === "failed" ? t("tender.pq.failedNote") : null}
              {me.reasons.length > 0 && <Alert className="form-alert" type="error" showIcon title={me.reasons.join("；")} />}
            </div>
          )}
        </div>
      ) : notYet ? (
        <span className="muted">{t("tender.pq.notYet")}</span>
      ) : closed ? (
        <span className="muted">{t("tender.pq.closed")}</span>
      ) : (
        <Form layout="vertical" className="section-gap" onFinish={apply}>
          <Form.Item label={t("tender.pq.statement")}>
            <Input.TextArea rows={3} maxLength={20_000} value={statement} onChange={(e) => setStatement(e.target.value)} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("tender.pq.apply")}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/**
 * A section whose tender notice is not out yet: while it is in pre-qualification, the bidder page shows
 * the section and the pre-qualification card; otherwise `fallback`.
 */
export function PrequalBidderPage({ sectionId, fallback }: { sectionId: number; fallback: ReactNode }) {
  const { t } = useI18n();
  const notice = usePrequalNotice(sectionId);
  const section = useSection(sectionId);
  if (notice.isLoading) return <Skeleton active />;
  if (!notice.data) return <>{fallback}</>;
  return (
    <>
      <PageTitle
        title={section.data?.projectName ?? t("tender.pq.title")}
        description={section.data ? t("tender.pq.sectionTitle", { name: `${section.data.name} · ${section.data.sectionCode}` }) : undefined}
      />
      <PrequalBidderCard sectionId={sectionId} />
    </>
  );
}
