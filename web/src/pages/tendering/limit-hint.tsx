import { type FormInstance, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useI18n } from "../../i18n.ts";

/** A TIME_LIMIT refusal shown on its field: the legal basis and the earliest allowed date. */
export interface LimitHintValue {
  earliest: string;
  basis: string;
}

/** The picker value moved to a civil date (YYYY-MM-DD), keeping its clock time (17:00 when empty). */
export function onCivilDate(current: Dayjs | undefined, date: string): Dayjs {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return (current ?? dayjs().hour(17).minute(0))
    .year(y)
    .month(m - 1)
    .date(d);
}

export function LimitHint({ hint, onApply }: { hint: LimitHintValue; onApply: () => void }) {
  const { t } = useI18n();
  return (
    <span className="limit-hint">
      {t("tender.notice.basis", { basis: hint.basis })}
      {hint.earliest && (
        <>
          {" "}
          {t("tender.notice.earliest", { date: hint.earliest })} <Typography.Link onClick={onApply}>{t("tender.notice.applyEarliest")}</Typography.Link>
        </>
      )}
    </span>
  );
}

/**
 * A date form's TIME_LIMIT refusals, shown on the field they concern with the legal basis and a link that moves
 * the field to the earliest allowed date. `fieldOf` names the field a refused rule is about.
 */
export function useLimitHint<F extends string>(form: FormInstance, fieldOf: (rule: string) => F | undefined) {
  const [hint, setHint] = useState<LimitHintValue & { field: F }>();
  /** Shows a TIME_LIMIT refusal on its field; false for any other error (the caller shows those). */
  const show = (error: unknown): boolean => {
    if (!(error instanceof ApiError) || error.code !== "TIME_LIMIT") return false;
    const field = fieldOf(String(error.extra.rule));
    if (field === undefined) return false;
    form.setFields([{ name: field, errors: [error.detail] }]);
    const earliest = typeof error.extra.earliest === "string" ? error.extra.earliest : "";
    const basis = typeof error.extra.basis === "string" ? error.extra.basis : "";
    setHint({ field, earliest, basis });
    return true;
  };
  /** Moves the refused field to the earliest allowed date, keeping its clock time. */
  const apply = () => {
    if (!hint?.earliest) return;
    form.setFields([{ name: hint.field, value: onCivilDate(form.getFieldValue(hint.field) as Dayjs | undefined, hint.earliest), errors: [] }]);
    setHint(undefined);
  };
  /** The field's `extra`: the hint when the refusal is about it, else `text`. */
  const extra = (field: F, text: ReactNode) => (hint?.field === field ? <LimitHint hint={hint} onApply={apply} /> : text);
  return { show, clear: () => setHint(undefined), extra };
}
