import { CheckCircleFilled, CloseCircleFilled, EditOutlined, FileDoneOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Radio, Skeleton, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useParams } from "react-router";
import { api } from "../../api/client.ts";
import { type EvaluationBid, type EvaluationWorkspace, useEvaluationReport } from "../../api/evaluation.ts";
import { useSection } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { wallet } from "../../lib/bidder-wallet.ts";
import { reportDigestOf, signedMemory, signReportDigest } from "../../lib/report-signing.ts";
import { CertificateCard } from "../tendering/certificate-card.tsx";
import { SectionStatusTag, useMoney } from "../tendering/tender-parts.tsx";
import { ReportView } from "./report-view.tsx";

type ReviewValues = { r: Record<string, { qualified?: boolean; reason?: string }> };

/**
 * 评标: a committee member's workspace — the opened bids with their offers, the member's own
 * qualification and compliance review (a rejection needs its reason, 条例51), the report drafted by
 * any member once all have reviewed, and the member's SM2 signature of it, made in this browser.
 */
export function EvaluationPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const sectionId = Number(useParams().id);
  const queryClient = useQueryClient();
  const section = useSection(sectionId);
  const workspace = useQuery({
    queryKey: ["evaluation", sectionId],
    queryFn: () => api.get<EvaluationWorkspace>(`/api/v1/sections/${sectionId}/evaluation`),
    retry: false,
  });
  const [, setCertificateVersion] = useState(0);
  const username = user?.username ?? "";

  if (workspace.error) return <ProblemAlert error={workspace.error} />;
  if (!workspace.data || !section.data) return <Skeleton active />;
  const w = workspace.data;
  const s = section.data;
  const certificate = wallet.certificate(username);
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: ["evaluation", sectionId] }), queryClient.invalidateQueries({ queryKey: ["section", sectionId] })]);
  const reviewable = s.status === "opened" && w.report === null;

  return (
    <>
      <PageTitle title={t("evaluation.title")} description={`${s.projectName} · ${s.name} · ${s.sectionCode}`} extra={<SectionStatusTag status={s.status} />} />
      <Alert className="page-alert" type="info" showIcon title={t("evaluation.memberNote", { n: w.committeeSize })} />
      <CertificateCard
        username={username}
        serverPublicKey={certificate?.publicKey}
        serverSerial={certificate?.serial}
        onRegistered={() => setCertificateVersion((v) => v + 1)}
        demoText={t("evaluation.certDemo")}
      />
      <Card size="small" className="section-gap" title={t("evaluation.reviewTitle")}>
        <ReviewForm sectionId={sectionId} workspace={w} editable={reviewable} onSubmitted={refresh} />
      </Card>
      <Card size="small" className="section-gap" title={t("evaluation.reportTitle")}>
        {w.report === null ? (
          <DraftButton sectionId={sectionId} ready={w.myReviews.length === w.bids.length && s.status === "opened"} onDrafted={refresh} />
        ) : (
          <ReportPanel sectionId={sectionId} username={username} hasKey={certificate !== undefined} onSigned={refresh} />
        )}
      </Card>
    </>
  );
}

