import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Col, Form, Input, Row, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { StaffMember, Subject } from "../../api/types.ts";
import { FormModal } from "../../components/form-modal.tsx";
import { useI18n } from "../../i18n.ts";
import { subjectKey } from "./subject-keys.ts";

interface StaffValues {
  idCard: string;
  name: string;
  position: string;
  practiceCertificateNo?: string;
  phone?: string;
}

/** 执业人员: the subject's practitioners, identified by 居民身份证号. */
export function SubjectStaff({ subject, canEdit }: { subject: Subject; canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const seesIdCards = subject.staff.some((s) => s.idCard !== undefined);

  const add = async (v: StaffValues) => {
    const body = {
      idCard: v.idCard.trim(),
      name: v.name.trim(),
      position: v.position.trim(),
      practiceCertificateNo: v.practiceCertificateNo?.trim() || undefined,
      phone: v.phone?.trim() || undefined,
    };
    queryClient.setQueryData(subjectKey(subject.id), await api.post<Subject>(`/api/v1/subjects/${subject.id}/staff`, body));
    message.success(t("common.saved"));
  };

  return (
    <>
      {canEdit && (
        <div className="tab-toolbar">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t("staff.add")}
          </Button>
        </div>
      )}
      <Table<StaffMember>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={subject.staff}
        locale={{ emptyText: t("staff.empty") }}
        columns={[
          { title: t("staff.name"), dataIndex: "name" },
          ...(seesIdCards ? [{ title: t("staff.idCard"), dataIndex: "idCard", render: (v: string) => <span className="mono">{v}</span> }] : []),
          { title: t("staff.position"), dataIndex: "position" },
          {
            title: t("staff.practiceCertificateNo"),
            dataIndex: "practiceCertificateNo",
            render: (v: string | null) => (v ? <span className="mono">{v}</span> : "—"),
          },
          {
            title: t("common.status"),
            dataIndex: "active",
            width: 90,
            render: (a: boolean) => (a ? <Tag color="green">{t("staff.active")}</Tag> : <Tag>{t("staff.left")}</Tag>),
          },
        ]}
      />
      <FormModal<StaffValues> name="staff" title={t("staff.add")} open={adding} onClose={() => setAdding(false)} onSubmit={add}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="name" label={t("staff.name")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="idCard" label={t("staff.idCard")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
              <Input maxLength={18} className="mono" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="position" label={t("staff.position")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
              <Input maxLength={100} placeholder={t("staff.positionPlaceholder")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="practiceCertificateNo" label={t("staff.practiceCertificateNo")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t("account.phone")}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
    </>
  );
}
