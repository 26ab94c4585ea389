import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Space } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { Subject } from "../../api/types.ts";
import { FormModal } from "../../components/form-modal.tsx";
import { useI18n } from "../../i18n.ts";
import { subjectKey } from "./subject-keys.ts";

type Decision = "verified" | "rejected";

/** 核验 by the trading centre: verify or reject a registration against the business licence. */
export function VerifyButtons({ subject }: { subject: Subject }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<Decision>();

  const decide = async ({ note }: { note?: string }) => {
    const next = await api.post<Subject>(`/api/v1/subjects/${subject.id}/verification`, { decision, note: note?.trim() || undefined });
    queryClient.setQueryData(subjectKey(subject.id), next);
    message.success(t(decision === "verified" ? "verify.doneVerified" : "verify.doneRejected"));
  };

  return (
    <>
      <Space>
        <Button type="primary" icon={<CheckOutlined />} disabled={subject.verification === "verified"} onClick={() => setDecision("verified")}>
          {t("verify.verify")}
        </Button>
        <Button danger icon={<CloseOutlined />} disabled={subject.verification === "rejected"} onClick={() => setDecision("rejected")}>
          {t("verify.reject")}
        </Button>
      </Space>
      <FormModal<{ note?: string }>
        name="verification"
        title={t(decision === "rejected" ? "verify.rejectTitle" : "verify.verifyTitle", { name: subject.name })}
        open={decision !== undefined}
        onClose={() => setDecision(undefined)}
        onSubmit={decide}
        okText={t(decision === "rejected" ? "verify.reject" : "verify.verify")}
      >
        <Form.Item
          name="note"
          label={t("verify.note")}
          rules={decision === "rejected" ? [{ required: true, whitespace: true, message: t("verify.noteRequired") }] : []}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t("verify.notePlaceholder")} />
        </Form.Item>
      </FormModal>
    </>
  );
}
