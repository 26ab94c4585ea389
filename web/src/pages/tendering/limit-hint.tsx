import { Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
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
      {t("tender.notice.basis", { basis: hint.basis })} {t("tender.notice.earliest", { date: hint.earliest })}{" "}
      <Typography.Link onClick={onApply}>{t("tender.notice.applyEarliest")}</Typography.Link>
    </span>
  );
}
