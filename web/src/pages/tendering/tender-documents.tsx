import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { App, Button, Table, Upload } from "antd";
import { useState } from "react";
import { ApiError, api, tokenStore } from "../../api/client.ts";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { getLang, useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";

export interface TenderDocument {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  sm3: string;
  clarificationId: number | null;
  uploadedAt: string;
}

/** The platform keeps files of at most 20 MB (the API's limit). */
const MAX_BYTES = 20 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Downloads a tender document through the logged endpoint (the platform records account, subject, time,
 * IP and hash) and saves it under its name. The bearer token cannot ride on a plain link, hence fetch.
 */
export async function downloadTenderDocument(doc: Pick<TenderDocument, "id" | "fileName">): Promise<void> {
  const headers: Record<string, string> = { "accept-language": getLang() === "en" ? "en" : "zh-CN" };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`/api/v1/tender-documents/${doc.id}/content`, { headers });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; title?: string };
    throw new ApiError(response.status, problem.code ?? "HTTP_ERROR", problem.detail ?? problem.title ?? response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = doc.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * 招标文件: the files of a section with their SHA-256 and SM3. Registered bidders download them (each
 * download is logged); the tenderer (or its agency) puts them on the platform before the notice.
 */
export function TenderDocuments({ sectionId, canUpload = false }: { sectionId: number; canUpload?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<number | "upload">();
  const documents = useQuery({
    queryKey: ["tender-documents", sectionId],
    retry: false,
    queryFn: () => api.get<{ items: TenderDocument[] }>(`/api/v1/sections/${sectionId}/documents`).then((r) => r.items),
  });

  const download = async (doc: TenderDocument) => {
    setBusy(doc.id);
    try {
      await downloadTenderDocument(doc);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  const upload = async (file: File) => {
    if (file.size > MAX_BYTES) {
      message.error(t("tender.docs.tooLarge"));
      return;
    }
    setBusy("upload");
    try {
      const contentBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      await api.post(`/api/v1/sections/${sectionId}/documents`, { fileName: file.name, mediaType: file.type || undefined, contentBase64 });
      message.success(t("tender.docs.uploaded", { name: file.name }));
      await documents.refetch();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  if (documents.error) return <ProblemAlert error={documents.error} />;
  return (
    <div className="tender-documents">
      <Table<TenderDocument>
        rowKey="id"
        size="small"
        pagination={false}
        loading={documents.isLoading}
        dataSource={documents.data}
        locale={{ emptyText: t("tender.docs.none") }}
        columns={[
          { title: t("tender.docs.file"), dataIndex: "fileName" },
          { title: t("tender.receipt.size"), dataIndex: "size", render: (v: number) => t("tender.receipt.bytes", { n: v.toLocaleString("en-US") }) },
          { title: "SHA-256", dataIndex: "sha256", render: (v: string) => <HashText value={v} width={140} /> },
          { title: "SM3", dataIndex: "sm3", render: (v: string) => <HashText value={v} width={140} /> },
          {
            title: t("tender.docs.uploadedAt"),
            dataIndex: "uploadedAt",
            render: (v: string, d) => (
              <span>
                {formatDateTime(v)}
                {d.clarificationId !== null && <span className="muted"> · {t("tender.docs.withClarification")}</span>}
              </span>
            ),
          },
          {
            title: "",
            key: "download",
            width: 96,
            render: (_, d) => (
              <Button size="small" icon={<DownloadOutlined />} loading={busy === d.id} onClick={() => void download(d)}>
                {t("tender.docs.download")}
              </Button>
            ),
          },
        ]}
      />
      <div className="muted section-gap">{canUpload ? t("tender.docs.uploadNote") : t("tender.docs.logNote")}</div>
      {canUpload && (
        <Upload
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy === "upload"} className="section-gap">
            {t("tender.docs.upload")}
          </Button>
        </Upload>
      )}
    </div>
  );
}
