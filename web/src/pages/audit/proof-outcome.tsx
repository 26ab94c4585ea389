import { Descriptions, type DescriptionsProps } from "antd";
import { useI18n } from "../../i18n.ts";

/** ✓ or ✗ with the numbers behind it. */
export function ProofOutcome({ ok, text, details }: { ok: boolean; text: string; details?: DescriptionsProps["items"] }) {
  const { t } = useI18n();
  return (
    <div className={`proof-outcome ${ok ? "proof-ok" : "proof-bad"}`}>
      <div className="proof-verdict">
        <span className="proof-mark">{ok ? "✓" : "✗"}</span> {ok ? t("proof.valid") : t("proof.invalid")} — {text}
      </div>
      {details && <Descriptions size="small" column={1} items={details} />}
    </div>
  );
}
