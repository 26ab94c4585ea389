import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Descriptions, Skeleton, Typography } from "antd";
import { useTreeHead } from "../api/queries.ts";
import type { LatestTreeHead } from "../api/types.ts";
import { useI18n } from "../i18n.ts";
import { formatDateTime } from "../lib/format.ts";
import { type SignatureCheck, verifyTreeHeadSignature } from "../lib/tree-head-signature.ts";
import { HashText } from "./hash-text.tsx";
import { ProblemAlert } from "./problem-alert.tsx";

/** The latest signed tree head of the audit log, its Ed25519 signature checked in this browser. */
export function TreeHeadSummary({ detailed = false }: { detailed?: boolean }) {
  const { t } = useI18n();
  const head = useTreeHead();
  const signature = useQuery({
    queryKey: ["audit", "tree-head-signature", head.data?.treeSize, head.data?.signature],
    queryFn: () => verifyTreeHeadSignature(head.data as LatestTreeHead, (head.data as LatestTreeHead).publicKey),
    enabled: head.data !== undefined,
  });
  if (head.error) return <ProblemAlert error={head.error} />;
  if (!head.data) return <Skeleton active paragraph={{ rows: 3 }} />;
  const h = head.data;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      className="tree-head"
      items={[
        { key: "size", label: t("audit.treeSize"), children: <Typography.Text strong>{h.treeSize}</Typography.Text> },
        { key: "root", label: t("audit.rootHash"), children: <HashText value={h.rootHash} /> },
        { key: "signedAt", label: t("audit.signedAt"), children: formatDateTime(h.signedAt) },
        {
          key: "signature",
          label: t("audit.signature"),
          children: <SignatureState check={signature.data} />,
        },
        ...(detailed
          ? [
              { key: "key", label: t("audit.keyId"), children: <span className="mono">{h.keyId}</span> },
              { key: "alg", label: t("audit.algorithms"), children: `${h.algorithm} / ${h.hashAlgorithm} (RFC 9162)` },
              { key: "sig", label: t("audit.signatureValue"), children: <HashText value={h.signature} width={420} /> },
              { key: "pk", label: t("audit.publicKey"), children: <pre className="pem">{h.publicKey.trim()}</pre> },
            ]
          : []),
      ]}
    />
  );
}

function SignatureState({ check }: { check: SignatureCheck | undefined }) {
  const { t } = useI18n();
  if (check === undefined) return <span>{t("audit.checking")}</span>;
  if (check === "unsupported") {
    return (
      <span className="muted">
        <QuestionCircleFilled /> {t("audit.signatureUnsupported")}
      </span>
    );
  }
  return check === "valid" ? (
    <span className="ok">
      <CheckCircleFilled /> {t("audit.signatureValid")}
    </span>
  ) : (
    <span className="bad">
      <CloseCircleFilled /> {t("audit.signatureInvalid")}
    </span>
  );
}
