import { LockOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Col, Form, Input, InputNumber, Row, Upload, type UploadFile } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { BidReceipt, SealingKeys } from "../../api/tendering.ts";
import { useI18n } from "../../i18n.ts";
import { type AttachedFile, bidFile, type Offer, sealBid, sealedBidBody } from "../../lib/bid-sealing.ts";
import { browserDeviceId, type StoredBid } from "../../lib/bidder-wallet.ts";
import { applyProblem } from "../../lib/form-problem.ts";
import { toFen } from "../../lib/money.ts";
import { MoneyInput, moneyRules } from "./tender-parts.tsx";

interface BidValues {
  price: string;
  durationDays?: number;
  quality?: string;
  projectManager?: string;
}

/** Attachments travel inside the sealed JSON as base64; the API takes a body of at most 64 MiB. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * 投标文件: the 开标一览表 (price, duration, quality, project manager) and attached files, sealed in
 * this browser to the three custodians' SM2 keys and only then uploaded. The platform never sees
 * the plaintext before the opening.
 */
export function BidForm({ sectionId, keys, onSubmitted }: { sectionId: number; keys: SealingKeys; onSubmitted: (bid: StoredBid) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<BidValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [problem, setProblem] = useState<string>();
  const [stage, setStage] = useState<"idle" | "sealing" | "uploading">("idle");

  const submit = async (values: BidValues) => {
    setProblem(undefined);
    const total = files.reduce((n, f) => n + (f.size ?? 0), 0);
    if (total > MAX_ATTACHMENT_BYTES) {
      setProblem(t("tender.bid.tooLarge", { mb: MAX_ATTACHMENT_BYTES / 1024 / 1024 }));
      return;
    }
    setStage("sealing");
    try {
      const offer: Offer = { priceFen: toFen(values.price, "yuan") as number };
      if (values.durationDays !== undefined && values.durationDays !== null) offer.durationDays = values.durationDays;
      if (values.quality?.trim()) offer.quality = values.quality.trim();
      if (values.projectManager?.trim()) offer.projectManager = values.projectManager.trim();
      const attached: AttachedFile[] = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await (f.originFileObj as File).arrayBuffer()) })),
      );
      const plaintext = bidFile(offer, attached);
      const sealed = await sealBid({ plaintext, custodians: keys.custodians, context: keys.context });
      const device = browserDeviceId();
      const body = sealedBidBody(sealed, { mac: `browser:${device}`, cpuId: `browser:${device}`, diskSerial: device });
      setStage("uploading");
      const receipt = await api.put<BidReceipt>(`/api/v1/sections/${sectionId}/bid`, body);
      onSubmitted({
        receipt,
        bidderShare: sealed.shares.bidder,
        md5: sealed.md5,
        publicKey: keys.custodians.bidder,
        priceFen: offer.priceFen,
        fileNames: attached.map((f) => f.name),
      });
      form.resetFields();
      setFiles([]);
    } catch (error) {
      setProblem(applyProblem(form, error));
    } finally {
      setStage("idle");
    }
  };

  return (
    <Form<BidValues> form={form} name="bid" layout="vertical" onFinish={submit} initialValues={{ quality: "合格" }}>
      <Alert className="form-alert" type="info" showIcon title={t("tender.bid.sealNote")} />
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="price" label={t("tender.bid.price")} rules={moneyRules(t, "yuan", { positive: true })}>
            <MoneyInput unit="yuan" placeholder="45678912.34" />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="durationDays" label={t("tender.bid.duration")}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: "100%" }} suffix={t("tender.bid.daysUnit")} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="quality" label={t("tender.bid.quality")}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="projectManager" label={t("tender.bid.manager")}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t("tender.bid.files")} extra={t("tender.bid.filesExtra")}>
        <Upload
          multiple
          fileList={files}
          beforeUpload={() => false}
          onChange={({ fileList }) => setFiles(fileList.slice(0, 5))}
          onRemove={(file) => setFiles((list) => list.filter((f) => f.uid !== file.uid))}
        >
          <Button icon={<UploadOutlined />}>{t("tender.bid.chooseFile")}</Button>
        </Upload>
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<LockOutlined />} loading={stage !== "idle"} size="large">
        {stage === "sealing" ? t("tender.bid.sealing") : stage === "uploading" ? t("tender.bid.uploading") : t("tender.bid.submit")}
      </Button>
    </Form>
  );
}
