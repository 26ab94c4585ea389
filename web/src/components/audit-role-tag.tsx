import { Tag } from "antd";
import { ROLES, type Role } from "../api/types.ts";
import { useI18n } from "../i18n.ts";

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/** The role an audit entry was recorded under: an account role, the platform itself, or the public. */
export function AuditRoleTag({ role }: { role: string }) {
  const { t } = useI18n();
  if (role === "system") {
    return (
      <Tag className="role-cell" color="purple">
        {t("audit.role.system")}
      </Tag>
    );
  }
  if (role === "public") return <Tag className="role-cell">{t("audit.role.public")}</Tag>;
  return <Tag className="role-cell">{isRole(role) ? t(`role.${role}`) : role}</Tag>;
}
