import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import type { SupervisionBatchRunner } from "./batch-runner.ts";

const tags = ["supervision 电子监督"];

/**
 * The record of the nightly cross-project batch. Read-only over HTTP: runs are started by the scheduler
 * in the server process or by `ggzy supervision-batch` (管办分离: no trading party, nor the centre, starts one).
 */
export function batchRoutes(runner: SupervisionBatchRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/v1/supervision/batch-runs",
      {
        config: { access: allow("supervisor", "inspector", "sysadmin") },
        schema: {
          operationId: "listSupervisionBatchRuns",
          summary: "跨项目预警批处理运行记录 / runs of the nightly cross-project supervision batch",
          tags,
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() }),
        },
      },
      async (request) => runner.list(request.actor, request.query.limit),
    );
  };
}
