import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Switch, TreeSelect } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError, api } from "../../api/client.ts";
import { usePlatforms } from "../../api/queries.ts";
import type { Platform, Subject } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { useI18n } from "../../i18n.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { usccHint } from "../../lib/uscc-hint.ts";
import { FormSection, SubjectProfileFields } from "../subject/subject-fields.tsx";
import { PROFILE_FIELD_ALIAS, type ProfileFormValues, profileFromForm } from "../subject/subject-form-values.ts";
import { AccountFields, type FirstAccount } from "./account-fields.tsx";

type RegisterValues = ProfileFormValues & { uscc: string; platformCode?: string; withAccount: boolean; account?: FirstAccount };

/** 主体注册: once per installation, recognised on every platform (一处注册、处处通用). */
export function RegisterPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const platforms = usePlatforms();
  const [form] = Form.useForm<RegisterValues>();
  const withAccount = Form.useWatch("withAccount", form);
  const [problem, setProblem] = useState<string>();
  const [existing, setExisting] = useState<number>();
  const [busy, setBusy] = useState(false);

  const submit = async (values: RegisterValues) => {
    setBusy(true);
    setProblem(undefined);
    setExisting(undefined);
    try {
      const body = {
        uscc: values.uscc.trim(),
        ...profileFromForm(values),
        platformCode: values.platformCode,
        account: values.withAccount ? values.account : undefined,
      };
      const subject = await api.post<Subject>("/api/v1/subjects", body);
      message.success(t("register.done", { name: subject.name }));
      navigate(`/subjects/${subject.id}`);
    } catch (error) {
      setProblem(applyProblem(form, error, PROFILE_FIELD_ALIAS));
      if (error instanceof ApiError && error.code === "SUBJECT_EXISTS" && typeof error.extra.subjectId === "number") setExisting(error.extra.subjectId);
      // The server's message replaces the typing hint on the code field.
      if (form.getFieldError("uscc").length) form.setFields([{ name: "uscc", warnings: [] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow-page">
      <PageTitle title={t("register.title")} description={t("register.subtitle")} />
      <Alert className="page-alert" type="info" showIcon title={t("register.notice")} />
      <Card>
        <Form<RegisterValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          scrollToFirstError
          initialValues={{
            subjectType: "legal_person",
            registeredCapitalUnit: "wan",
            registeredCapitalCurrency: "CNY",
            roles: [],
            withAccount: false,
            platformCode: user?.platformCode,
          }}
        >
          {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
          <FormSection title={t("register.section.code")} />
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="uscc"
                label={t("subject.uscc")}
                normalize={(v: string) => v.toUpperCase()}
                extra={existing ? <Link to={`/subjects/${existing}`}>{t("register.viewExisting")}</Link> : t("register.usccExtra")}
                rules={[
                  { required: true, whitespace: true, message: t("register.usccRequired") },
                  {
                    warningOnly: true,
                    validator: (_, value?: string) => {
                      const hint = value ? usccHint(value) : undefined;
                      return hint ? Promise.reject(new Error(t(`register.usccHint.${hint}`))) : Promise.resolve();
                    },
                  },
                ]}
              >
                <Input maxLength={18} className="mono" placeholder="91330100MA2H01009P" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="platformCode" label={t("register.platform")} tooltip={t("register.platformTip")}>
                <TreeSelect treeData={platformTree(platforms.data ?? [])} treeDefaultExpandAll allowClear placeholder={t("register.platformDefault")} />
              </Form.Item>
            </Col>
          </Row>
          <SubjectProfileFields />
          <FormSection title={t("register.section.account")} />
          <Form.Item name="withAccount" valuePropName="checked" extra={t("register.withAccountExtra")}>
            <Switch checkedChildren={t("register.withAccount")} unCheckedChildren={t("register.withoutAccount")} />
          </Form.Item>
          {withAccount && <AccountFields />}
          <Space className="form-actions">
            <Button type="primary" htmlType="submit" loading={busy} size="large">
              {t("register.submit")}
            </Button>
            <Button size="large" onClick={() => form.resetFields()}>
              {t("common.reset")}
            </Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}

interface PlatformOption {
  value: string;
  title: string;
  children: PlatformOption[];
}

function platformTree(platforms: Platform[]): PlatformOption[] {
  const node = (p: Platform): PlatformOption => ({ value: p.code, title: p.name, children: platforms.filter((c) => c.parentCode === p.code).map(node) });
  return platforms.filter((p) => p.parentCode === null).map(node);
}
