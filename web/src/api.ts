// The API client: JSON over fetch, the token from localStorage, RFC 7807
// problems turned into ApiError (with the invalid fields when there are).

const TOKEN_KEY = "smartspec.token";

export function getToken(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

export function setToken(token: string): void {
  const t = token.trim();
  if (t) localStorage.setItem(TOKEN_KEY, t);
  else localStorage.removeItem(TOKEN_KEY);
}

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public title: string,
    public detail: string,
    public errors: FieldError[],
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const p = (data ?? {}) as { title?: string; detail?: string; errors?: FieldError[] };
    throw new ApiError(res.status, p.title ?? res.statusText, p.detail ?? text, p.errors ?? []);
  }
  return data as T;
}

const cache = new Map<string, Promise<unknown>>();

/** GET, the analytics replies kept for the page's life (they never change). */
export function get<T>(path: string): Promise<T> {
  if (path.startsWith("/v1/") && isAnalytics(path)) {
    let p = cache.get(path);
    if (!p) {
      p = request<T>("GET", path);
      p.catch(() => cache.delete(path));
      cache.set(path, p);
    }
    return p as Promise<T>;
  }
  return request<T>("GET", path);
}

function isAnalytics(path: string): boolean {
  return /^\/v1\/(geometry|map|indicators|transition|themes|product-space|regions\/)/.test(path);
}

export function post<T>(path: string, body: unknown): Promise<T> {
  return request<T>("POST", path, body);
}

export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}
