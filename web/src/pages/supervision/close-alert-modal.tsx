import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal, Select, Switch } from "antd";
import { api } from "../../api/client.ts";
import type { SupervisionAlert } from "../../api/supervision.ts";
import { CREDIT_FIELD_ERRORS, CreditRecordFields, type CreditValues, creditPayload } from "../../components/credit-record-fields.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { applyProblem } from "../../lib/form-problem.ts";

interface CloseValues extends CreditValues {
  result: string;
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
        ...creditPayload(v),
      }),
    onSuccess: async () => {
      message.success(t("supervision.closed"));
      await queryClient.invalidateQueries({ queryKey: ["supervision"] });
      onClose();
    },
    onError: (error) => applyProblem(form, error, CREDIT_FIELD_ERRORS),
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
          <CreditRecordFields
            subject={
              <Form.Item name="subjectUscc" label={t("supervision.credit.subject")} rules={required}>
                <Select options={alert.subjects.map((s) => ({ value: s, label: s }))} />
              </Form.Item>
            }
          />
        )}
      </Form>
    </Modal>
  );
}
