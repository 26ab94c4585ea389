import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Card, Collapse, Descriptions, Empty, Skeleton, Tabs, Tag } from "antd";
import { Link, useParams } from "react-router";
import { api } from "../../api/client.ts";
import { useDepartmentNames, usePlatformNames } from "../../api/queries.ts";
import { isOpened, type TenderProject, type TenderSection, useNotices, useOpeningRecord } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { AwardPanel, evaluatedStatus } from "./award-panel.tsx";
import { DownloadLogTable } from "./download-log-table.tsx";
import { PrequalOwnerPanel } from "./prequal-owner-panel.tsx";
import { PublishNoticeForm } from "./publish-notice-form.tsx";
import { QaPanel } from "./qa-panel.tsx";
import { SectionBidders } from "./section-bidders.tsx";
import { TenderDocuments } from "./tender-documents.tsx";
import { OpeningRecordView, SectionStatusTag, useMoney } from "./tender-parts.tsx";

/**
 * A tender project: its data-spec ids and, per section, the notice to publish, then the report,
 * the candidates, the award and the contract. The trading centre, the supervising department and
 * the inspector see it read-only, with the bidders, the opening record, the report and the result.
 */
export function ProjectPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const platformName = usePlatformNames();
  const departmentName = useDepartmentNames();
  const money = useMoney();
  const { user } = useAuth();
  const oversight = user?.role === "centre_staff" || user?.role === "supervisor" || user?.role === "inspector";
  const project = useQuery({ queryKey: ["tender-project", id], queryFn: () => api.get<TenderProject>(`/api/v1/tender-projects/${id}`) });

  if (project.error) return <ProblemAlert error={project.error} />;
  if (!project.data) return <Skeleton active />;
  const p = project.data;
  const published = () => {
    void queryClient.invalidateQueries({ queryKey: ["tender-project", id] });
    void queryClient.invalidateQueries({ queryKey: ["tender-notices"] });
  };

  return (
    <>
      <PageTitle
        title={p.name}
        description={oversight ? t("oversight.projectSubtitle") : t("tender.project.pageSubtitle")}
        extra={p.compulsory ? <Tag color="red">{t("tender.project.compulsory")}</Tag> : <Tag>{t("tender.project.notCompulsory")}</Tag>}
      />
      <Card title={t("tender.project.ids")} size="small" className="section-gap">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "pc", label: t("tender.projectCode"), children: <span className="mono">{p.projectCode}</span> },
            { key: "tpc", label: t("tender.tenderProjectCode"), children: <span className="mono">{p.tenderProjectCode}</span> },
            { key: "platform", label: t("tender.platform"), children: platformName(p.platformCode) },
            { key: "dept", label: t("tender.project.department"), children: departmentName(p.departmentCode) },
            { key: "kind", label: t("tender.project.kind"), children: t(`tender.kind.${p.kind}`) },
            { key: "method", label: t("tender.project.method"), children: t(`tender.method.${p.method}`) },
            { key: "estimate", label: t("tender.project.estimate"), children: money(p.estimateFen) },
          ]}
        />
      </Card>
      {p.sections.map((s) => (
        <SectionCard key={s.id} section={s} onPublished={published} oversight={oversight} />
      ))}
    </>
  );
}

function SectionCard({ section: s, onPublished, oversight }: { section: TenderSection; onPublished: () => void; oversight: boolean }) {
  const { t } = useI18n();
  const money = useMoney();
  const notices = useNotices();
  const notice = notices.data?.find((n) => n.sectionId === s.id);
  return (
    <Card
      size="small"
      className="section-gap section-card"
      title={
        <span>
          {s.name} <SectionStatusTag status={s.status} />
        </span>
      }
      extra={s.status !== "draft" && <Link to={`/notices/${s.id}`}>{t("tender.notice.view")}</Link>}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: "code", label: t("tender.sectionCode"), children: <span className="mono">{s.sectionCode}</span> },
          { key: "deal", label: t("tender.unifiedDealCode"), children: <span className="mono">{s.unifiedDealCode}</span> },
          { key: "classify", label: t("tender.project.classifyCode"), children: <span className="mono">{s.classifyCode}</span> },
          { key: "estimate", label: t("tender.project.sectionEstimate"), children: money(s.estimateFen) },
          { key: "bond", label: t("tender.project.bond"), children: money(s.bondFen) },
          ...(notice
            ? [
                { key: "sale", label: t("tender.docSale"), children: `${formatDateTime(notice.docSaleStart)} — ${formatDateTime(notice.docSaleEnd)}` },
                { key: "deadline", label: t("tender.bidDeadlineOpening"), children: formatDateTime(notice.bidDeadline) },
              ]
            : []),
        ]}
      />
      {s.status === "draft" && !oversight && (
        <>
          <div className="subsection-title">{t("tender.docs.title")}</div>
          <TenderDocuments sectionId={s.id} canUpload />
        </>
      )}
      {s.status !== "draft" && !oversight && (
        <Collapse
          className="section-gap"
          size="small"
          defaultActiveKey={s.status === "announced" ? ["qa"] : []}
          items={[
            { key: "documents", label: t("tender.docs.title"), children: <TenderDocuments sectionId={s.id} /> },
            { key: "qa", label: t("tender.qa.title"), children: <QaPanel sectionId={s.id} mode="owner" canAnswer={s.status === "announced"} /> },
          ]}
        />
      )}
      {s.status === "draft" && !oversight && (
        <>
          <div className="subsection-title">{t("tender.notice.publishTitle")}</div>
          <PublishNoticeForm sectionId={s.id} onPublished={onPublished} />
        </>
      )}
      <PrequalOwnerPanel sectionId={s.id} mode={oversight ? "oversight" : "owner"} canPublish={s.status === "draft"} onChanged={onPublished} />
      {oversight && s.status !== "draft" && <OversightTabs section={s} />}
      {!oversight && evaluatedStatus(s.status) && <AwardPanel sectionId={s.id} status={s.status} editable />}
    </Card>
  );
}

/** What the centre, the supervisor and the inspector follow of a section: bidders, opening record, report and result. */
function OversightTabs({ section: s }: { section: TenderSection }) {
  const { t } = useI18n();
  const opened = isOpened(s.status);
  const record = useOpeningRecord(s.id, opened);
  return (
    <Tabs
      className="section-gap"
      size="small"
      defaultActiveKey={evaluatedStatus(s.status) ? "award" : "bidders"}
      items={[
        { key: "bidders", label: t("oversight.bidders"), children: <SectionBidders sectionId={s.id} /> },
        {
          key: "record",
          label: t("tender.record.title"),
          children: record.data ? (
            <OpeningRecordView record={record.data} />
          ) : opened ? (
            <ProblemAlert error={record.error} />
          ) : (
            <Empty description={t("tender.record.notYet")} />
          ),
        },
        { key: "award", label: t("oversight.award"), children: <AwardPanel sectionId={s.id} status={s.status} editable={false} /> },
        {
          key: "downloads",
          label: t("tender.downloads.title"),
          children: (
            <>
              <TenderDocuments sectionId={s.id} />
              <div className="subsection-title">{t("tender.downloads.title")}</div>
              <DownloadLogTable sectionId={s.id} />
            </>
          ),
        },
        { key: "qa", label: t("tender.qa.title"), children: <QaPanel sectionId={s.id} mode="oversight" /> },
      ]}
    />
  );
}
