import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Descriptions, Form, Input, Modal, Radio, Space, Switch, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { useDepartmentNames } from "../../api/queries.ts";
import { CREDIT_FIELD_ERRORS, CreditRecordFields, type CreditValues, creditPayload } from "../../components/credit-record-fields.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { formatDateTime } from "../../lib/format.ts";
import { type Complaint, type ComplaintStatus, pendingDue } from "../complaints/complaints-api.ts";

const STATUS_COLOR: Record<ComplaintStatus, string> = { submitted: "orange", accepted: "blue", rejected: "default", decided: "green" };

export function ComplaintStatusTag({ value }: { value: ComplaintStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[value]} className={`complaint-status complaint-status-${value}`}>
      {t(`complaint.status.${value}`)}
    </Tag>
  );
}

/** A statutory due date (Beijing civil date) with its late / overdue flag. */
export function DueDate({ due, late, overdue }: { due: string | null; late?: boolean | null; overdue?: boolean }) {
  const { t } = useI18n();
  if (!due) return <span className="muted">—</span>;
  return (
    <span className="nowrap">
      {due}{" "}
      {late === true && (
        <Tag color="red" className="complaint-late">
          {t("complaint.late")}
        </Tag>
      )}
      {late !== true && overdue === true && (
        <Tag color="red" className="complaint-overdue">
          {t("complaint.overdue")}
        </Tag>
      )}
    </span>
  );
}

/** The pending step's due date (acceptance or decision), flagged when today in Beijing is past it. */
export function PendingDue({ complaint, today }: { complaint: Complaint; today: string }) {
  const { t } = useI18n();
  const pending = pendingDue(complaint, today);
  if (!pending) return <span className="muted">—</span>;
  return (
    <span>
      <span className="muted">{t(pending.step === "acceptance" ? "complaint.acceptanceDue" : "complaint.decisionDue")}</span>
      <br />
      <DueDate due={pending.due} overdue={pending.overdue} />
    </span>
  );
}

