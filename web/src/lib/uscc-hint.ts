/**
 * A quick client-side look at a 统一社会信用代码 (GB 32100-2015) while it is typed. Only a hint: the
 * server's check is the authority and its message is what the form shows on submit.
 */
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccHint = "length" | "charset" | "checkChar";

export function usccHint(input: string): UsccHint | undefined {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return "length";
  if ([...code].some((c) => !CHARSET.includes(c))) return "charset";
  const sum = WEIGHTS.reduce((acc, w, i) => acc + CHARSET.indexOf(code.charAt(i)) * w, 0);
  return CHARSET.charAt((31 - (sum % 31)) % 31) === code.charAt(17) ? undefined : "checkChar";
}
