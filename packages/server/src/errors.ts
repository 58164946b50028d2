import {
  ERROR_STATUS,
  type ErrorBody,
  type ErrorCode,
  type ErrorDetail,
  type ErrorDetailCode,
  type FieldError,
  type Reason,
} from '@liftplan/api';
import type { z } from 'zod';

/** The error codes, their HTTP statuses and the error body are part of the API contract (@liftplan/api). */
export { ERROR_CODES, type ErrorBody, type ErrorCode, type FieldError, type Reason } from '@liftplan/api';

export { ERROR_DETAIL_CODES, type ErrorDetail, type ErrorDetailCode } from '@liftplan/api';

/** The one error type of the server. Messages are written for users: they never carry patient data. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: readonly FieldError[] | undefined;
  /** Every reason, when the refusal has several (signing). */
  reasons: readonly Reason[] | undefined;
  /** The message as a code and parameters, for translation (absent: only the headline code is worded). */
  detail: ErrorDetail | undefined;

  /** `options.cause`: the underlying error, for the logs only (never in the answer). */
  constructor(code: ErrorCode, message: string, fields?: readonly FieldError[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields && fields.length > 0 ? fields : undefined;
    this.reasons = undefined;
    this.detail = undefined;
  }

  /** Sets the translatable detail and returns the error (`throw withDetail(...)`). */
  withDetail(code: ErrorDetailCode, params: Readonly<Record<string, string | number>> = {}): this {
    this.detail = { code, params };
    return this;
  }

  get status(): number {
    return httpStatusOf(this.code);
  }
}

export const badRequest = (message: string, fields?: readonly FieldError[]): AppError =>
  new AppError('bad_request', message, fields);
export const unauthorized = (message = 'sign in first'): AppError =>
  new AppError('unauthorized', message).withDetail(
    message === 'sign in first' ? 'sign_in_first' : 'wrong_credentials',
  );
export const forbidden = (message = 'your role may not do this'): AppError => {
  const e = new AppError('forbidden', message);
  return message === 'your role may not do this' ? e.withDetail('role_not_allowed') : e;
};
/** `what` is an entity noun (`patient`, `visit`, ...): the UI words it from `entities.*`. */
export const notFound = (what: string): AppError =>
  new AppError('not_found', `${what} not found`).withDetail('not_found', { what });
export const conflict = (message: string, fields?: readonly FieldError[]): AppError =>
  new AppError('conflict', message, fields);
export const payloadTooLarge = (message: string): AppError => new AppError('payload_too_large', message);
export const unsupportedMediaType = (message: string): AppError =>
  new AppError('unsupported_media_type', message);
/** A procedure for a plan version whose consent the patient has not signed (Medical Service Act Art. 24-2). */
export const consentRequired = (message: string, fields?: readonly FieldError[]): AppError =>
  new AppError('consent_required', message, fields);
/** A recorded procedure that differs from its signed plan without a deviation reason; fields list each. */
export const deviationUnexplained = (message: string, fields?: readonly FieldError[]): AppError =>
  new AppError('deviation_unexplained', message, fields);
export const tooManyRequests = (message = 'too many attempts; wait a minute and try again'): AppError =>
  new AppError('too_many_requests', message).withDetail('too_many_attempts');

/** A refusal with every reason listed (409). */
export function blocked(message: string, reasons: readonly Reason[]): AppError {
  const e = new AppError('conflict', message);
  e.reasons = reasons;
  return e;
}

/** A stored signed record that fails its integrity check: never served (409, audited as `record_tampered`). */
export const recordTampered = (message: string): AppError => new AppError('record_tampered', message);
export const readOnly = (message: string): AppError => new AppError('read_only', message);

/** A stale optimistic-concurrency write: the caller saw `expected`, someone else saved since. */
export const staleVersion = (what: string, expected: number): AppError =>
  conflict(`${what} was changed by someone else since version ${expected}; reload and try again`, [
    { path: 'version', message: `version ${expected} is no longer current` },
  ]).withDetail('stale_version', { version: expected });

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** `['threads', 0, 'lotId']` -> `threads[0].lotId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

export function fromZodError(error: z.ZodError, prefix: readonly PropertyKey[] = []): AppError {
  const fields = error.issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: i.message }));
  return badRequest('the request is not valid', fields).withDetail('invalid_request', {
    count: fields.length,
  });
}

/** Parse with a zod schema or throw a 400 listing every field in error. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw fromZodError(r.error, prefix);
  return r.data;
}

/** Any thrown value -> the AppError to answer with. Unknown errors become a generic 500 (never a stack). */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError(
    'internal',
    'something went wrong on the server; the request id identifies it in the logs',
  ).withDetail('internal');
}

export function toErrorBody(e: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: e.code,
      message: e.message,
      ...(e.fields ? { fields: [...e.fields] } : {}),
      ...(e.reasons ? { reasons: [...e.reasons] } : {}),
      ...(e.detail ? { detail: e.detail } : {}),
      requestId,
    },
  };
}

/** Text for logs and the CLI, for any thrown value. */
export function normalizeErrorString(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}
