import { LockOutlined, MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { useDepartments } from "../../api/queries.ts";
import { useAuth } from "../../auth.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { useI18n } from "../../i18n.ts";
import { toBeijingIso } from "../../lib/beijing-time.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { toFen } from "../../lib/money.ts";
import { useLimitHint } from "../tendering/limit-hint.tsx";
import { MoneyInput, moneyRules } from "../tendering/tender-parts.tsx";
import { AUCTION_KINDS, type AuctionKind, type AuctionMethod, isSealedMethod, KIND_METHODS } from "./auction-api.ts";
import { useMethodName } from "./auction-parts.tsx";

interface LotValues {
  kind: AuctionKind;
  method: AuctionMethod;
  priceWeight?: number;
  factors?: { name: string; weight: number }[];
  priceFormula?: "ratioToHighest" | "linearAboveFloor";
  name: string;
  description?: string;
  divisionCode: string;
  approvalLevel: "province" | "city" | "county";
  departmentCode: string;
  opensAt: Dayjs;
  endsAt: Dayjs;
  startingPrice: string;
  increment: string;
  deposit: string;
  reserve?: string;
  appraisal?: string;
  countdownSeconds: number;
}

type TimeField = "opensAt" | "endsAt";
/** Which field a statutory time-limit refusal is about. */
const RULE_FIELD: Record<string, TimeField> = { ANNOUNCEMENT_TOO_LATE: "opensAt", LISTING_TOO_SHORT: "endsAt", DISCLOSURE_TOO_SHORT: "opensAt" };
const ALIAS = { startingPriceFen: "startingPrice", incrementFen: "increment", depositFen: "deposit", reserveFen: "reserve", appraisalFen: "appraisal" };
const FORMAT = "YYYY-MM-DD HH:mm";
const wan = (text: string | undefined) => (text ? toFen(text, "wan") : undefined);
const industryOf = (kind: AuctionKind) => (kind === "land" || kind === "mining" ? "zrzy" : "gz");

/**
 * 出让公告 / 挂牌披露 (tenderer as seller): kind and method, schedule in Beijing time, prices in 万元. The 底价 is
 * sealed by the server at once (to the trading centre's and the department's keys) and shown to nobody
 * before the close; the server holds the schedule to the statutory lead times and says which date would do.
 */
export function AuctionLotNewPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const departments = useDepartments();
  const [form] = Form.useForm<LotValues>();
  const limits = useLimitHint<TimeField>(form, (rule) => RULE_FIELD[rule]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch("kind", form) ?? "land";
  const method = Form.useWatch("method", form) ?? "listing";
  const priceWeight = Form.useWatch("priceWeight", form);
  const factors = Form.useWatch("factors", form);
  const land = kind === "land" || kind === "mining";
  const sealed = isSealedMethod(method);
  const methodName = useMethodName();
  const weightSum = Math.round((priceWeight ?? 0) * 100 + (factors ?? []).reduce((sum, f) => sum + Math.round((f?.weight ?? 0) * 100), 0)) / 100;

  const submit = async (values: LotValues) => {
    setBusy(true);
    setProblem(undefined);
    limits.clear();
    if (values.method === "weighted" && weightSum !== 100) {
      setBusy(false);
      setProblem(t("auction.new.weightSum", { sum: weightSum }));
      return;
    }
    try {
      const weights =
        values.method === "weighted"
          ? {
              priceWeightBp: Math.round((values.priceWeight ?? 0) * 100),
              factors: (values.factors ?? []).map((f, i) => ({ key: `f${i + 1}`, name: f.name.trim(), weightBp: Math.round(f.weight * 100) })),
              fullScore: 10_000,
              priceFormula: values.priceFormula ?? "ratioToHighest",
            }
          : undefined;
      // Every method is published by the same route; a sealed method has no increment and no countdown.
      const created = await api.post<{ id: number; lotCode: string }>("/api/v1/auction-lots", {
        kind: values.kind,
        method: values.method,
        name: values.name.trim(),
        description: values.description?.trim() || undefined,
        divisionCode: values.divisionCode.trim(),
        approvalLevel: values.approvalLevel,
        departmentCode: values.departmentCode,
        opensAt: toBeijingIso(values.opensAt),
        endsAt: toBeijingIso(values.endsAt),
        startingPriceFen: wan(values.startingPrice),
        incrementFen: isSealedMethod(values.method) ? undefined : wan(values.increment),
        depositFen: wan(values.deposit) ?? 0,
        reserveFen: wan(values.reserve),
        appraisalFen: land ? undefined : wan(values.appraisal),
        countdownSeconds: isSealedMethod(values.method) ? undefined : values.countdownSeconds,
        weights,
      });
      message.success(t("auction.new.done", { code: created.lotCode }));
      navigate("/auction/lots");
    } catch (error) {
      if (!limits.show(error)) setProblem(applyProblem(form, error, ALIAS));
    } finally {
      setBusy(false);
    }
  };

  const platformCode = user?.platformCode ?? "330100";
  const departmentOptions = (departments.data ?? [])
    .filter((d) => d.industry === industryOf(kind) || d.code.endsWith(`-${industryOf(kind)}`))
    .map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }));

  return (
    <div className="narrow-page">
      <PageTitle title={t("auction.new.title")} description={t("auction.new.subtitle")} />
      <Card>
        {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
        <Form<LotValues>
          form={form}
          name="lot"
          layout="vertical"
          scrollToFirstError
          onFinish={submit}
          initialValues={{
            kind: "land",
            method: "listing",
            approvalLevel: "city",
            divisionCode: platformCode,
            departmentCode: `${platformCode}-zrzy`,
            countdownSeconds: 300,
            priceWeight: 60,
            priceFormula: "ratioToHighest",
            factors: [{ name: "经营方案", weight: 40 }],
          }}
          onValuesChange={(changed: Partial<LotValues>) => {
            if (changed.kind) {
              form.setFieldsValue({ method: KIND_METHODS[changed.kind][0], departmentCode: `${platformCode}-${industryOf(changed.kind)}` });
            }
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={t("auction.new.kind")}>
                <Select options={AUCTION_KINDS.map((k) => ({ value: k, label: t(`auction.kind.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="method" label={t("auction.new.method")} tooltip={t("auction.new.methodTip")}>
                <Select options={KIND_METHODS[kind].map((m) => ({ value: m, label: methodName(m) }))} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="name" label={t("auction.new.name")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
                <Input maxLength={200} placeholder={t("auction.new.namePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="description" label={t("auction.new.description")}>
                <Input.TextArea rows={3} maxLength={20_000} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="divisionCode"
                label={t("auction.new.division")}
                tooltip={t("auction.new.divisionTip")}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t("auction.new.divisionInvalid") }]}
              >
                <Input maxLength={6} className="mono" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="approvalLevel" label={t("auction.new.level")}>
                <Select options={(["province", "city", "county"] as const).map((l) => ({ value: l, label: t(`tender.level.${l}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="departmentCode" label={t("auction.new.department")} rules={[{ required: true, message: t("common.required") }]}>
                <Select showSearch optionFilterProp="label" options={departmentOptions} loading={departments.isLoading} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="opensAt"
                label={t(kind === "land" || kind === "mining" ? "auction.new.opensAtListing" : "auction.new.opensAt")}
                rules={[{ required: true, message: t("common.required") }]}
                extra={limits.extra("opensAt", t("auction.new.opensAtHint"))}
              >
                <DatePicker showTime={{ format: "HH:mm" }} format={FORMAT} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="endsAt"
                label={t("auction.new.endsAt")}
                rules={[{ required: true, message: t("common.required") }]}
                extra={limits.extra("endsAt", t("auction.new.endsAtHint"))}
              >
                <DatePicker showTime={{ format: "HH:mm" }} format={FORMAT} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="startingPrice" label={t("auction.startingPrice")} rules={moneyRules(t, "wan", { positive: true })}>
                <MoneyInput unit="wan" />
              </Form.Item>
            </Col>
            {!sealed && (
              <Col xs={24} md={8}>
                <Form.Item name="increment" label={t("auction.increment")} rules={moneyRules(t, "wan", { positive: true })}>
                  <MoneyInput unit="wan" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={8}>
              <Form.Item name="deposit" label={t("auction.deposit")} rules={moneyRules(t, "wan")}>
                <MoneyInput unit="wan" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="reserve"
                label={
                  <span>
                    <LockOutlined /> {t("auction.new.reserve")}
                  </span>
                }
                extra={t("auction.new.reserveHint")}
                rules={moneyRules(t, "wan", { required: kind === "land", positive: true })}
              >
                <MoneyInput unit="wan" />
              </Form.Item>
            </Col>
            {!land && (
              <Col xs={24} md={8}>
                <Form.Item
                  name="appraisal"
                  label={t("auction.appraisal")}
                  extra={t("auction.new.appraisalHint")}
                  rules={moneyRules(t, "wan", { required: true, positive: true })}
                >
                  <MoneyInput unit="wan" />
                </Form.Item>
              </Col>
            )}
            {!sealed && (
              <Col xs={24} md={8}>
                <Form.Item name="countdownSeconds" label={t("auction.countdownSeconds")} extra={t("auction.new.countdownHint")}>
                  <InputNumber min={10} max={3600} precision={0} style={{ width: "100%" }} suffix={t("auction.secondsUnit")} />
                </Form.Item>
              </Col>
            )}
            {sealed && (
              <Col xs={24}>
                <Alert type="info" showIcon title={t("auction.new.sealedNote")} className="form-alert sealed-note" />
              </Col>
            )}
          </Row>
          {method === "weighted" && (
            <div className="weighted-terms">
              <div className="form-section">{t("auction.new.weights")}</div>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item name="priceWeight" label={t("auction.new.priceWeight")} rules={[{ required: true, message: t("common.required") }]}>
                    <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="priceFormula" label={t("auction.new.formula")}>
                    <Select options={(["ratioToHighest", "linearAboveFloor"] as const).map((f) => ({ value: f, label: t(`auction.formula.${f}`) }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.List name="factors">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field) => (
                      <Row gutter={16} key={field.key} align="middle">
                        <Col xs={14} md={12}>
                          <Form.Item
                            name={[field.name, "name"]}
                            label={t("auction.new.factor")}
                            rules={[{ required: true, whitespace: true, message: t("common.required") }]}
                          >
                            <Input maxLength={100} />
                          </Form.Item>
                        </Col>
                        <Col xs={8} md={8}>
                          <Form.Item
                            name={[field.name, "weight"]}
                            label={t("auction.new.factorWeight")}
                            rules={[{ required: true, message: t("common.required") }]}
                          >
                            <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: "100%" }} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={4}>
                          <MinusCircleOutlined onClick={() => remove(field.name)} />
                        </Col>
                      </Row>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: "", weight: 0 })}>
                      {t("auction.new.addFactor")}
                    </Button>
                  </>
                )}
              </Form.List>
              {weightSum !== 100 && <div className="limit-hint note-below">{t("auction.new.weightSum", { sum: weightSum })}</div>}
            </div>
          )}
          <div className="form-actions">
            <Button type="primary" htmlType="submit" loading={busy}>
              {t("auction.new.submit")}
            </Button>
          </div>
        </Form>
      </Card>
    </div>
  );
}
