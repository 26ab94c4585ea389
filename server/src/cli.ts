import { parseArgs } from "node:util";
import { describeBatchRun } from "./modules/supervision/batch-runner.ts";
import { runScreensCommand } from "./modules/supervision/screens-command.ts";
import { verifyAuditLog } from "./platform/audit/audit-verify.ts";
import { progressBar } from "./platform/cli/progress.ts";
import { loadConfig } from "./platform/config/config.ts";
import { systemContext } from "./platform/http/actor.ts";
import { openRuntime, runtimeServices } from "./platform/runtime.ts";
import { demoBanner, seedInstallation } from "./seed/seed.ts";

const USAGE = `ggzy <command> [options]

  migrate                         bring the database schema up to date
  seed [--no-demo]                seed the calendar (and the demo installation)
  create-admin --username U --password P --name NAME --id-card ID [--platform CODE]
                                  create a system administrator account
  audit verify [--json]           recompute the audit Merkle tree and check it against the
                                  signed tree heads and the logged business rows
  supervision-batch [--json]      run the cross-project supervision rules now (a manual run; the
                                  server runs them every night at GGZY_BATCH_AT, default 02:00)
  screens --input bids.csv --output risk.csv
                                  collusion screens and risk per tender for a CSV of
                                  tender,bidder,amount (no database needed)

Runs on PostgreSQL when DATABASE_URL is set, otherwise on the embedded PGlite in ./data.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command === "screens") return runScreensCommand(rest);
  const config = loadConfig();
  const runtime = await openRuntime(config);
  try {
    switch (command) {
      case "migrate": {
        console.log(runtime.migrations.length ? `applied: ${runtime.migrations.join(", ")}` : "schema is up to date");
        return 0;
      }
      case "seed": {
        const { values } = parseArgs({ args: rest, options: { "no-demo": { type: "boolean" } } });
        const report = await seedInstallation(runtimeServices(runtime), { demo: !values["no-demo"] });
        console.log(`calendar days added: ${report.calendarDays}; demo: ${report.demo}`);
        const banner = demoBanner(report);
        if (banner) console.log(banner);
        return 0;
      }
      case "create-admin": {
        const { values } = parseArgs({
          args: rest,
          options: {
            username: { type: "string" },
            password: { type: "string" },
            name: { type: "string" },
            "id-card": { type: "string" },
            platform: { type: "string" },
          },
        });
        const services = runtimeServices(runtime);
        const platform = values.platform ?? (await services.regions.platforms()).find((p) => p.level === "province")?.code;
        if (!values.username || !values.password || !values.name || !values["id-card"] || !platform) {
          console.error("create-admin needs --username, --password, --name, --id-card (and a platform: --platform or a seeded province)");
          return 2;
        }
        const account = await services.identity.createAccount(systemContext("cli"), {
          username: values.username,
          password: values.password,
          displayName: values.name,
          personName: values.name,
          idCard: values["id-card"],
          role: "sysadmin",
          platformCode: platform,
        });
        console.log(`created sysadmin ${account.username} (id ${account.id}) on platform ${account.platformCode}`);
        return 0;
      }
      case "audit": {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: "boolean" } } });
        if (positionals[0] !== "verify") {
          console.error("usage: ggzy audit verify [--json]");
          return 2;
        }
        const bar = progressBar("audit verify");
        const report = await verifyAuditLog(runtime.database.db, { signer: runtime.signer, witnessFile: runtime.witnessFile, onProgress: bar.update });
        bar.done();
        if (values.json) console.log(JSON.stringify(report, null, 2));
        else {
          console.log(
            `entries ${report.entries}, leaves ${report.leaves}, signed tree size ${report.signedTreeSize}, heads ${report.heads}, rows checked ${report.rowsChecked}, unsealed ${report.unsealedEntries}`,
          );
          for (const p of report.problems) console.log(`  ${p.kind}: ${p.message}`);
          console.log(report.ok ? "OK: the audit log is intact" : `FAILED: ${report.problems.length} problem(s)`);
        }
        return report.ok ? 0 : 3;
      }
      case "supervision-batch": {
        const { values } = parseArgs({ args: rest, options: { json: { type: "boolean" } } });
        const result = await runtimeServices(runtime).supervisionBatch.run(systemContext("cli"), { trigger: "manual" });
        console.log(values.json ? JSON.stringify(result, null, 2) : describeBatchRun(result));
        return 0;
      }
      default:
        console.error(`unknown command ${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    const e = error as { code?: string; message: string; detail?: { zh: string; en: string } };
    console.error(e.code ? `${e.code}: ${e.detail?.en ?? e.message}` : e.message);
    return 1;
  } finally {
    await runtime.database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
