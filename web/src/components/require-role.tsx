import { Button, Result, Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import type { Role } from "../api/types.ts";
import { useAuth } from "../auth.tsx";
import { useI18n } from "../i18n.ts";

/** Pages for signed-in accounts (of the given roles): others go to the login page or see a 403. */
export function RequireRole({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { user, ready } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  if (!ready) return <Spin className="page-spin" />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !roles.includes(user.role)) {
    return (
      <Result
        status="403"
        title={t("forbidden.title")}
        subTitle={t("forbidden.detail")}
        extra={<Button onClick={() => navigate("/workspace")}>{t("nav.workspace")}</Button>}
      />
    );
  }
  return children;
}
