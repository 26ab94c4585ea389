import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Result, Skeleton, Space, Tabs, Tag, Typography } from "antd";
import { useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { Subject } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { SubjectRoleTags, VerificationTag } from "../../components/status-tags.tsx";
import { useI18n } from "../../i18n.ts";
import { profileLabel } from "./profile-labels.ts";
import { SubjectCreditCard } from "./subject-credit.tsx";
import { SubjectEditForm } from "./subject-edit-form.tsx";
import { SubjectHistory } from "./subject-history.tsx";
import { subjectKey } from "./subject-keys.ts";
import { SubjectOverview } from "./subject-overview.tsx";
import { SubjectQualifications } from "./subject-qualifications.tsx";
import { SubjectStaff } from "./subject-staff.tsx";
import { VerifyButtons } from "./verify-buttons.tsx";

const AUTHORITIES = ["centre_staff", "supervisor", "inspector", "sysadmin"];

/** 主体详情: public profile for everyone; private fields, editing and history for the subject itself and the authorities. */
export function SubjectProfilePage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const id = Number(useParams().id);
  const query = useQuery({ queryKey: subjectKey(id), queryFn: () => api.get<Subject>(`/api/v1/subjects/${id}`), enabled: Number.isInteger(id) && id > 0 });

  if (query.error) return <Result status="404" title={t("subject.notFound")} subTitle={query.error.message} />;
  if (!query.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const subject = query.data;
  const own = user?.subjectId === subject.id;
  const seesPrivate = own || (user !== null && AUTHORITIES.includes(user.role));
  const canEdit = own || user?.role === "centre_staff";
  const missing = subject.missingRequiredFields ?? [];

  return (
    <>
      <Card className="subject-head">
        <div className="subject-head-row">
          <div>
            <Typography.Title level={3} className="subject-name">
              {subject.name}
            </Typography.Title>
            <Space wrap size={[8, 4]}>
              <span className="mono uscc">{subject.uscc}</span>
              <VerificationTag value={subject.verification} />
              {subject.legalStatus !== "active" && <Tag color="red">{t(`legalStatus.${subject.legalStatus}`)}</Tag>}
              <SubjectRoleTags roles={subject.roles} />
              {own && <Tag color="purple">{t("subject.ownOrganisation")}</Tag>}
            </Space>
          </div>
          {user?.role === "centre_staff" && <VerifyButtons subject={subject} />}
        </div>
      </Card>
      {missing.length > 0 && (
        <Alert
          className="page-alert"
          type="warning"
          showIcon
          title={t("subject.missingTitle")}
          description={missing.map((f) => profileLabel(t, f)).join(lang === "zh" ? "、" : ", ")}
        />
      )}
      <Card>
        <Tabs
          items={[
            { key: "overview", label: t("subject.tab.overview"), children: <SubjectOverview subject={subject} seesPrivate={seesPrivate} /> },
            {
              key: "qualifications",
              label: `${t("subject.tab.qualifications")} (${subject.qualifications.length})`,
              children: <SubjectQualifications subject={subject} canEdit={canEdit} />,
            },
            { key: "staff", label: `${t("subject.tab.staff")} (${subject.staff.length})`, children: <SubjectStaff subject={subject} canEdit={canEdit} /> },
            ...(canEdit ? [{ key: "edit", label: t("subject.tab.edit"), children: <SubjectEditForm subject={subject} /> }] : []),
            ...(seesPrivate ? [{ key: "history", label: t("subject.tab.history"), children: <SubjectHistory subjectId={subject.id} /> }] : []),
          ]}
        />
      </Card>
      <SubjectCreditCard subjectId={subject.id} />
    </>
  );
}
