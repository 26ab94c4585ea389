import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { AppError } from "../../platform/http/app-error.ts";
import { collusionRisk, DEFAULT_RISK_MODEL, type RiskModel } from "./domain/collusion-risk.ts";
import { hasRegularSteps, hasTies, identicalPricePairs, SCREEN_KEYS, Screener, type Screens, seedOf } from "./domain/screens.ts";

/**
 * Streaming screening of a bids CSV (`ggzy screens`): reads `tender,bidder,amount` rows (header row
 * required, columns in any order, extra columns ignored, RFC 4180 quoting), groups them by tender
 * (any order), and writes one row per tender, in order of first appearance:
 *
 *   tender,n,<SCREEN_KEYS…>,identical_prices,regular_steps,risk
 *
 * with empty cells for undefined screens. Amounts: an integer is 分; a number with a decimal point
 * (up to 2 decimals) is 元 and is converted to 分 exactly with string arithmetic; a trailing 元 or 分
 * states the unit; thousands separators ("1,234.50") are accepted. Bad rows are counted and the first
 * ten reported with their line numbers; they are not fatal.
 *
 * Memory: the rows live in growable typed arrays (8 + 4 + 4 bytes a bid) plus one string per
 * distinct tender and bidder, so 10^6 bids take a few tens of MB.
 */

export const OUTPUT_COLUMNS: readonly string[] = ["tender", "n", ...SCREEN_KEYS, "identical_prices", "regular_steps", "risk"];

export interface BadRow {
  line: number;
  reason: string;
}

export interface CsvScreenReport {
  /** Input bytes read. */
  bytes: number;
  /** Valid bid rows. */
  rows: number;
  badRows: number;
  /** The first ten bad rows. */
  badRowSamples: BadRow[];
  tenders: number;
  /** Tenders with risk >= 0.5 and >= 0.9. */
  riskAtLeast50: number;
  riskAtLeast90: number;
}

export interface CsvProgress {
  stage: "read" | "screen";
  bytes: number;
  rows: number;
  tendersDone: number;
  tendersTotal: number;
}

const MAX_BAD_SAMPLES = 10;

/** An amount cell in 分, or the reason it is not one. */
export function parseAmountFen(cell: string): number | string {
  let text = cell.trim();
  let unit: "fen" | "yuan" | undefined;
  if (text.endsWith("元")) unit = "yuan";
  else if (text.endsWith("分")) unit = "fen";
  if (unit) text = text.slice(0, -1).trimEnd();
  if (text.includes(",")) {
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return `amount "${cell}" is not a number`;
    text = text.replaceAll(",", "");
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text === "" ? "amount is missing" : `amount "${cell}" is not a number`;
  const [, whole = "", fraction] = match;
  let fen: number;
  if (fraction !== undefined || unit === "yuan") {
    if (unit === "fen") return `amount "${cell}" in 分 must be an integer`;
    const cents = fraction ?? "";
    if (cents.length > 2) return `amount "${cell}" has more than 2 decimals of 元`;
    fen = Number(whole + cents.padEnd(2, "0"));
  } else {
    fen = Number(whole);
  }
  if (!Number.isSafeInteger(fen)) return `amount "${cell}" is too large`;
  if (fen <= 0) return `amount "${cell}" must be positive`;
  return fen;
}

/** Splits one CSV record (quotes balanced) into its fields. */
export function splitCsvRecord(record: string): string[] {
  if (!record.includes('"')) return record.split(",");
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (record[i] === '"') {
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q === -1) {
          field += record.slice(i);
          i = record.length;
          break;
        }
        field += record.slice(i, q);
        if (record[q + 1] === '"') {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // anything between the closing quote and the next comma is kept as written
      const comma = record.indexOf(",", i);
      field += comma === -1 ? record.slice(i) : record.slice(i, comma);
      fields.push(field);
      if (comma === -1) return fields;
      i = comma + 1;
    } else {
      const comma = record.indexOf(",", i);
      if (comma === -1) {
        fields.push(record.slice(i));
        return fields;
      }
      fields.push(record.slice(i, comma));
      i = comma + 1;
    }
  }
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Whether a physical line ends inside a quoted field, starting inside one or not. As in RFC 4180 a
 * quote opens a quoted field only at the start of a field; elsewhere it is an ordinary character.
 */
function endsInsideQuotes(text: string, inside: boolean): boolean {
  let inQuotes = inside;
  let fieldStart = !inside;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else inQuotes = false;
      }
    } else if (c === 44) {
      fieldStart = true;
    } else {
      if (c === 34 && fieldStart) inQuotes = true;
      fieldStart = false;
    }
  }
  return inQuotes;
}

