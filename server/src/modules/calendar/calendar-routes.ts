import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { CalendarService } from "./calendar-service.ts";

const tags = ["calendar 工作日历"];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export function calendarRoutes(calendar: CalendarService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/v1/calendar/days",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listCalendarDays",
          summary: "某年的节假日与调休上班日 / holidays and make-up days of a year",
          tags,
          querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        },
      },
      async (request) => ({ year: request.query.year, items: await calendar.days(request.query.year) }),
    );

    app.get(
      "/api/v1/calendar/compute",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "computeCalendarPeriod",
          summary: "计算N日/N个工作日后的日期 / add N days or working days",
          tags,
          querystring: z.object({ from: day, n: z.coerce.number().int().min(0).max(3660), unit: z.enum(["day", "workday"]).default("workday") }),
        },
      },
      async (request) => calendar.compute(request.query.from, request.query.n, request.query.unit),
    );

    app.put(
      "/api/v1/calendar/days/:day",
      {
        config: { access: allow("centre_staff", "sysadmin") },
        schema: {
          operationId: "setCalendarDay",
          summary: "设置节假日或调休上班日 / mark a holiday or make-up working day",
          tags,
          params: z.object({ day }),
          body: z.strictObject({ kind: z.enum(["holiday", "workday"]), name: z.string().trim().min(1).max(50) }),
        },
      },
      async (request) => calendar.setDay(contextOf(request), request.params.day, request.body.kind, request.body.name),
    );

    app.delete(
      "/api/v1/calendar/days/:day",
      {
        config: { access: allow("centre_staff", "sysadmin") },
        schema: { operationId: "clearCalendarDay", summary: "恢复为普通日 / make it an ordinary day again", tags, params: z.object({ day }) },
      },
      async (request, reply) => {
        await calendar.clearDay(contextOf(request), request.params.day);
        return reply.code(204).send();
      },
    );
  };
}
