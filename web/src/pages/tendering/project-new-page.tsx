import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Steps, Switch } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { useDepartments, usePlatforms } from "../../api/queries.ts";
import type { ApprovalLevel, ProjectKind, TenderProject } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { useI18n } from "../../i18n.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { toFen } from "../../lib/money.ts";
import { MoneyInput, moneyRules } from "./tender-parts.tsx";

interface SectionValues {
  name: string;
  classifyCode: string;
  estimate: string;
  bond: string;
}

interface ProjectValues {
  name: string;
  kind: ProjectKind;
  method: "open" | "invited";
  tendererUscc?: string;
  approvalLevel: ApprovalLevel;
  approvalDivisionCode: string;
  approvalNumber?: string;
  departmentCode: string;
  estimate: string;
  funding: {
    totalInvestment: string;
    budgetFunds: string;
    stateOwnedControlling: boolean;
    foreignLoanOrAid: boolean;
    publicInfrastructure: boolean;
  };
  sections: SectionValues[];
}

/** Server field names → the form's (amounts are typed in 万元, sent in 分). */
const ALIAS: Record<string, string> = {
  estimateFen: "estimate",
  "funding.totalInvestmentFen": "funding.totalInvestment",
  "funding.budgetFundsFen": "funding.budgetFunds",
  ...Object.fromEntries(
    Array.from({ length: 99 }, (_, i) => [
      [`sections.${i}.estimateFen`, `sections.${i}.estimate`],
      [`sections.${i}.bondFen`, `sections.${i}.bond`],
    ]).flat(),
  ),
};

const STEP_FIELDS: (string | number)[][][] = [
  [["name"], ["kind"], ["method"], ["tendererUscc"], ["approvalLevel"], ["approvalDivisionCode"], ["approvalNumber"], ["departmentCode"], ["estimate"]],
  [
    ["funding", "totalInvestment"],
    ["funding", "budgetFunds"],
  ],
];

const wan = (text: string) => toFen(text, "wan") as number;

