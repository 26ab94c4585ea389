import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Switch } from "antd";
import type { Dayjs } from "dayjs";
import { api } from "../../api/client.ts";
import { RESTRICTED_ACTIONS, type RestrictedAction, type SupervisionAlert } from "../../api/supervision.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { applyProblem } from "../../lib/form-problem.ts";

interface CloseValues {
  result: string;
  withCredit?: boolean;
  subjectUscc?: string;
  kind?: "violation" | "blacklist";
  reason?: string;
  documentNo?: string;
  restrictedActions?: RestrictedAction[];
  endsAt?: Dayjs | null;
}

/** 办结: the handling result and, optionally, a credit record about one of the alert's subjects. */
export function CloseAlertModal({ alert, onClose }: { alert: SupervisionAlert; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CloseValues>();
  const withCredit = Form.useWatch("withCredit", form);
  const close = useMutation({
    mutationFn: (v: CloseValues) =>
      api.post(`/api/v1/supervision/alerts/${alert.id}/close`, {
        result: v.result,
        ...(v.withCredit
          ? {
              credit: {
                subjectUscc: v.subjectUscc,
                kind: v.kind,
                reason: v.reason,
                documentNo: v.documentNo,
                restrictedActions: v.restrictedActions ?? [],
                ...(v.endsAt ? { endsAt: v.endsAt.endOf("day").toISOString() } : {}),
              },
            }
          : {}),
      }),
    onSuccess: async () => {
      message.success(t("supervision.closed"));
      await queryClient.invalidateQueries({ queryKey: ["supervision"] });
      onClose();
    },
    onError: (error) =>
      applyProblem(form, error, {
        "credit.subjectUscc": "subjectUscc",
        "credit.kind": "kind",
        "credit.reason": "reason",
        "credit.documentNo": "documentNo",
        "credit.restrictedActions": "restrictedActions",
        "credit.endsAt": "endsAt",
      }),
  });
  const required = [{ required: true, message: t("supervision.required") }];

  return (
    <Modal
      open
      title={t("supervision.close.title")}
      okText={t("supervision.close")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={close.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={close.error} className="form-alert" />
      <Form
        form={form}
        name="close"
        layout="vertical"
        initialValues={{ kind: "blacklist", restrictedActions: ["register", "bid"], subjectUscc: alert.subjects[0] }}
        onFinish={(v) => close.mutate(v)}
      >
        <Form.Item name="result" label={t("supervision.handlingResult")} rules={required}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="withCredit" label={t("supervision.close.withCredit")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {withCredit && (
          <>
            <Form.Item name="subjectUscc" label={t("supervision.credit.subject")} rules={required}>
              <Select options={alert.subjects.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
            <Form.Item name="kind" label={t("supervision.credit.kind")} rules={required}>
              <Radio.Group options={(["violation", "blacklist"] as const).map((k) => ({ value: k, label: t(`supervision.credit.kind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="reason" label={t("supervision.credit.reason")} rules={required}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="documentNo" label={t("supervision.credit.documentNo")} rules={required}>
              <Input />
            </Form.Item>
            <Form.Item name="restrictedActions" label={t("supervision.credit.restrictedActions")}>
              <Checkbox.Group options={RESTRICTED_ACTIONS.map((a) => ({ value: a, label: t(`supervision.action.${a}`) }))} />
            </Form.Item>
            <Form.Item name="endsAt" label={t("supervision.credit.endsAt")}>
              <DatePicker />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
