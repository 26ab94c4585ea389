import { Tag } from "antd";
import type { SubjectRole, Verification } from "../api/types.ts";
import { useI18n } from "../i18n.ts";

const VERIFICATION_COLOR: Record<Verification, string> = { pending: "gold", verified: "green", rejected: "red" };

export function VerificationTag({ value }: { value: Verification }) {
  const { t } = useI18n();
  return <Tag color={VERIFICATION_COLOR[value]}>{t(`verification.${value}`)}</Tag>;
}

export function SubjectRoleTags({ roles }: { roles: SubjectRole[] }) {
  const { t } = useI18n();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color="blue">
          {t(`subjectRole.${r}`)}
        </Tag>
      ))}
    </>
  );
}