/** 招标项目登记: project facts, funding (decides whether tendering is compulsory), sections. */
export function ProjectNewPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const platforms = usePlatforms();
  const departments = useDepartments();
  const [form] = Form.useForm<ProjectValues>();
  const [step, setStep] = useState(0);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const level = Form.useWatch("approvalLevel", form);
  const division = Form.useWatch("approvalDivisionCode", form);
  const ownPlatform = platforms.data?.find((p) => p.code === user?.platformCode);

  const next = async () => {
    try {
      await form.validateFields(STEP_FIELDS[step]);
      setStep(step + 1);
    } catch {
      // the fields show what is wrong
    }
  };

  const submit = async () => {
    let values: ProjectValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const body = {
        name: values.name.trim(),
        kind: values.kind,
        tendererUscc: values.tendererUscc?.trim() || undefined,
        departmentCode: values.departmentCode,
        approvalLevel: values.approvalLevel,
        approvalDivisionCode: values.approvalDivisionCode,
        approvalNumber: values.approvalNumber?.trim() || undefined,
        estimateFen: wan(values.estimate),
        funding: {
          totalInvestmentFen: wan(values.funding.totalInvestment),
          budgetFundsFen: wan(values.funding.budgetFunds),
          stateOwnedControlling: values.funding.stateOwnedControlling,
          foreignLoanOrAid: values.funding.foreignLoanOrAid,
          publicInfrastructure: values.funding.publicInfrastructure,
        },
        method: values.method,
        sections: values.sections.map((s) => ({
          name: s.name.trim(),
          classifyCode: s.classifyCode.trim().toUpperCase(),
          estimateFen: wan(s.estimate),
          bondFen: wan(s.bond),
        })),
      };
      const project = await api.post<TenderProject>("/api/v1/tender-projects", body);
      message.success(t("tender.project.created", { code: project.projectCode }));
      navigate(`/tender/projects/${project.id}`);
    } catch (error) {
      setProblem(applyProblem(form, error, ALIAS));
      // Show the step holding the first field the server refused.
      const first = form.getFieldsError().find((f) => f.errors.length > 0)?.name[0];
      if (first !== undefined) setStep(first === "sections" ? 2 : first === "funding" ? 1 : 0);
    } finally {
      setBusy(false);
    }
  };

  const divisionOptions = (platforms.data ?? []).filter((p) => p.level === level).map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }));
  const departmentOptions = (departments.data ?? []).filter((d) => !division || d.platformCode === division).map((d) => ({ value: d.code, label: d.name }));

  return (
    <div className="narrow-page">
      <PageTitle title={t("tender.project.newTitle")} description={t("tender.project.newSubtitle")} />
      <Card>
        <Steps
          className="section-gap"
          current={step}
          items={[{ title: t("tender.project.step.facts") }, { title: t("tender.project.step.funding") }, { title: t("tender.project.step.sections") }]}
        />
        {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
        <Form<ProjectValues>
          form={form}
          name="project"
          layout="vertical"
          scrollToFirstError
          initialValues={{
            kind: "works",
            method: "open",
            approvalLevel: ownPlatform?.level ?? "city",
            approvalDivisionCode: user?.platformCode,
            departmentCode: user?.platformCode ? `${user.platformCode}-zj` : undefined,
            funding: { stateOwnedControlling: true, foreignLoanOrAid: false, publicInfrastructure: true },
            sections: [{ name: "", classifyCode: "", estimate: "", bond: "" }],
          }}
        >
          <div hidden={step !== 0}>
            <Row gutter={16}>
              <Col xs={24} md={16}>
                <Form.Item name="name" label={t("tender.project.name")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
                  <Input maxLength={200} placeholder={t("tender.project.namePlaceholder")} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="kind" label={t("tender.project.kind")}>
                  <Select options={(["works", "goods", "services"] as const).map((k) => ({ value: k, label: t(`tender.kind.${k}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="method" label={t("tender.project.method")}>
                  <Select options={(["open", "invited"] as const).map((m) => ({ value: m, label: t(`tender.method.${m}`) }))} />
                </Form.Item>
              </Col>
              {user?.role === "agency" && (
                <Col xs={24} md={12}>
                  <Form.Item
                    name="tendererUscc"
                    label={t("tender.project.tendererUscc")}
                    tooltip={t("tender.project.tendererUsccTip")}
                    normalize={(v: string) => v.toUpperCase()}
                    rules={[{ required: true, whitespace: true, message: t("common.required") }]}
                  >
                    <Input maxLength={18} className="mono" />
                  </Form.Item>
                </Col>
              )}
              <Col xs={24} md={6}>
                <Form.Item name="approvalLevel" label={t("tender.project.approvalLevel")} tooltip={t("tender.project.approvalLevelTip")}>
                  <Select
                    options={(["province", "city", "county"] as const).map((l) => ({ value: l, label: t(`tender.level.${l}`) }))}
                    onChange={() => form.setFieldsValue({ approvalDivisionCode: undefined, departmentCode: undefined })}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item name="approvalDivisionCode" label={t("tender.project.approvalDivision")} rules={[{ required: true, message: t("common.required") }]}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    options={divisionOptions}
                    onChange={(code: string) => form.setFieldsValue({ departmentCode: `${code}-zj` })}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="approvalNumber" label={t("tender.project.approvalNumber")}>
                  <Input maxLength={100} placeholder={t("tender.project.approvalNumberPlaceholder")} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="departmentCode"
                  label={t("tender.project.department")}
                  tooltip={t("tender.project.departmentTip")}
                  rules={[{ required: true, message: t("common.required") }]}
                >
                  <Select showSearch optionFilterProp="label" options={departmentOptions} loading={departments.isLoading} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="estimate" label={t("tender.project.estimate")} rules={moneyRules(t, "wan", { positive: true })}>
                  <MoneyInput unit="wan" />
                </Form.Item>
              </Col>
            </Row>
          </div>

          <div hidden={step !== 1}>
            <Alert className="form-alert" type="info" showIcon title={t("tender.project.fundingNote")} />
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name={["funding", "totalInvestment"]} label={t("tender.project.totalInvestment")} rules={moneyRules(t, "wan")}>
                  <MoneyInput unit="wan" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name={["funding", "budgetFunds"]} label={t("tender.project.budgetFunds")} rules={moneyRules(t, "wan")}>
                  <MoneyInput unit="wan" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={["funding", "stateOwnedControlling"]} label={t("tender.project.stateOwned")} valuePropName="checked">
                  <Switch checkedChildren={t("common.yes")} unCheckedChildren={t("common.no")} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={["funding", "foreignLoanOrAid"]} label={t("tender.project.foreignLoan")} valuePropName="checked">
                  <Switch checkedChildren={t("common.yes")} unCheckedChildren={t("common.no")} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={["funding", "publicInfrastructure"]} label={t("tender.project.publicInfrastructure")} valuePropName="checked">
                  <Switch checkedChildren={t("common.yes")} unCheckedChildren={t("common.no")} />
                </Form.Item>
              </Col>
            </Row>
          </div>

          <div hidden={step !== 2}>
            <Form.List name="sections">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, index) => (
                    <Card
                      key={field.key}
                      size="small"
                      className="section-gap"
                      title={t("tender.project.sectionN", { n: index + 1 })}
                      extra={
                        fields.length > 1 && (
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            onClick={() => remove(field.name)}
                            aria-label={t("tender.project.removeSection")}
                          />
                        )
                      }
                    >
                      <Row gutter={16}>
                        <Col xs={24} md={10}>
                          <Form.Item
                            name={[field.name, "name"]}
                            label={t("tender.project.sectionName")}
                            rules={[{ required: true, whitespace: true, message: t("common.required") }]}
                          >
                            <Input maxLength={200} placeholder={t("tender.project.sectionNamePlaceholder")} />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={4}>
                          <Form.Item
                            name={[field.name, "classifyCode"]}
                            label={t("tender.project.classifyCode")}
                            tooltip={t("tender.project.classifyCodeTip")}
                            normalize={(v: string) => v.toUpperCase()}
                            rules={[
                              { required: true, message: t("common.required") },
                              { pattern: /^[A-E]\d{6}$/, message: t("tender.project.classifyCodeInvalid") },
                            ]}
                          >
                            <Input maxLength={7} className="mono" placeholder="A080000" />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={5}>
                          <Form.Item
                            name={[field.name, "estimate"]}
                            label={t("tender.project.sectionEstimate")}
                            rules={moneyRules(t, "wan", { positive: true })}
                          >
                            <MoneyInput unit="wan" />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={5}>
                          <Form.Item
                            name={[field.name, "bond"]}
                            label={t("tender.project.bond")}
                            tooltip={t("tender.project.bondTip")}
                            rules={moneyRules(t, "wan")}
                          >
                            <MoneyInput unit="wan" />
                          </Form.Item>
                        </Col>
                      </Row>
                    </Card>
                  ))}
                  <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: "", classifyCode: "", estimate: "", bond: "" })}>
                    {t("tender.project.addSection")}
                  </Button>
                </>
              )}
            </Form.List>
          </div>

          <Space className="form-actions">
            {step > 0 && <Button onClick={() => setStep(step - 1)}>{t("tender.project.previous")}</Button>}
            {step < 2 ? (
              <Button type="primary" onClick={next}>
                {t("tender.project.next")}
              </Button>
            ) : (
              <Button type="primary" loading={busy} onClick={submit}>
                {t("tender.project.submit")}
              </Button>
            )}
          </Space>
        </Form>
      </Card>
    </div>
  );
}
