/**
 * Identifiers of the 《公共资源交易平台系统数据规范》 for 工程建设项目招标投标 (data sets 500–513).
 * Pure, no I/O. Validators never throw on user input; `format*` builders throw RangeError on
 * programmer errors (out-of-range parts).
 *
 * | field (data set)                               | format                                        | length |
 * |------------------------------------------------|-----------------------------------------------|--------|
 * | PROJECT_CODE 项目编号 (500)                     | `<division 6><yyyy><sequence 6>`  — our choice | 16     |
 * | TENDER_PROJECT_CODE 招标项目编号 (501)          | PROJECT_CODE + 3 digits (001–999)              | 19     |
 * | BID_SECTION_CODE 标段(包)编号 (502)             | TENDER_PROJECT_CODE + 3 digits (001–999)       | 22     |
 * | TENDER_PROJECT_CLASSIFY_CODE 标段(包)分类代码 (502) | `<A–E><level1 2><level2 2><level3 2>`       | 7      |
 * | UNIFIED_DEAL_CODE 统一交易标识码 (501–513)      | `<division 6><yyyymmdd><sequence 6><check 1>` — our choice | 21 |
 *
 * Sources (see ../shared/reference/regulations-cn.md §1–§2):
 * - The prefix hierarchy 项目编号 ⊂ 招标项目编号 ⊂ 标段编号, each adding 3 digits, is what the production
 *   data-spec validator of lishanling/GGZY (`UniqueValueValidator.cs`) enforces.
 * - The 7-character 分类代码 (position 1 A工程/B货物/C服务/D产权/E土地, positions 2–3 the first-level class
 *   of the 评标专家专业分类标准) is from the same codebase; positions 4–7 are the second- and third-level
 *   classes (two digits each) — the classification standard codes its levels that way (A08 → A0801 →
 *   A080101), so a 7-character code is exactly a third-level class; a class chosen only down to the first
 *   or second level is padded with "00".
 * - The 项目编号 is assigned by the platform; the spec fixes no format. Ours is documented below.
 * - The 统一交易标识码 ("every transaction's 身份证号码", one per 标段(包) since set 502 requires it) has no
 *   published format (reference §8). Ours is documented below; it is OUR choice, not a national standard.
 */

import { type CivilDate, isCivilDate } from "../../../platform/calendar/working-days.ts";
import { normaliseCode, PROVINCE_PREFIXES, showChar } from "../../identity/domain/code-check.ts";
import { USCC_CHARSET } from "../../identity/domain/uscc.ts";

export type TenderCodeReason =
  | "EMPTY"
  | "LENGTH"
  | "CHARSET"
  | "DIVISION"
  | "YEAR"
  | "DATE"
  | "SEQUENCE"
  | "PARENT_MISMATCH"
  | "CATEGORY"
  | "CLASS_LEVEL"
  | "CHECK_CHAR";

export type TenderCodeCheck<P> = { ok: true; value: string; parts: P } | { ok: false; reason: TenderCodeReason; zh: string; en: string };

function fail<P>(reason: TenderCodeReason, zh: string, en: string): TenderCodeCheck<P> {
  return { ok: false, reason, zh, en };
}

/** 6-digit GB/T 2260 division code of a platform, with a valid province prefix (as for the USCC). */
function isDivisionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCE_PREFIXES.has(code.slice(0, 2));
}

/** Years accepted in 项目编号 / 统一交易标识码 (电子招标投标办法 took effect 2013; 4-digit years only). */
export const CODE_YEAR_RANGE = { from: 2000, to: 2099 } as const;

