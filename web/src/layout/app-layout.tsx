import { DownOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Button, ConfigProvider, Dropdown, Layout, Menu, Space, Spin, Tag } from "antd";
import { Suspense } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useAuth } from "../auth.tsx";
import { useI18n } from "../i18n.ts";
import { headerTheme } from "../theme.ts";
import { navigationFor, selectedPath } from "./navigation.tsx";
import { ServerClock } from "./server-clock.tsx";

export function AppLayout() {
  const { t, lang, setLang, pick } = useI18n();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const groups = navigationFor(user);

  const switchLanguage = () => {
    setLang(lang === "zh" ? "en" : "zh");
    // Server messages (problem details) come in the requested language: fetch them again.
    void queryClient.invalidateQueries();
  };

  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={30} height={30} />
          <span className="brand-name">{t("app.name")}</span>
          <span className="brand-sub">{t("app.tagline")}</span>
        </Link>
        <ConfigProvider theme={headerTheme}>
          <Space size="middle" className="header-tools">
            <ServerClock />
            <Button type="text" onClick={switchLanguage} title={t("header.switchLanguage")}>
              {lang === "zh" ? "English" : "中文"}
            </Button>
            {user ? (
              <Dropdown
                menu={{
                  items: [
                    { key: "me", icon: <UserOutlined />, label: t("nav.me"), onClick: () => navigate("/me") },
                    { type: "divider" },
                    {
                      key: "logout",
                      icon: <LogoutOutlined />,
                      label: t("header.logout"),
                      onClick: logout,
                    },
                  ],
                }}
              >
                <Button type="text">
                  <UserOutlined /> {user.displayName}
                  <Tag className="role-tag">{pick(user.roleName)}</Tag>
                  <DownOutlined />
                </Button>
              </Dropdown>
            ) : (
              <Space size={4}>
                <Button type="text" onClick={() => navigate("/register")}>
                  {t("nav.register")}
                </Button>
                <Button ghost icon={<LoginOutlined />} onClick={() => navigate("/login")}>
                  {t("header.login")}
                </Button>
              </Space>
            )}
          </Space>
        </ConfigProvider>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={216} theme="light" className="app-sider" breakpoint="lg" collapsedWidth={0}>
          <Menu
            mode="inline"
            selectedKeys={[selectedPath(groups, location.pathname)]}
            onClick={({ key }) => navigate(key)}
            items={groups.map((g) => ({
              type: "group" as const,
              key: g.label,
              label: t(g.label),
              children: g.items.map((item) => ({ key: item.path, icon: item.icon, label: t(item.label) })),
            }))}
          />
        </Layout.Sider>
        <Layout className="app-main">
          <Layout.Content className="app-content">
            <Suspense fallback={<Spin className="page-spin" />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
          <Layout.Footer className="app-footer">
            {t("footer.text")} · <a href="/docs">{t("footer.api")}</a> · <a href="/health">{t("footer.health")}</a>
          </Layout.Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
