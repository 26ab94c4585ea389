/**
 * Collusion-screens benchmark: writes a CSV of 1,000,000 bids (about 150,000 tenders of 3–12 bids,
 * 15 % of them cartel-like, rows shuffled, amounts in 分 and in 元) under the temp directory with a
 * deterministic PRNG, then runs `ggzy screens` (runScreensCommand) on it.
 * Run: `npx tsx bench/screens.ts` (add `--bids=N`, `--keep`). Prints figures; asserts nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { mulberry32 } from "../server/src/modules/supervision/domain/screens.ts";
import { runScreensCommand } from "../server/src/modules/supervision/screens-command.ts";

const totalBids = Number(process.argv.find((a) => a.startsWith("--bids="))?.slice(7) ?? 1_000_000);
const keep = process.argv.includes("--keep");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ggzy-bench-screens-"));
const input = path.join(dir, "bids.csv");
const output = path.join(dir, "risk.csv");
const cartelIds = new Set<string>();
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function generate(): { bids: number; tenders: number; cartels: number } {
  const random = mulberry32(20240601);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const fd = fs.openSync(input, "w");
  let text = "tender,bidder,amount\n";
  let block: string[] = [];
  let bids = 0;
  let tenders = 0;
  let cartels = 0;
  const flush = (all: boolean) => {
    // shuffle rows within blocks of 256, so the input is not grouped by tender
    for (let i = block.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [block[i], block[j]] = [block[j]!, block[i]!];
    }
    text += block.join("");
    block = [];
    if (all || text.length > 1 << 20) {
      fs.writeSync(fd, text);
      text = "";
    }
  };
  while (bids < totalBids) {
    tenders++;
    const n = Math.min(totalBids - bids, 3 + Math.floor(random() ** 1.4 * 10));
    const base = Math.round(100_000 + random() ** 2 * 50_000_000) * 100; // 1,000 元 … 5,000,000 元, in 分
    const cartel = random() < 0.15;
    if (cartel) {
      cartels++;
      cartelIds.add(`G${tenders}`);
    }
    const firstBidder = Math.floor(random() * 5000);
    for (let i = 0; i < n; i++) {
      let amount: number;
      if (cartel) amount = i === 0 ? base * (0.88 + random() * 0.06) : base * (1 + random() * 0.01);
      else amount = base * Math.max(0.6, 1 + 0.08 * normal());
      const fen = Math.max(1, Math.round(amount));
      const cell = random() < 0.3 ? `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}` : String(fen);
      block.push(`G${tenders},供应商${(firstBidder + i * 7) % 5000},${cell}\n`);
      bids++;
    }
    if (block.length >= 256) flush(false);
  }
  flush(true);
  fs.closeSync(fd);
  return { bids, tenders, cartels };
}

let started = performance.now();
const generated = generate();
const generateSeconds = (performance.now() - started) / 1000;
const size = fs.statSync(input).size;
console.log(
  `generated ${generated.bids} bids in ${generated.tenders} tenders (${generated.cartels} cartel-like), ${mib(size)} in ${generateSeconds.toFixed(1)} s → ${input}`,
);
const rssBefore = process.resourceUsage().maxRSS * 1024;

started = performance.now();
const cpuBefore = process.cpuUsage();
const code = await runScreensCommand(["--input", input, "--output", output]);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const peak = process.resourceUsage().maxRSS * 1024;

console.log(`exit code:     ${code}`);
console.log(`wall time:     ${seconds.toFixed(2)} s (cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`);
console.log(
  `throughput:    ${Math.round(generated.bids / seconds).toLocaleString("en")} rows/s, ${Math.round(generated.tenders / seconds).toLocaleString("en")} tenders/s`,
);
console.log(`peak RSS:      ${mib(peak)} (before screening: ${mib(rssBefore)}; heap now ${mib(process.memoryUsage().heapUsed)})`);
console.log(`output:        ${mib(fs.statSync(output).size)} → ${output}`);
console.log(`machine:       ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
// how the unsupervised risk separates the synthetic cartel-like tenders from the competitive ones
const lines = fs.readFileSync(output, "utf8").trimEnd().split("\n").slice(1);
const flagged = { cartel: 0, competitive: 0 };
for (const line of lines) {
  const risk = Number(line.slice(line.lastIndexOf(",") + 1));
  if (risk >= 0.5) flagged[cartelIds.has(line.slice(0, line.indexOf(","))) ? "cartel" : "competitive"]++;
}
const competitiveCount = generated.tenders - generated.cartels;
console.log(
  `risk >= 0.5:   ${flagged.cartel}/${generated.cartels} cartel-like (${((100 * flagged.cartel) / generated.cartels).toFixed(1)} %), ` +
    `${flagged.competitive}/${competitiveCount} competitive (${((100 * flagged.competitive) / competitiveCount).toFixed(2)} %)`,
);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