/** Common prologue: normalise, reject empty / wrong length / non-digits. */
function digitsOf<P>(input: string, length: number, zh: string, en: string): { value: string } | { error: TenderCodeCheck<P> } {
  const value = normaliseCode(typeof input === "string" ? input : "");
  if (value === "") return { error: fail("EMPTY", `${zh}不能为空`, `${en} is required`) };
  const chars = [...value];
  if (chars.length !== length) {
    return { error: fail("LENGTH", `${zh}应为${length}位，实际为${chars.length}位`, `${en} has ${length} characters; got ${chars.length}`) };
  }
  const bad = chars.findIndex((c) => c < "0" || c > "9");
  if (bad >= 0) {
    const c = showChar(chars[bad] ?? "");
    return { error: fail("CHARSET", `${zh}第${bad + 1}位字符“${c}”无效：只能是数字`, `Character ${bad + 1} of the ${en} is "${c}"; only digits are allowed`) };
  }
  return { value };
}

// ---------------------------------------------------------------------------------------------
// 项目编号 PROJECT_CODE (set 500)
// ---------------------------------------------------------------------------------------------

/**
 * 项目编号, platform-assigned (our format, 16 digits):
 *   1–6    GB/T 2260 division code of the platform that registered the project
 *   7–10   year of registration (Beijing time), 2000–2099
 *   11–16  sequence within that platform and year, 000001–999999
 * Globally unique because a platform is keyed by its division code (docs/glossary.md) and numbers its
 * projects per year. No check digit: the code is always copied by machines between data sets, and the
 * 统一交易标识码 carries one.
 */
export interface ProjectCodeParts {
  divisionCode: string;
  year: number;
  sequence: number;
}

export const PROJECT_CODE_LENGTH = 16;
export const TENDER_PROJECT_CODE_LENGTH = 19;
export const BID_SECTION_CODE_LENGTH = 22;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function assertInt(n: number, min: number, max: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new RangeError(`${what} must be an integer in ${min}..${max}, got ${n}`);
}

export function formatProjectCode(parts: ProjectCodeParts): string {
  if (!isDivisionCode(parts.divisionCode)) throw new RangeError(`invalid division code ${JSON.stringify(parts.divisionCode)}`);
  assertInt(parts.year, CODE_YEAR_RANGE.from, CODE_YEAR_RANGE.to, "year");
  assertInt(parts.sequence, 1, 999_999, "sequence");
  return `${parts.divisionCode}${parts.year}${pad(parts.sequence, 6)}`;
}

const PROJECT_ZH = "项目编号";
const PROJECT_EN = "project code";

export function checkProjectCode(input: string): TenderCodeCheck<ProjectCodeParts> {
  const d = digitsOf<ProjectCodeParts>(input, PROJECT_CODE_LENGTH, PROJECT_ZH, PROJECT_EN);
  if ("error" in d) return d.error;
  return projectPartsOf(d.value, PROJECT_ZH, PROJECT_EN);
}

/** Checks positions 1–16 of a digit string (already of the right length) as a 项目编号. */
function projectPartsOf(value: string, zh: string, en: string): TenderCodeCheck<ProjectCodeParts> {
  const divisionCode = value.slice(0, 6);
  if (!isDivisionCode(divisionCode)) {
    return fail(
      "DIVISION",
      `${zh}第1–6位（平台行政区划代码）“${divisionCode}”无效：应以有效的省级代码开头`,
      `Characters 1–6 (platform division code) of the ${en} are "${divisionCode}"; expected a GB/T 2260 code with a valid province prefix`,
    );
  }
  const year = Number(value.slice(6, 10));
  if (year < CODE_YEAR_RANGE.from || year > CODE_YEAR_RANGE.to) {
    return fail(
      "YEAR",
      `${zh}第7–10位（年份）“${value.slice(6, 10)}”无效：应在${CODE_YEAR_RANGE.from}–${CODE_YEAR_RANGE.to}之间`,
      `Characters 7–10 (year) of the ${en} are "${value.slice(6, 10)}"; expected ${CODE_YEAR_RANGE.from}–${CODE_YEAR_RANGE.to}`,
    );
  }
  const sequence = Number(value.slice(10, 16));
  if (sequence === 0) {
    return fail("SEQUENCE", `${zh}第11–16位（顺序号）不能为000000`, `Characters 11–16 (sequence) of the ${en} must not be 000000`);
  }
  return { ok: true, value, parts: { divisionCode, year, sequence } };
}

