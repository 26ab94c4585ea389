import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Form, InputNumber, Space, Typography } from "antd";
import { useTreeHead } from "../../api/queries.ts";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { checkInclusion } from "../../lib/audit-proofs.ts";
import { ProofOutcome } from "./proof-outcome.tsx";

/** Anyone can check that a leaf of the log is in the signed tree. */
export function InclusionCard() {
  const { t } = useI18n();
  const head = useTreeHead();
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: (index: number) => checkInclusion(index),
    onSuccess: (result) => queryClient.setQueryData(["audit", "tree-head"], result.head),
  });
  const r = check.data;

  return (
    <Card title={t("proof.inclusionTitle")} size="small">
      <Typography.Paragraph type="secondary" className="card-note">
        {t("proof.inclusionNote")}
      </Typography.Paragraph>
      <Form name="inclusion" layout="inline" onFinish={({ index }: { index: number }) => check.mutate(index)} initialValues={{ index: 0 }}>
        <Form.Item name="index" label={t("proof.leafIndex")} rules={[{ required: true, message: t("common.required") }]}>
          <InputNumber min={0} max={head.data ? head.data.treeSize - 1 : undefined} precision={0} style={{ width: 140 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={check.isPending}>
            {t("proof.verify")}
          </Button>
        </Space>
      </Form>
      <ProblemAlert error={check.error} className="section-gap" />
      {r && (
        <ProofOutcome
          ok={r.ok}
          text={t("proof.inclusionText", { index: r.proof.leafIndex, size: r.head.treeSize })}
          details={[
            { key: "leaf", label: t("proof.leafHash"), children: <HashText value={r.proof.leafHash} /> },
            { key: "path", label: t("proof.pathLength"), children: r.proof.auditPath.length },
            { key: "root", label: t("audit.rootHash"), children: <HashText value={r.head.rootHash} /> },
            { key: "sig", label: t("audit.signature"), children: t(`proof.signature.${r.signature}`) },
          ]}
        />
      )}
    </Card>
  );
}