/** The bids of a CSV, grouped by tender, in typed arrays. */
class BidTable {
  tenderIndex = new Map<string, number>();
  tenderIds: string[] = [];
  bidderIndex = new Map<string, number>();
  amounts = new Float64Array(1 << 16);
  tenderOf = new Int32Array(1 << 16);
  bidderOf = new Int32Array(1 << 16);
  size = 0;

  add(tender: string, bidder: string, amount: number): void {
    if (this.size === this.amounts.length) this.grow();
    let t = this.tenderIndex.get(tender);
    if (t === undefined) {
      t = this.tenderIds.length;
      this.tenderIndex.set(tender, t);
      this.tenderIds.push(tender);
    }
    let b = this.bidderIndex.get(bidder);
    if (b === undefined) {
      b = this.bidderIndex.size;
      this.bidderIndex.set(bidder, b);
    }
    this.amounts[this.size] = amount;
    this.tenderOf[this.size] = t;
    this.bidderOf[this.size] = b;
    this.size++;
  }

  private grow(): void {
    const cap = this.amounts.length * 2;
    const amounts = new Float64Array(cap);
    amounts.set(this.amounts);
    const tenderOf = new Int32Array(cap);
    tenderOf.set(this.tenderOf);
    const bidderOf = new Int32Array(cap);
    bidderOf.set(this.bidderOf);
    this.amounts = amounts;
    this.tenderOf = tenderOf;
    this.bidderOf = bidderOf;
  }

  /** Counting sort by tender: offsets[t]..offsets[t+1] index the tender's bids in the returned arrays. */
  grouped(): { offsets: Int32Array; amounts: Float64Array; bidders: Int32Array } {
    const tenders = this.tenderIds.length;
    const offsets = new Int32Array(tenders + 1);
    for (let i = 0; i < this.size; i++) offsets[this.tenderOf[i]! + 1]!++;
    for (let t = 0; t < tenders; t++) offsets[t + 1]! += offsets[t]!;
    const cursor = offsets.slice(0, tenders);
    const amounts = new Float64Array(this.size);
    const bidders = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const at = cursor[this.tenderOf[i]!]!++;
      amounts[at] = this.amounts[i]!;
      bidders[at] = this.bidderOf[i]!;
    }
    // the row arrays are no longer needed
    this.amounts = new Float64Array(0);
    this.tenderOf = new Int32Array(0);
    this.bidderOf = new Int32Array(0);
    return { offsets, amounts, bidders };
  }
}

/**
 * Screens every tender of a `tender,bidder,amount` CSV read from `input` and writes the per-tender
 * CSV to `output`, which it ends. Rejects with VALIDATION_FAILED when the header lacks a column.
 */
