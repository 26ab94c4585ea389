import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { AppError } from "../../platform/http/app-error.ts";
import { pickLang } from "../../platform/http/problem.ts";
import { CATEGORIES, type StatisticsService } from "./statistics-service.ts";
import { statisticsWorkbook } from "./statistics-xlsx.ts";

const tags = ["statistics 统计分析"];
const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const filter = z.strictObject({
  platformCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  departmentCode: z.string().max(32).optional(),
  year: z.coerce.number().int().min(1990).max(2200).optional(),
  from: civilDate.optional(),
  to: civilDate.optional(),
  category: z.enum(CATEGORIES as ["A", "B", "C", "D", "E"]).optional(),
});

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Who sees statistics: the supervisory departments (their own projects), the trading centre and the
 * inspectors (their platform tree). Market subjects, experts and the system administrator do not —
 * their figures would be other subjects' business; the public statistics are a later slice.
 */
const access = allow("supervisor", "centre_staff", "inspector");

export function statisticsRoutes(statistics: StatisticsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/v1/statistics",
      {
        config: { access },
        schema: {
          operationId: "getStatistics",
          summary:
            "交易统计：数量、金额、节支率、平均投标人数、预警与投诉，按月（北京时间）、类别、地区、部门 / trading statistics by month, category, region and department",
          tags,
          querystring: filter,
        },
      },
      async (request) => statistics.report(request.actor, request.query),
    );
    app.get(
      "/api/v1/statistics/export.xlsx",
      {
        config: { access },
        schema: {
          operationId: "exportStatisticsXlsx",
          summary: "导出统计 Excel（须写明年度或起止日期）/ the statistics as an .xlsx workbook (for a stated year or date range)",
          tags,
          querystring: filter,
        },
      },
      async (request, reply) => {
        const q = request.query;
        // A workbook is handed on: it always names the period it covers, so the caller states it.
        if (q.year === undefined && (q.from === undefined || q.to === undefined))
          throw new AppError("VALIDATION_FAILED", { zh: "导出须指定统计年度或起止日期", en: "An export states its year or date range" });
        const report = await statistics.report(request.actor, q);
        const lang = pickLang(request.headers["accept-language"]);
        const body = await statisticsWorkbook(report, lang);
        const name = `ggzy-statistics-${report.scope.platformCode}${report.scope.departmentCode ? `-${report.scope.departmentCode}` : ""}-${report.scope.from}-${report.scope.to}.xlsx`;
        return reply
          .header("content-type", XLSX_TYPE)
          .header("content-disposition", `attachment; filename="${name}"`)
          .header("cache-control", "no-store")
          .send(body);
      },
    );
  };
}
