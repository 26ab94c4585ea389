import { PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { useDepartmentNames, usePlatformNames } from "../../api/queries.ts";
import type { Account, Items } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { CreateAccountModal } from "./create-account-modal.tsx";

/** 账户管理: the system administrator opens, disables and signs out accounts; the inspector reads. */
export function AccountsPage() {
  const { t, pick } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const platformName = usePlatformNames(true);
  const departmentName = useDepartmentNames();
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState("");
  const accounts = useQuery({ queryKey: ["accounts"], queryFn: () => api.get<Items<Account>>("/api/v1/accounts").then((r) => r.items) });
  const isAdmin = user?.role === "sysadmin";

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: ["accounts"] });
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const needle = filter.trim().toLowerCase();
  const rows = (accounts.data ?? []).filter(
    (a) => !needle || [a.username, a.displayName, a.subjectName ?? "", pick(a.roleName)].some((s) => s.toLowerCase().includes(needle)),
  );

  return (
    <>
      <PageTitle
        title={t("accounts.title")}
        description={isAdmin ? t("accounts.subtitle") : t("accounts.readOnly")}
        extra={
          isAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t("accounts.create")}
            </Button>
          )
        }
      />
      <Card>
        <Input.Search className="toolbar" allowClear placeholder={t("accounts.filter")} style={{ width: 320 }} onChange={(e) => setFilter(e.target.value)} />
        <ProblemAlert error={accounts.error} className="form-alert" />
        <Table<Account>
          rowKey="id"
          size="small"
          loading={accounts.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: t("account.username"), dataIndex: "username", render: (v: string) => <span className="mono">{v}</span> },
            { title: t("account.displayName"), dataIndex: "displayName" },
            { title: t("account.role"), dataIndex: "roleName", render: (v: Account["roleName"]) => pick(v) },
            { title: t("account.platform"), dataIndex: "platformCode", render: platformName },
            {
              title: t("account.organisation"),
              key: "org",
              render: (_, a) => (a.subjectId ? <Link to={`/subjects/${a.subjectId}`}>{a.subjectName}</Link> : departmentName(a.departmentCode)),
            },
            {
              title: t("common.status"),
              dataIndex: "status",
              width: 80,
              render: (s: Account["status"]) => <Tag color={s === "active" ? "green" : "default"}>{t(`account.status.${s}`)}</Tag>,
            },
            ...(isAdmin
              ? [
                  {
                    title: t("common.actions"),
                    key: "actions",
                    width: 190,
                    render: (_: unknown, a: Account) =>
                      a.id !== user?.id && (
                        <Space size={0}>
                          <Popconfirm
                            title={t(a.status === "active" ? "accounts.disableConfirm" : "accounts.enableConfirm", { name: a.username })}
                            onConfirm={() =>
                              act(
                                () => api.post(`/api/v1/accounts/${a.id}/status`, { status: a.status === "active" ? "disabled" : "active" }),
                                t(a.status === "active" ? "accounts.disabled" : "accounts.enabled", { name: a.username }),
                              )
                            }
                          >
                            <Button type="link" size="small" danger={a.status === "active"}>
                              {t(a.status === "active" ? "accounts.disable" : "accounts.enable")}
                            </Button>
                          </Popconfirm>
                          <Popconfirm
                            title={t("accounts.revokeConfirm", { name: a.username })}
                            onConfirm={() => act(() => api.post(`/api/v1/accounts/${a.id}/sessions/revoke`), t("accounts.revoked", { name: a.username }))}
                          >
                            <Button type="link" size="small">
                              {t("accounts.revoke")}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {isAdmin && <CreateAccountModal open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
