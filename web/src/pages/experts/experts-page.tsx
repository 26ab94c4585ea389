import { PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, DatePicker, Form, Input, Popconfirm, Radio, Row, Select, Space, Switch, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { ExpertKind, ExpertRow } from "../../api/evaluation.ts";
import { useDepartments, usePlatformNames, usePlatforms, useServerOffset } from "../../api/queries.ts";
import type { Items } from "../../api/types.ts";
import { useAuth } from "../../auth.tsx";
import { FormModal } from "../../components/form-modal.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDate } from "../../lib/format.ts";

interface NewExpertValues {
  idCard: string;
  name: string;
  specialty: string;
  kind: ExpertKind;
  regionCode: string;
  title: string;
  employerName?: string;
  employerUscc?: string;
  departmentCode?: string;
  avoidUsccs?: string[];
}

/** 专业分类 code of 发改法规〔2018〕316号: a letter A–C and one to four 2-digit levels. */
const SPECIALTY = /^[A-C]\d{2}(\d{2}){0,3}$/;
const USCC = /^[0-9A-Z]{18}$/;

/** 评标专家库: the expert-database role adds experts and sets their availability and punishment; the inspector reads. */
export function ExpertsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const platformName = usePlatformNames(true);
  const offset = useServerOffset();
  const [adding, setAdding] = useState(false);
  const [punishing, setPunishing] = useState<ExpertRow>();
  const [filter, setFilter] = useState("");
  const [busy, setBusy] = useState<number>();
  const experts = useQuery({ queryKey: ["experts"], queryFn: () => api.get<Items<ExpertRow>>("/api/v1/experts").then((r) => r.items) });
  const canEdit = user?.role === "expert_admin";
  const today = formatDate(new Date(Date.now() + (offset.data ?? 0)));

  const patch = async (expert: ExpertRow, body: { available?: boolean; punishedUntil?: string | null }, done: string) => {
    setBusy(expert.id);
    try {
      await api.patch(`/api/v1/experts/${expert.id}`, body);
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: ["experts"] });
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  const add = async (values: NewExpertValues) => {
    const body = Object.fromEntries(
      Object.entries({ ...values, idCard: values.idCard.trim().toUpperCase(), specialty: values.specialty.trim().toUpperCase() }).filter(
        ([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0),
      ),
    );
    const created = await api.post<{ id: number }>("/api/v1/experts", body);
    message.success(t("experts.added", { name: values.name, id: created.id }));
    await queryClient.invalidateQueries({ queryKey: ["experts"] });
  };

  const needle = filter.trim().toLowerCase();
  const rows = (experts.data ?? []).filter(
    (e) => !needle || [e.name, e.specialty, e.title, e.employerName ?? "", String(e.id)].some((s) => s.toLowerCase().includes(needle)),
  );

  return (
    <>
      <PageTitle
        title={t("experts.title")}
        description={canEdit ? t("experts.subtitle") : t("experts.readOnly")}
        extra={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t("experts.add")}
            </Button>
          )
        }
      />
      <Card>
        <Input.Search className="toolbar" allowClear placeholder={t("experts.filter")} style={{ width: 320 }} onChange={(e) => setFilter(e.target.value)} />
        <ProblemAlert error={experts.error} className="form-alert" />
        <Table<ExpertRow>
          rowKey="id"
          size="small"
          className="experts-table"
          loading={experts.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: t("experts.id"), dataIndex: "id", width: 90, render: (v: number) => <span className="mono">{v}</span> },
            { title: t("experts.name"), dataIndex: "name" },
            { title: t("experts.specialty"), dataIndex: "specialty", render: (v: string) => <span className="mono">{v}</span> },
            { title: t("experts.kind"), dataIndex: "kind", render: (v: ExpertKind) => <Tag>{t(`experts.kind.${v}`)}</Tag> },
            { title: t("experts.region"), dataIndex: "regionCode", render: (v: string) => platformName(v) },
            { title: t("experts.titleLabel"), dataIndex: "title" },
            { title: t("experts.employer"), dataIndex: "employerName", render: (v: string | null) => v ?? "—" },
            {
              title: t("experts.available"),
              dataIndex: "available",
              render: (v: boolean, e) => (
                <Switch
                  size="small"
                  checked={v}
                  disabled={!canEdit}
                  loading={busy === e.id}
                  aria-label={t("experts.availableOf", { name: e.name })}
                  checkedChildren={t("experts.availableYes")}
                  unCheckedChildren={t("experts.availableNo")}
                  onChange={(available) => patch(e, { available }, available ? t("experts.madeAvailable") : t("experts.madeUnavailable"))}
                />
              ),
            },
            {
              title: t("experts.punishment"),
              key: "punishment",
              render: (_, e) =>
                e.punishedUntil ? (
                  <Tag color={e.punishedUntil >= today ? "red" : "default"}>{t("experts.punishedUntil", { date: e.punishedUntil })}</Tag>
                ) : (
                  <span className="muted">—</span>
                ),
            },
            ...(canEdit
              ? [
                  {
                    title: t("common.actions"),
                    key: "actions",
                    render: (_: unknown, e: ExpertRow) => (
                      <Space size={4}>
                        <Button size="small" onClick={() => setPunishing(e)}>
                          {t("experts.punish")}
                        </Button>
                        {e.punishedUntil && (
                          <Popconfirm
                            title={t("experts.liftConfirm", { name: e.name })}
                            onConfirm={() => patch(e, { punishedUntil: null }, t("experts.lifted"))}
                            okText={t("experts.lift")}
                            cancelText={t("tender.cancel")}
                          >
                            <Button size="small" type="link">
                              {t("experts.lift")}
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <AddExpertModal open={adding} onClose={() => setAdding(false)} onSubmit={add} />
      <FormModal<{ punishedUntil: Dayjs }>
        name="punish"
        title={t("experts.punishTitle", { name: punishing?.name ?? "" })}
        open={punishing !== undefined}
        onClose={() => setPunishing(undefined)}
        onSubmit={async (v) => {
          if (punishing) await patch(punishing, { punishedUntil: v.punishedUntil.format("YYYY-MM-DD") }, t("experts.punished"));
        }}
        width={420}
      >
        <Form.Item
          name="punishedUntil"
          label={t("experts.punishUntil")}
          extra={t("experts.punishExtra")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function AddExpertModal({ open, onClose, onSubmit }: { open: boolean; onClose: () => void; onSubmit: (values: NewExpertValues) => Promise<void> }) {
  const { t } = useI18n();
  const platforms = usePlatforms();
  const departments = useDepartments();
  return (
    <FormModal<NewExpertValues>
      name="expert"
      title={t("experts.add")}
      open={open}
      onClose={onClose}
      onSubmit={onSubmit}
      width={760}
      initialValues={{ kind: "technical" }}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="idCard" label={t("experts.idCard")} extra={t("experts.idCardExtra")} rules={[{ required: true, message: t("common.required") }]}>
            <Input maxLength={18} className="mono" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="name" label={t("experts.name")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="specialty"
            label={t("experts.specialty")}
            extra={t("experts.specialtyExtra")}
            rules={[
              { required: true, message: t("common.required") },
              { pattern: SPECIALTY, message: t("experts.specialtyInvalid"), transform: (v: string) => v?.trim().toUpperCase() },
            ]}
          >
            <Input maxLength={9} className="mono" placeholder="A0801" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="kind" label={t("experts.kind")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
            <Radio.Group
              options={[
                { value: "technical", label: t("experts.kind.technical") },
                { value: "economic", label: t("experts.kind.economic") },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="regionCode" label={t("experts.region")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
            <Select showSearch={{ optionFilterProp: "label" }} options={(platforms.data ?? []).map((p) => ({ value: p.code, label: `${p.code} ${p.name}` }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="title" label={t("experts.titleLabel")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
            <Input maxLength={50} placeholder={t("experts.titlePlaceholder")} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="employerName" label={t("experts.employer")}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="employerUscc"
            label={t("experts.employerUscc")}
            extra={t("experts.employerUsccExtra")}
            rules={[{ pattern: USCC, message: t("experts.usccInvalid") }]}
          >
            <Input maxLength={18} className="mono" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="departmentCode" label={t("experts.department")} extra={t("experts.departmentExtra")}>
            <Select allowClear options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="avoidUsccs"
            label={t("experts.avoid")}
            extra={t("experts.avoidExtra")}
            rules={[
              {
                validator: (_, value?: string[]) =>
                  (value ?? []).every((u) => USCC.test(u)) ? Promise.resolve() : Promise.reject(new Error(t("experts.usccInvalid"))),
              },
            ]}
          >
            <Select mode="tags" tokenSeparators={[",", " ", "，"]} open={false} suffixIcon={null} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