// ---------------------------------------------------------------------------------------------
// 招标项目编号 TENDER_PROJECT_CODE (set 501) and 标段(包)编号 BID_SECTION_CODE (set 502)
// ---------------------------------------------------------------------------------------------

export interface TenderProjectCodeParts extends ProjectCodeParts {
  projectCode: string;
  /** 1–999: the n-th 招标项目 of the project. */
  tenderSequence: number;
}

export interface BidSectionCodeParts extends TenderProjectCodeParts {
  tenderProjectCode: string;
  /** 1–999: the n-th 标段(包) of the 招标项目. */
  sectionSequence: number;
}

export function formatTenderProjectCode(projectCode: string, tenderSequence: number): string {
  if (!checkProjectCode(projectCode).ok || normaliseCode(projectCode) !== projectCode) {
    throw new RangeError(`invalid project code ${JSON.stringify(projectCode)}`);
  }
  assertInt(tenderSequence, 1, 999, "tenderSequence");
  return `${projectCode}${pad(tenderSequence, 3)}`;
}

export function formatBidSectionCode(tenderProjectCode: string, sectionSequence: number): string {
  if (!checkTenderProjectCode(tenderProjectCode).ok || normaliseCode(tenderProjectCode) !== tenderProjectCode) {
    throw new RangeError(`invalid tender project code ${JSON.stringify(tenderProjectCode)}`);
  }
  assertInt(sectionSequence, 1, 999, "sectionSequence");
  return `${tenderProjectCode}${pad(sectionSequence, 3)}`;
}

const TENDER_ZH = "招标项目编号";
const TENDER_EN = "tender project code";
const SECTION_ZH = "标段（包）编号";
const SECTION_EN = "bid section code";

/**
 * 招标项目编号 = 项目编号 + 3 digits (001–999). With `projectCode`, also checks that the code starts with
 * it (the parent in set 500): PARENT_MISMATCH otherwise.
 */
export function checkTenderProjectCode(input: string, projectCode?: string): TenderCodeCheck<TenderProjectCodeParts> {
  const d = digitsOf<TenderProjectCodeParts>(input, TENDER_PROJECT_CODE_LENGTH, TENDER_ZH, TENDER_EN);
  if ("error" in d) return d.error;
  const value = d.value;
  const project = projectPartsOf(value.slice(0, PROJECT_CODE_LENGTH), TENDER_ZH, TENDER_EN);
  if (!project.ok) return project;
  const tenderSequence = Number(value.slice(16, 19));
  if (tenderSequence === 0) {
    return fail("SEQUENCE", `${TENDER_ZH}第17–19位（招标项目顺序号）不能为000`, `Characters 17–19 (tender sequence) of the ${TENDER_EN} must not be 000`);
  }
  if (projectCode !== undefined && project.value !== normaliseCode(projectCode)) {
    return fail(
      "PARENT_MISMATCH",
      `${TENDER_ZH}前16位应为所属项目编号${normaliseCode(projectCode)}，实际为${project.value}`,
      `The first 16 characters of the ${TENDER_EN} must be its project code ${normaliseCode(projectCode)}; got ${project.value}`,
    );
  }
  return { ok: true, value, parts: { ...project.parts, projectCode: project.value, tenderSequence } };
}

/**
 * 标段(包)编号 = 招标项目编号 + 3 digits (001–999). With `tenderProjectCode`, also checks the prefix
 * relation to the parent in set 501.
 */
