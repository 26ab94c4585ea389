import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Col, DatePicker, Form, Input, Popconfirm, Row, Select, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { Qualification, Subject } from "../../api/types.ts";
import { FormModal } from "../../components/form-modal.tsx";
import { useI18n } from "../../i18n.ts";
import { subjectKey } from "./subject-keys.ts";

const KINDS = ["qualification", "certificate", "license", "permit"] as const;

interface QualificationValues {
  kind: Qualification["kind"];
  name: string;
  certificateNo: string;
  grade?: string;
  issuer?: string;
  validFrom?: Dayjs;
  validUntil?: Dayjs;
}

/** 资质证书: qualifications and certificates, withdrawn rather than deleted. */
export function SubjectQualifications({ subject, canEdit }: { subject: Subject; canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const saved = (next: Subject) => queryClient.setQueryData(subjectKey(subject.id), next);

  const add = async (v: QualificationValues) => {
    const body = {
      kind: v.kind,
      name: v.name.trim(),
      certificateNo: v.certificateNo.trim(),
      grade: v.grade?.trim() || undefined,
      issuer: v.issuer?.trim() || undefined,
      validFrom: v.validFrom?.format("YYYY-MM-DD"),
      validUntil: v.validUntil?.format("YYYY-MM-DD"),
    };
    saved(await api.post<Subject>(`/api/v1/subjects/${subject.id}/qualifications`, body));
    message.success(t("common.saved"));
  };

  const withdraw = async (q: Qualification) => {
    try {
      saved(await api.post<Subject>(`/api/v1/subjects/${subject.id}/qualifications/${q.id}/withdraw`));
      message.success(t("qualification.withdrawn"));
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <>
      {canEdit && (
        <div className="tab-toolbar">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t("qualification.add")}
          </Button>
        </div>
      )}
      <Table<Qualification>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={subject.qualifications}
        locale={{ emptyText: t("qualification.empty") }}
        columns={[
          { title: t("qualification.kind"), dataIndex: "kind", width: 100, render: (k: Qualification["kind"]) => t(`qualificationKind.${k}`) },
          { title: t("qualification.name"), dataIndex: "name" },
          { title: t("qualification.certificateNo"), dataIndex: "certificateNo", render: (v: string) => <span className="mono">{v}</span> },
          { title: t("qualification.grade"), dataIndex: "grade", render: (v: string | null) => v ?? "—" },
          { title: t("qualification.issuer"), dataIndex: "issuer", render: (v: string | null) => v ?? "—" },
          {
            title: t("qualification.validity"),
            key: "valid",
            render: (_, q) =>
              q.validFrom || q.validUntil ? `${q.validFrom ?? ""} ~ ${q.validUntil ?? t("qualification.noExpiry")}` : t("qualification.noExpiry"),
          },
          {
            title: t("common.status"),
            key: "status",
            width: 90,
            render: (_, q) =>
              q.withdrawn ? (
                <Tag>{t("qualification.statusWithdrawn")}</Tag>
              ) : q.expired ? (
                <Tag color="orange">{t("qualification.statusExpired")}</Tag>
              ) : (
                <Tag color="green">{t("qualification.statusValid")}</Tag>
              ),
          },
          ...(canEdit
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  width: 90,
                  render: (_: unknown, q: Qualification) =>
                    !q.withdrawn && (
                      <Popconfirm title={t("qualification.withdrawConfirm")} onConfirm={() => withdraw(q)}>
                        <Button type="link" size="small" danger>
                          {t("qualification.withdraw")}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <FormModal<QualificationValues>
        name="qualification"
        title={t("qualification.add")}
        open={adding}
        onClose={() => setAdding(false)}
        onSubmit={add}
        initialValues={{ kind: "qualification" }}
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="kind" label={t("qualification.kind")} rules={[{ required: true }]}>
              <Select options={KINDS.map((k) => ({ value: k, label: t(`qualificationKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t("qualification.name")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
              <Input maxLength={200} placeholder={t("qualification.namePlaceholder")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="certificateNo"
              label={t("qualification.certificateNo")}
              rules={[{ required: true, whitespace: true, message: t("common.required") }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="grade" label={t("qualification.grade")}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="issuer" label={t("qualification.issuer")}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="validFrom" label={t("qualification.validFrom")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="validUntil" label={t("qualification.validUntil")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
    </>
  );
}
