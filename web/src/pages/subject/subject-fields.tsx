import type { FormRule } from "antd";
import { AutoComplete, Checkbox, Col, DatePicker, Form, Input, Row, Select, Space } from "antd";
import { usePlatforms } from "../../api/queries.ts";
import { SUBJECT_ROLES } from "../../api/types.ts";
import { useI18n } from "../../i18n.ts";
import { toFen } from "../../lib/money.ts";
import type { ProfileFormValues } from "./subject-form-values.ts";

const SUBJECT_TYPES = ["legal_person", "unincorporated", "individual_business", "natural_person"] as const;
const CURRENCIES = ["CNY", "USD", "HKD", "EUR", "JPY", "GBP"];

export function FormSection({ title }: { title: string }) {
  return <div className="form-section">{title}</div>;
}

/**
 * The data-spec profile of a subject (法人基本信息), shared by registration and the edit form.
 * Fields the spec requires for trading are required here too.
 */
export function SubjectProfileFields() {
  const { t } = useI18n();
  const platforms = usePlatforms();
  const required = (message: string): FormRule[] => [{ required: true, whitespace: true, message }];
  const regions = (platforms.data ?? []).map((p) => ({ value: p.code, label: `${p.code} ${p.name.replace(/公共资源交易平台$/, "")}` }));

  return (
    <>
      <FormSection title={t("subject.section.basic")} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t("subject.name")} rules={required(t("subject.nameRequired"))}>
            <Input maxLength={200} placeholder={t("subject.namePlaceholder")} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="subjectType" label={t("subject.subjectType")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
            <Select options={SUBJECT_TYPES.map((v) => ({ value: v, label: t(`subjectType.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="legalRepresentative" label={t("subject.legalRepresentative")} rules={required(t("common.required"))}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t("subject.registeredCapital")} required>
            <Space.Compact block>
              <Form.Item
                name="registeredCapital"
                noStyle
                dependencies={["registeredCapitalUnit"]}
                rules={[
                  { required: true, message: t("subject.capitalRequired") },
                  ({ getFieldValue }) => ({
                    validator: (_, value?: string) =>
                      !value || toFen(value, getFieldValue("registeredCapitalUnit")) !== undefined
                        ? Promise.resolve()
                        : Promise.reject(
                            new Error(t(getFieldValue("registeredCapitalUnit") === "wan" ? "subject.capitalInvalidWan" : "subject.capitalInvalidYuan")),
                          ),
                  }),
                ]}
              >
                <Input inputMode="decimal" placeholder={t("subject.capitalPlaceholder")} />
              </Form.Item>
              <Form.Item name="registeredCapitalUnit" noStyle>
                <Select
                  style={{ width: 96 }}
                  options={[
                    { value: "wan", label: t("money.wan") },
                    { value: "yuan", label: t("money.yuan") },
                  ]}
                />
              </Form.Item>
              <Form.Item name="registeredCapitalCurrency" noStyle>
                <Select style={{ width: 96 }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name="regionCode"
            label={t("subject.regionCode")}
            tooltip={t("subject.regionCodeTip")}
            rules={[
              { required: true, message: t("common.required") },
              { pattern: /^\d{6}$/, message: t("subject.regionCodeInvalid") },
            ]}
          >
            <AutoComplete options={regions} placeholder="330100" filterOption={(input, option) => (option?.label ?? "").includes(input)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="licenseEndDate" label={t("subject.licenseEndDate")} tooltip={t("subject.licenseEndDateTip")}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="address" label={t("subject.address")}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="industryCode" label={t("subject.industryCode")} tooltip={t("subject.industryCodeTip")}>
            <Input maxLength={16} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="legalRepresentativePhone" label={t("subject.legalRepresentativePhone")}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
      </Row>

      <FormSection title={t("subject.section.bank")} />
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="basicBank" label={t("subject.basicBank")}>
            <Input maxLength={100} placeholder={t("subject.basicBankPlaceholder")} />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="basicBranchBankNo" label={t("subject.basicBranchBankNo")} tooltip={t("subject.basicBranchBankNoTip")}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="basicAccountNo" label={t("subject.basicAccountNo")} rules={[{ pattern: /^[0-9-]{6,40}$/, message: t("subject.accountNoInvalid") }]}>
            <Input maxLength={40} inputMode="numeric" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="basicAccountName" label={t("subject.basicAccountName")}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>

      <FormSection title={t("subject.section.contact")} />
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name="contactName" label={t("subject.contactName")} rules={required(t("common.required"))}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="contactPhone" label={t("subject.contactPhone")} rules={required(t("common.required"))}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="email" label={t("subject.email")} rules={[{ type: "email", message: t("subject.emailInvalid") }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="zipCode" label={t("subject.zipCode")} rules={[{ pattern: /^\d{6}$/, message: t("subject.zipCodeInvalid") }]}>
            <Input maxLength={6} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="contactAddress" label={t("subject.contactAddress")}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="website" label={t("subject.website")}>
            <Input maxLength={300} placeholder="https://" />
          </Form.Item>
        </Col>
      </Row>

      <FormSection title={t("subject.section.roles")} />
      <Form.Item<ProfileFormValues>
        name="roles"
        extra={t("subject.rolesHint")}
        rules={[{ required: true, type: "array", min: 1, message: t("subject.rolesRequired") }]}
      >
        <Checkbox.Group options={SUBJECT_ROLES.map((r) => ({ value: r, label: t(`subjectRole.${r}`) }))} />
      </Form.Item>
    </>
  );
}
