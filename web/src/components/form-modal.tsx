import { Alert, Form, Modal } from "antd";
import { type ReactNode, useState } from "react";
import { useI18n } from "../i18n.ts";
import { applyProblem } from "../lib/form-problem.ts";

interface FormModalProps<T> {
  /** Prefixes the field ids, which must stay unique in the page. */
  name: string;
  title: ReactNode;
  open: boolean;
  onClose: () => void;
  /** Sends the values; a rejected ApiError lands on the form's fields. */
  onSubmit: (values: T) => Promise<unknown>;
  children: ReactNode;
  initialValues?: Partial<T>;
  okText?: string;
  width?: number;
}

/** A dialog holding one form: validates, submits, shows the server's field errors, closes on success. */
export function FormModal<T extends object>({ name, title, open, onClose, onSubmit, children, initialValues, okText, width = 560 }: FormModalProps<T>) {
  const { t } = useI18n();
  const [form] = Form.useForm<T>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show what is wrong
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await onSubmit(values);
      onClose();
    } catch (error) {
      setProblem(applyProblem(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      width={width}
      onCancel={onClose}
      onOk={submit}
      okText={okText ?? t("common.submit")}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setProblem(undefined)}
    >
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Form form={form} name={name} layout="vertical" initialValues={initialValues} preserve={false} onFinish={submit}>
        {children}
      </Form>
    </Modal>
  );
}
