import type { Bilingual } from "../../../platform/http/app-error.ts";

/**
 * 等保 2.0 style password rule: at least 10 characters drawn from at least three of
 * lower-case letters, upper-case letters, digits and symbols, and not containing the username.
 */
export function passwordProblem(password: string, username: string): Bilingual | undefined {
  if (password.length < 10) return { zh: "密码至少10位", en: "The password needs at least 10 characters" };
  if (password.length > 128) return { zh: "密码不能超过128位", en: "The password may have at most 128 characters" };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    return { zh: "密码须包含大写字母、小写字母、数字、符号中的至少三类", en: "The password needs three of: lower-case, upper-case, digits, symbols" };
  }
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return { zh: "密码不能包含用户名", en: "The password must not contain the username" };
  }
  return undefined;
}
