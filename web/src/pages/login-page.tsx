import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { useAuth } from "../auth.tsx";
import { ProblemAlert } from "../components/problem-alert.tsx";
import { useI18n } from "../i18n.ts";

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const next = params.get("next")?.startsWith("/") ? (params.get("next") as string) : "/workspace";
  if (user) return <Navigate to={next} replace />;

  const submit = async (values: LoginForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(values.username.trim(), values.password);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-wrap">
      <Card className="login-card">
        <Typography.Title level={3}>{t("login.title")}</Typography.Title>
        <Typography.Paragraph type="secondary">{t("login.subtitle")}</Typography.Paragraph>
        <ProblemAlert error={error} className="form-alert" />
        <Form<LoginForm> layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t("login.username")} rules={[{ required: true, message: t("login.usernameRequired") }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t("login.password")} rules={[{ required: true, message: t("login.passwordRequired") }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("login.submit")}
          </Button>
        </Form>
        <div className="login-links">
          <span>{t("login.noAccount")}</span> <Link to="/register">{t("nav.register")}</Link>
        </div>
        <Alert className="login-cert" type="info" showIcon title={t("login.certificateNote")} />
      </Card>
    </div>
  );
}
