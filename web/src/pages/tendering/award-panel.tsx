import { AuditOutlined, FileProtectOutlined, NotificationOutlined, TrophyOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Col, DatePicker, Empty, Form, Input, Popconfirm, Row, Select, Skeleton, Space, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { type SectionResult, useEvaluationReport, useSectionResult } from "../../api/evaluation.ts";
import { useServerOffset } from "../../api/queries.ts";
import type { SectionStatus } from "../../api/tendering.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { beijingPickerValue, toBeijingIso } from "../../lib/beijing-time.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { formatDateTime } from "../../lib/format.ts";
import { fromFen, toFen } from "../../lib/money.ts";
import { ReportView } from "../evaluation/report-view.tsx";
import { Countdown } from "./countdown.tsx";
import { useLimitHint } from "./limit-hint.tsx";
import { ResultView } from "./result-view.tsx";
import { MoneyInput, moneyRules, useMoney } from "./tender-parts.tsx";

const AFTER_EVALUATION: readonly SectionStatus[] = ["evaluated", "publicity", "awarded", "contracted"];
const AFTER_PUBLICITY: readonly SectionStatus[] = ["publicity", "awarded", "contracted"];
const FORMAT = "YYYY-MM-DD HH:mm";

export const evaluatedStatus = (status: SectionStatus) => AFTER_EVALUATION.includes(status);

/**
 * After the evaluation: the signed report and its candidates, and — for the project's tenderer or
 * agency (`editable`) — 公示 of the candidates, 定标, the contract and the written report to the
 * supervisor, with the statutory limits the server holds them to. Others see the same, read-only.
 */
export function AwardPanel({ sectionId, status, editable }: { sectionId: number; status: SectionStatus; editable: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const report = useEvaluationReport(sectionId, AFTER_EVALUATION.includes(status));
  const result = useSectionResult(sectionId, AFTER_PUBLICITY.includes(status));
  const changed = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["section-result", sectionId] }),
      queryClient.invalidateQueries({ queryKey: ["tender-project"] }),
      queryClient.invalidateQueries({ queryKey: ["tender-notices"] }),
      queryClient.invalidateQueries({ queryKey: ["section", sectionId] }),
    ]);
  };

  if (!AFTER_EVALUATION.includes(status)) return <Empty description={t("award.notYet")} />;
  if (report.error) return <ProblemAlert error={report.error} />;
  if (report.isLoading) return <Skeleton active />;
  const r = result.data;
  return (
    <div className="award-panel">
      <div className="subsection-title">
        <AuditOutlined /> {t("evaluation.reportTitle")}
      </div>
      {report.data ? (
        <ReportView
          report={report.data}
          digest={report.data.digest}
          signatures={report.data.signatures}
          completedAt={report.data.completedAt}
          candidates={!r}
        />
      ) : (
        <Empty description={t("award.noReport")} />
      )}
      {editable && status === "evaluated" && (
        <>
          <div className="subsection-title">
            <NotificationOutlined /> {t("award.publishTitle")}
          </div>
          <PublicityForm sectionId={sectionId} onPublished={changed} />
        </>
      )}
      {r && (
        <>
          <div className="subsection-title">
            <TrophyOutlined /> {r.winner ? t("award.resultTitle") : t("award.publicityTitle")}
          </div>
          <ResultView result={r} />
        </>
      )}
      {editable && status === "publicity" && r && <AwardForm sectionId={sectionId} result={r} onAwarded={changed} />}
      {editable && status === "awarded" && r && <ContractForm sectionId={sectionId} result={r} onRecorded={changed} />}
      {editable && (status === "awarded" || status === "contracted") && r && !r.reportFiledAt && <FileReport sectionId={sectionId} onFiled={changed} />}
    </div>
  );
}

interface PublicityValues {
  publicityStart: Dayjs;
  publicityEnd: Dayjs;
}

/** 中标候选人公示: at least 3 days (条例54); a shorter period is refused on the end field with the earliest allowed date. */
function PublicityForm({ sectionId, onPublished }: { sectionId: number; onPublished: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const offset = useServerOffset();
  const [form] = Form.useForm<PublicityValues>();
  // Every time-limit refusal of the publicity is about its end.
  const limits = useLimitHint(form, () => "publicityEnd" as const);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (offset.data === undefined || form.getFieldValue("publicityStart")) return;
    form.setFieldValue("publicityStart", beijingPickerValue(Date.now() + offset.data).second(0));
  }, [offset.data, form]);

  const submit = async (values: PublicityValues) => {
    setBusy(true);
    setProblem(undefined);
    limits.clear();
    try {
      await api.post(`/api/v1/sections/${sectionId}/candidate-publicity`, {
        publicityStart: toBeijingIso(values.publicityStart),
        publicityEnd: toBeijingIso(values.publicityEnd),
      });
      message.success(t("award.published"));
      await onPublished();
    } catch (error) {
      if (limits.show(error)) return;
      if (error instanceof ApiError && error.code === "VALIDATION_FAILED" && error.errors.length === 0) {
        form.setFields([{ name: "publicityEnd", errors: [error.detail] }]);
      } else {
        setProblem(applyProblem(form, error));
      }
    } finally {
      setBusy(false);
    }
  };

  const picker = <DatePicker showTime={{ format: "HH:mm", minuteStep: 5 }} format={FORMAT} style={{ width: "100%" }} needConfirm={false} />;
  return (
    <Form<PublicityValues> form={form} name={`publicity-${sectionId}`} layout="vertical" onFinish={submit}>
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="publicityStart"
            label={t("award.publicityStart")}
            extra={t("award.publicityStartExtra")}
            rules={[{ required: true, message: t("common.required") }]}
          >
            {picker}
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="publicityEnd"
            label={t("award.publicityEnd")}
            extra={limits.extra("publicityEnd", t("award.publicityEndExtra"))}
            rules={[{ required: true, message: t("common.required") }]}
          >
            {picker}
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={busy} icon={<NotificationOutlined />}>
        {t("award.publish")}
      </Button>
      <Typography.Text type="secondary" className="inline-note">
        {t("tender.notice.beijingNote")}
      </Typography.Text>
    </Form>
  );
}

