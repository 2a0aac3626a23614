/*
 * The one request wrapper every API module goes through.
 *
 * - Sends the session cookie (same origin) and JSON bodies, or a raw body (a file, sent as it
 *   is with its own Content-Type: the server takes uploads without multipart); unwraps JSON
 *   answers (204 and empty bodies resolve to undefined).
 * - Sends `X-CSRF-Token` on every non-GET request once a token is known (kept from the
 *   login answer or from GET /me through setCsrfToken).
 * - On 401 forgets the token and calls the unauthorized handler (the router sends the user to
 *   /login), unless the caller asked not to (the login form, the first /me).
 * - On 403 password_change_required / totp_setup_required calls the account handler (the
 *   router sends the user to 修改密码 or 绑定动态验证码), without a message.
 * - Rejects with an ApiError {status, code, message, fields}; every other error is also shown
 *   with ElMessage unless the caller is `quiet` and shows it itself.
 */
import { ElMessage } from 'element-plus';
import { i18n } from '@/locales';
import type { ErrorBody, FieldError } from '@/types';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];

  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /* The server's message for one field, or undefined when that field is fine. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

/* A file or other bytes sent as the whole request body. An empty type is sent as
 * application/octet-stream. */
export interface RawBody {
  data: Blob;
  type: string;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /* A raw body (a file) with its Content-Type; takes the place of `body`. */
  raw?: RawBody;
  /* false: a 401 only rejects; it does not send the user to the login page. */
  redirectOn401?: boolean;
  /* true: the caller shows the error itself, so no ElMessage. */
  quiet?: boolean;
}

let csrfToken: string | null = null;
let unauthorizedHandler: () => void = () => {
  window.location.assign('/login');
};
/* The 403 codes that mean "first do this to your account", not "not allowed". */
export type AccountDemand = 'password_change_required' | 'totp_setup_required';
const ACCOUNT_DEMANDS: readonly string[] = ['password_change_required', 'totp_setup_required'];
let accountHandler: (demand: AccountDemand) => void = (demand) => {
  window.location.assign(demand === 'password_change_required' ? '/account/password' : '/account/totp');
};
let notifier: (message: string) => void = (message) => {
  ElMessage.error({ message, grouping: true });
};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/* Called on a 401 (after the token is forgotten); the router installs one that keeps the
 * page the user wanted. */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

/* Called on a 403 that demands a password change or a second factor first; the router
 * installs one that keeps the page the user wanted. */
export function setAccountHandler(handler: (demand: AccountDemand) => void): void {
  accountHandler = handler;
}

/* How errors are shown; tests replace it. */
export function setErrorNotifier(notify: (message: string) => void): void {
  notifier = notify;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  let url = API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      params.append(key, String(value));
    }
    const s = params.toString();
    if (s) url += '?' + s;
  }
  return url;
}

function isErrorBody(v: unknown): v is ErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = await readJson(res);
  if (isErrorBody(body)) {
    const { code, message, field, fields } = body.error;
    let list = Array.isArray(fields) ? fields : [];
    if (list.length === 0 && field) list = [{ field, message }];
    return new ApiError(res.status, String(code), String(message), list);
  }
  const message = i18n.global.t('error.http', { status: res.status });
  return new ApiError(res.status, `http_${res.status}`, message);
}

export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.type || 'application/octet-stream';
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch {
    const err = new ApiError(0, 'network_error', i18n.global.t('error.network'));
    if (!opts.quiet) notifier(err.message);
    throw err;
  }

  if (res.ok) return (await readJson(res)) as T;

  const err = await toApiError(res);
  if (res.status === 401 && opts.redirectOn401 !== false) {
    csrfToken = null;
    unauthorizedHandler();
    throw err;
  }
  if (res.status === 403 && ACCOUNT_DEMANDS.includes(err.code)) {
    accountHandler(err.code as AccountDemand);
    throw err;
  }
  if (!opts.quiet) notifier(err.message);
  throw err;
}

export const http = {
  get<T>(path: string, query?: Record<string, QueryValue>, opts: RequestOptions = {}): Promise<T> {
    return request<T>('GET', path, { ...opts, query });
  },
  post<T>(path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    return request<T>('POST', path, { ...opts, body });
  },
  patch<T>(path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
    return request<T>('PATCH', path, { ...opts, body });
  },
  del(path: string, opts: RequestOptions = {}): Promise<void> {
    return request<void>('DELETE', path, opts);
  },
  /* POSTs a file as the raw body, with `type` or else the file's own type. */
  upload<T>(path: string, file: Blob, query?: Record<string, QueryValue>, type?: string, opts: RequestOptions = {}): Promise<T> {
    return request<T>('POST', path, { ...opts, query, raw: { data: file, type: type || file.type } });
  },
};

/* The address of a download (an export, a template, an attachment): a plain link sends the
 * session cookie, and the server answers with Content-Disposition: attachment. */
export function downloadUrl(path: string, query?: Record<string, QueryValue>): string {
  return buildUrl(path, query);
}
