import { CheckCircleOutlined, CloseCircleOutlined, FileProtectOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Space, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { ApiError, api, tokenStore } from "../../api/client.ts";
import { useAuth } from "../../auth.tsx";
import { FormModal } from "../../components/form-modal.tsx";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { getLang, type MessageKey, useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import {
  acknowledgeDealConfirmation,
  dealConfirmationHtmlPath,
  dealConfirmationStatusKey,
  issueDealConfirmation,
  recordDealApproval,
  useDealConfirmationStatus,
  verifyDealConfirmation,
} from "./auction-api.ts";

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
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const status = useDealConfirmationStatus(lotId);
  const [approving, setApproving] = useState(false);
  const [busy, setBusy] = useState<"issue" | "acknowledge" | "open" | "verify">();
  const [error, setError] = useState<unknown>();
  const [verification, setVerification] = useState<{ valid: boolean; documentNo?: string }>();
  const s = status.data;
  const reader = user !== null && ["bidder", "tenderer", "centre_staff", "supervisor", "inspector"].includes(user.role);
  // A party learns it is one by being allowed to read the document (the server decides; no names in the public status).
  const mine = useQuery({
    queryKey: [...dealConfirmationStatusKey(lotId), "mine", user?.username],
    queryFn: () => api.get<{ documentNo: string }>(`/api/v1/auction-lots/${lotId}/deal-confirmation`),
    enabled: reader && s?.issued === true,
    retry: false,
  });
  if (s?.outcome !== "sold") return <ProblemAlert error={status.error} className="section-gap" />;

  const run = async (kind: NonNullable<typeof busy>, work: () => Promise<unknown>, done?: MessageKey) => {
    setBusy(kind);
    setError(undefined);
    try {
      await work();
      if (done) message.success(t(done));
      await queryClient.invalidateQueries({ queryKey: dealConfirmationStatusKey(lotId) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  const verify = async (sha256: string) => {
    setBusy("verify");
    setError(undefined);
    try {
      const r = await verifyDealConfirmation(sha256);
      setVerification({ valid: r.valid, documentNo: r.documentNo });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  const isCentre = centre && user?.role === "centre_staff";
  const isParty = mine.isSuccess && (user?.role === "bidder" || user?.role === "tenderer");
  const mySignature = user?.role === "bidder" ? s.buyerSignedAt : s.sellerSignedAt;

  return (
    <Card
      size="small"
      className="section-gap deal-confirmation"
      title={
        <Space wrap>
          <FileProtectOutlined />
          {t("auction.deal.title")}
          {s.issued ? <Tag color="green">{t("auction.deal.issued")}</Tag> : <Tag>{t("auction.deal.notIssued")}</Tag>}
          {s.issued &&
            (s.signatureValid ? (
              <Tag icon={<CheckCircleOutlined />} color="success" className="deal-confirmation-valid">
                {t("auction.deal.valid")}
              </Tag>
            ) : (
              <Tag icon={<CloseCircleOutlined />} color="error">
                {t("auction.deal.invalid")}
              </Tag>
            ))}
        </Space>
      }
      extra={
        <Space wrap>
          {s.issued && mine.isSuccess && (
            <Button size="small" loading={busy === "open"} onClick={() => run("open", () => openPrintable(lotId))}>
              {t("auction.deal.open")}
            </Button>
          )}
          {s.issued && s.sha256 && (
            <Button size="small" loading={busy === "verify"} onClick={() => verify(s.sha256 as string)}>
              {t("auction.deal.verify")}
            </Button>
          )}
          {isCentre && s.needsApproval && !s.approvalRecorded && (
            <Button size="small" onClick={() => setApproving(true)}>
              {t("auction.deal.approve")}
            </Button>
          )}
          {isCentre && !s.issued && (
            <Button
              size="small"
              type="primary"
              loading={busy === "issue"}
              disabled={s.needsApproval && !s.approvalRecorded}
              onClick={() => run("issue", () => issueDealConfirmation(lotId), "auction.deal.issuedDone")}
            >
              {t("auction.deal.issue")}
            </Button>
          )}
          {s.issued && isParty && mySignature === null && (
            <Button
              size="small"
              type="primary"
              loading={busy === "acknowledge"}
              onClick={() => run("acknowledge", () => acknowledgeDealConfirmation(lotId), "auction.deal.acknowledgedDone")}
            >
              {t("auction.deal.acknowledge")}
            </Button>
          )}
        </Space>
      }
    >
      <ProblemAlert error={error ?? status.error} className="form-alert" />
      {verification && (
        <Alert
          className="form-alert deal-verification"
          type={verification.valid ? "success" : "error"}
          showIcon
          title={verification.valid ? t("auction.deal.verified", { no: verification.documentNo ?? "" }) : t("auction.deal.notVerified")}
        />
      )}
      {s.needsApproval && (
        <p className="muted deal-approval-state">{t(s.approvalRecorded ? "auction.deal.approvalRecorded" : "auction.deal.approvalNeeded")}</p>
      )}
      {s.issued ? (
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t("auction.deal.documentNo")}>
            <span className="mono">{s.documentNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("auction.deal.issuedAt")}>{s.issuedAt ? formatDateTime(s.issuedAt) : "—"}</Descriptions.Item>
          <Descriptions.Item label="SHA-256">
            <HashText value={s.sha256} />
          </Descriptions.Item>
          <Descriptions.Item label="SM3">
            <HashText value={s.sm3} />
          </Descriptions.Item>
          <Descriptions.Item label={t("auction.deal.buyerSigned")}>
            <span className="deal-buyer-signed">{s.buyerSignedAt ? formatDateTime(s.buyerSignedAt) : t("auction.deal.pending")}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("auction.deal.sellerSigned")}>
            <span className="deal-seller-signed">{s.sellerSignedAt ? formatDateTime(s.sellerSignedAt) : t("auction.deal.pending")}</span>
          </Descriptions.Item>
        </Descriptions>
      ) : (
        !s.needsApproval && <p className="muted">{t("auction.deal.notIssued")}</p>
      )}
      <FormModal<ApprovalForm>
        name="deal-approval"
        title={t("auction.deal.approve")}
        open={approving}
        onClose={() => setApproving(false)}
        onSubmit={async (values) => {
          await recordDealApproval(lotId, {
            approvingBody: values.approvingBody.trim(),
            documentNo: values.documentNo.trim(),
            approvedOn: values.approvedOn.format("YYYY-MM-DD"),
            note: values.note?.trim() || undefined,
          });
          message.success(t("auction.deal.approvedDone"));
          await queryClient.invalidateQueries({ queryKey: dealConfirmationStatusKey(lotId) });
        }}
      >
        <Form.Item name="approvingBody" label={t("auction.deal.approvingBody")} rules={[{ required: true, whitespace: true, min: 2 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="documentNo" label={t("auction.deal.approvalNo")} rules={[{ required: true, whitespace: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="approvedOn" label={t("auction.deal.approvedOn")} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={t("auction.deal.note")}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
