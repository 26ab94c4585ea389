// `npm start`: install what is missing, build the web app, then migrate, seed and serve (server/src/main.ts).
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureDependencies, ensureWebBuild, root } from "./ensure.mjs";

ensureDependencies();
ensureWebBuild();
const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "src", "main.ts")], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
