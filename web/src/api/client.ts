import { getLang } from "../i18n.ts";

const TOKEN_KEY = "ggzy.token";

/** A failed API call: the RFC 9457 problem the server answered, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: { field: string; message: string }[] = [],
    /** The problem's further members, e.g. `subjectId` of SUBJECT_EXISTS. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

export const tokenStore = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

let onSessionLost: () => void = () => {};
/** Called when the server rejects the stored token (expired, revoked, account disabled). */
export function setSessionLostHandler(handler: () => void) {
  onSessionLost = handler;
}

type Query = Record<string, string | number | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": getLang() === "en" ? "en" : "zh-CN" };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "NETWORK", getLang() === "en" ? "Cannot reach the server" : "无法连接服务器，请检查网络", []);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: string; detail?: string; title?: string; errors?: { field: string; message: string }[] } & Record<string, unknown>;
    if (response.status === 401 && token && problem.code === "TOKEN_INVALID") {
      tokenStore.clear();
      onSessionLost();
    }
    throw new ApiError(response.status, problem.code ?? "HTTP_ERROR", problem.detail ?? problem.title ?? response.statusText, problem.errors ?? [], problem);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>("GET", path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  delete: <T>(path: string) => request<T>("DELETE", path),
};
