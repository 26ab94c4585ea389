import { Empty, Skeleton, Tag } from "antd";
import type { CalendarDay } from "../../api/types.ts";
import { useI18n } from "../../i18n.ts";

interface Holiday {
  name: string;
  ranges: [string, string][];
  holidayCount: number;
  workdays: string[];
}

/** Consecutive holiday days with one name become a range; make-up days go with their holiday. */
function summarise(days: CalendarDay[]): Holiday[] {
  const byName = new Map<string, Holiday>();
  let previous: CalendarDay | undefined;
  for (const d of days) {
    const h = byName.get(d.name) ?? { name: d.name, ranges: [], holidayCount: 0, workdays: [] };
    byName.set(d.name, h);
    if (d.kind === "workday") h.workdays.push(d.day);
    else {
      h.holidayCount++;
      const last = h.ranges.at(-1);
      const adjacent = last && previous?.kind === "holiday" && previous.name === d.name && previous.day === last[1] && nextDay(last[1]) === d.day;
      if (last && adjacent) last[1] = d.day;
      else h.ranges.push([d.day, d.day]);
    }
    previous = d;
  }
  return [...byName.values()];
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

const short = (day: string) => day.slice(5);

export function HolidaySummary({ days, loading }: { days: CalendarDay[]; loading: boolean }) {
  const { t } = useI18n();
  if (loading) return <Skeleton active />;
  const holidays = summarise(days);
  if (holidays.length === 0) return <Empty description={t("calendar.noHolidays")} />;
  return (
    <div className="holidays">
      {holidays.map((h) => (
        <div key={h.name} className="holiday">
          <div className="holiday-name">{h.name}</div>
          <div>
            {h.ranges.map(([a, b]) => (
              <Tag key={a} color="red">
                {a === b ? short(a) : `${short(a)} ~ ${short(b)}`}
              </Tag>
            ))}
            <span className="muted">{t("calendar.daysOff", { n: h.holidayCount })}</span>
          </div>
          {h.workdays.length > 0 && (
            <div>
              {h.workdays.map((d) => (
                <Tag key={d} color="blue">
                  {t("calendar.makeUp", { day: short(d) })}
                </Tag>
              ))}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
