// `npm test`: every test. Unit and database tests on embedded PGlite, then the browser journeys in
// Debian's Chromium. `--pg` runs the database tests against PostgreSQL (127.0.0.1:5432 by default,
// or GGZY_TEST_DATABASE_URL), starting the local server when it is down.
import { execSync } from "node:child_process";
import fs from "node:fs";
import { commandExists, ensureDependencies, ensureWebBuild, run } from "./ensure.mjs";

const args = process.argv.slice(2);
ensureDependencies();

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

if (args.includes("--pg")) {
  const url = ensurePostgres();
  run("npx", ["vitest", "run", "db.test"], { env: { ...process.env, GGZY_TEST_DATABASE_URL: url } });
} else if (args.includes("--e2e")) {
  ensureWebBuild();
  if (!ensureChromium()) {
    console.error("[ggzy] /usr/bin/chromium is missing and could not be installed (apt-get install chromium)");
    process.exit(1);
  }
  run("npx", ["vitest", "run", "--config", "vitest.e2e.config.ts"]);
} else {
  run("npx", ["vitest", "run"]);
  const journeys = fs.existsSync("e2e") && fs.readdirSync("e2e").some((f) => f.endsWith(".e2e.ts"));
  if (journeys) run(process.execPath, ["scripts/test.mjs", "--e2e"]);
}
