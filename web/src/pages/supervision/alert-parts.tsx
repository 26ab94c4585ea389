import { Tag } from "antd";
import type { AlertSeverity, AlertState } from "../../api/supervision.ts";
import { useI18n } from "../../i18n.ts";

const SEVERITY_COLOR: Record<AlertSeverity, string> = { green: "green", yellow: "gold", red: "red" };
const STATE_COLOR: Record<AlertState, string> = { pending: "orange", issued: "blue", responded: "purple", closed: "default" };

/** 绿 / 黄 / 红 in their colours. */
export function SeverityTag({ value }: { value: AlertSeverity }) {
  const { t } = useI18n();
  return (
    <Tag color={SEVERITY_COLOR[value]} className={`severity-tag severity-${value}`}>
      {t(`supervision.severity.${value}`)}
    </Tag>
  );
}

export function AlertStateTag({ value }: { value: AlertState }) {
  const { t } = useI18n();
  return <Tag color={STATE_COLOR[value]}>{t(`supervision.state.${value}`)}</Tag>;
}

/** An evidence value as text: lists joined, objects as JSON. */
export function evidenceText(value: unknown): string {
  if (Array.isArray(value)) return value.map(evidenceText).join("、");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}
