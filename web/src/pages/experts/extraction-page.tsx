import { LockOutlined, SafetyCertificateOutlined, UserSwitchOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Descriptions, Form, InputNumber, Result, Row, Select, Skeleton, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, api } from "../../api/client.ts";
import { type DrawCommitted, type DrawOutcome, type DrawStatus, drawMemory, usePublicDraw } from "../../api/evaluation.ts";
import { usePlatformNames, usePlatforms } from "../../api/queries.ts";
import { type SectionStatus, type TenderNotice, useNotices, useSection } from "../../api/tendering.ts";
import { HashText } from "../../components/hash-text.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";
import { SectionStatusTag } from "../tendering/tender-parts.tsx";

/** A draw may be committed from the notice until the opening record (the server's rule). */
const DRAWABLE: readonly SectionStatus[] = ["announced", "opening", "opened"];

export const DRAW_STATUS_COLOR: Record<DrawStatus, string> = { committed: "blue", drawn: "orange", revealed: "green" };

/** 专家抽取: the sections of the platform, each with the way to its draw. */
export function ExtractionListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const platformName = usePlatformNames(true);
  const notices = useNotices();
  return (
    <>
      <PageTitle title={t("draw.listTitle")} description={t("draw.listSubtitle")} />
      <Card>
        <ProblemAlert error={notices.error} className="form-alert" />
        <Table<TenderNotice>
          rowKey="sectionId"
          size="middle"
          loading={notices.isLoading}
          dataSource={notices.data?.filter((n) => n.status !== "failed")}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t("tender.notices.empty") }}
          columns={[
            {
              title: t("tender.notice.project"),
              key: "name",
              render: (_, n) => (
                <span>
                  {n.projectName}
                  <br />
                  <span className="muted">{n.sectionName}</span>
                </span>
              ),
            },
            { title: t("tender.sectionCode"), dataIndex: "sectionCode", render: (v: string) => <span className="mono">{v}</span> },
            { title: t("tender.platform"), dataIndex: "platformCode", render: platformName },
            {
              title: t("tender.bidDeadlineOpening"),
              dataIndex: "bidDeadline",
              render: (v: string) => <span className="nowrap">{formatDateTime(v).slice(0, 16)}</span>,
            },
            { title: t("common.status"), dataIndex: "status", render: (v: SectionStatus) => <SectionStatusTag status={v} /> },
            {
              title: t("common.actions"),
              key: "actions",
              render: (_, n) => (
                <Button size="small" type={DRAWABLE.includes(n.status) ? "primary" : "default"} onClick={() => navigate(`/experts/extraction/${n.sectionId}`)}>
                  {DRAWABLE.includes(n.status) ? t("draw.enter") : t("draw.view")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}

interface CommitValues {
  size: number;
  tendererRepresentatives: number;
  specialties: string[];
  remoteRegions?: string[];
}

/** One section's draw: commit (the SM3 commitment is published at once), run, record declines. Names stay sealed. */
export function ExtractionPage() {
  const { t } = useI18n();
  const sectionId = Number(useParams().sectionId);
  const section = useSection(sectionId);
  const [drawId, setDrawId] = useState<number | undefined>(() => drawMemory.get(sectionId));
  const known = drawId ?? section.data?.expertDrawId ?? undefined;

  if (section.error) return <ProblemAlert error={section.error} />;
  if (!section.data) return <Skeleton active />;
  const s = section.data;
  return (
    <>
      <PageTitle title={t("draw.title")} description={`${s.projectName} · ${s.name}`} extra={<SectionStatusTag status={s.status} />} />
      <Card size="small" className="section-gap">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: "code", label: t("tender.sectionCode"), children: <span className="mono">{s.sectionCode}</span> },
            { key: "classify", label: t("tender.project.classifyCode"), children: <span className="mono">{s.classifyCode}</span> },
            { key: "deadline", label: t("tender.bidDeadlineOpening"), children: s.bidDeadline ? formatDateTime(s.bidDeadline) : "—" },
          ]}
        />
      </Card>
      {known ? (
        <DrawCard drawId={known} />
      ) : DRAWABLE.includes(s.status) ? (
        <CommitForm
          sectionId={sectionId}
          defaultSpecialty={s.classifyCode.slice(0, 3)}
          onCommitted={(id) => {
            drawMemory.set(sectionId, id);
            setDrawId(id);
          }}
        />
      ) : (
        <Result status="info" title={t("draw.notDrawable")} />
      )}
    </>
  );
}

function CommitForm({ sectionId, defaultSpecialty, onCommitted }: { sectionId: number; defaultSpecialty: string; onCommitted: (id: number) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const platforms = usePlatforms();
  const [form] = Form.useForm<CommitValues>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [existing, setExisting] = useState<number | null>(null);
  const alreadyDrawn = problem instanceof ApiError && problem.code === "CONFLICT";

  const submit = async (values: CommitValues) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const body = {
        size: values.size,
        specialties: values.specialties.map((s) => s.trim().toUpperCase()),
        ...(values.tendererRepresentatives ? { tendererRepresentatives: values.tendererRepresentatives } : {}),
        ...(values.remoteRegions?.length ? { remoteRegions: values.remoteRegions } : {}),
      };
      const draw = await api.post<DrawCommitted>(`/api/v1/sections/${sectionId}/expert-draws`, body);
      message.success(t("draw.committed"));
      onCommitted(draw.id);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" className="section-gap" title={t("draw.commitTitle")}>
      <Alert className="form-alert" type="info" showIcon title={t("draw.commitNote")} />
      <ProblemAlert error={problem} className="form-alert" />
      {alreadyDrawn && (
        // The API does not tell which draw belongs to a section: the record number is on the draw's notification.
        <Space className="form-alert" wrap>
          <span>{t("draw.openExisting")}</span>
          <InputNumber min={1} precision={0} value={existing} onChange={setExisting} placeholder={t("draw.recordNo")} />
          <Button disabled={!existing} onClick={() => existing && onCommitted(existing)}>
            {t("draw.open")}
          </Button>
        </Space>
      )}
      <Form<CommitValues>
        form={form}
        name="draw"
        layout="vertical"
        onFinish={submit}
        initialValues={{ size: 5, tendererRepresentatives: 0, specialties: [defaultSpecialty] }}
      >
        <Row gutter={16}>
          <Col xs={24} md={5}>
            <Form.Item name="size" label={t("draw.size")} extra={t("draw.sizeExtra")} rules={[{ required: true, message: t("common.required") }]}>
              <InputNumber min={5} max={99} step={2} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name="tendererRepresentatives" label={t("draw.representatives")} extra={t("draw.representativesExtra")}>
              <InputNumber min={0} max={10} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item
              name="specialties"
              label={t("draw.specialties")}
              extra={t("draw.specialtiesExtra")}
              rules={[{ required: true, type: "array", min: 1, message: t("common.required") }]}
            >
              <Select mode="tags" tokenSeparators={[",", " ", "，"]} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item name="remoteRegions" label={t("draw.remoteRegions")} extra={t("draw.remoteRegionsExtra")}>
              <Select
                mode="multiple"
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                options={(platforms.data ?? []).map((p) => ({ value: p.code, label: `${p.code} ${p.name}` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<LockOutlined />} loading={busy}>
          {t("draw.commit")}
        </Button>
      </Form>
    </Card>
  );
}

function DrawCard({ drawId }: { drawId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const draw = usePublicDraw(drawId);
  const [outcome, setOutcome] = useState<DrawOutcome>();
  const [declining, setDeclining] = useState<number | null>(null);
  const [busy, setBusy] = useState<"run" | "decline">();
  const [problem, setProblem] = useState<unknown>();

  const act = async (kind: "run" | "decline") => {
    setBusy(kind);
    setProblem(undefined);
    try {
      const result =
        kind === "run"
          ? await api.post<DrawOutcome>(`/api/v1/expert-draws/${drawId}/run`)
          : await api.post<DrawOutcome>(`/api/v1/expert-draws/${drawId}/declines`, { expertId: declining });
      setOutcome(result);
      if (kind === "decline") setDeclining(null);
      message.success(kind === "run" ? t("draw.ran", { n: result.drawn }) : t("draw.replaced", { n: result.declined }));
      await queryClient.invalidateQueries({ queryKey: ["expert-draw", drawId] });
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(undefined);
    }
  };

  if (draw.error) return <ProblemAlert error={draw.error} className="section-gap" />;
  if (!draw.data) return <Skeleton active />;
  const d = draw.data;
  return (
    <Card
      size="small"
      className="section-gap draw-card"
      title={
        <span>
          <SafetyCertificateOutlined /> {t("draw.record", { id: d.id })} <Tag color={DRAW_STATUS_COLOR[d.status]}>{t(`draw.status.${d.status}`)}</Tag>
        </span>
      }
      extra={<Link to={`/expert-draws/${d.id}`}>{t("draw.publicPage")}</Link>}
    >
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: "commitment", label: t("draw.commitment"), children: <HashText value={d.commitment} width={520} /> },
          { key: "digest", label: t("draw.inputDigest"), children: <HashText value={d.inputDigest} width={520} /> },
          { key: "alg", label: t("draw.algorithm"), children: <span className="mono">{d.algorithm}</span> },
          { key: "size", label: t("draw.size"), children: d.size },
        ]}
      />
      <div className="muted section-gap">{t("draw.commitmentNote")}</div>
      <ProblemAlert error={problem} className="section-gap" />
      {d.status === "committed" && (
        <Button type="primary" size="large" className="section-gap" onClick={() => act("run")} loading={busy === "run"}>
          {t("draw.run")}
        </Button>
      )}
      {d.status === "drawn" && (
        <>
          <Alert
            className="section-gap"
            type="success"
            showIcon
            title={
              !outcome
                ? t("draw.drawnSealed")
                : outcome.declined
                  ? t("draw.drawnCount", { n: outcome.drawn, declined: outcome.declined })
                  : t("draw.ran", { n: outcome.drawn })
            }
            description={t("draw.sealedNote")}
          />
          <div className="subsection-title">{t("draw.declineTitle")}</div>
          <Space wrap>
            <InputNumber
              id="decline_expertId"
              min={1}
              precision={0}
              placeholder={t("draw.declineExpertId")}
              value={declining}
              onChange={(v) => setDeclining(v)}
              style={{ width: 200 }}
            />
            <Button icon={<UserSwitchOutlined />} disabled={!declining} loading={busy === "decline"} onClick={() => act("decline")}>
              {t("draw.decline")}
            </Button>
          </Space>
          <div className="muted note-below">{t("draw.declineNote")}</div>
        </>
      )}
      {d.status === "revealed" && <Alert className="section-gap" type="info" showIcon title={t("draw.revealedNote")} />}
    </Card>
  );
}
