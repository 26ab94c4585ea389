import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { useDepartmentNames, usePlatformNames } from "../api/queries.ts";
import type { Items, SessionRow } from "../api/types.ts";
import { useAuth } from "../auth.tsx";
import { PageTitle } from "../components/page-title.tsx";
import { ProblemAlert } from "../components/problem-alert.tsx";
import { useI18n } from "../i18n.ts";
import { applyProblem } from "../lib/form-problem.ts";
import { formatDateTime } from "../lib/format.ts";

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 我的账户: who I am, where I am signed in, and my password. */
export function MePage() {
  const { t, pick } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const platformName = usePlatformNames();
  const departmentName = useDepartmentNames();
  const [form] = Form.useForm<PasswordValues>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const sessions = useQuery({ queryKey: ["me", "sessions"], queryFn: () => api.get<Items<SessionRow>>("/api/v1/auth/sessions").then((r) => r.items) });
  const endSession = useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/v1/auth/sessions/${id}`),
    onSuccess: () => message.success(t("me.session.ended")),
    onError: (error) => message.error(error.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["me", "sessions"] }),
  });
  if (!user) return null;

  const changePassword = async (v: PasswordValues) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post("/api/v1/auth/password", { currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      message.success(t("me.passwordChanged"));
      await queryClient.invalidateQueries({ queryKey: ["me", "sessions"] });
    } catch (error) {
      setProblem(applyProblem(form, error));
    } finally {
      setBusy(false);
    }
  };

  const sessionState = (s: SessionRow) => {
    if (s.current) return <Tag color="blue">{t("me.session.current")}</Tag>;
    if (s.active) return <Tag color="green">{t("me.session.active")}</Tag>;
    return <Tag>{t(s.revokedAt ? "me.session.revoked" : "me.session.expired")}</Tag>;
  };

  const sessionAction = (s: SessionRow) =>
    s.active &&
    !s.current && (
      <Popconfirm title={t("me.session.endConfirm")} onConfirm={() => endSession.mutate(s.id)} okText={t("me.session.end")}>
        <Button size="small" danger loading={endSession.isPending && endSession.variables === s.id}>
          {t("me.session.end")}
        </Button>
      </Popconfirm>
    );

  return (
    <>
      <PageTitle title={t("nav.me")} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t("me.account")} size="small">
            <Descriptions
              bordered
              size="small"
              column={1}
              items={[
                { key: "username", label: t("account.username"), children: <span className="mono">{user.username}</span> },
                { key: "name", label: t("account.displayName"), children: user.displayName },
                { key: "role", label: t("account.role"), children: pick(user.roleName) },
                { key: "platform", label: t("account.platform"), children: platformName(user.platformCode) },
                ...(user.subjectId
                  ? [
                      {
                        key: "subject",
                        label: t("account.subject"),
                        children: (
                          <Link to={`/subjects/${user.subjectId}`}>
                            {user.subjectName}（{user.subjectUscc}）
                          </Link>
                        ),
                      },
                    ]
                  : []),
                ...(user.departmentCode ? [{ key: "dept", label: t("account.department"), children: departmentName(user.departmentCode) }] : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t("me.changePassword")} size="small">
            <Alert className="form-alert" type="info" showIcon title={t("me.passwordNotice")} />
            {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
            <Form<PasswordValues> form={form} layout="vertical" onFinish={changePassword}>
              <Form.Item name="currentPassword" label={t("me.currentPassword")} rules={[{ required: true, message: t("common.required") }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t("me.newPassword")}
                extra={t("account.passwordRule")}
                rules={[{ required: true, message: t("common.required") }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t("me.confirmPassword")}
                dependencies={["newPassword"]}
                rules={[
                  { required: true, message: t("common.required") },
                  ({ getFieldValue }) => ({
                    validator: (_, value) =>
                      !value || value === getFieldValue("newPassword") ? Promise.resolve() : Promise.reject(new Error(t("me.passwordMismatch"))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t("me.changePassword")}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("me.sessions")} size="small">
            <ProblemAlert error={sessions.error} />
            <Table<SessionRow>
              rowKey="id"
              size="small"
              loading={sessions.isLoading}
              rowClassName={(s) => (s.current ? "current-session" : "")}
              dataSource={sessions.data}
              pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
              columns={[
                { title: t("me.session.method"), dataIndex: "method", width: 90, render: (m: SessionRow["method"]) => t(`me.method.${m}`) },
                { title: t("me.session.createdAt"), dataIndex: "createdAt", width: 170, render: (v: string) => formatDateTime(v) },
                { title: t("me.session.expiresAt"), dataIndex: "expiresAt", width: 170, render: (v: string) => formatDateTime(v) },
                { title: "IP", dataIndex: "ip", width: 110, render: (v: string) => <span className="mono">{v}</span> },
                { title: t("me.session.client"), dataIndex: "userAgent", ellipsis: { showTitle: true } },
                { title: t("common.status"), key: "state", width: 100, render: (_, s) => sessionState(s) },
                { title: t("common.actions"), key: "actions", width: 120, render: (_, s) => sessionAction(s) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
