/**
 * Shared result type for the identity-code validators
 * (统一社会信用代码 GB 32100-2015, 居民身份证号 GB 11643-1999).
 *
 * Validators are pure: they never throw on user input and always return a
 * `CodeCheck`, carrying either the normalised value or a machine-readable
 * reason plus bilingual, human-readable messages.
 */
export type CodeCheck =
  | { ok: true; value: string } // normalised value (trimmed, upper-case)
  | { ok: false; reason: CodeCheckReason; zh: string; en: string };

export type CodeCheckReason =
  | "EMPTY"
  | "LENGTH"
  | "CHARSET"
  | "REGISTRATION_DEPARTMENT"
  | "ORGANIZATION_TYPE"
  | "REGION"
  | "ORG_CODE_CHECK"
  | "CHECK_DIGIT"
  | "BIRTH_DATE";

/** Builds a failed check. */
export function fail(reason: CodeCheckReason, zh: string, en: string): CodeCheck {
  return { ok: false, reason, zh, en };
}

/**
 * Normalises raw user input: trims whitespace, converts full-width digits
 * (U+FF10–FF19) and Latin letters (U+FF21–FF3A, U+FF41–FF5A) to ASCII, and
 * upper-cases.
 */
export function normaliseCode(input: string): string {
  return input
    .trim()
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

/**
 * Valid two-digit province-level prefixes of the administrative division code
 * (GB/T 2260): 31 mainland provinces plus 71 台湾, 81 香港, 82 澳门.
 */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set(
  [
    "11 12 13 14 15", // 华北
    "21 22 23", // 东北
    "31 32 33 34 35 36 37", // 华东
    "41 42 43 44 45 46", // 中南
    "50 51 52 53 54", // 西南
    "61 62 63 64 65", // 西北
    "71 81 82", // 台湾、香港、澳门
  ].flatMap((group) => group.split(" ")),
);

/** Renders a character for messages; whitespace and control characters become `U+XXXX`. */
export function showChar(c: string): string {
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c)) return c;
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
