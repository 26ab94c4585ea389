import { ClockCircleOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { useServerOffset } from "../api/queries.ts";
import { useI18n } from "../i18n.ts";

const format = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** Deadlines run on the server clock, so the header shows it (Beijing time), not the PC's. */
export function ServerClock() {
  const { t } = useI18n();
  const { data } = useServerOffset();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (data === undefined) return null;
  return (
    <span className="server-clock" title={t("clock.hint")}>
      <ClockCircleOutlined /> {t("clock.label")} {format.format(new Date(now + data))}
    </span>
  );
}
