import { Checkbox, DatePicker, Form, Input, Radio } from "antd";
import type { Dayjs } from "dayjs";
import type { ReactNode } from "react";
import { RESTRICTED_ACTIONS, type RestrictedAction } from "../api/supervision.ts";
import { useI18n } from "../i18n.ts";

/** The form values of a credit record (sets 300–306) written with a supervisory decision. */
export interface CreditValues {
  withCredit?: boolean;
  subjectUscc?: string;
  kind?: "violation" | "blacklist";
  reason?: string;
  documentNo?: string;
  restrictedActions?: RestrictedAction[];
  endsAt?: Dayjs | null;
}

/** The `credit` part of a request body (none when the switch is off); the restriction ends at the end of the chosen day. */
export function creditPayload(v: CreditValues, subjectUscc = v.subjectUscc) {
  if (!v.withCredit) return {};
  return {
    credit: {
      subjectUscc,
      kind: v.kind,
      reason: v.reason,
      documentNo: v.documentNo,
      restrictedActions: v.restrictedActions ?? [],
      ...(v.endsAt ? { endsAt: v.endsAt.endOf("day").toISOString() } : {}),
    },
  };
}

/** Where the server's field errors of the `credit` part go in the form. */
export const CREDIT_FIELD_ERRORS: Record<string, keyof CreditValues> = {
  "credit.subjectUscc": "subjectUscc",
  "credit.kind": "kind",
  "credit.reason": "reason",
  "credit.documentNo": "documentNo",
  "credit.restrictedActions": "restrictedActions",
  "credit.endsAt": "endsAt",
};

/** The credit record's fields; `subject` is the field that names the subject (or a note naming it), if any. */
export function CreditRecordFields({ subject }: { subject?: ReactNode }) {
  const { t } = useI18n();
  const required = [{ required: true, message: t("supervision.required") }];
  return (
    <>
      {subject}
      <Form.Item name="kind" label={t("supervision.credit.kind")} rules={required}>
        <Radio.Group options={(["violation", "blacklist"] as const).map((k) => ({ value: k, label: t(`supervision.credit.kind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t("supervision.credit.reason")} rules={required}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="documentNo" label={t("supervision.credit.documentNo")} rules={required}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="restrictedActions" label={t("supervision.credit.restrictedActions")}>
        <Checkbox.Group options={RESTRICTED_ACTIONS.map((a) => ({ value: a, label: t(`supervision.action.${a}`) }))} />
      </Form.Item>
      <Form.Item name="endsAt" label={t("supervision.credit.endsAt")}>
        <DatePicker />
      </Form.Item>
    </>
  );
}
