import { Card, Col, Row } from "antd";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { TreeHeadSummary } from "../../components/tree-head-summary.tsx";
import { useI18n } from "../../i18n.ts";
import { AuditEntries } from "./audit-entries.tsx";
import { ConsistencyCard } from "./consistency-card.tsx";
import { InclusionCard } from "./inclusion-card.tsx";

/** 审计日志: the signed tree head and proofs anyone can check; the entries for sysadmin and inspector. */
export function AuditPage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  return (
    <>
      <PageTitle title={t("audit.title")} description={t("audit.subtitle")} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t("home.treeHead")} size="small" className="fill">
            <TreeHeadSummary detailed />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <div className="stack">
            <InclusionCard />
            <ConsistencyCard />
          </div>
        </Col>
        {hasRole("sysadmin", "inspector") && (
          <Col span={24}>
            <AuditEntries />
          </Col>
        )}
      </Row>
    </>
  );
}
