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
import { AUCTION_KINDS, type AuctionKind, KIND_METHODS } from "./auction-api.ts";
import { isSealedLot } from "./sealed-offer-panel.tsx";

/** The methods of each kind: the ladder ones plus the sealed ones (招标出让; 一次报价, 权重报价). */
const METHODS: Record<AuctionKind, readonly string[]> = {
  land: [...KIND_METHODS.land, "tender"],
  mining: [...KIND_METHODS.mining, "tender"],
  equity: [...KIND_METHODS.equity, "sealed", "weighted"],
  asset: [...KIND_METHODS.asset, "sealed", "weighted"],
};

const SEALED_TEXT = {
  zh: {
    tender: "招标（密封投标报价）",
    sealed: "网络竞价（一次报价）",
    weighted: "网络竞价（权重报价）",
    weights: "权重报价方案（随公告公布）",
    priceWeight: "价格权重",
    factor: "非价格因素",
    factorWeight: "权重",
    addFactor: "添加因素",
    formula: "价格得分公式",
    ratioToHighest: "报价÷最高有效报价×满分",
    linearAboveFloor: "（报价−起始价）÷（最高有效报价−起始价）×满分",
    sum: "价格与各因素权重合计须为 100%，当前 {sum}%",
    sealedNote: "竞买人在报价期内提交一次密封报价，截止后统一开启，价格优先、时间优先（权重报价按综合得分）。",
  },
  en: {
    tender: "Tender (sealed price)",
    sealed: "Online bidding (one sealed offer)",
    weighted: "Online bidding (weighted offer)",
    weights: "Weighted terms (published with the lot)",
    priceWeight: "Price weight",
    factor: "Non-price factor",
    factorWeight: "Weight",
    addFactor: "Add a factor",
    formula: "Price score formula",
    ratioToHighest: "price ÷ highest valid price × full marks",
    linearAboveFloor: "(price − start) ÷ (highest valid price − start) × full marks",
    sum: "The price and factor weights add up to 100%; now {sum}%",
    sealedNote: "Each bidder submits one sealed price in the window; all are opened at the end — best price, then earliest (weighted: best total score).",
  },
} as const;

interface LotValues {
  kind: AuctionKind;
  method: string;
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
  const { t, lang } = useI18n();
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
  const sealed = isSealedLot({ method });
  const S = SEALED_TEXT[lang];
  const methodName = (m: string) => (m === "tender" || m === "sealed" || m === "weighted" ? S[m] : t(`auction.method.${m as "listing"}`));
  const weightSum = Math.round((priceWeight ?? 0) * 100 + (factors ?? []).reduce((sum, f) => sum + Math.round((f?.weight ?? 0) * 100), 0)) / 100;

  const submit = async (values: LotValues) => {
    setBusy(true);
    setProblem(undefined);
    limits.clear();
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
      // The sealed methods have their own publication route (auction-sealed-routes.ts).
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
        incrementFen: isSealedLot(values) ? undefined : wan(values.increment),
        depositFen: wan(values.deposit) ?? 0,
        reserveFen: wan(values.reserve),
        appraisalFen: land ? undefined : wan(values.appraisal),
        countdownSeconds: values.countdownSeconds,
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
              form.setFieldsValue({ method: METHODS[changed.kind][0], departmentCode: `${platformCode}-${industryOf(changed.kind)}` });
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
                <Select options={METHODS[kind].map((m) => ({ value: m, label: methodName(m) }))} />
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
                  rules={moneyRules(t, "wan", { positive: true })}
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
                <Alert type="info" showIcon title={S.sealedNote} className="form-alert" />
              </Col>
            )}
          </Row>
          {method === "weighted" && (
            <div className="weighted-terms">
              <div className="form-section">{S.weights}</div>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item name="priceWeight" label={S.priceWeight} rules={[{ required: true, message: t("common.required") }]}>
                    <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="priceFormula" label={S.formula}>
                    <Select options={(["ratioToHighest", "linearAboveFloor"] as const).map((f) => ({ value: f, label: S[f] }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.List name="factors">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field) => (
                      <Row gutter={16} key={field.key} align="middle">
                        <Col xs={14} md={12}>
                          <Form.Item name={[field.name, "name"]} label={S.factor} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
                            <Input maxLength={100} />
                          </Form.Item>
                        </Col>
                        <Col xs={8} md={8}>
                          <Form.Item name={[field.name, "weight"]} label={S.factorWeight} rules={[{ required: true, message: t("common.required") }]}>
                            <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: "100%" }} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={4}>
                          <MinusCircleOutlined onClick={() => remove(field.name)} />
                        </Col>
                      </Row>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: "", weight: 0 })}>
                      {S.addFactor}
                    </Button>
                  </>
                )}
              </Form.List>
              {weightSum !== 100 && <div className="limit-hint note-below">{S.sum.replace("{sum}", String(weightSum))}</div>}
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
