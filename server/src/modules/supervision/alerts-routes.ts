import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { decisionCreditBody } from "../credit/credit-body.ts";
import type { AlertsService } from "./alerts-service.ts";

const tags = ["supervision 电子监督"];
const id = z.coerce.number().int().positive();
const _instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export function alertsRoutes(alerts: AlertsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/v1/supervision/alerts",
      {
        config: { access: allow("supervisor", "inspector", "centre_staff") },
        schema: {
          operationId: "listSupervisionAlerts",
          summary: "监督预警（本部门 / 本平台 / 全部）/ supervision alerts in the caller's scope",
          tags,
          querystring: z.strictObject({
            sectionId: id.optional(),
            state: z.enum(["pending", "issued", "responded", "closed"]).optional(),
          }),
        },
      },
      async (request) => alerts.list(request.actor, request.query),
    );
    app.get(
      "/api/v1/supervision/projects",
      {
        config: { access: allow("supervisor", "inspector") },
        schema: {
          operationId: "listSupervisedProjects",
          summary: "监管项目及其标段状态、未办结预警数 / supervised projects with open alert counts",
          tags,
        },
      },
      async (request) => alerts.projects(request.actor),
    );
    app.post(
      "/api/v1/supervision/alerts/:id/issue",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "issueSupervisionAlert",
          summary: "发出预警 / issue the alert to the tenderer",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ notice: z.string().trim().max(2000).optional() }).optional(),
        },
      },
      async (request) => alerts.issue(contextOf(request), request.params.id, request.body ?? {}),
    );
    app.post(
      "/api/v1/supervision/alerts/:id/response",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "respondSupervisionAlert",
          summary: "预警反馈 / the tenderer's feedback",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ feedback: z.string().trim().min(1).max(4000) }),
        },
      },
      async (request) => alerts.respond(contextOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/v1/supervision/alerts/:id/close",
      {
        config: { access: allow("supervisor") },
        schema: {
          operationId: "closeSupervisionAlert",
          summary: "预警办结（可同时记录信用）/ close the alert, optionally with a credit record",
          tags,
          params: z.object({ id }),
          body: z.strictObject({
            result: z.string().trim().min(1).max(4000),
            credit: decisionCreditBody.optional(),
          }),
        },
      },
      async (request) => alerts.close(contextOf(request), request.params.id, request.body),
    );
  };
}