export function checkBidSectionCode(input: string, tenderProjectCode?: string): TenderCodeCheck<BidSectionCodeParts> {
  const d = digitsOf<BidSectionCodeParts>(input, BID_SECTION_CODE_LENGTH, SECTION_ZH, SECTION_EN);
  if ("error" in d) return d.error;
  const value = d.value;
  const tender = checkTenderProjectCode(value.slice(0, TENDER_PROJECT_CODE_LENGTH));
  if (!tender.ok) {
    // Re-label the message: the defect is inside the section code.
    return fail(
      tender.reason,
      `${SECTION_ZH}前19位（招标项目编号）无效：${tender.zh}`,
      `The first 19 characters of the ${SECTION_EN} are invalid: ${tender.en}`,
    );
  }
  const sectionSequence = Number(value.slice(19, 22));
  if (sectionSequence === 0) {
    return fail("SEQUENCE", `${SECTION_ZH}第20–22位（标段顺序号）不能为000`, `Characters 20–22 (section sequence) of the ${SECTION_EN} must not be 000`);
  }
  if (tenderProjectCode !== undefined && tender.value !== normaliseCode(tenderProjectCode)) {
    return fail(
      "PARENT_MISMATCH",
      `${SECTION_ZH}前19位应为所属招标项目编号${normaliseCode(tenderProjectCode)}，实际为${tender.value}`,
      `The first 19 characters of the ${SECTION_EN} must be its tender project code ${normaliseCode(tenderProjectCode)}; got ${tender.value}`,
    );
  }
  return { ok: true, value, parts: { ...tender.parts, tenderProjectCode: tender.value, sectionSequence } };
}

// ---------------------------------------------------------------------------------------------
// 标段(包)分类代码 TENDER_PROJECT_CLASSIFY_CODE (set 502, code table 5001)
// ---------------------------------------------------------------------------------------------

export type ClassifyCategory = "A" | "B" | "C" | "D" | "E";

export const CLASSIFY_CATEGORIES: Readonly<Record<ClassifyCategory, { zh: string; en: string }>> = {
  A: { zh: "工程", en: "works" },
  B: { zh: "货物", en: "goods" },
  C: { zh: "服务", en: "services" },
  D: { zh: "产权", en: "property rights" },
  E: { zh: "土地", en: "land" },
};

/**
 * Known first-level classes of category A (《公共资源交易评标专家专业分类标准》). Informational only and NOT
 * exhaustive: the validator accepts any level-1 value 01–99, since the standard was revised (2010 →
 * 发改法规〔2018〕316号) and the platform's expert classification table is the authority.
 */
export const KNOWN_WORKS_CLASSES: Readonly<Record<string, string>> = {
  "01": "规划",
  "02": "投资策划与决策",
  "03": "勘察",
  "04": "设计",
  "05": "监理",
  "08": "施工",
  "10": "工程总承包",
};

export interface ClassifyCodeParts {
  category: ClassifyCategory;
  /** Two digits, 01–99. */
  level1: string;
  /** Two digits; "00" = not specified below level 1. */
  level2: string;
  /** Two digits; "00" = not specified below level 2. */
  level3: string;
}

const CLASSIFY_ZH = "标段（包）分类代码";
const CLASSIFY_EN = "section classification code";

export function formatClassifyCode(parts: ClassifyCodeParts): string {
  const code = `${parts.category}${parts.level1}${parts.level2}${parts.level3}`;
  const r = checkClassifyCode(code);
  if (!r.ok || r.value !== code) throw new RangeError(`invalid classification parts ${JSON.stringify(parts)}`);
  return code;
}

/**
 * 7 characters: position 1 A–E; 2–3 first-level class (01–99); 4–5 second-level class; 6–7 third-level
 * class; an unspecified level is "00", and once a level is "00" every deeper level must be "00" too
 * (a third-level class always belongs to a second-level one).
 */
