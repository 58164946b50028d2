import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toAppError, toErrorBody, type ErrorCode, type ErrorDetailCode } from '../errors.js';
import { isSpaRoute } from './static.js';
import { ResponseContractError } from './zod-schema.js';

/** Fastify's and plugins' own errors (bad JSON, body too large, wrong content type) in our codes. */
function fromFrameworkStatus(status: number): AppError | undefined {
  const map: Partial<Record<number, [ErrorCode, string, ErrorDetailCode]>> = {
    400: ['bad_request', 'the request could not be read', 'unreadable_request'],
    401: ['unauthorized', 'sign in first', 'sign_in_first'],
    403: ['forbidden', 'not allowed', 'role_not_allowed'],
    404: ['not_found', 'not found', 'no_route'],
    406: ['bad_request', 'the request could not be read', 'unreadable_request'],
    413: ['payload_too_large', 'the request body is too large', 'body_too_large'],
    415: ['unsupported_media_type', 'this content type is not accepted here', 'content_type'],
    429: ['too_many_requests', 'too many requests; wait a minute and try again', 'too_many_attempts'],
  };
  const m = map[status];
  return m ? new AppError(m[0], m[1]).withDetail(m[2]) : undefined;
}

function isFastifyError(e: unknown): e is FastifyError {
  return e instanceof Error && 'statusCode' in e && typeof e.statusCode === 'number';
}

/** The one place errors become HTTP answers: `{ error: { code, message, fields?, requestId } }`. */
export function errorHandler(e: unknown, req: FastifyRequest, reply: FastifyReply): void {
  let err: AppError;
  if (e instanceof AppError) err = e;
  else if (isFastifyError(e) && e.statusCode !== undefined && e.statusCode < 500) {
    err = fromFrameworkStatus(e.statusCode) ?? toAppError(e);
  } else err = toAppError(e);
  if (e instanceof ResponseContractError) {
    // A route answered outside its declared response schema (development and tests): name the fields.
    req.log.error({ route: e.route, issues: e.issues }, e.message);
  } else if (err.code === 'internal') {
    // Unknown errors: logged with the request id (message and stack; never a body), answered generically.
    req.log.error({ err: e }, 'unhandled error');
  }
  void reply.code(err.status).header('cache-control', 'no-store').send(toErrorBody(err, req.id));
}

/**
 * Unknown routes: JSON 404 for the API; with the web app served, the app's own routes (`/patients/123`, any
 * GET that is not a file nor under /api/, /models/, /wasm/) get index.html so a reload or a shared link works.
 */
export function notFoundHandler(spa: boolean) {
  return (req: FastifyRequest, reply: FastifyReply): void => {
    if (spa && isSpaRoute(req.method, req.url)) {
      void reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
      return;
    }
    void reply
      .code(404)
      .send(toErrorBody(new AppError('not_found', 'no such route').withDetail('no_route'), req.id));
  };
}
