import type { Bilingual } from "../../api/types.ts";

/** Shapes of GET /api/v1/statistics (server/src/modules/statistics/statistics-service.ts). */

export type Category = "A" | "B" | "C" | "D" | "E";
export const CATEGORIES: Category[] = ["A", "B", "C", "D", "E"];

export interface Metrics {
  published: number;
  awarded: number;
  budgetFen: number;
  dealFen: number;
  savingFen: number;
  /** A ratio (0.1 = 10%), four decimal places; null without a budget. */
  savingRate: number | null;
  opened: number;
  bidders: number;
  avgBidders: number | null;
  alerts: number;
  complaints: number;
}

export type AlertOutcome = "pending" | "issued" | "responded" | "closed";
export const ALERT_OUTCOMES: AlertOutcome[] = ["pending", "issued", "responded", "closed"];
export type ComplaintOutcome = "awaiting" | "notAccepted" | "underReview" | "upheld" | "dismissed";
export const COMPLAINT_OUTCOMES: ComplaintOutcome[] = ["awaiting", "notAccepted", "underReview", "upheld", "dismissed"];

export interface StatisticsReport {
  scope: {
    platformCode: string;
    platformName: string;
    platforms: string[];
    departmentCode: string | null;
    departmentName: string | null;
    category: Category | null;
    from: string;
    to: string;
    generatedAt: string;
    savingRateDecimals: number;
  };
  totals: Metrics;
  byMonth: ({ month: string } & Metrics)[];
  byCategory: ({ category: Category; name: Bilingual } & Metrics)[];
  /** Own figures, and `withSubordinates` including the platforms below. */
  byRegion: ({ platformCode: string; name: string; level: "province" | "city" | "county"; parentCode: string | null; withSubordinates: Metrics } & Metrics)[];
  byDepartment: ({ departmentCode: string; name: string } & Metrics)[];
  alertsByRule: ({ ruleId: string; name: Bilingual | null; severity: "green" | "yellow" | "red"; total: number; withCredit: number } & Record<
    AlertOutcome,
    number
  >)[];
  alertsByOutcome: Record<AlertOutcome, number> & { total: number; withCredit: number };
  complaints: Record<ComplaintOutcome, number> & { total: number; late: number };
}

export interface StatisticsQuery {
  year?: number;
  from?: string;
  to?: string;
  platformCode?: string;
  departmentCode?: string;
  category?: Category;
  [key: string]: string | number | undefined;
}
