import { Col, Form, Input, Row, Select } from "antd";
import type { SubjectRole } from "../../api/types.ts";
import { useI18n } from "../../i18n.ts";

export interface FirstAccount {
  username: string;
  password: string;
  displayName: string;
  idCard: string;
  phone?: string;
  role: SubjectRole;
}

/** The subject's first account (its administrator), opened with the registration. */
export function AccountFields() {
  const { t } = useI18n();
  const roles: SubjectRole[] = Form.useWatch("roles", Form.useFormInstance()) ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} md={6}>
        <Form.Item
          name={["account", "username"]}
          label={t("account.username")}
          rules={[{ required: true, min: 3, max: 64, message: t("account.usernameRule") }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={6}>
        <Form.Item
          name={["account", "password"]}
          label={t("account.password")}
          extra={t("account.passwordRule")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Col>
      <Col xs={24} md={6}>
        <Form.Item
          name={["account", "displayName"]}
          label={t("account.displayName")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={24} md={6}>
        <Form.Item name={["account", "role"]} label={t("account.role")} rules={[{ required: true, message: t("account.roleRule") }]}>
          <Select options={roles.map((r) => ({ value: r, label: t(`subjectRole.${r}`) }))} notFoundContent={t("account.chooseRolesFirst")} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={["account", "idCard"]}
          label={t("account.idCard")}
          extra={t("account.idCardExtra")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input maxLength={18} className="mono" />
        </Form.Item>
      </Col>
      <Col xs={24} md={6}>
        <Form.Item name={["account", "phone"]} label={t("account.phone")}>
          <Input maxLength={32} />
        </Form.Item>
      </Col>
    </Row>
  );
}
