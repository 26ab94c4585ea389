import { ArrowRightOutlined } from "@ant-design/icons";
import { Card, Col, Descriptions, Row, Tag, Typography } from "antd";
import { Link } from "react-router";
import { useDepartmentNames, usePlatformNames } from "../../api/queries.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { useI18n } from "../../i18n.ts";
import { RolePanel } from "./role-panel.tsx";
import { roleProfile } from "./role-profiles.ts";

/** 工作台: the role's home — who I am, what my role does, where to start. */
export function WorkspacePage() {
  const { t, pick } = useI18n();
  const { user } = useAuth();
  const platformName = usePlatformNames();
  const departmentName = useDepartmentNames();
  if (!user) return null;
  const profile = roleProfile(user);

  return (
    <>
      <PageTitle title={t("workspace.title", { name: user.displayName })} description={t("workspace.subtitle")} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t("workspace.role", { role: pick(user.roleName) })} size="small" className="fill">
            <Typography.Paragraph className="duty">{t(profile.duty)}</Typography.Paragraph>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: "platform", label: t("account.platform"), children: platformName(user.platformCode) },
                ...(user.subjectName ? [{ key: "org", label: t("account.subject"), children: user.subjectName }] : []),
                ...(user.departmentCode ? [{ key: "dept", label: t("account.department"), children: departmentName(user.departmentCode) }] : []),
                { key: "username", label: t("account.username"), children: <span className="mono">{user.username}</span> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("workspace.upcoming")} size="small" className="fill">
            {profile.upcoming.length === 0 ? (
              <Typography.Text type="secondary">{t("workspace.noUpcoming")}</Typography.Text>
            ) : (
              <ul className="upcoming">
                {profile.upcoming.map((key) => (
                  <li key={key}>
                    <span>{t(key)}</span>
                    <Tag>{t("workspace.comingSoon")}</Tag>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
        <Col span={24}>
          <RolePanel user={user} />
        </Col>
        <Col span={24}>
          <Card title={t("workspace.actions")} size="small">
            <div className="action-tiles">
              {profile.actions.map((a) => (
                <Link key={a.to + a.text} to={a.to} className="action-tile">
                  <strong className="action-title">
                    {t(a.label)} <ArrowRightOutlined />
                  </strong>
                  <span className="action-text">{t(a.text)}</span>
                </Link>
              ))}
            </div>
          </Card>
        </Col>
      </Row>
    </>
  );
}