/** 定标: after the publicity; a state-controlled project must take the first candidate (条例55), which the server enforces. */
function AwardForm({ sectionId, result, onAwarded }: { sectionId: number; result: SectionResult; onAwarded: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const [winner, setWinner] = useState<string | undefined>(result.candidates[0]?.bidderCode);
  const [refusal, setRefusal] = useState<{ title: string; basis?: string; waiting?: boolean }>();
  const [busy, setBusy] = useState(false);

  const award = async () => {
    if (!winner) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await api.post(`/api/v1/sections/${sectionId}/award`, { winnerUscc: winner });
      message.success(t("award.awarded"));
      await onAwarded();
    } catch (error) {
      if (error instanceof ApiError && error.code === "NOT_YET_DUE") {
        setRefusal({ title: t("award.publicityRunning", { time: formatDateTime(result.publicityEnd) }), waiting: true });
      } else if (error instanceof ApiError) {
        setRefusal({ title: error.detail, basis: typeof error.extra.basis === "string" ? error.extra.basis : undefined });
      } else {
        setRefusal({ title: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="subsection-title">
        <TrophyOutlined /> {t("award.awardTitle")}
      </div>
      <div className="muted note-below">
        {t("award.publicityLeft")} <Countdown until={result.publicityEnd} dueText={t("award.publicityOver")} />
      </div>
      {refusal && (
        <Alert
          className="form-alert award-refusal"
          type={refusal.waiting ? "warning" : "error"}
          showIcon
          title={refusal.title}
          description={refusal.basis ? t("award.flagBasis", { basis: refusal.basis }) : undefined}
        />
      )}
      <Space wrap>
        <Select
          id={`award-${sectionId}-winner`}
          value={winner}
          onChange={setWinner}
          style={{ minWidth: 380 }}
          options={result.candidates.map((c) => ({
            value: c.bidderCode,
            label: `${t("evaluation.rankN", { n: c.order })} ${c.bidderName ?? c.bidderCode}（${money(c.priceFen)}）`,
          }))}
        />
        <Popconfirm title={t("award.confirm")} onConfirm={award} okText={t("award.award")} cancelText={t("tender.cancel")}>
          <Button type="primary" loading={busy} icon={<TrophyOutlined />}>
            {t("award.award")}
          </Button>
        </Popconfirm>
      </Space>
      <div className="muted note-below">{t("award.rule55")}</div>
    </>
  );
}

interface ContractValues {
  contractCode: string;
  signedAt: Dayjs;
  amount: string;
}

/** 合同: within 30 days of the award notice (法46); a later one is recorded and flagged. */
function ContractForm({ sectionId, result, onRecorded }: { sectionId: number; result: SectionResult; onRecorded: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const offset = useServerOffset();
  const [form] = Form.useForm<ContractValues>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (offset.data === undefined || form.getFieldValue("signedAt")) return;
    form.setFieldValue("signedAt", beijingPickerValue(Date.now() + offset.data).second(0));
  }, [offset.data, form]);

  const submit = async (values: ContractValues) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post(`/api/v1/sections/${sectionId}/contract`, {
        contractCode: values.contractCode.trim(),
        signedAt: toBeijingIso(values.signedAt),
        amountFen: toFen(values.amount, "yuan"),
      });
      message.success(t("award.contractRecorded"));
      await onRecorded();
    } catch (error) {
      setProblem(applyProblem(form, error, { amountFen: "amount" }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="subsection-title">
        <FileProtectOutlined /> {t("award.contractTitle")}
      </div>
      <Form<ContractValues>
        form={form}
        name={`contract-${sectionId}`}
        layout="vertical"
        onFinish={submit}
        initialValues={{ amount: result.winner?.priceFen ? fromFen(result.winner.priceFen, "yuan") : undefined }}
      >
        {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="contractCode" label={t("award.contractCode")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="signedAt" label={t("award.signedAt")} extra={t("award.signedAtExtra")} rules={[{ required: true, message: t("common.required") }]}>
              <DatePicker showTime={{ format: "HH:mm" }} format={FORMAT} style={{ width: "100%" }} needConfirm={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="amount" label={t("award.contractAmount")} rules={moneyRules(t, "yuan", { positive: true })}>
              <MoneyInput unit="yuan" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={busy} icon={<FileProtectOutlined />}>
          {t("award.recordContract")}
        </Button>
      </Form>
    </>
  );
}

/** 书面报告: to the supervisory department within 15 days of the award (法47); later ones are flagged. */
function FileReport({ sectionId, onFiled }: { sectionId: number; onFiled: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const file = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post(`/api/v1/sections/${sectionId}/winner-report`);
      message.success(t("award.reportFiled"));
      await onFiled();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className="subsection-title">
        <AuditOutlined /> {t("award.reportTitle")}
      </div>
      <ProblemAlert error={problem} className="form-alert" />
      <Space>
        <Button onClick={file} loading={busy}>
          {t("award.fileReport")}
        </Button>
        <span className="muted">{t("award.reportNote")}</span>
      </Space>
    </>
  );
}
