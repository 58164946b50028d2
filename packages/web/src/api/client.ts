import type { ErrorBody, Reason } from './types.js';

export interface ErrorDetail {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

const isDetail = (v: unknown): v is ErrorDetail =>
  typeof v === 'object' && v !== null && 'code' in v && typeof v.code === 'string' && 'params' in v;

/** An API failure with the server's error code (for messages) and status (for control flow). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly { readonly path: string; readonly message: string }[] = [],
    readonly reasons: readonly Reason[] = [],
    /** The message as a code and parameters (server `ERROR_DETAIL_CODES`), worded by the UI. */
    readonly detail: ErrorDetail | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;

/** The synchronizer token handed out at sign-in and by `GET /api/auth/me`; sent on every unsafe method. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const isErrorBody = (v: unknown): v is ErrorBody =>
  typeof v === 'object' && v !== null && 'error' in v && typeof v.error === 'object' && v.error !== null;

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly form?: FormData;
  readonly signal?: AbortSignal;
}

/** fetch with the session cookie (same origin), JSON in and out, the CSRF header, errors as ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = body;
  if (opts.signal) init.signal = opts.signal;
  const res = await fetch(path, init);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text.length > 0) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    if (isErrorBody(json)) {
      throw new ApiError(
        res.status,
        json.error.code,
        json.error.message,
        json.error.fields ?? [],
        json.error.reasons ?? [],
        'detail' in json.error && isDetail(json.error.detail) ? json.error.detail : null,
      );
    }
    throw new ApiError(res.status, 'http', `HTTP ${res.status}`);
  }
  return json as T;
}
