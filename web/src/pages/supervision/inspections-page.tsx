import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { useAuth } from "../../auth.tsx";
import { CREDIT_FIELD_ERRORS, CreditRecordFields, type CreditValues, creditPayload } from "../../components/credit-record-fields.tsx";
import { FormModal } from "../../components/form-modal.tsx";
import { HashText } from "../../components/hash-text.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { formatDateTime } from "../../lib/format.ts";
import { type InspectionOutcome, type InspectionPlan, type InspectionTarget, OutcomeTag, PlanStatusTag, TargetKindTag } from "./inspections-parts.tsx";

interface NewPlanValues {
  name: string;
  year: number;
  projectCount: number;
  agencyCount: number;
  inspectorsPerTarget: number;
  inspectorUsernames?: string[];
}

/** 双随机抽查: the department's plans (all for the inspector, read-only): create, commit, draw, record findings, publish. */
export function InspectionsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number>();
  const canHandle = user?.role === "supervisor";
  const plans = useQuery({
    queryKey: ["inspections", "plans", user?.username],
    queryFn: () => api.get<InspectionPlan[]>("/api/v1/supervision/inspection-plans"),
  });
  const thisYear = new Date().getFullYear();

  return (
    <>
      <PageTitle
        title={t("inspection.title")}
        description={canHandle ? t("inspection.subtitle") : t("inspection.readOnly")}
        extra={
          canHandle && (
            <Button type="primary" className="inspection-new" onClick={() => setCreating(true)}>
              {t("inspection.new")}
            </Button>
          )
        }
      />
      <Card>
        <ProblemAlert error={plans.error} className="form-alert" />
        <Table<InspectionPlan>
          rowKey="id"
          size="middle"
          className="inspection-plans-table"
          loading={plans.isLoading}
          dataSource={plans.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("inspection.none") }}
          columns={[
            { title: t("inspection.name"), dataIndex: "name" },
            { title: t("inspection.year"), dataIndex: "year", width: 90 },
            { title: t("inspection.department"), dataIndex: "departmentName" },
            {
              title: t("inspection.activeAgencies"),
              key: "share",
              render: (_, p) => (p.activeAgencies === null ? "—" : t("inspection.share", { active: p.activeAgencies, required: p.requiredAgencies ?? 0 })),
            },
            {
              title: t("inspection.targets"),
              key: "targets",
              render: (_, p) => `${p.projectCount} + ${p.agencyCount} × ${p.inspectorsPerTarget}`,
            },
            { title: t("inspection.status"), dataIndex: "status", render: (v: InspectionPlan["status"]) => <PlanStatusTag value={v} /> },
            {
              key: "actions",
              render: (_, p) => (
                <Button size="small" onClick={() => setOpenId(p.id)}>
                  {t("inspection.detail")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <FormModal<NewPlanValues>
        name="inspection-plan"
        title={t("inspection.new")}
        open={creating}
        onClose={() => setCreating(false)}
        initialValues={{ year: thisYear, projectCount: 1, agencyCount: 1, inspectorsPerTarget: 2 }}
        onSubmit={async (v) => {
          const plan = await api.post<InspectionPlan>("/api/v1/supervision/inspection-plans", {
            ...v,
            ...(v.inspectorUsernames?.length ? {} : { inspectorUsernames: undefined }),
          });
          message.success(t("inspection.created"));
          await queryClient.invalidateQueries({ queryKey: ["inspections"] });
          setOpenId(plan.id);
        }}
      >
        <Form.Item name="name" label={t("inspection.name")} rules={[{ required: true, message: t("common.required") }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="year" label={t("inspection.year")} rules={[{ required: true }]}>
            <InputNumber min={2000} max={thisYear} />
          </Form.Item>
          <Form.Item name="projectCount" label={t("inspection.projectCount")} rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="agencyCount" label={t("inspection.agencyCount")} rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="inspectorsPerTarget" label={t("inspection.inspectorsPerTarget")} rules={[{ required: true }]}>
            <InputNumber min={2} max={20} />
          </Form.Item>
        </Space>
        <Form.Item name="inspectorUsernames" label={t("inspection.inspectorUsernames")} extra={t("inspection.inspectorUsernames.hint")}>
          <Select mode="tags" tokenSeparators={[",", "，", " "]} open={false} />
        </Form.Item>
        <Alert type="info" showIcon title={t("inspection.activeDefinition")} />
      </FormModal>
      <Drawer open={openId !== undefined} size={920} title={openId ? t("inspection.detail.title", { id: openId }) : ""} onClose={() => setOpenId(undefined)}>
        {openId !== undefined && <PlanDetail id={openId} canHandle={canHandle} />}
      </Drawer>
    </>
  );
}

function PlanDetail({ id, canHandle }: { id: number; canHandle: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [recording, setRecording] = useState<InspectionTarget>();
  const plan = useQuery({
    queryKey: ["inspections", "plan", id],
    queryFn: () => api.get<InspectionPlan>(`/api/v1/supervision/inspection-plans/${id}`),
  });
  const step = useMutation({
    mutationFn: (action: "commit" | "draw" | "publish") => api.post<InspectionPlan>(`/api/v1/supervision/inspection-plans/${id}/${action}`),
    onSuccess: async (_, action) => {
      message.success(t(action === "commit" ? "inspection.committed" : action === "draw" ? "inspection.drawn" : "inspection.published"));
      await queryClient.invalidateQueries({ queryKey: ["inspections"] });
    },
  });
  if (plan.error) return <ProblemAlert error={plan.error} />;
  const p = plan.data;
  if (!p) return null;
  const allRecorded = p.targets.length > 0 && p.targets.every((x) => x.outcome !== null);

  return (
    <div className="inspection-detail">
      <ProblemAlert error={step.error} className="form-alert" />
      <Descriptions
        column={2}
        size="small"
        bordered
        items={[
          { key: "name", label: t("inspection.name"), children: p.name, span: 2 },
          { key: "status", label: t("inspection.status"), children: <PlanStatusTag value={p.status} /> },
          { key: "year", label: t("inspection.year"), children: p.year },
          { key: "department", label: t("inspection.department"), children: p.departmentName },
          { key: "projects", label: t("inspection.candidateProjects"), children: `${p.candidateProjects ?? "—"} → ${p.projectCount}` },
          {
            key: "agencies",
            label: t("inspection.activeAgencies"),
            span: 2,
            children: (
              <span>
                {p.activeAgencies === null ? "—" : t("inspection.share", { active: p.activeAgencies, required: p.requiredAgencies ?? 0 })} → {p.agencyCount}
                <div className="muted">{p.basis.agencies}</div>
              </span>
            ),
          },
          {
            key: "inspectors",
            label: t("inspection.inspectorsPerTarget"),
            span: 2,
            children: (
              <span>
                {p.inspectorsPerTarget} <span className="muted">{p.basis.inspectors}</span>
              </span>
            ),
          },
          { key: "commitment", label: t("inspection.commitment"), span: 2, children: <HashText value={p.commitment} width={520} /> },
          { key: "digest", label: t("inspection.inputDigest"), span: 2, children: <HashText value={p.inputDigest} width={520} /> },
          {
            key: "seed",
            label: t("inspection.seed"),
            span: 2,
            children: p.seed ? <HashText value={p.seed} width={520} /> : <span className="muted">{t("inspection.seedSealed")}</span>,
          },
        ]}
      />
      <Space className="inspection-actions section-gap" wrap>
        {canHandle && p.status === "draft" && (
          <Popconfirm title={t("inspection.commit.confirm")} onConfirm={() => step.mutate("commit")}>
            <Button type="primary" loading={step.isPending} className="inspection-commit">
              {t("inspection.commit")}
            </Button>
          </Popconfirm>
        )}
        {canHandle && p.status === "committed" && (
          <Button type="primary" loading={step.isPending} className="inspection-draw" onClick={() => step.mutate("draw")}>
            {t("inspection.draw")}
          </Button>
        )}
        {canHandle && p.status === "drawn" && (
          <Popconfirm title={t("inspection.publish.confirm")} onConfirm={() => step.mutate("publish")} disabled={!allRecorded}>
            <Button type="primary" disabled={!allRecorded} loading={step.isPending} className="inspection-publish">
              {t("inspection.publish")}
            </Button>
          </Popconfirm>
        )}
        {p.status !== "draft" && <Link to={`/inspections/${p.id}`}>{t("inspection.verifyLink")}</Link>}
      </Space>

      {p.pool && (
        <Card size="small" className="section-gap" title={t("inspection.pool")}>
          <Space wrap>
            {p.pool.map((i) => (
              <Tag key={i.userId}>{i.name}</Tag>
            ))}
          </Space>
        </Card>
      )}
      {p.avoidance && (
        <Card size="small" className="section-gap" title={t("inspection.avoidance")}>
          <Table
            rowKey={(c) => `${c.inspectorKey}|${c.targetKey}`}
            size="small"
            className="inspection-avoidance-table"
            dataSource={p.avoidance}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t("inspection.avoidance.none") }}
            columns={[
              { title: t("inspection.target.inspectors"), dataIndex: "inspector" },
              { title: t("inspection.target.name"), dataIndex: "target" },
              {
                title: t("inspection.avoidance"),
                dataIndex: "reasons",
                render: (reasons: string[]) => reasons.map((r) => <Tag key={r}>{t(`inspection.reason.${r}` as "inspection.reason.HANDLED_PROJECT")}</Tag>),
              },
            ]}
          />
        </Card>
      )}
      {p.targets.length > 0 && (
        <Card size="small" className="section-gap" title={t("inspection.targets")}>
          <Table<InspectionTarget>
            rowKey="id"
            size="small"
            className="inspection-targets-table"
            dataSource={p.targets}
            pagination={false}
            columns={[
              { title: t("inspection.target.order"), dataIndex: "order", width: 60 },
              { title: t("inspection.target.kind"), dataIndex: "kind", render: (v: "project" | "agency") => <TargetKindTag value={v} /> },
              {
                title: t("inspection.target.name"),
                key: "name",
                render: (_, x) => (
                  <span>
                    {x.projectId !== null ? (
                      <Link to={`/tender/projects/${x.projectId}`}>{x.name}</Link>
                    ) : (
                      <Link to={`/subjects/${x.subjectId}`}>{x.name}</Link>
                    )}
                    <br />
                    <span className="muted mono">{x.code}</span>
                  </span>
                ),
              },
              { title: t("inspection.target.inspectors"), key: "inspectors", render: (_, x) => x.inspectors.map((i) => i.name).join("、") },
              {
                title: t("inspection.outcome"),
                key: "outcome",
                render: (_, x) => (
                  <span>
                    <OutcomeTag value={x.outcome} />
                    {x.rectifyBy && <span className="muted">{` ${t("inspection.rectifyBy")} ${x.rectifyBy}`}</span>}
                    {x.finding && <div className="muted">{x.finding}</div>}
                    {x.creditRecordId !== null && <div className="muted">{`${t("inspection.creditRecord")} #${x.creditRecordId}`}</div>}
                  </span>
                ),
              },
              {
                key: "actions",
                render: (_, x) =>
                  canHandle &&
                  x.mine &&
                  p.status === "drawn" &&
                  x.outcome === null && (
                    <Button size="small" type="primary" className="inspection-record" onClick={() => setRecording(x)}>
                      {t("inspection.record")}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <div className="muted section-gap">
        {p.createdBy} · {formatDateTime(p.createdAt)}
      </div>
      {recording && <FindingModal target={recording} onClose={() => setRecording(undefined)} />}
    </div>
  );
}

interface FindingValues extends CreditValues {
  outcome: InspectionOutcome;
  finding: string;
  rectifyBy?: Dayjs | null;
}

/** 记录检查结果: 合格 / 发现问题 (optionally with a credit record) / 责令整改 (with a deadline). */
function FindingModal({ target, onClose }: { target: InspectionTarget; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FindingValues>();
  const outcome = Form.useWatch("outcome", form);
  const withCredit = Form.useWatch("withCredit", form);
  const record = useMutation({
    mutationFn: (v: FindingValues) =>
      api.post(`/api/v1/supervision/inspection-targets/${target.id}/finding`, {
        outcome: v.outcome,
        finding: v.finding,
        ...(v.outcome === "rectify" && v.rectifyBy ? { rectifyBy: v.rectifyBy.format("YYYY-MM-DD") } : {}),
        ...(v.outcome === "problem" ? creditPayload(v) : {}),
      }),
    onSuccess: async () => {
      message.success(t("inspection.recorded"));
      await queryClient.invalidateQueries({ queryKey: ["inspections"] });
      onClose();
    },
    onError: (error) => applyProblem(form, error, CREDIT_FIELD_ERRORS),
  });
  const required = [{ required: true, message: t("common.required") }];

  return (
    <Modal
      open
      title={t("inspection.record.title", { name: target.name })}
      okText={t("inspection.record")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={record.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={record.error} className="form-alert" />
      <Form
        form={form}
        name="inspection-finding"
        layout="vertical"
        initialValues={{ outcome: "pass", kind: "violation", restrictedActions: [], subjectUscc: target.kind === "agency" ? target.code : undefined }}
        onFinish={(v) => record.mutate(v)}
      >
        <Form.Item name="outcome" label={t("inspection.outcome")} rules={required}>
          <Radio.Group options={(["pass", "problem", "rectify"] as const).map((o) => ({ value: o, label: t(`inspection.outcome.${o}`) }))} />
        </Form.Item>
        <Form.Item name="finding" label={t("inspection.finding")} rules={required}>
          <Input.TextArea rows={3} />
        </Form.Item>
        {outcome === "rectify" && (
          <Form.Item name="rectifyBy" label={t("inspection.rectifyBy")} rules={required}>
            <DatePicker />
          </Form.Item>
        )}
        {outcome === "problem" && (
          <Form.Item name="withCredit" label={t("inspection.withCredit")} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {outcome === "problem" && withCredit && (
          <CreditRecordFields
            subject={
              <Form.Item name="subjectUscc" label={t("supervision.credit.subject")} rules={required}>
                <Input className="mono" maxLength={18} />
              </Form.Item>
            }
          />
        )}
      </Form>
    </Modal>
  );
}
