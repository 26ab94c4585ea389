import { Button, Card, Descriptions, Empty, Result, Skeleton } from "antd";
import { Link, useNavigate, useParams } from "react-router";
import { useSectionResult } from "../../api/evaluation.ts";
import { usePlatformNames } from "../../api/queries.ts";
import { isOpened, useNotice, useOpeningRecord, useSection } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { QaPanel } from "./qa-panel.tsx";
import { ResultView } from "./result-view.tsx";
import { OpeningRecordView, SectionStatusTag } from "./tender-parts.tsx";

/** 招标公告详情; once the opening is closed its public 开标记录 (唱标); then the candidate publicity and the result. */
export function NoticeDetailPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const sectionId = Number(useParams().sectionId);
  const platformName = usePlatformNames();
  const notice = useNotice(sectionId);
  const published = isOpened(notice.data?.status);
  const record = useOpeningRecord(sectionId, published);
  const section = useSection(sectionId);
  const status = notice.data?.status;
  const result = useSectionResult(sectionId, status === "publicity" || status === "awarded" || status === "contracted");
  const drawId = section.data?.expertDrawId;

  if (notice.error) return <ProblemAlert error={notice.error} />;
  if (notice.isLoading) return <Skeleton active />;
  const n = notice.data;
  if (!n) return <Result status="404" title={t("tender.notice.missing")} />;

  return (
    <>
      <PageTitle
        title={n.projectName}
        description={n.sectionName}
        extra={
          user?.role === "bidder" ? (
            <Button type="primary" onClick={() => navigate(`/bidder/sections/${sectionId}`)}>
              {t("tender.toBid")}
            </Button>
          ) : user?.role === "expert_extractor" ? (
            <Button type="primary" onClick={() => navigate(`/experts/extraction/${sectionId}`)}>
              {t("draw.enter")}
            </Button>
          ) : user?.role === "centre_staff" ? (
            <Button type="primary" onClick={() => navigate(`/centre/opening/${sectionId}`)}>
              {t("tender.hall.enter")}
            </Button>
          ) : undefined
        }
      />
      <Card title={t("tender.notice.title")} size="small" className="section-gap">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "status", label: t("common.status"), children: <SectionStatusTag status={n.status} /> },
            { key: "platform", label: t("tender.platform"), children: platformName(n.platformCode) },
            { key: "section", label: t("tender.sectionCode"), children: <span className="mono">{n.sectionCode}</span> },
            { key: "deal", label: t("tender.unifiedDealCode"), children: <span className="mono">{n.unifiedDealCode}</span> },
            { key: "published", label: t("tender.publishedAt"), children: formatDateTime(n.publishedAt) },
            { key: "sale", label: t("tender.docSale"), children: `${formatDateTime(n.docSaleStart)} — ${formatDateTime(n.docSaleEnd)}` },
            { key: "deadline", label: t("tender.bidDeadlineOpening"), children: <strong>{formatDateTime(n.bidDeadline)}</strong> },
            ...(drawId
              ? [{ key: "draw", label: t("draw.verifyTitle"), children: <Link to={`/expert-draws/${drawId}`}>{t("draw.record", { id: drawId })}</Link> }]
              : []),
          ]}
        />
      </Card>
      {result.data && (
        <Card title={result.data.winner ? t("award.resultTitle") : t("award.publicityTitle")} size="small" className="section-gap public-result">
          <ResultView result={result.data} />
        </Card>
      )}
      {user?.role === "bidder" && n.status !== "draft" && (
        <Card title={t("tender.qa.title")} size="small" className="section-gap">
          <QaPanel sectionId={sectionId} mode="bidder" readOnly />
        </Card>
      )}
      <Card title={t("tender.record.title")} size="small" className="section-gap">
        {published ? (
          record.data ? (
            <OpeningRecordView record={record.data} />
          ) : (
            <>
              <ProblemAlert error={record.error} />
              {record.isLoading && <Skeleton active />}
            </>
          )
        ) : (
          <Empty description={n.status === "failed" ? t("tender.record.failed") : t("tender.record.notYet")} />
        )}
      </Card>
    </>
  );
}
