import fs from "node:fs";
import { parseArgs } from "node:util";
import { progressBar } from "../../platform/cli/progress.ts";
import { AppError } from "../../platform/http/app-error.ts";
import { screenCsv } from "./screens-csv.ts";

export const SCREENS_USAGE = `usage: ggzy screens --input bids.csv --output risk.csv

  Screens every tender of a CSV of bids (header tender,bidder,amount; amount in 分 as an integer,
  or in 元 with up to 2 decimals) for bid rigging and writes one row per tender:
  tender,n,<screens…>,identical_prices,regular_steps,risk`;

/** `ggzy screens --input bids.csv --output risk.csv`: the exit code (0 ok, 1 failed, 2 usage). */
export async function runScreensCommand(args: string[]): Promise<number> {
  let input: string | undefined;
  let output: string | undefined;
  try {
    const { values } = parseArgs({ args, options: { input: { type: "string" }, output: { type: "string" }, help: { type: "boolean" } } });
    if (values.help) {
      console.log(SCREENS_USAGE);
      return 0;
    }
    input = values.input;
    output = values.output;
  } catch (error) {
    console.error(`${(error as Error).message}\n${SCREENS_USAGE}`);
    return 2;
  }
  if (!input || !output) {
    console.error(SCREENS_USAGE);
    return 2;
  }
  let size: number;
  try {
    size = fs.statSync(input).size;
  } catch (error) {
    console.error(`cannot read ${input}: ${(error as Error).message}`);
    return 1;
  }

  const started = performance.now();
  const bar = progressBar("screens");
  const source = fs.createReadStream(input, { highWaterMark: 1 << 20 });
  const sink = fs.createWriteStream(output);
  try {
    const report = await screenCsv(source, sink, (p) =>
      p.stage === "read" ? bar.update(p.bytes, size, "read") : bar.update(p.tendersDone, p.tendersTotal, "screen"),
    );
    bar.done();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `screened ${report.tenders} tenders (${report.rows} bids) in ${seconds.toFixed(1)} s → ${output}\n` +
        `risk >= 0.5: ${report.riskAtLeast50} tenders; risk >= 0.9: ${report.riskAtLeast90} tenders`,
    );
    if (report.badRows > 0) {
      console.log(`bad rows skipped: ${report.badRows}`);
      for (const bad of report.badRowSamples) console.log(`  line ${bad.line}: ${bad.reason}`);
      if (report.badRows > report.badRowSamples.length) console.log(`  … and ${report.badRows - report.badRowSamples.length} more`);
    }
    return 0;
  } catch (error) {
    bar.done();
    source.destroy();
    sink.destroy();
    console.error(error instanceof AppError ? (error.detail?.en ?? error.message) : `screens failed: ${(error as Error).message}`);
    return 1;
  }
}
