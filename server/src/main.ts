import { buildApp } from "./app.ts";
import { describeBatchRun, scheduleNightlyBatch } from "./modules/supervision/batch-runner.ts";
import { parseBatchAt } from "./modules/supervision/batch-schedule.ts";
import { loadConfig } from "./platform/config/config.ts";
import { openRuntime } from "./platform/runtime.ts";
import { demoBanner, seedInstallation } from "./seed/seed.ts";

/** `npm start`: migrate, seed on first start, serve the API and the web app. */
async function main() {
  const started = performance.now();
  const config = loadConfig();
  const runtime = await openRuntime(config);
  const app = await buildApp({
    database: runtime.database,
    signer: runtime.signer,
    witnessFile: runtime.witnessFile,
    custodianKeyDir: runtime.custodianKeyDir,
    webDist: config.webDist,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    logLevel: config.logLevel,
  });
  const report = await seedInstallation(app.services, { demo: process.env.GGZY_DEMO !== "0" });
  const banner = demoBanner(report);
  if (banner) console.log(banner);
  await app.http.listen({ host: config.host, port: config.port });
  const where = runtime.database.kind === "pglite" ? `PGlite in ${config.dataDir}` : "PostgreSQL";
  console.log(
    `ggzy ready on http://localhost:${config.port} (${where}; migrations applied: ${runtime.migrations.length}; started in ${Math.round(performance.now() - started)} ms)`,
  );

  // Seal entries written by other processes sharing the database.
  const sealer = setInterval(() => void app.services.deps.audit.flush().catch((e) => app.http.log.error(e)), 1000);
  // Close the auction lots whose end has come (every process may; the lot's row lock keeps each close single).
  let closing = false;
  const closer = setInterval(() => {
    if (closing) return;
    closing = true;
    app.services.auctionClosing
      .closeDue()
      .catch((e) => app.http.log.error(e))
      .finally(() => {
        closing = false;
      });
  }, 250);
  // The nightly batch of the cross-project supervision rules (GGZY_BATCH_AT=HH:MM Beijing, default 02:00; "off" disables).
  const batchAt = process.env.GGZY_BATCH_AT?.trim().toLowerCase() === "off" ? undefined : parseBatchAt(process.env.GGZY_BATCH_AT);
  const stopBatch = batchAt
    ? scheduleNightlyBatch(app.services.supervisionBatch, {
        at: batchAt,
        onResult: (r) => app.http.log.info(describeBatchRun(r)),
        onError: (e) => app.http.log.error(e),
      })
    : () => {};
  const stop = async () => {
    stopBatch();
    clearInterval(sealer);
    clearInterval(closer);
    await app.http.close();
    await runtime.database.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
