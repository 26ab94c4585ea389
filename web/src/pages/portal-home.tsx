import { ApiOutlined, AuditOutlined, CalendarOutlined, FormOutlined, SafetyCertificateOutlined, SearchOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Col, Input, Row, Space, Table, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client.ts";
import { usePlatformNames } from "../api/queries.ts";
import type { Items, SubjectSummary } from "../api/types.ts";
import { useAuth } from "../auth.tsx";
import { PlatformTree } from "../components/platform-tree.tsx";
import { VerificationTag } from "../components/status-tags.tsx";
import { TreeHeadSummary } from "../components/tree-head-summary.tsx";
import { useI18n } from "../i18n.ts";
import { formatDate } from "../lib/format.ts";

/** The public portal (门户): what the platform is, its platforms, the audit log head, subject search. */
export function PortalHome() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const platformName = usePlatformNames(true);
  const latest = useQuery({
    queryKey: ["subjects", "latest"],
    queryFn: () => api.get<Items<SubjectSummary>>("/api/v1/subjects", { limit: 6 }).then((r) => r.items),
  });

  const guides = [
    { to: "/register", icon: <FormOutlined />, title: t("home.guide.register"), text: t("home.guide.registerText") },
    { to: "/subjects", icon: <SearchOutlined />, title: t("home.guide.subjects"), text: t("home.guide.subjectsText") },
    { to: "/calendar", icon: <CalendarOutlined />, title: t("home.guide.calendar"), text: t("home.guide.calendarText") },
    { to: "/audit", icon: <AuditOutlined />, title: t("home.guide.audit"), text: t("home.guide.auditText") },
  ];

  return (
    <div className="portal">
      <section className="hero">
        <div className="hero-text">
          <Typography.Title level={2}>{t("home.title")}</Typography.Title>
          <Typography.Paragraph>{t("home.intro")}</Typography.Paragraph>
          <Input.Search
            size="large"
            allowClear
            className="hero-search"
            placeholder={t("home.searchPlaceholder")}
            enterButton={t("home.searchButton")}
            onSearch={(q) => navigate(q.trim() ? `/subjects?q=${encodeURIComponent(q.trim())}` : "/subjects")}
          />
          <Space className="hero-actions">
            {user ? (
              <Button type="primary" onClick={() => navigate("/workspace")}>
                {t("home.toWorkspace")}
              </Button>
            ) : (
              <>
                <Button type="primary" onClick={() => navigate("/register")}>
                  {t("home.registerNow")}
                </Button>
                <Button ghost onClick={() => navigate("/login")}>
                  {t("header.login")}
                </Button>
              </>
            )}
          </Space>
        </div>
        <ul className="hero-points">
          <li>
            <SafetyCertificateOutlined /> {t("home.point.once")}
          </li>
          <li>
            <AuditOutlined /> {t("home.point.audit")}
          </li>
          <li>
            <CalendarOutlined /> {t("home.point.calendar")}
          </li>
        </ul>
      </section>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t("home.platforms")} size="small" className="fill">
            <PlatformTree />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t("home.treeHead")} size="small" className="fill" extra={<Link to="/audit">{t("home.verifyProofs")}</Link>}>
            <Typography.Paragraph type="secondary" className="card-note">
              {t("home.treeHeadNote")}
            </Typography.Paragraph>
            <TreeHeadSummary />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t("home.guides")} size="small" className="fill">
            <div className="guides">
              {guides.map((g) => (
                <Link key={g.to} to={g.to} className="guide">
                  <span className="guide-icon">{g.icon}</span>
                  <span>
                    <strong className="guide-title">{g.title}</strong>
                    <small>{g.text}</small>
                  </span>
                </Link>
              ))}
              <a href="/docs" className="guide">
                <span className="guide-icon">
                  <ApiOutlined />
                </span>
                <span>
                  <strong className="guide-title">{t("home.guide.api")}</strong>
                  <small>{t("home.guide.apiText")}</small>
                </span>
              </a>
            </div>
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("home.latestSubjects")} size="small" extra={<Link to="/subjects">{t("common.more")}</Link>}>
            <Table<SubjectSummary>
              size="small"
              rowKey="id"
              loading={latest.isLoading}
              dataSource={latest.data}
              pagination={false}
              columns={[
                { title: t("subject.name"), dataIndex: "name", render: (name: string, s) => <Link to={`/subjects/${s.id}`}>{name}</Link> },
                { title: t("subject.uscc"), dataIndex: "uscc", render: (v: string) => <span className="mono">{v}</span> },
                { title: t("subject.registeredPlatform"), dataIndex: "registeredPlatformCode", render: platformName },
                { title: t("subject.verification"), dataIndex: "verification", render: (v: SubjectSummary["verification"]) => <VerificationTag value={v} /> },
                { title: t("subject.registeredAt"), dataIndex: "createdAt", render: (v: string) => formatDate(v) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
