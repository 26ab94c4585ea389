import { LockOutlined } from "@ant-design/icons";
import { Alert, Descriptions, type DescriptionsProps } from "antd";
import type { ReactNode } from "react";
import { usePlatformNames } from "../../api/queries.ts";
import type { Subject } from "../../api/types.ts";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { formatFen } from "../../lib/money.ts";
import { PROFILE_LABELS } from "./profile-labels.ts";

const PUBLIC_ROWS = [
  "subjectType",
  "legalRepresentative",
  "registeredCapitalFen",
  "regionCode",
  "address",
  "licenseEndDate",
  "industryCode",
  "website",
  "zipCode",
] as const;
const PRIVATE_ROWS = [
  "legalRepresentativePhone",
  "contactName",
  "contactPhone",
  "email",
  "contactAddress",
  "basicBank",
  "basicBranchBankNo",
  "basicAccountNo",
  "basicAccountName",
] as const;

export function SubjectOverview({ subject, seesPrivate }: { subject: Subject; seesPrivate: boolean }) {
  const { t } = useI18n();
  const platformName = usePlatformNames();
  const show = (field: (typeof PUBLIC_ROWS)[number] | (typeof PRIVATE_ROWS)[number]): ReactNode => {
    if (field === "subjectType") return subject.subjectType ? t(`subjectType.${subject.subjectType}`) : "—";
    if (field === "registeredCapitalFen") {
      const fen = subject.registeredCapitalFen;
      return typeof fen === "number"
        ? `${formatFen(fen, { wan: t("money.wan"), yuan: t("money.yuan") })}（${subject.registeredCapitalCurrency ?? "CNY"}）`
        : "—";
    }
    const value = subject[field];
    return value ? <span className={/No$|Code$|Phone$/.test(field) ? "mono" : undefined}>{value}</span> : "—";
  };
  const rows = (fields: readonly (typeof PUBLIC_ROWS)[number][] | readonly (typeof PRIVATE_ROWS)[number][]): DescriptionsProps["items"] =>
    fields.map((f) => ({ key: f, label: t(PROFILE_LABELS[f]), children: show(f) }));

  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: "uscc", label: t("subject.uscc"), children: <span className="mono">{subject.uscc}</span> },
          { key: "name", label: t("subject.name"), children: subject.name },
          ...(rows(PUBLIC_ROWS) ?? []),
          { key: "platform", label: t("subject.registeredPlatform"), children: platformName(subject.registeredPlatformCode) },
          { key: "created", label: t("subject.registeredAt"), children: formatDateTime(subject.createdAt) },
          {
            key: "updated",
            label: t("subject.updatedAt"),
            children: `${formatDateTime(subject.updatedAt)}（${t("subject.versionN", { n: subject.version })}）`,
          },
        ]}
      />
      {seesPrivate ? (
        <Descriptions
          className="section-gap"
          bordered
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          title={
            <span>
              <LockOutlined /> {t("subject.section.private")}
            </span>
          }
          items={rows(PRIVATE_ROWS)}
        />
      ) : (
        <Alert className="section-gap" type="info" showIcon icon={<LockOutlined />} title={t("subject.privateHidden")} />
      )}
    </>
  );
}
