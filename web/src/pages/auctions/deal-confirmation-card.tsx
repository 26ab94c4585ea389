import { CheckCircleOutlined, CloseCircleOutlined, FileProtectOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Space, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { ApiError, api, tokenStore } from "../../api/client.ts";
import { useAuth } from "../../auth.tsx";
import { FormModal } from "../../components/form-modal.tsx";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { getLang, useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import {
  acknowledgeDealConfirmation,
  dealConfirmationHtmlPath,
  dealConfirmationStatusKey,
  issueDealConfirmation,
  recordDealApproval,
  useDealConfirmationStatus,
} from "./auction-api.ts";

type Text = { zh: string; en: string };
const TEXT = {
  title: { zh: "成交确认书", en: "Deal confirmation" },
  notIssued: { zh: "尚未出具", en: "Not issued yet" },
  issued: { zh: "已出具", en: "Issued" },
  valid: { zh: "平台 SM2 签名有效", en: "Platform SM2 signature valid" },
  invalid: { zh: "签名验证失败", en: "Signature does not verify" },
  open: { zh: "查看/打印成交确认书", en: "View / print" },
  issue: { zh: "出具成交确认书", en: "Issue the deal confirmation" },
  approve: { zh: "记录批准", en: "Record the approval" },
  approvalNeeded: {
    zh: "成交价低于评估值90%，须先记录转让行为批准单位的书面同意",
    en: "Below 90% of the appraisal: record the approving body's consent first",
  },
  approvalRecorded: { zh: "已记录批准", en: "Approval recorded" },
  acknowledge: { zh: "签收", en: "Acknowledge" },
  buyerSigned: { zh: "竞得人（受让方）签收", en: "Buyer acknowledged" },
  sellerSigned: { zh: "出让方（转让方）签收", en: "Seller acknowledged" },
  documentNo: { zh: "确认书编号", en: "Document no." },
  issuedAt: { zh: "出具时间", en: "Issued at" },
  pending: { zh: "未签收", en: "Not yet" },
  approvingBody: { zh: "转让行为批准单位", en: "Approving body" },
  approvalNo: { zh: "批准文号", en: "Document number" },
  approvedOn: { zh: "批准日期", en: "Approved on" },
  note: { zh: "备注", en: "Note" },
  done: { zh: "已完成", en: "Done" },
} satisfies Record<string, Text>;

interface ApprovalForm {
  approvingBody: string;
  documentNo: string;
  approvedOn: Dayjs;
  note?: string;
}

/** Opens the printable rendering: the bearer token cannot ride on a plain link, hence fetch and a blob URL. */
async function openPrintable(lotId: number) {
  const headers: Record<string, string> = { "accept-language": getLang() === "en" ? "en" : "zh-CN" };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  const view = window.open("", "_blank");
  const response = await fetch(dealConfirmationHtmlPath(lotId), { headers });
  if (!response.ok) {
    view?.close();
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; title?: string };
    throw new ApiError(response.status, problem.code ?? "HTTP_ERROR", problem.detail ?? problem.title ?? response.statusText);
  }
  const url = URL.createObjectURL(new Blob([await response.text()], { type: "text/html;charset=utf-8" }));
  if (view) view.location.href = url;
  else window.location.assign(url);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * 成交确认书 of a sold lot: the public sees whether it was issued and whether the platform's signature verifies;
 * the parties and the authorities open the printable document; the centre issues it (after recording the approval a
 * deal below 90% of the appraisal needs); the buyer and the seller 签收 it.
 */
export function DealConfirmationCard({ lotId, centre = false }: { lotId: number; centre?: boolean }) {
  const { lang } = useI18n();
  const tr = (t: Text) => (lang === "en" ? t.en : t.zh);
  const { user } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const status = useDealConfirmationStatus(lotId);
  const [approving, setApproving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const s = status.data;
  const reader = user !== null && ["bidder", "tenderer", "centre_staff", "supervisor", "inspector"].includes(user.role);
  // A party learns it is one by being allowed to read the document (the server decides; no names in the public status).
  const mine = useQuery({
    queryKey: [...dealConfirmationStatusKey(lotId), "mine", user?.username],
    queryFn: () => api.get<{ documentNo: string }>(`/api/v1/auction-lots/${lotId}/deal-confirmation`),
    enabled: reader && s?.issued === true,
    retry: false,
  });
  if (s?.outcome !== "sold") return null;

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      message.success(tr(TEXT.done));
      await queryClient.invalidateQueries({ queryKey: dealConfirmationStatusKey(lotId) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const isParty = mine.isSuccess && (user?.role === "bidder" || user?.role === "tenderer");
  const mySignature = user?.role === "bidder" ? s.buyerSignedAt : s.sellerSignedAt;

  return (
    <Card
      size="small"
      className="section-gap deal-confirmation"
      title={
        <Space>
          <FileProtectOutlined />
          {tr(TEXT.title)}
          {s.issued ? <Tag color="green">{tr(TEXT.issued)}</Tag> : <Tag>{tr(TEXT.notIssued)}</Tag>}
          {s.issued &&
            (s.signatureValid ? (
              <Tag icon={<CheckCircleOutlined />} color="success" className="deal-confirmation-valid">
                {tr(TEXT.valid)}
              </Tag>
            ) : (
              <Tag icon={<CloseCircleOutlined />} color="error">
                {tr(TEXT.invalid)}
              </Tag>
            ))}
        </Space>
      }
      extra={
        <Space wrap>
          {s.issued && mine.isSuccess && (
            <Button size="small" onClick={() => run(() => openPrintable(lotId))}>
              {tr(TEXT.open)}
            </Button>
          )}
          {centre && user?.role === "centre_staff" && s.needsApproval && !s.approvalRecorded && (
            <Button size="small" onClick={() => setApproving(true)}>
              {tr(TEXT.approve)}
            </Button>
          )}
          {centre && user?.role === "centre_staff" && !s.issued && (
            <Button
              size="small"
              type="primary"
              loading={busy}
              disabled={s.needsApproval && !s.approvalRecorded}
              onClick={() => run(() => issueDealConfirmation(lotId))}
            >
              {tr(TEXT.issue)}
            </Button>
          )}
          {s.issued && isParty && mySignature === null && (
            <Button size="small" type="primary" loading={busy} onClick={() => run(() => acknowledgeDealConfirmation(lotId))}>
              {tr(TEXT.acknowledge)}
            </Button>
          )}
        </Space>
      }
    >
      <ProblemAlert error={error ?? status.error} className="form-alert" />
      {s.needsApproval && <p className="muted">{s.approvalRecorded ? tr(TEXT.approvalRecorded) : tr(TEXT.approvalNeeded)}</p>}
      {s.issued && (
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={tr(TEXT.documentNo)}>
            <span className="mono">{s.documentNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label={tr(TEXT.issuedAt)}>{s.issuedAt ? formatDateTime(s.issuedAt) : "—"}</Descriptions.Item>
          <Descriptions.Item label="SHA-256">
            <HashText value={s.sha256} />
          </Descriptions.Item>
          <Descriptions.Item label="SM3">
            <HashText value={s.sm3} />
          </Descriptions.Item>
          <Descriptions.Item label={tr(TEXT.buyerSigned)}>{s.buyerSignedAt ? formatDateTime(s.buyerSignedAt) : tr(TEXT.pending)}</Descriptions.Item>
          <Descriptions.Item label={tr(TEXT.sellerSigned)}>{s.sellerSignedAt ? formatDateTime(s.sellerSignedAt) : tr(TEXT.pending)}</Descriptions.Item>
        </Descriptions>
      )}
      <FormModal<ApprovalForm>
        name="deal-approval"
        title={tr(TEXT.approve)}
        open={approving}
        onClose={() => setApproving(false)}
        onSubmit={async (values) => {
          await recordDealApproval(lotId, {
            approvingBody: values.approvingBody,
            documentNo: values.documentNo,
            approvedOn: values.approvedOn.format("YYYY-MM-DD"),
            note: values.note || undefined,
          });
          await queryClient.invalidateQueries({ queryKey: dealConfirmationStatusKey(lotId) });
        }}
      >
        <Form.Item name="approvingBody" label={tr(TEXT.approvingBody)} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="documentNo" label={tr(TEXT.approvalNo)} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="approvedOn" label={tr(TEXT.approvedOn)} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={tr(TEXT.note)}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
