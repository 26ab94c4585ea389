import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, DatePicker, Drawer, Form, Input, Modal, Select, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import { useServerOffset } from "../../api/queries.ts";
import { useNotices } from "../../api/tendering.ts";
import type { Items } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { toBeijingIso } from "../../lib/beijing-time.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { formatDateTime } from "../../lib/format.ts";
import { ComplaintDetail, ComplaintStatusTag, PendingDue } from "../supervision/complaints-parts.tsx";
import { beijingToday, type Challenge, type Complaint, type Objection } from "./complaints-api.ts";

/** 我的投诉: the bidder's complaints and, after an answered (or overdue) objection, a new one. */
export function MyComplaintsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const offset = useServerOffset();
  const [params] = useSearchParams();
  const preset = Number(params.get("sectionId")) || undefined;
  const [filing, setFiling] = useState(preset !== undefined);
  const [openId, setOpenId] = useState<number>();
  const complaints = useQuery({
    queryKey: ["complaints", "mine", user?.username],
    queryFn: () => api.get<Complaint[]>("/api/v1/supervision/complaints"),
  });
  const today = beijingToday(offset.data ?? 0);
  const rows = [...(complaints.data ?? [])].sort((a, b) => b.id - a.id);
  const open = complaints.data?.find((c) => c.id === openId);

  return (
    <>
      <PageTitle
        title={t("complaint.my.title")}
        description={t("complaint.my.subtitle")}
        extra={
          <Button type="primary" className="complaint-file" onClick={() => setFiling(true)}>
            {t("complaint.file")}
          </Button>
        }
      />
      <Card>
        <ProblemAlert error={complaints.error} className="form-alert" />
        <Table<Complaint>
          rowKey="id"
          size="middle"
          className="my-complaints-table"
          loading={complaints.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("complaint.none") }}
          columns={[
            { title: t("complaint.id"), dataIndex: "id", width: 70 },
            {
              title: t("complaint.projectSection"),
              key: "project",
              render: (_, c) => (
                <span>
                  {c.projectName}
                  <br />
                  <span className="muted">{c.sectionName}</span>
                </span>
              ),
            },
            { title: t("complaint.matter"), dataIndex: "matter", render: (v: Complaint["matter"]) => t(`complaint.matter.${v}`) },
            { title: t("complaint.respondent"), dataIndex: "respondentName" },
            {
              title: t("complaint.status"),
              key: "status",
              render: (_, c) => (
                <>
                  <ComplaintStatusTag value={c.status} />
                  {c.decision && <Tag color={c.decision === "upheld" ? "green" : "default"}>{t(`complaint.decision.${c.decision}`)}</Tag>}
                </>
              ),
            },
            { title: t("complaint.submittedAt"), dataIndex: "submittedAt", render: (v: string) => <span className="nowrap">{formatDateTime(v)}</span> },
            { title: t("complaint.due"), key: "due", render: (_, c) => <PendingDue complaint={c} today={today} /> },
            {
              key: "actions",
              render: (_, c) => (
                <Button size="small" onClick={() => setOpenId(c.id)}>
                  {t("complaint.detail")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Drawer open={open !== undefined} size={600} title={open ? t("complaint.detail.title", { id: open.id }) : ""} onClose={() => setOpenId(undefined)}>
        {open && <ComplaintDetail complaint={open} canHandle={false} today={today} />}
      </Drawer>
      {filing && <FileComplaintModal sectionId={preset} complaints={complaints.data ?? []} today={today} onClose={() => setFiling(false)} />}
    </>
  );
}

interface FileValues {
  sectionId: number;
  /** "o:<id>" an objection (工程), "c:<id>" a 质疑 (政府采购), or "other" for a matter that needs none. */
  ground: string;
  knownAt?: Dayjs | null;
  respondentUscc?: string;
  content: string;
  basis: string;
}

function FileComplaintModal({
  sectionId,
  complaints,
  today,
  onClose,
}: {
  sectionId: number | undefined;
  complaints: Complaint[];
  today: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const notices = useNotices();
  const [form] = Form.useForm<FileValues>();
  const section = Form.useWatch("sectionId", form);
  const ground = Form.useWatch("ground", form);
  const objections = useQuery({
    queryKey: ["objections", section],
    queryFn: () => api.get<Items<Objection>>(`/api/v1/sections/${section}/objections`).then((r) => r.items),
    enabled: section !== undefined,
  });
  const challenges = useQuery({
    queryKey: ["challenges", section],
    queryFn: () => api.get<Items<Challenge>>(`/api/v1/sections/${section}/challenges`).then((r) => r.items),
    enabled: section !== undefined,
  });
  const used = new Set(complaints.map((c) => c.objectionId));
  const eligible = (objections.data ?? []).filter((o) => !used.has(o.id) && (o.repliedAt !== null || today > o.replyDue));
  const eligibleChallenges = (challenges.data ?? []).filter((c) => c.complaintId === null && (c.repliedAt !== null || today > c.replyDue));
  const file = useMutation({
    mutationFn: (v: FileValues) => {
      const objection = eligible.find((o) => `o:${o.id}` === v.ground);
      const challenge = eligibleChallenges.find((c) => `c:${c.id}` === v.ground);
      return api.post<Complaint>(`/api/v1/sections/${v.sectionId}/complaints`, {
        content: v.content,
        basis: v.basis,
        ...(objection
          ? { matter: objection.kind, objectionId: objection.id }
          : challenge
            ? { matter: challenge.matter, challengeId: challenge.id }
            : { matter: "other", ...(v.knownAt ? { knownAt: toBeijingIso(v.knownAt) } : {}) }),
        ...(v.respondentUscc?.trim() ? { respondentUscc: v.respondentUscc.trim() } : {}),
      });
    },
    onSuccess: async () => {
      message.success(t("complaint.filed"));
      await queryClient.invalidateQueries({ queryKey: ["complaints"] });
      onClose();
    },
    onError: (error) => applyProblem(form, error, { knownAt: "knownAt", respondentUscc: "respondentUscc", content: "content", basis: "basis" }),
  });
  const required = [{ required: true, message: t("common.required") }];
  return (
    <Modal
      open
      width={640}
      title={t("complaint.file.title")}
      okText={t("common.submit")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={file.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={file.error ?? objections.error ?? challenges.error} className="form-alert" />
      <Form form={form} name="file-complaint" layout="vertical" initialValues={{ sectionId }} onFinish={(v) => file.mutate(v)}>
        <Form.Item name="sectionId" label={t("complaint.section")} rules={required}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={notices.isLoading}
            onChange={() => form.setFieldValue("ground", undefined)}
            options={(notices.data ?? []).map((n) => ({ value: n.sectionId, label: `${n.projectName} · ${n.sectionName}（${n.sectionCode}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="ground"
          label={t("complaint.objection.pick")}
          rules={required}
          extra={
            section !== undefined && objections.isSuccess && challenges.isSuccess && eligible.length + eligibleChallenges.length === 0
              ? t("complaint.objection.none")
              : undefined
          }
        >
          <Select
            loading={objections.isLoading || challenges.isLoading}
            options={[
              ...eligibleChallenges.map((c) => ({
                value: `c:${c.id}`,
                label: `${t("complaint.challenge")} #${c.id} ${t(`complaint.matter.${c.matter}`)} · ${c.content.slice(0, 40)} · ${
                  c.repliedAt ? t("complaint.objection.replied", { at: formatDateTime(c.repliedAt) }) : t("complaint.objection.awaiting", { day: c.replyDue })
                }`,
              })),
              ...eligible.map((o) => ({
                value: `o:${o.id}`,
                label: `#${o.id} ${t(`complaint.matter.${o.kind}`)} · ${o.content.slice(0, 40)} · ${
                  o.repliedAt ? t("complaint.objection.replied", { at: formatDateTime(o.repliedAt) }) : t("complaint.objection.awaiting", { day: o.replyDue })
                }`,
              })),
              { value: "other" as const, label: t("complaint.matter.other") },
            ]}
          />
        </Form.Item>
        {ground === "other" && (
          <Form.Item name="knownAt" label={t("complaint.knownAt")} rules={required}>
            <DatePicker showTime />
          </Form.Item>
        )}
        <Form.Item name="respondentUscc" label={t("complaint.respondentUscc")}>
          <Input maxLength={40} className="mono" />
        </Form.Item>
        <Form.Item name="content" label={t("complaint.content")} rules={required}>
          <Input.TextArea rows={4} maxLength={20_000} />
        </Form.Item>
        <Form.Item name="basis" label={t("complaint.basis")} rules={required}>
          <Input.TextArea rows={3} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
