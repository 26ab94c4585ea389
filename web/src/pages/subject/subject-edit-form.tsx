import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Form, Space } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import type { Subject } from "../../api/types.ts";
import { useI18n } from "../../i18n.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { SubjectProfileFields } from "./subject-fields.tsx";
import { formFromProfile, PROFILE_FIELD_ALIAS, type ProfileFormValues, profileFromForm, profilePatch } from "./subject-form-values.ts";
import { subjectKey } from "./subject-keys.ts";

/** 信息变更: sends only the changed fields with the version it was based on (optimistic locking). */
export function SubjectEditForm({ subject }: { subject: Subject }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProfileFormValues>();
  const [problem, setProblem] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (values: ProfileFormValues) => {
    const before = profileFromForm(formFromProfile(subject));
    const after = profileFromForm(values);
    const patch = profilePatch(before, after);
    if (Object.keys(patch).length === 0) {
      message.info(t("subject.edit.nothing"));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const next = await api.patch<Subject>(`/api/v1/subjects/${subject.id}`, { version: subject.version, ...patch });
      queryClient.setQueryData(subjectKey(subject.id), next);
      void queryClient.invalidateQueries({ queryKey: [...subjectKey(subject.id), "history"] });
      void queryClient.invalidateQueries({ queryKey: ["subjects"] });
      message.success(t("subject.edit.saved", { n: next.version }));
    } catch (error) {
      setConflict(error instanceof ApiError && error.code === "VERSION_CONFLICT");
      setProblem(applyProblem(form, error, PROFILE_FIELD_ALIAS));
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    setConflict(false);
    setProblem(undefined);
    await queryClient.invalidateQueries({ queryKey: subjectKey(subject.id) });
  };

  return (
    <Form<ProfileFormValues>
      key={subject.version}
      form={form}
      name="edit"
      layout="vertical"
      initialValues={formFromProfile(subject)}
      onFinish={submit}
      scrollToFirstError
    >
      <Alert className="form-alert" type="info" showIcon title={t("subject.edit.notice", { n: subject.version })} />
      {problem && (
        <Alert
          className="form-alert"
          type="error"
          showIcon
          title={problem}
          action={
            conflict && (
              <Button size="small" onClick={reload}>
                {t("subject.edit.reload")}
              </Button>
            )
          }
        />
      )}
      <SubjectProfileFields />
      <Space className="form-actions">
        <Button type="primary" htmlType="submit" loading={busy}>
          {t("subject.edit.submit")}
        </Button>
        <Button onClick={() => form.resetFields()}>{t("common.reset")}</Button>
      </Space>
    </Form>
  );
}
