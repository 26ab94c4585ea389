import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from "@ant-design/icons";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { Button, Card, Form, Select, Typography } from "antd";
import { type UIEvent, useEffect, useMemo, useState } from "react";
import { api } from "../../api/client.ts";
import { useTreeHead } from "../../api/queries.ts";
import type { Items, TreeHead } from "../../api/types.ts";
import { HashText } from "../../components/hash-text.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { checkConsistency } from "../../lib/audit-proofs.ts";
import { formatDateTime } from "../../lib/format.ts";
import { seenTreeHead } from "../../lib/seen-tree-head.ts";
import { type SignatureCheck, verifyTreeHeadSignature } from "../../lib/tree-head-signature.ts";
import { ProofOutcome } from "./proof-outcome.tsx";

interface Sizes {
  from: number;
  to: number;
}

const HEADS_PAGE = 100;

/** Checks that a later signed tree extends an earlier one; remembers the head it last saw. */
export function ConsistencyCard() {
  const { t } = useI18n();
  const head = useTreeHead();
  const [form] = Form.useForm<Sizes>();
  const from = Form.useWatch("from", form);
  const to = Form.useWatch("to", form);
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

  // The signed sizes, newest first, a page at a time; refetched when a newer head appears.
  const heads = useInfiniteQuery({
    queryKey: ["audit", "tree-heads", head.data?.treeSize],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => api.get<Items<TreeHead>>("/api/v1/audit/tree-heads", { limit: HEADS_PAGE, beforeSize: pageParam }).then((r) => r.items),
    getNextPageParam: (last) => (last.length === HEADS_PAGE ? last.at(-1)?.treeSize : undefined),
    enabled: head.data !== undefined,
  });
  const list = useMemo(() => heads.data?.pages.flat() ?? [], [heads.data]);

  // Each head's Ed25519 signature, checked in this browser against the installation key.
  const publicKey = head.data?.publicKey;
  const signatures = useQuery({
    queryKey: ["audit", "tree-head-signatures", publicKey, list.map((h) => `${h.treeSize}:${h.signature}`).join(",")],
    queryFn: async () => {
      const checks = await Promise.all(list.map((h) => verifyTreeHeadSignature(h, publicKey as string)));
      return new Map(list.map((h, i) => [h.treeSize, checks[i] as SignatureCheck]));
    },
    enabled: publicKey !== undefined && list.length > 0,
    placeholderData: (previous) => previous,
  });

  useEffect(() => {
    if (!head.data) return;
    form.setFieldsValue({ from: seen && seen.treeSize <= head.data.treeSize ? seen.treeSize : undefined, to: head.data.treeSize });
    if (!seen) {
      seenTreeHead.remember(head.data);
      setSeen(head.data);
    }
  }, [head.data, seen, form]);

  const options = (disabled: (size: number) => boolean) =>
    list.map((h) => ({ value: h.treeSize, label: String(h.treeSize), head: h, disabled: disabled(h.treeSize) }));
  const renderOption = (h: TreeHead) => (
    <span className="head-option">
      <SignatureMark check={signatures.data?.get(h.treeSize)} />
      <strong className="mono">{h.treeSize}</strong>
      <span className="muted">{formatDateTime(h.signedAt)}</span>
    </span>
  );
  const loadMore = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 24 && heads.hasNextPage && !heads.isFetchingNextPage) void heads.fetchNextPage();
  };
  const select = (disabled: (size: number) => boolean) => (
    <Select<number, ReturnType<typeof options>[number]>
      style={{ width: 130 }}
      showSearch={{ optionFilterProp: "label" }}
      loading={heads.isFetching}
      options={options(disabled)}
      optionRender={(o) => renderOption(o.data.head)}
      labelRender={({ value }) => {
        const h = list.find((x) => x.treeSize === value);
        return h ? (
          <span className="head-option">
            <SignatureMark check={signatures.data?.get(h.treeSize)} />
            <span className="mono">{h.treeSize}</span>
          </span>
        ) : (
          <span className="mono">{String(value)}</span>
        );
      }}
      onPopupScroll={loadMore}
      popupMatchSelectWidth={260}
      notFoundContent={t("proof.noHeads")}
    />
  );

  const r = check.data;
  return (
    <Card title={t("proof.consistencyTitle")} size="small">
      <Typography.Paragraph type="secondary" className="card-note">
        {seen ? t("proof.seenHead", { size: seen.treeSize, at: formatDateTime(seen.signedAt) }) : t("proof.consistencyNote")}
      </Typography.Paragraph>
      <Form form={form} name="consistency" layout="inline" onFinish={(sizes: Sizes) => check.mutate(sizes)}>
        <Form.Item name="from" label={t("proof.fromSize")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
          {select((size) => to !== undefined && size > to)}
        </Form.Item>
        <Form.Item name="to" label={t("proof.toSize")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
          {select((size) => from !== undefined && size < from)}
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={check.isPending}>
          {t("proof.verify")}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" className="card-note section-gap">
        {t("proof.headsNote")}
      </Typography.Paragraph>
      <ProblemAlert error={heads.error ?? check.error} className="section-gap" />
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

/** ✓ / ✗ / ? for one head's signature as checked in this browser. */
function SignatureMark({ check }: { check: SignatureCheck | undefined }) {
  const { t } = useI18n();
  if (check === undefined) return <QuestionCircleFilled className="muted" title={t("audit.checking")} />;
  if (check === "valid") return <CheckCircleFilled className="ok" title={t("audit.signatureValid")} />;
  if (check === "invalid") return <CloseCircleFilled className="bad" title={t("audit.signatureInvalid")} />;
  return <QuestionCircleFilled className="muted" title={t("audit.signatureUnsupported")} />;
}
