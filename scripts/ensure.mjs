// Shared steps of `npm start` and `npm test`: install dependencies and build the web app when needed.
import { execSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : mtime(full));
  }
  return newest;
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** npm install when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const installed = path.join(root, "node_modules", ".package-lock.json");
  if (mtime(installed) >= mtime(path.join(root, "package-lock.json"))) return;
  console.log("[ggzy] installing dependencies …");
  run("npm", ["install", "--no-audit", "--no-fund"]);
}

/** vite build when web/dist is missing or older than the web sources. */
export function ensureWebBuild() {
  const built = path.join(root, "web", "dist", "index.html");
  const sources = Math.max(
    newestIn(path.join(root, "web", "src")),
    mtime(path.join(root, "web", "index.html")),
    mtime(path.join(root, "web", "vite.config.ts")),
  );
  if (mtime(built) >= sources) return;
  console.log("[ggzy] building the web app …");
  run("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
}

export function commandExists(command) {
  try {
    execSync(`command -v ${command}`, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
