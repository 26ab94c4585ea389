import { useEffect, useState } from "react";
import { useServerOffset } from "../../api/queries.ts";
import { useI18n } from "../../i18n.ts";
import { countdownParts } from "../../lib/beijing-time.ts";

/** Time left until `until` on the server clock, ticking every second. */
export function Countdown({ until, refetchInterval, className, dueText }: { until: string; refetchInterval?: number; className?: string; dueText?: string }) {
  const { t } = useI18n();
  const offset = useServerOffset({ refetchInterval });
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (offset.data === undefined) return null;
  const left = new Date(until).getTime() - (now + offset.data);
  if (left <= 0) return <span className={`countdown due ${className ?? ""}`}>{dueText ?? t("tender.countdown.due")}</span>;
  const { days, clock } = countdownParts(left);
  return <span className={`countdown ${className ?? ""}`}>{days > 0 ? t("tender.countdown.days", { days, clock }) : clock}</span>;
}
