import { useQuery } from "@tanstack/react-query";
import { Descriptions, Tag } from "antd";
import { ApiError, api } from "../../api/client.ts";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";

export type PrequalStatus = "open" | "notified" | "failed";

/** A 资格预审公告 as everyone sees it (GET /api/v1/sections/:id/prequalification). */
export interface PrequalNotice {
  sectionId: number;
  platformCode: string;
  status: PrequalStatus;
  docSaleStart: string;
  docSaleEnd: string;
  applicationDeadline: string;
  publishedAt: string;
  notifiedAt: string | null;
}

export interface PrequalApplication {
  id: number;
  uscc: string;
  name: string;
  appliedAt: string;
  ip?: string;
  statement: string | null;
  result: "passed" | "failed" | null;
  reasons: string[];
  reviewedAt: string | null;
}

export type MyPrequal =
  | { applied: false; prequalification: PrequalStatus | null }
  | {
      applied: true;
      prequalification: PrequalStatus | null;
      applicationId: number;
      appliedAt: string;
      statement: string | null;
      result: "passed" | "failed" | null;
      reasons: string[];
    };

/** The section's pre-qualification notice; `null` when the section has none (404). */
export function usePrequalNotice(sectionId: number) {
  return useQuery({
    queryKey: ["prequal-notice", sectionId],
    retry: false,
    queryFn: async (): Promise<PrequalNotice | null> => {
      try {
        return await api.get<PrequalNotice>(`/api/v1/sections/${sectionId}/prequalification`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

const STATUS_COLOR: Record<PrequalStatus, string> = { open: "blue", notified: "green", failed: "red" };

export function PrequalStatusTag({ status }: { status: PrequalStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`tender.pq.status.${status}`)}</Tag>;
}

export function PrequalResultTag({ result }: { result: "passed" | "failed" | null }) {
  const { t } = useI18n();
  if (result === null) return <Tag>{t("tender.pq.unreviewed")}</Tag>;
  return <Tag color={result === "passed" ? "green" : "red"}>{t(result === "passed" ? "tender.pq.passed" : "tender.pq.failed")}</Tag>;
}

/** The schedule of a 资格预审公告. */
export function PrequalSchedule({ notice }: { notice: PrequalNotice }) {
  const { t } = useI18n();
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 3 }}
      items={[
        { key: "status", label: t("common.status"), children: <PrequalStatusTag status={notice.status} /> },
        { key: "sale", label: t("tender.pq.docSale"), children: `${formatDateTime(notice.docSaleStart)} — ${formatDateTime(notice.docSaleEnd)}` },
        { key: "deadline", label: t("tender.pq.deadline"), children: formatDateTime(notice.applicationDeadline) },
      ]}
    />
  );
}
