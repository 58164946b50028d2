import { z } from 'zod';

/** Every error the server answers with. One code, one HTTP status (`ERROR_STATUS`). */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'too_many_requests',
  /** A stored signed record that fails its integrity check: never served. */
  'record_tampered',
  /** A procedure for a plan version whose consent the patient has not signed (Medical Service Act Art. 24-2). */
  'consent_required',
  /** A recorded procedure that differs from its signed plan without a deviation reason. */
  'deviation_unexplained',
  /** Two photos compared as one patient's face whose stable features do not match (a shape check). */
  'face_mismatch',
  /** A change to an archived patient's record (read-only: it can be read and exported, not changed). */
  'patient_archived',
  /** The server was started read-only (its audit log did not verify): nothing can be changed. */
  'read_only',
  /** Work the answer waits for (a PDF being rendered) did not finish in the bounded wait: try again shortly. */
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status of each error code. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  record_tampered: 409,
  consent_required: 409,
  deviation_unexplained: 422,
  face_mismatch: 422,
  patient_archived: 409,
  read_only: 503,
  unavailable: 503,
  internal: 500,
};

export const isErrorCode = (v: string): v is ErrorCode => (ERROR_CODES as readonly string[]).includes(v);

export const FieldErrorSchema = z.object({
  /** Dotted path into the request, e.g. `threads[0].lotId`; empty for the whole body. */
  path: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** One reason an action is refused or flagged (e.g. why a plan cannot be signed): a code, its parameters, English text. */
export const ReasonSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});
export type Reason = z.infer<typeof ReasonSchema>;

/** Every detail code a server error may carry (worded by the web's `serverErrors.*`). */
export const ERROR_DETAIL_CODES = [
  'sign_in_first',
  'wrong_credentials',
  'account_locked',
  'too_many_attempts',
  'role_not_allowed',
  'csrf_token',
  'not_found',
  'no_route',
  'stale_version',
  'invalid_request',
  'unreadable_request',
  'body_too_large',
  'content_type',
  'wrong_password',
  'internal',
] as const;
export type ErrorDetailCode = (typeof ERROR_DETAIL_CODES)[number];

/**
 * What exactly went wrong, as a code and its parameters: the web and the PDF word it in the reader's
 * language; the error's `message` stays English for logs and the CLI.
 */
export const ErrorDetailSchema = z.object({
  code: z.enum(ERROR_DETAIL_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

/** The one error body of the API: `{ error: { code, message, fields?, reasons?, detail?, requestId } }`. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    fields: z.array(FieldErrorSchema).optional(),
    reasons: z.array(ReasonSchema).optional(),
    detail: ErrorDetailSchema.optional(),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
