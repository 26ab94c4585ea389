import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";
import { collusionRisk } from "./domain/collusion-risk.ts";
import { computeScreens, SCREEN_KEYS } from "./domain/screens.ts";
import { runScreensCommand } from "./screens-command.ts";
import { OUTPUT_COLUMNS, parseAmountFen, screenCsv, splitCsvRecord } from "./screens-csv.ts";

// unsorted: the rows of T1, T2 and "T,3" are interleaved; amounts in 分 (integers) and 元 (decimals)
const INPUT = [
  "tender,bidder,amount",
  "T1,甲公司,1030000",
  "T2,A,500.00",
  "T1,乙公司,9800.00",
  '"T,3",X,"1,000.5"',
  "T1,丙公司,1120000",
  "T2,B,50000",
  "T1,丁公司,10000元",
  "T2,C,abc",
  '"T,3","Y ""quoted""",100051',
  "T1,戊公司,10450.00",
  "T2,,50100",
  "T2,D",
  "",
  '"T,3",Z,1100.50',
  "T2,E,512.5",
].join("\r\n");

async function run(text: string, chunkSize = 7) {
  // small chunks: records, quotes and multi-byte characters split across chunks
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const output = new PassThrough();
  let written = "";
  output.on("data", (d: Buffer) => {
    written += d.toString();
  });
  const progress = vi.fn();
  const report = await screenCsv(Readable.from(chunks), output, progress);
  return { report, written, progress };
}

function parseOutput(written: string) {
  const lines = written.trimEnd().split("\n");
  expect(lines[0]).toBe(OUTPUT_COLUMNS.join(","));
  return lines.slice(1).map(splitCsvRecord);
}

describe("screenCsv", () => {
  it("groups unsorted rows by tender, converts 元 to 分 and matches the in-memory screens", async () => {
    const { report, written, progress } = await run(INPUT);
    expect(report).toMatchObject({ bytes: Buffer.byteLength(INPUT), rows: 11, tenders: 3, badRows: 3 });
    expect(report.badRowSamples).toEqual([
      { line: 9, reason: 'amount "abc" is not a number' },
      { line: 12, reason: "bidder is missing" },
      { line: 13, reason: "missing fields: expected at least 3, got 2" },
    ]);
    expect(progress).toHaveBeenCalled();
    const rows = parseOutput(written);
    expect(rows.map((r) => r[0])).toEqual(["T1", "T2", "T,3"]); // first appearance
    const expected: Record<string, { amounts: number[]; bidders: string[] }> = {
      T1: { amounts: [1030000, 980000, 1120000, 1000000, 1045000], bidders: ["甲公司", "乙公司", "丙公司", "丁公司", "戊公司"] },
      T2: { amounts: [50000, 50000, 51250], bidders: ["A", "B", "E"] },
      "T,3": { amounts: [100050, 100051, 110050], bidders: ["X", 'Y "quoted"', "Z"] },
    };
    for (const row of rows) {
      expect(row).toHaveLength(OUTPUT_COLUMNS.length);
      const tender = expected[row[0]!]!;
      const { n, screens } = computeScreens(tender.amounts, { id: row[0]!, bidders: tender.bidders });
      expect(Number(row[1])).toBe(n);
      SCREEN_KEYS.forEach((key, c) => {
        const cell = row[2 + c]!;
        if (screens[key] === undefined) expect(cell, key).toBe("");
        else expect(Number(cell), key).toBe(screens[key]);
      });
      expect(Number(row[OUTPUT_COLUMNS.indexOf("identical_prices")])).toBe(screens.identicalPrices);
      expect(row[OUTPUT_COLUMNS.indexOf("regular_steps")]).toBe(screens.regularSteps ? "1" : "0");
      expect(Number(row[OUTPUT_COLUMNS.length - 1])).toBe(collusionRisk({ n, screens }).risk);
    }
    // T2: A and B both bid 500.00 元 = 50000 分
    expect(rows[1]![OUTPUT_COLUMNS.indexOf("identical_prices")]).toBe("1");
    // empty cells for undefined screens: T2 has 3 bids, so no kurtosis
    expect(rows[1]![OUTPUT_COLUMNS.indexOf("kurt")]).toBe("");
  });

  it("does not depend on the chunking", async () => {
    const a = await run(INPUT, 1);
    const b = await run(INPUT, 1 << 16);
    expect(a.written).toBe(b.written);
    expect(a.report).toEqual(b.report);
  });

  it("reads quoted fields spanning lines and keeps the line numbers of what follows", async () => {
    const { report, written } = await run('tender,amount,bidder\nT9,100,"multi\nline"\nT9,101,B\nT9,x,C\n');
    expect(report.rows).toBe(2);
    expect(report.badRowSamples).toEqual([{ line: 5, reason: 'amount "x" is not a number' }]);
    expect(parseOutput(written)[0]!.slice(0, 2)).toEqual(["T9", "2"]);
  });

  it("refuses a file without the header", async () => {
    await expect(run("T1,A,100\n")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});

describe("parseAmountFen", () => {
  it("reads 分 and 元 exactly", () => {
    expect(parseAmountFen("123")).toBe(123);
    expect(parseAmountFen(" 1.10 ")).toBe(110);
    expect(parseAmountFen("0.07")).toBe(7);
    expect(parseAmountFen("1.1")).toBe(110);
    expect(parseAmountFen("12元")).toBe(1200);
    expect(parseAmountFen("12分")).toBe(12);
    expect(parseAmountFen("1,234,567.89")).toBe(123456789);
    expect(parseAmountFen("90071992547409.91")).toBe(Number.MAX_SAFE_INTEGER);
  });
  it("refuses what is not an amount", () => {
    for (const bad of ["", "abc", "1.234", "-5", "0", "0.00", "1e5", "1.", "12,34", "1.5分", "90071992547409.92"]) {
      expect(typeof parseAmountFen(bad), bad).toBe("string");
    }
  });
});

describe("runScreensCommand", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ggzy-screens-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("screens a file into a file and prints a summary with the bad rows", async () => {
    const input = path.join(dir, "bids.csv");
    const output = path.join(dir, "risk.csv");
    fs.writeFileSync(input, INPUT);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await runScreensCommand(["--input", input, "--output", output])).toBe(0);
      const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
      expect(printed).toContain("screened 3 tenders (11 bids)");
      expect(printed).toContain("line 9:");
    } finally {
      log.mockRestore();
    }
    expect(fs.readFileSync(output, "utf8")).toBe((await run(INPUT)).written);
  });

  it("answers usage errors with 2 and a missing file with 1", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await runScreensCommand([])).toBe(2);
      expect(await runScreensCommand(["--input", "x.csv", "--bogus"])).toBe(2);
      expect(await runScreensCommand(["--input", path.join(dir, "nope.csv"), "--output", path.join(dir, "o.csv")])).toBe(1);
    } finally {
      error.mockRestore();
    }
  });
});