function ReviewForm({
  sectionId,
  workspace: w,
  editable,
  onSubmitted,
}: {
  sectionId: number;
  workspace: EvaluationWorkspace;
  editable: boolean;
  onSubmitted: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const [form] = Form.useForm<ReviewValues>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const mine = new Map(w.myReviews.map((r) => [r.bidId, r]));
  const initial: ReviewValues = {
    r: Object.fromEntries(w.myReviews.map((r) => [String(r.bidId), { qualified: r.qualified, reason: r.rejectReason ?? undefined }])),
  };

  const submit = async (values: ReviewValues) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const reviews = w.bids.map((b) => {
        const v = values.r[String(b.bidId)] ?? {};
        return v.qualified ? { bidId: b.bidId, qualified: true } : { bidId: b.bidId, qualified: false, rejectReason: v.reason?.trim() };
      });
      await api.post(`/api/v1/sections/${sectionId}/evaluation/reviews`, { reviews });
      message.success(t("evaluation.reviewsSubmitted"));
      onSubmitted();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<ReviewValues> form={form} name="review" onFinish={submit} initialValues={initial}>
      <ProblemAlert error={problem} className="form-alert" />
      <Table<EvaluationBid>
        rowKey="bidId"
        size="small"
        className="review-table"
        pagination={false}
        dataSource={w.bids}
        columns={[
          {
            title: t("tender.record.bidder"),
            key: "bidder",
            render: (_, b) => (
              <span>
                {b.bidderName}
                <br />
                <span className="muted mono">{b.bidderUscc}</span>
              </span>
            ),
          },
          { title: t("tender.record.price"), dataIndex: "priceFen", align: "right", render: (v: number) => <strong className="price">{money(v)}</strong> },
          {
            title: t("tender.record.duration"),
            key: "duration",
            render: (_, b) => (b.offer?.durationDays ? t("tender.days", { n: b.offer.durationDays }) : "—"),
          },
          { title: t("tender.record.quality"), key: "quality", render: (_, b) => b.offer?.quality ?? "—" },
          { title: t("tender.record.manager"), key: "manager", render: (_, b) => b.offer?.projectManager ?? "—" },
          {
            title: t("evaluation.verdict"),
            key: "qualified",
            width: 190,
            render: (_, b) =>
              !editable ? (
                <VerdictTag qualified={mine.get(b.bidId)?.qualified} />
              ) : (
                <Form.Item
                  name={["r", String(b.bidId), "qualified"]}
                  rules={[{ required: true, message: t("evaluation.chooseVerdict") }]}
                  className="cell-item"
                >
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    size="small"
                    options={[
                      { value: true, label: t("evaluation.qualified") },
                      { value: false, label: t("evaluation.rejected") },
                    ]}
                  />
                </Form.Item>
              ),
          },
          {
            title: t("evaluation.rejectReason"),
            key: "reason",
            width: 280,
            render: (_, b) =>
              !editable ? (
                (mine.get(b.bidId)?.rejectReason ?? <span className="muted">—</span>)
              ) : (
                <Form.Item noStyle dependencies={[["r", String(b.bidId), "qualified"]]}>
                  {({ getFieldValue }) =>
                    getFieldValue(["r", String(b.bidId), "qualified"]) === false ? (
                      <Form.Item
                        name={["r", String(b.bidId), "reason"]}
                        className="cell-item"
                        rules={[{ required: true, whitespace: true, message: t("evaluation.reasonRequired") }]}
                      >
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} placeholder={t("evaluation.reasonPlaceholder")} />
                      </Form.Item>
                    ) : (
                      <span className="muted">—</span>
                    )
                  }
                </Form.Item>
              ),
          },
        ]}
      />
      {editable && (
        <Space className="form-actions">
          <Button type="primary" htmlType="submit" icon={<EditOutlined />} loading={busy}>
            {w.myReviews.length ? t("evaluation.resubmit") : t("evaluation.submitReviews")}
          </Button>
          {w.myReviews.length === w.bids.length && w.bids.length > 0 && <span className="ok">{t("evaluation.reviewedAll")}</span>}
        </Space>
      )}
    </Form>
  );
}

function VerdictTag({ qualified }: { qualified: boolean | undefined }) {
  const { t } = useI18n();
  if (qualified === undefined) return <span className="muted">—</span>;
  return qualified ? <Tag color="green">{t("evaluation.qualified")}</Tag> : <Tag color="red">{t("evaluation.rejected")}</Tag>;
}

function DraftButton({ sectionId, ready, onDrafted }: { sectionId: number; ready: boolean; onDrafted: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const draft = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post(`/api/v1/sections/${sectionId}/evaluation/report`);
      message.success(t("evaluation.drafted"));
      onDrafted();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ProblemAlert error={problem} className="form-alert" />
      <Space>
        <Button type="primary" icon={<FileDoneOutlined />} onClick={draft} loading={busy} disabled={!ready}>
          {t("evaluation.draft")}
        </Button>
        <span className="muted">{ready ? t("evaluation.draftNote") : t("evaluation.reviewFirst")}</span>
      </Space>
    </>
  );
}

function ReportPanel({ sectionId, username, hasKey, onSigned }: { sectionId: number; username: string; hasKey: boolean; onSigned: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useEvaluationReport(sectionId);
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [, setSignedVersion] = useState(0);

  if (report.error) return <ProblemAlert error={report.error} />;
  if (!report.data) return <Skeleton active />;
  const r = report.data;
  const localDigest = reportDigestOf(r);
  const digestOk = localDigest === r.digest;
  const signed = signedMemory.has(username, sectionId, r.digest);

  const sign = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const certificate = wallet.certificate(username);
      if (!certificate) throw new Error(t("evaluation.noKey"));
      const signature = signReportDigest(localDigest, certificate.privateKey);
      const result = await api.post<{ signed: number; of: number; complete: boolean }>(`/api/v1/sections/${sectionId}/evaluation/report/signatures`, {
        signature,
      });
      signedMemory.set(username, sectionId, r.digest);
      setSignedVersion((v) => v + 1);
      message.success(result.complete ? t("evaluation.signedComplete") : t("evaluation.signedN", { n: result.signed, of: result.of }));
      await report.refetch();
      onSigned();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ReportView report={r} digest={r.digest} signatures={r.signatures} completedAt={r.completedAt} />
      <div className={digestOk ? "ok section-gap" : "bad section-gap"}>
        {digestOk ? <CheckCircleFilled /> : <CloseCircleFilled />} {digestOk ? t("evaluation.digestOk") : t("evaluation.digestBad")}
      </div>
      <ProblemAlert error={problem} className="section-gap" />
      {r.completedAt ? (
        <Alert className="section-gap" type="success" showIcon title={t("evaluation.signedComplete")} />
      ) : (
        <Space className="form-actions">
          <Button type="primary" size="large" onClick={sign} loading={busy} disabled={!digestOk || !hasKey}>
            {t("evaluation.sign")}
          </Button>
          {signed ? <span className="ok">{t("evaluation.youSigned")}</span> : !hasKey && <span className="muted">{t("evaluation.needKey")}</span>}
        </Space>
      )}
    </>
  );
}