export function checkClassifyCode(input: string): TenderCodeCheck<ClassifyCodeParts> {
  const value = normaliseCode(typeof input === "string" ? input : "");
  if (value === "") return fail("EMPTY", `${CLASSIFY_ZH}不能为空`, `A ${CLASSIFY_EN} is required`);
  const chars = [...value];
  if (chars.length !== 7) {
    return fail("LENGTH", `${CLASSIFY_ZH}应为7位，实际为${chars.length}位`, `A ${CLASSIFY_EN} has 7 characters; got ${chars.length}`);
  }
  const category = value.charAt(0);
  if (!(category in CLASSIFY_CATEGORIES)) {
    const c = showChar(chars[0] ?? "");
    return fail(
      "CATEGORY",
      `${CLASSIFY_ZH}第1位“${c}”无效：应为A（工程）、B（货物）、C（服务）、D（产权）或E（土地）`,
      `Character 1 of the ${CLASSIFY_EN} is "${c}"; expected A (works), B (goods), C (services), D (property rights) or E (land)`,
    );
  }
  const bad = chars.slice(1).findIndex((c) => c < "0" || c > "9");
  if (bad >= 0) {
    const c = showChar(chars[bad + 1] ?? "");
    return fail(
      "CHARSET",
      `${CLASSIFY_ZH}第${bad + 2}位字符“${c}”无效：第2–7位只能是数字`,
      `Character ${bad + 2} of the ${CLASSIFY_EN} is "${c}"; characters 2–7 are digits`,
    );
  }
  const [level1, level2, level3] = [value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
  if (level1 === "00") {
    return fail("CLASS_LEVEL", `${CLASSIFY_ZH}第2–3位（一级分类）不能为00`, `Characters 2–3 (first-level class) of the ${CLASSIFY_EN} must not be 00`);
  }
  if (level2 === "00" && level3 !== "00") {
    return fail(
      "CLASS_LEVEL",
      `${CLASSIFY_ZH}未指定二级分类（第4–5位为00）时，第6–7位（三级分类）也应为00`,
      `Characters 6–7 (third-level class) of the ${CLASSIFY_EN} must be 00 when no second-level class is given (characters 4–5 are 00)`,
    );
  }
  return { ok: true, value, parts: { category: category as ClassifyCategory, level1, level2, level3 } };
}

// ---------------------------------------------------------------------------------------------
// 统一交易标识码 UNIFIED_DEAL_CODE
// ---------------------------------------------------------------------------------------------

/**
 * 统一交易标识码 — OUR format (the 数据规范 does not publish one), 21 characters:
 *   1–6    GB/T 2260 division code of the assigning platform
 *   7–14   assignment date, yyyymmdd (Beijing civil date)
 *   15–20  sequence within that platform and day, 000001–999999
 *   21     check character, mod 31 over the 20 digits, charset and weights of GB 32100-2015:
 *          W_i = 3^(i−1) mod 31 (i = 1…20), C21 = charset[(31 − Σ v_i·W_i mod 31) mod 31],
 *          charset `0123456789ABCDEFGHJKLMNPQRTUWXY`.
 * Unique: (platform, day, sequence) is unique when each platform numbers its deals per day.
 * Checkable: 31 is prime and every W_i is a distinct non-zero residue (3 is a primitive root mod 31,
 * period 30 ≥ 20), so every single-character substitution and every transposition of two characters
 * among the 20 digits changes the checksum and is detected.
 * One code per 标段(包) (set 502 requires it), carried unchanged through sets 503–513.
 */
export interface UnifiedDealCodeParts {
  divisionCode: string;
  date: CivilDate;
  sequence: number;
}

export const UNIFIED_DEAL_CODE_LENGTH = 21;
export const DEAL_CODE_CHARSET = USCC_CHARSET;

/** Check character for the 20-digit payload of a 统一交易标识码. Throws RangeError if not 20 digits. */
export function unifiedDealCheckChar(payload: string): string {
  if (!/^\d{20}$/.test(payload)) throw new RangeError(`expected 20 digits, got ${JSON.stringify(payload)}`);
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < payload.length; i++) {
    sum += Number(payload.charAt(i)) * weight;
    weight = (weight * 3) % 31;
  }
  return DEAL_CODE_CHARSET.charAt((31 - (sum % 31)) % 31);
}

