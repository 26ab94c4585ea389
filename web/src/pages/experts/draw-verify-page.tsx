import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Result, Skeleton, Table, Tag } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { type DrawExpert, type PublicDraw, usePublicDraw } from "../../api/evaluation.ts";
import { usePlatformNames } from "../../api/queries.ts";
import { HashText } from "../../components/hash-text.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { type RerunResult, rerunDraw } from "../../lib/expert-draw.ts";
import { DRAW_STATUS_COLOR } from "./extraction-page.tsx";

interface MemberRow {
  order: number;
  expertId: string;
  expert?: DrawExpert;
  replaces?: string;
}

/**
 * 专家抽取公开验证: the SM3 commitment published before the draw and, once the evaluation report is
 * signed, the seed, pool snapshot and rules — re-run here, in the browser, to the same committee.
 */
export function DrawVerifyPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const draw = usePublicDraw(id);
  const [rerun, setRerun] = useState<RerunResult>();
  const [rerunError, setRerunError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const recompute = async () => {
    if (!draw.data) return;
    setBusy(true);
    setRerunError(undefined);
    try {
      setRerun(await rerunDraw(draw.data));
    } catch (error) {
      setRerunError(error);
    } finally {
      setBusy(false);
    }
  };

  if (draw.error) return <ProblemAlert error={draw.error} />;
  if (draw.isLoading) return <Skeleton active />;
  const d = draw.data;
  if (!d) return <Result status="404" title={t("draw.missing")} />;
  const revealed = d.status === "revealed";

  return (
    <>
      <PageTitle
        title={t("draw.verifyTitle")}
        description={t("draw.verifySubtitle")}
        extra={<Tag color={DRAW_STATUS_COLOR[d.status]}>{t(`draw.status.${d.status}`)}</Tag>}
      />
      <Card
        size="small"
        className="section-gap"
        title={t("draw.record", { id: d.id })}
        extra={<Link to={`/notices/${d.sectionId}`}>{t("tender.notice.view")}</Link>}
      >
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: "commitment", label: t("draw.commitment"), children: <HashText value={d.commitment} width={560} /> },
            { key: "digest", label: t("draw.inputDigest"), children: <HashText value={d.inputDigest} width={560} /> },
            { key: "alg", label: t("draw.algorithm"), children: <span className="mono">{d.algorithm}</span> },
            { key: "personalization", label: t("draw.drawIdLabel"), children: <span className="mono">{d.drawId}</span> },
            { key: "size", label: t("draw.size"), children: d.size },
            {
              key: "seed",
              label: t("draw.seed"),
              children: revealed ? <HashText value={d.seed} width={560} /> : <span className="muted">{t("draw.seedSealed")}</span>,
            },
          ]}
        />
        {revealed ? (
          <Button type="primary" size="large" icon={<ReloadOutlined />} className="section-gap" onClick={recompute} loading={busy}>
            {t("draw.rerun")}
          </Button>
        ) : (
          <Alert className="section-gap" type="info" showIcon title={t("draw.notRevealed")} />
        )}
        <ProblemAlert error={rerunError} className="section-gap" />
      </Card>
      {rerun && <RerunChecks result={rerun} />}
      {d.members && <MembersCard draw={d} rerun={rerun} />}
    </>
  );
}

function Check({ ok, children }: { ok: boolean; children: string }) {
  return (
    <div className={ok ? "ok check-line" : "bad check-line"}>
      {ok ? <CheckCircleFilled /> : <CloseCircleFilled />} {children}
    </div>
  );
}

function RerunChecks({ result }: { result: RerunResult }) {
  const { t, lang } = useI18n();
  return (
    <Card size="small" className="section-gap rerun-checks" title={t("draw.rerunTitle")}>
      <Check ok={result.commitmentOk}>{result.commitmentOk ? t("draw.check.commitment") : t("draw.check.commitmentBad")}</Check>
      <Check ok={result.inputDigestOk}>{result.inputDigestOk ? t("draw.check.digest") : t("draw.check.digestBad")}</Check>
      <Check ok={result.membersOk}>{result.membersOk ? t("draw.check.members") : t("draw.check.membersBad", { problem: result.problem ?? "" })}</Check>
      <div className="muted section-gap">{t("draw.rerunStats", { eligible: result.eligible.length, excluded: result.excluded.length })}</div>
      {result.excluded.length > 0 && (
        <ul className="excluded-list muted">
          {result.excluded.map((e) => (
            <li key={e.expertId}>
              {t("draw.excludedOne", { id: e.expertId, reasons: e.reasons.map((r) => t(`draw.reason.${r}`)).join(lang === "zh" ? "、" : ", ") })}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function MembersCard({ draw, rerun }: { draw: PublicDraw; rerun?: RerunResult }) {
  const { t } = useI18n();
  const platformName = usePlatformNames(true);
  const pool = new Map((draw.pool ?? []).map((e) => [e.id, e]));
  const replacement = new Map((rerun?.declined ?? []).map((d) => [d.replacedBy, d.expertId]));
  const rows: MemberRow[] = (draw.members ?? []).map((m) => ({ ...m, expert: pool.get(m.expertId), replaces: replacement.get(m.expertId) }));
  return (
    <Card size="small" className="section-gap" title={t("draw.membersTitle")} extra={<span className="muted">{t("draw.membersNote")}</span>}>
      <Table<MemberRow>
        rowKey="expertId"
        size="small"
        className="draw-members"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t("draw.order"), dataIndex: "order", width: 80 },
          { title: t("experts.id"), dataIndex: "expertId", render: (v: string) => <span className="mono">{v}</span> },
          { title: t("experts.specialty"), key: "specialty", render: (_, r) => <span className="mono">{r.expert?.specialty ?? "—"}</span> },
          { title: t("experts.kind"), key: "kind", render: (_, r) => (r.expert ? t(`experts.kind.${r.expert.kind}`) : "—") },
          { title: t("experts.region"), key: "region", render: (_, r) => (r.expert ? platformName(r.expert.region) : "—") },
          {
            title: t("draw.note"),
            key: "note",
            render: (_, r) => (r.replaces ? <Tag color="orange">{t("draw.replacing", { id: r.replaces })}</Tag> : null),
          },
        ]}
      />
      {(draw.declined ?? []).length > 0 && <div className="muted section-gap">{t("draw.declinedList", { ids: (draw.declined ?? []).join("、") })}</div>}
    </Card>
  );
}
