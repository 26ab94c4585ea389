import { useQuery } from "@tanstack/react-query";
import { Button, Card, Table, Tag } from "antd";
import { useNavigate } from "react-router";
import { ApiError, api } from "../../api/client.ts";
import type { EvaluationWorkspace } from "../../api/evaluation.ts";
import { isOpened, type TenderNotice, useNotices } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { SectionStatusTag } from "../tendering/tender-parts.tsx";

interface MySection {
  notice: TenderNotice;
  workspace: EvaluationWorkspace;
}

/**
 * 我的评标: the sections whose committee this expert sits on. The API has no list of them: every
 * opened section's workspace is asked for, and those that refuse (not a member) are left out.
 */
export function ExpertSectionsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const notices = useNotices();
  const opened = (notices.data ?? []).filter((n) => isOpened(n.status));
  const mine = useQuery({
    queryKey: ["my-evaluations", user?.username, opened.map((n) => `${n.sectionId}:${n.status}`).join(",")],
    enabled: notices.data !== undefined,
    queryFn: async () => {
      const found = await Promise.all(
        opened.map(async (notice): Promise<MySection | undefined> => {
          try {
            return { notice, workspace: await api.get<EvaluationWorkspace>(`/api/v1/sections/${notice.sectionId}/evaluation`) };
          } catch (error) {
            if (error instanceof ApiError && (error.code === "FORBIDDEN_SCOPE" || error.status === 404)) return undefined;
            throw error;
          }
        }),
      );
      return found.filter((s): s is MySection => s !== undefined);
    },
  });

  return (
    <>
      <PageTitle title={t("evaluation.listTitle")} description={t("evaluation.listSubtitle")} />
      <Card>
        <ProblemAlert error={notices.error ?? mine.error} className="form-alert" />
        <Table<MySection>
          rowKey={(s) => s.notice.sectionId}
          size="middle"
          loading={notices.isLoading || mine.isLoading}
          dataSource={mine.data}
          pagination={false}
          locale={{ emptyText: t("evaluation.none") }}
          columns={[
            {
              title: t("tender.notice.project"),
              key: "name",
              render: (_, s) => (
                <span>
                  {s.notice.projectName}
                  <br />
                  <span className="muted">{s.notice.sectionName}</span>
                </span>
              ),
            },
            { title: t("tender.sectionCode"), key: "code", render: (_, s) => <span className="mono">{s.notice.sectionCode}</span> },
            { title: t("common.status"), key: "status", render: (_, s) => <SectionStatusTag status={s.notice.status} /> },
            {
              title: t("evaluation.progress"),
              key: "progress",
              render: (_, s) => t("evaluation.reviewedOf", { n: s.workspace.myReviews.length, of: s.workspace.bids.length }),
            },
            {
              title: t("evaluation.report"),
              key: "report",
              render: (_, s) =>
                !s.workspace.report ? (
                  <span className="muted">{t("evaluation.noReport")}</span>
                ) : s.workspace.report.completed ? (
                  <Tag color="green">{t("evaluation.reportComplete")}</Tag>
                ) : (
                  <Tag color="orange">{t("evaluation.signedOf", { n: s.workspace.report.signatures, of: s.workspace.committeeSize })}</Tag>
                ),
            },
            {
              title: t("common.actions"),
              key: "actions",
              render: (_, s) => (
                <Button size="small" type="primary" onClick={() => navigate(`/expert/sections/${s.notice.sectionId}`)}>
                  {t("evaluation.enter")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
