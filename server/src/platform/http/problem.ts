import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, ERRORS, type ErrorCode, type FieldError } from "./app-error.ts";

export type Lang = "zh" | "en";

/** zh-CN unless the client prefers English. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return "zh";
  const ranked = acceptLanguage
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh";
    if (tag.startsWith("en")) return "en";
  }
  return "zh";
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

export function problemOf(error: AppError, lang: Lang, instance: string): Problem {
  const spec = ERRORS[error.code];
  const problem: Problem = {
    ...error.extra,
    type: `urn:ggzy:problem:${error.code}`,
    title: spec[lang],
    status: error.status,
    detail: error.detail ? error.detail[lang] : spec[lang],
    code: error.code,
    instance,
  };
  if (error.fieldErrors.length > 0) {
    problem.errors = error.fieldErrors.map((f) => ({ field: f.field, message: f[lang] }));
  }
  return problem;
}

const zhLocale = z.locales.zhCN().localeError as unknown as (issue: unknown) => string | { message: string };
const enLocale = z.locales.en().localeError as unknown as (issue: unknown) => string | { message: string };
const messageOf = (m: string | { message: string } | undefined) => (typeof m === "string" ? m : (m?.message ?? ""));

const TYPE_ZH: Record<string, string> = {
  string: "字符串",
  number: "数字",
  int: "整数",
  boolean: "布尔值",
  object: "对象",
  array: "数组",
};

/** Field-level messages for a schema validation failure, in both languages. */
function fieldErrorsOf(
  validation: { keyword: string; instancePath: string; params: Record<string, unknown> }[],
  context: string,
): {
  code: ErrorCode;
  fields: FieldError[];
} {
  let code: ErrorCode = "VALIDATION_FAILED";
  const fields: FieldError[] = [];
  for (const v of validation) {
    const path = v.instancePath.replace(/^\//, "").replaceAll("/", ".");
    const issue = { code: v.keyword, path: path ? path.split(".") : [], ...v.params };
    if (v.keyword === "unrecognized_keys") {
      code = "UNKNOWN_FIELD";
      const keys = (v.params.keys as string[]) ?? [];
      for (const key of keys) {
        const field = path ? `${path}.${key}` : key;
        fields.push({ field, zh: `不允许的字段：${field}`, en: `Unknown field: ${field}` });
      }
      continue;
    }
    const field = path || context;
    if (v.keyword === "invalid_type") {
      const expected = String(v.params.expected ?? "");
      fields.push({
        field,
        zh: `${field} 必须是${TYPE_ZH[expected] ?? expected}（必填项不可缺省）`,
        en: `${field} must be a ${expected} (required fields cannot be left out)`,
      });
      continue;
    }
    fields.push({ field, zh: `${field}：${messageOf(zhLocale(issue))}`, en: `${field}: ${messageOf(enLocale(issue))}` });
  }
  return { code, fields };
}

/** Turns anything thrown while handling a request into an AppError; unknown errors become INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const { code, fields } = fieldErrorsOf(error.validation as never, (fastifyError.validationContext as string | undefined) ?? "body");
    const detail = {
      zh: fields.map((f) => f.zh).join("；"),
      en: fields.map((f) => f.en).join("; "),
    };
    return new AppError(code, detail, { fieldErrors: fields });
  }
  const byFastifyCode: Partial<Record<string, ErrorCode>> = {
    FST_ERR_CTP_INVALID_JSON_BODY: "MALFORMED_JSON",
    FST_ERR_CTP_EMPTY_JSON_BODY: "MALFORMED_JSON",
    FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
    FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: "VALIDATION_FAILED",
    FST_ERR_CTP_INVALID_TYPE: "UNSUPPORTED_MEDIA_TYPE",
    FST_ERR_CTP_INVALID_CHARSET: "UNSUPPORTED_MEDIA_TYPE",
  };
  const mapped = fastifyError?.code ? byFastifyCode[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped);
  if (error instanceof SyntaxError || (fastifyError?.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500)) {
    if (fastifyError.statusCode === 413) return new AppError("PAYLOAD_TOO_LARGE");
    if (fastifyError.statusCode === 415) return new AppError("UNSUPPORTED_MEDIA_TYPE");
    return new AppError("VALIDATION_FAILED", { zh: "请求格式不正确", en: fastifyError.message || "Bad request" });
  }
  return new AppError("INTERNAL");
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const lang = pickLang(request.headers["accept-language"]);
  reply
    .code(error.status)
    .header("content-type", "application/problem+json; charset=utf-8")
    .header("content-language", lang === "zh" ? "zh-CN" : "en")
    .send(JSON.stringify(problemOf(error, lang, request.url)));
}
