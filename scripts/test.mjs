// `npm test`: every test. Unit and database tests on embedded PGlite, then the browser journeys in
// Debian's Chromium. `--pg` runs the database tests against PostgreSQL (127.0.0.1:5432 by default,
// or GGZY_TEST_DATABASE_URL), starting the local server when it is down. Ends with one summary line.
import { execSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { commandExists, ensureDependencies, ensureWebBuild, root } from "./ensure.mjs";

const args = process.argv.slice(2);
ensureDependencies();

const totals = { passed: 0, failed: 0, skipped: 0 };

/** Runs vitest, adds its counts to the totals, and stops on failure. */
function vitest(vitestArgs, env = process.env) {
  fs.mkdirSync(path.join(root, ".tmp"), { recursive: true });
  const report = path.join(root, ".tmp", `vitest-${process.pid}-${Date.now()}.json`);
  const result = spawnSync("npx", ["vitest", "run", ...vitestArgs, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
    cwd: root,
    stdio: "inherit",
    env,
  });
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, "utf8"));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
    fs.rmSync(report);
  }
  if (result.status !== 0) finish(result.status ?? 1);
}

function finish(code) {
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(code);
}

function ensurePostgres() {
  const url = process.env.GGZY_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const ready = () => {
    try {
      execSync("pg_isready -h 127.0.0.1 -p 5432 -t 3", { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (!process.env.GGZY_TEST_DATABASE_URL && !ready() && commandExists("pg_ctlcluster")) {
    console.log("[ggzy] starting the local PostgreSQL server …");
    const version = fs.readdirSync("/etc/postgresql")[0];
    execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: "inherit" });
  }
  return url;
}

function ensureChromium() {
  if (fs.existsSync("/usr/bin/chromium")) return true;
  if (process.getuid?.() === 0 && commandExists("apt-get")) {
    console.log("[ggzy] installing Debian's chromium for the browser tests …");
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null", { stdio: "inherit" });
  }
  return fs.existsSync("/usr/bin/chromium");
}

function browserJourneys() {
  ensureWebBuild();
  if (!ensureChromium()) {
    console.error("[ggzy] /usr/bin/chromium is missing and could not be installed (apt-get install chromium)");
    finish(1);
  }
  vitest(["--config", "vitest.e2e.config.ts"]);
}

if (args.includes("--pg")) {
  vitest(["db.test"], { ...process.env, GGZY_TEST_DATABASE_URL: ensurePostgres() });
} else if (args.includes("--e2e")) {
  browserJourneys();
} else {
  vitest([]);
  browserJourneys();
}
finish(0);