/** The complaint's facts, its deadlines and its decisions; the supervising department's actions when it may act. */
export function ComplaintDetail({ complaint: c, canHandle, today }: { complaint: Complaint; canHandle: boolean; today: string }) {
  const { t } = useI18n();
  const departmentName = useDepartmentNames();
  const [acting, setActing] = useState<"acceptance" | "decision">();
  const pending = pendingDue(c, today);
  return (
    <div className="complaint-detail">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t("complaint.status")}>
          <ComplaintStatusTag value={c.status} />
          {c.suspendsSection && <Tag color="volcano">{t("complaint.suspends")}</Tag>}
          {c.regime === "procurement" && <Tag color="purple">{t("complaint.regime.procurement")}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t("complaint.projectSection")}>
          <Link to={`/tender/projects/${c.projectId}`}>{c.projectName}</Link> · {c.sectionName}
          <br />
          <span className="muted mono">{c.sectionCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("tender.project.department")}>{departmentName(c.departmentCode)}</Descriptions.Item>
        <Descriptions.Item label={t("complaint.matter")}>{t(`complaint.matter.${c.matter}`)}</Descriptions.Item>
        {c.objectionId !== null && <Descriptions.Item label={t("complaint.objection")}>#{c.objectionId}</Descriptions.Item>}
        {c.challengeId !== null && <Descriptions.Item label={t("complaint.challenge")}>#{c.challengeId}</Descriptions.Item>}
        <Descriptions.Item label={t("complaint.complainant")}>
          {c.complainantName} <span className="muted mono">{c.complainantUscc}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("complaint.respondent")}>
          {c.respondentName} <span className="muted mono">{c.respondentUscc}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("complaint.content")}>
          <span className="pre-wrap">{c.content}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("complaint.basis")}>
          <span className="pre-wrap">{c.basis}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("complaint.knownAt")}>{formatDateTime(c.knownAt)}</Descriptions.Item>
        <Descriptions.Item label={t("complaint.submittedAt")}>
          {formatDateTime(c.submittedAt)}{" "}
          <span className="muted">
            （{t("complaint.deadline")} {c.deadline}）
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("complaint.acceptanceDue")}>
          <DueDate due={c.acceptanceDue} late={c.acceptanceLate} overdue={pending?.step === "acceptance" && pending.overdue} />
        </Descriptions.Item>
        {c.acceptanceDecidedAt && <Descriptions.Item label={t("complaint.acceptanceDecidedAt")}>{formatDateTime(c.acceptanceDecidedAt)}</Descriptions.Item>}
        {c.acceptanceNote && <Descriptions.Item label={t("complaint.acceptanceNote")}>{c.acceptanceNote}</Descriptions.Item>}
        {c.decisionDue && (
          <Descriptions.Item label={t("complaint.decisionDue")}>
            <DueDate due={c.decisionDue} late={c.decisionLate} overdue={pending?.step === "decision" && pending.overdue} />
          </Descriptions.Item>
        )}
        {c.decision && (
          <Descriptions.Item label={t("complaint.decision")}>
            <Tag color={c.decision === "upheld" ? "red" : "default"}>{t(`complaint.decision.${c.decision}`)}</Tag>
            {c.decidedAt && <span className="muted">{formatDateTime(c.decidedAt)}</span>}
            <div className="pre-wrap">{c.decisionText}</div>
          </Descriptions.Item>
        )}
        {c.reversal && <Descriptions.Item label={t("complaint.reversal")}>{t(`complaint.reversal.${c.reversal}`)}</Descriptions.Item>}
        {c.creditRecordId !== null && <Descriptions.Item label={t("complaint.creditRecord")}>#{c.creditRecordId}</Descriptions.Item>}
        {c.flags.length > 0 && (
          <Descriptions.Item label={t("complaint.flags")}>
            {c.flags.map((f) => (
              <div key={f.rule}>
                <span className="mono">{f.rule}</span> · {f.basis} · {f.latest}
              </div>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
      {canHandle && (c.status === "submitted" || c.status === "accepted") && (
        <Space className="complaint-actions" style={{ marginTop: 16 }}>
          {c.status === "submitted" && (
            <Button type="primary" className="complaint-acceptance" onClick={() => setActing("acceptance")}>
              {t("complaint.accept.title")}
            </Button>
          )}
          {c.status === "accepted" && (
            <Button type="primary" className="complaint-decide" onClick={() => setActing("decision")}>
              {t("complaint.decide")}
            </Button>
          )}
        </Space>
      )}
      {acting === "acceptance" && <AcceptanceModal complaint={c} onClose={() => setActing(undefined)} />}
      {acting === "decision" && <DecisionModal complaint={c} onClose={() => setActing(undefined)} />}
    </div>
  );
}

/** 受理 / 不予受理, with a note. */
function AcceptanceModal({ complaint, onClose }: { complaint: Complaint; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ accept: boolean; note?: string }>();
  const decide = useMutation({
    mutationFn: (v: { accept: boolean; note?: string }) =>
      api.post<Complaint>(`/api/v1/complaints/${complaint.id}/acceptance`, { accept: v.accept, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }),
    onSuccess: async (_, v) => {
      message.success(t(v.accept ? "complaint.accepted" : "complaint.refused"));
      await queryClient.invalidateQueries({ queryKey: ["complaints"] });
      onClose();
    },
    onError: (error) => applyProblem(form, error, {}),
  });
  return (
    <Modal
      open
      title={t("complaint.accept.title")}
      okText={t("common.submit")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={decide.error} className="form-alert" />
      <Form form={form} name="complaint-acceptance" layout="vertical" initialValues={{ accept: true }} onFinish={(v) => decide.mutate(v)}>
        <Form.Item name="accept" label={t("complaint.accept.title")}>
          <Radio.Group
            options={[
              { value: true, label: t("complaint.accept") },
              { value: false, label: t("complaint.refuse") },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t("complaint.acceptanceNote")}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DecisionValues extends CreditValues {
  decision: "upheld" | "dismissed";
  text: string;
  reversal?: "none" | "cancel_award";
}

/** 处理决定: upheld or dismissed, the decision text, the reversal (upheld only) and a credit record (respondent if upheld, complainant if dismissed). */
function DecisionModal({ complaint, onClose }: { complaint: Complaint; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch("decision", form) ?? "upheld";
  const withCredit = Form.useWatch("withCredit", form);
  const target =
    decision === "upheld"
      ? { name: complaint.respondentName, uscc: complaint.respondentUscc }
      : { name: complaint.complainantName, uscc: complaint.complainantUscc };
  const decide = useMutation({
    mutationFn: (v: DecisionValues) =>
      api.post<Complaint>(`/api/v1/complaints/${complaint.id}/decision`, {
        decision: v.decision,
        text: v.text,
        ...(v.decision === "upheld" && v.reversal === "cancel_award" ? { reversal: "cancel_award" } : {}),
        ...creditPayload(v, target.uscc),
      }),
    onSuccess: async () => {
      message.success(t("complaint.decided"));
      await queryClient.invalidateQueries({ queryKey: ["complaints"] });
      onClose();
    },
    onError: (error) => applyProblem(form, error, CREDIT_FIELD_ERRORS),
  });
  const required = [{ required: true, message: t("common.required") }];
  return (
    <Modal
      open
      width={640}
      title={t("complaint.decide")}
      okText={t("complaint.decide")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={decide.error} className="form-alert" />
      <Form
        form={form}
        name="complaint-decision"
        layout="vertical"
        initialValues={{ decision: "upheld", reversal: "none", kind: "violation", restrictedActions: ["bid"] }}
        onFinish={(v) => decide.mutate(v)}
      >
        <Form.Item name="decision" label={t("complaint.decision")} rules={required}>
          <Radio.Group
            options={(["upheld", "dismissed"] as const).map((d) => ({ value: d, label: t(`complaint.decision.${d}`) }))}
            onChange={(e) => e.target.value === "dismissed" && form.setFieldValue("reversal", "none")}
          />
        </Form.Item>
        <Form.Item name="text" label={t("complaint.decisionText")} rules={required}>
          <Input.TextArea rows={4} maxLength={20_000} />
        </Form.Item>
        <Form.Item name="reversal" label={t("complaint.reversal")} extra={t("complaint.reversal.hint")}>
          <Radio.Group
            disabled={decision !== "upheld"}
            options={(["none", "cancel_award"] as const).map((r) => ({ value: r, label: t(`complaint.reversal.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="withCredit" label={t("complaint.withCredit")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {withCredit && (
          <CreditRecordFields
            subject={
              <Alert
                className="form-alert"
                type="info"
                showIcon
                title={`${t(decision === "upheld" ? "complaint.credit.hint.upheld" : "complaint.credit.hint.dismissed")}：${target.name}（${target.uscc}）`}
              />
            }
          />
        )}
      </Form>
    </Modal>
  );
}
