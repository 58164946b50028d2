import { ErrorBodySchema, type ErrorDetail, type FieldError, type Reason } from '@liftplan/api';
import type { z } from 'zod';

/**
 * An API failure with the server's error code (for messages; `http` when the answer was not the API's error
 * body) and status (for control flow).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldError[] = [],
    readonly reasons: readonly Reason[] = [],
    /** The message as a code and parameters (server `ERROR_DETAIL_CODES`), worded by the UI. */
    readonly detail: ErrorDetail | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An answer that does not match its response schema in @liftplan/api (checked in development only). */
export class ContractError extends Error {
  constructor(
    readonly path: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(
      `the answer of ${path} does not match its response schema: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'ContractError';
  }
}

let csrfToken: string | undefined;

/** The synchronizer token handed out at sign-in and by `GET /api/auth/me`; sent on every unsafe method. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly form?: FormData;
  readonly signal?: AbortSignal;
}

/** The API as callers need it: the real `api`, or a fake in tests. */
export type ApiCall = <S extends z.ZodType>(
  path: string,
  schema: S,
  opts?: RequestOptions,
) => Promise<z.output<S>>;

/** Checks an answer against its response schema; the answer itself is returned unchanged. */
export function checkAnswer<S extends z.ZodType>(path: string, schema: S, json: unknown): z.output<S> {
  const r = schema.safeParse(json);
  if (!r.success) {
    throw new ContractError(
      path,
      r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return json as z.output<S>;
}

/**
 * fetch with the session cookie (same origin), JSON in and out, the CSRF header, errors as ApiError. The answer
 * is typed by its response schema from @liftplan/api (`z.undefined()` for 204) and, in development, checked
 * against it (a drift throws a ContractError naming the fields).
 */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
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
  const text = res.status === 204 ? '' : await res.text();
  let json: unknown = undefined;
  if (text.length > 0) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const e = ErrorBodySchema.safeParse(json);
    if (e.success) {
      const { code, message, fields, reasons, detail } = e.data.error;
      throw new ApiError(res.status, code, message, fields ?? [], reasons ?? [], detail ?? null);
    }
    throw new ApiError(res.status, 'http', `HTTP ${res.status}`);
  }
  return import.meta.env.DEV ? checkAnswer(path, schema, json) : (json as z.output<S>);
}