export async function screenCsv(
  input: Readable,
  output: Writable,
  onProgress?: (progress: CsvProgress) => void,
  model: RiskModel = DEFAULT_RISK_MODEL,
): Promise<CsvScreenReport> {
  const table = new BidTable();
  const report: CsvScreenReport = { bytes: 0, rows: 0, badRows: 0, badRowSamples: [], tenders: 0, riskAtLeast50: 0, riskAtLeast90: 0 };
  const bad = (line: number, reason: string) => {
    report.badRows++;
    if (report.badRowSamples.length < MAX_BAD_SAMPLES) report.badRowSamples.push({ line, reason });
  };

  let columns: { tender: number; bidder: number; amount: number; count: number } | undefined;
  let line = 0; // physical lines seen
  let pending: string | undefined; // a record whose quoted field spans lines
  let pendingLine = 0;

  const record = (text: string, at: number) => {
    if (columns === undefined) {
      const names = splitCsvRecord(text.replace(/^\uFEFF/, "")).map((h) => h.trim().toLowerCase());
      const tender = names.indexOf("tender");
      const bidder = names.indexOf("bidder");
      const amount = names.indexOf("amount");
      if (tender < 0 || bidder < 0 || amount < 0) {
        throw new AppError("VALIDATION_FAILED", {
          zh: `CSV 首行须为表头，含 tender、bidder、amount 列（实际：${names.join(",")}）`,
          en: `The first CSV line must be a header with the columns tender, bidder, amount (got: ${names.join(",")})`,
        });
      }
      columns = { tender, bidder, amount, count: Math.max(tender, bidder, amount) + 1 };
      return;
    }
    if (text.trim() === "") return;
    const fields = splitCsvRecord(text);
    if (fields.length < columns.count) return bad(at, `missing fields: expected at least ${columns.count}, got ${fields.length}`);
    const tender = fields[columns.tender]!.trim();
    const bidder = fields[columns.bidder]!.trim();
    if (tender === "") return bad(at, "tender is missing");
    if (bidder === "") return bad(at, "bidder is missing");
    const amount = parseAmountFen(fields[columns.amount]!);
    if (typeof amount === "string") return bad(at, amount);
    table.add(tender, bidder, amount);
    report.rows++;
  };

  const physicalLine = (text: string) => {
    line++;
    const body = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (pending !== undefined) {
      pending += `\n${body}`;
      if (!endsInsideQuotes(body, true)) {
        const whole = pending;
        pending = undefined;
        record(whole, pendingLine);
      }
      return;
    }
    if (body.includes('"') && endsInsideQuotes(body, false)) {
      pending = body;
      pendingLine = line;
      return;
    }
    record(body, line);
  };

  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of input) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    report.bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
    let from = 0;
    const all = rest + text;
    for (let nl = all.indexOf("\n"); nl !== -1; nl = all.indexOf("\n", from)) {
      physicalLine(all.slice(from, nl));
      from = nl + 1;
    }
    rest = all.slice(from);
    onProgress?.({ stage: "read", bytes: report.bytes, rows: report.rows, tendersDone: 0, tendersTotal: table.tenderIds.length });
  }
  rest += decoder.end();
  if (rest !== "") physicalLine(rest);
  if (pending !== undefined) {
    // an unterminated quote: the rest of the file was one record
    const whole = pending;
    pending = undefined;
    record(whole, pendingLine);
  }
  if (columns === undefined) {
    throw new AppError("VALIDATION_FAILED", { zh: "CSV 为空，缺少表头", en: "The CSV is empty: no header row" });
  }

  const { offsets, amounts, bidders } = table.grouped();
  const ids = table.tenderIds;
  report.tenders = ids.length;
  const screener = new Screener();
  // the risk reads only the model's features: copy just those out of the row
  const features = SCREEN_KEYS.flatMap((key, column) => (model.screens[key] ? [[key, column] as const] : []));
  const row = new Float64Array(SCREEN_KEYS.length);
  let sorted = new Float64Array(64);
  let buffer = `${OUTPUT_COLUMNS.join(",")}\n`;
  for (let t = 0; t < ids.length; t++) {
    const start = offsets[t]!;
    const n = offsets[t + 1]! - start;
    if (sorted.length < n) sorted = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) sorted[i] = amounts[start + i]!;
    sorted.subarray(0, n).sort();
    const id = ids[t]!;
    screener.run(sorted, n, seedOf(id), row);
    let identicalPrices = 0;
    if (hasTies(sorted, n)) {
      const order = Array.from({ length: n }, (_, i) => start + i).sort((a, b) => amounts[a]! - amounts[b]!);
      identicalPrices = identicalPricePairs(sorted, (i) => bidders[order[i]!]!, n);
    }
    const regularSteps = hasRegularSteps(sorted, n);
    const screens: Screens = { identicalPrices, regularSteps };
    for (const [key, column] of features) {
      const v = row[column]!;
      if (Number.isFinite(v)) screens[key] = v;
    }
    const { risk } = collusionRisk({ n, screens }, model);
    if (risk >= 0.5) report.riskAtLeast50++;
    if (risk >= 0.9) report.riskAtLeast90++;
    let cells = `${csvCell(id)},${n}`;
    for (let c = 0; c < row.length; c++) {
      const v = row[c]!;
      cells += Number.isNaN(v) ? "," : `,${v}`;
    }
    buffer += `${cells},${identicalPrices},${regularSteps ? 1 : 0},${risk}\n`;
    if (buffer.length >= 1 << 16) {
      if (!output.write(buffer)) await once(output, "drain");
      buffer = "";
    }
    if ((t & 1023) === 1023) onProgress?.({ stage: "screen", bytes: report.bytes, rows: report.rows, tendersDone: t + 1, tendersTotal: ids.length });
  }
  output.end(buffer);
  await finished(output, { readable: false });
  onProgress?.({ stage: "screen", bytes: report.bytes, rows: report.rows, tendersDone: ids.length, tendersTotal: ids.length });
  return report;
}