export function formatUnifiedDealCode(parts: UnifiedDealCodeParts): string {
  if (!isDivisionCode(parts.divisionCode)) throw new RangeError(`invalid division code ${JSON.stringify(parts.divisionCode)}`);
  if (!isCivilDate(parts.date)) throw new RangeError(`invalid date ${JSON.stringify(parts.date)}`);
  const year = Number(parts.date.slice(0, 4));
  if (year < CODE_YEAR_RANGE.from || year > CODE_YEAR_RANGE.to) throw new RangeError(`year out of range: ${parts.date}`);
  assertInt(parts.sequence, 1, 999_999, "sequence");
  const payload = `${parts.divisionCode}${parts.date.replaceAll("-", "")}${pad(parts.sequence, 6)}`;
  return payload + unifiedDealCheckChar(payload);
}

const DEAL_ZH = "统一交易标识码";
const DEAL_EN = "unified deal code";

export function checkUnifiedDealCode(input: string): TenderCodeCheck<UnifiedDealCodeParts> {
  const value = normaliseCode(typeof input === "string" ? input : "");
  if (value === "") return fail("EMPTY", `${DEAL_ZH}不能为空`, `A ${DEAL_EN} is required`);
  const chars = [...value];
  if (chars.length !== UNIFIED_DEAL_CODE_LENGTH) {
    return fail("LENGTH", `${DEAL_ZH}应为21位，实际为${chars.length}位`, `A ${DEAL_EN} has 21 characters; got ${chars.length}`);
  }
  const bad = chars.slice(0, 20).findIndex((c) => c < "0" || c > "9");
  if (bad >= 0) {
    const c = showChar(chars[bad] ?? "");
    return fail(
      "CHARSET",
      `${DEAL_ZH}第${bad + 1}位字符“${c}”无效：第1–20位只能是数字`,
      `Character ${bad + 1} of the ${DEAL_EN} is "${c}"; characters 1–20 are digits`,
    );
  }
  const last = value.charAt(20);
  if (!DEAL_CODE_CHARSET.includes(last)) {
    const c = showChar(chars[20] ?? "");
    return fail(
      "CHARSET",
      `${DEAL_ZH}第21位（校验码）“${c}”无效：只能使用数字和大写字母，且不能使用I、O、Z、S、V`,
      `Character 21 (check character) of the ${DEAL_EN} is "${c}"; only digits and letters are allowed, excluding I, O, Z, S and V`,
    );
  }
  const divisionCode = value.slice(0, 6);
  if (!isDivisionCode(divisionCode)) {
    return fail(
      "DIVISION",
      `${DEAL_ZH}第1–6位（平台行政区划代码）“${divisionCode}”无效：应以有效的省级代码开头`,
      `Characters 1–6 (platform division code) of the ${DEAL_EN} are "${divisionCode}"; expected a GB/T 2260 code with a valid province prefix`,
    );
  }
  const ymd = value.slice(6, 14);
  const date = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
  const year = Number(ymd.slice(0, 4));
  if (!isCivilDate(date) || year < CODE_YEAR_RANGE.from || year > CODE_YEAR_RANGE.to) {
    return fail("DATE", `${DEAL_ZH}第7–14位（日期）“${ymd}”不是有效日期`, `Characters 7–14 (date) of the ${DEAL_EN} are "${ymd}", which is not a valid date`);
  }
  const sequence = Number(value.slice(14, 20));
  if (sequence === 0) {
    return fail("SEQUENCE", `${DEAL_ZH}第15–20位（顺序号）不能为000000`, `Characters 15–20 (sequence) of the ${DEAL_EN} must not be 000000`);
  }
  const expected = unifiedDealCheckChar(value.slice(0, 20));
  if (last !== expected) {
    return fail(
      "CHECK_CHAR",
      `${DEAL_ZH}校验码错误：第21位应为${expected}，实际为${last}`,
      `The ${DEAL_EN} check character is wrong: character 21 should be ${expected}; got ${last}`,
    );
  }
  return { ok: true, value, parts: { divisionCode, date, sequence } };
}
