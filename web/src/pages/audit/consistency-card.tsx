import { useMutation } from "@tanstack/react-query";
import { Button, Card, Form, InputNumber, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTreeHead } from "../../api/queries.ts";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { checkConsistency } from "../../lib/audit-proofs.ts";
import { formatDateTime } from "../../lib/format.ts";
import { seenTreeHead } from "../../lib/seen-tree-head.ts";
import { ProofOutcome } from "./proof-outcome.tsx";

interface Sizes {
  from: number;
  to: number;
}

/** Checks that a later signed tree extends an earlier one; remembers the head it last saw. */
export function ConsistencyCard() {
  const { t } = useI18n();
  const head = useTreeHead();
  const [form] = Form.useForm<Sizes>();
  const [seen, setSeen] = useState(seenTreeHead.get);
  const check = useMutation({
    mutationFn: ({ from, to }: Sizes) => checkConsistency(from, to, seen),
    onSuccess: (result) => {
      if (result.ok && (!seen || result.second.treeSize >= seen.treeSize)) {
        seenTreeHead.remember(result.second);
        setSeen(result.second);
      }
    },
  });

  useEffect(() => {
    if (!head.data) return;
    form.setFieldsValue({ from: seen && seen.treeSize <= head.data.treeSize ? seen.treeSize : undefined, to: head.data.treeSize });
    if (!seen) {
      seenTreeHead.remember(head.data);
      setSeen(head.data);
    }
  }, [head.data, seen, form]);

  const r = check.data;
  return (
    <Card title={t("proof.consistencyTitle")} size="small">
      <Typography.Paragraph type="secondary" className="card-note">
        {seen ? t("proof.seenHead", { size: seen.treeSize, at: formatDateTime(seen.signedAt) }) : t("proof.consistencyNote")}
      </Typography.Paragraph>
      <Form form={form} name="consistency" layout="inline" onFinish={(sizes: Sizes) => check.mutate(sizes)}>
        <Form.Item name="from" label={t("proof.fromSize")} rules={[{ required: true, message: t("common.required") }]}>
          <InputNumber min={1} precision={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="to" label={t("proof.toSize")} rules={[{ required: true, message: t("common.required") }]}>
          <InputNumber min={1} precision={0} style={{ width: 110 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={check.isPending}>
          {t("proof.verify")}
        </Button>
      </Form>
      <ProblemAlert error={check.error} className="section-gap" />
      {r && (
        <ProofOutcome
          ok={r.ok}
          text={r.forked ? t("proof.forked", { size: r.first.treeSize }) : t("proof.consistencyText", { from: r.first.treeSize, to: r.second.treeSize })}
          details={[
            { key: "first", label: t("proof.rootAt", { size: r.first.treeSize }), children: <HashText value={r.first.rootHash} /> },
            { key: "second", label: t("proof.rootAt", { size: r.second.treeSize }), children: <HashText value={r.second.rootHash} /> },
            { key: "path", label: t("proof.pathLength"), children: r.proof.consistency.length },
            { key: "sig", label: t("audit.signature"), children: r.signatures.map((s) => t(`proof.signature.${s}`)).join(" / ") },
          ]}
        />
      )}
    </Card>
  );
}
