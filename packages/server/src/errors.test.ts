import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  fromZodError,
  httpStatusOf,
  notFound,
  parseOrThrow,
  toAppError,
  toErrorBody,
  unauthorized,
  ERROR_CODES,
} from './errors.js';

describe('AppError', () => {
  it('maps every code to one HTTP status', () => {
    expect(ERROR_CODES.map(httpStatusOf)).toEqual([
      400, 401, 403, 404, 409, 413, 415, 429, 409, 409, 422, 422, 409, 503, 503, 500,
    ]);
    expect(
      [badRequest('x'), unauthorized(), forbidden(), notFound('patient'), conflict('x')].map((e) => e.status),
    ).toEqual([400, 401, 403, 404, 409]);
  });

  it('turns zod issues into field paths', () => {
    const schema = z.object({ threads: z.array(z.object({ lotId: z.uuid() })) });
    const r = schema.safeParse({ threads: [{ lotId: 'nope' }] });
    expect(r.success).toBe(false);
    if (r.success) return;
    const e = fromZodError(r.error);
    expect(e.fields).toEqual([{ path: 'threads[0].lotId', message: expect.any(String) }]);
    expect(() => parseOrThrow(schema, {}, ['body'])).toThrow(AppError);
  });

  it('hides unknown errors behind a generic 500 body with the request id', () => {
    const e = toAppError(new Error('SELECT * FROM patients WHERE name = Kim failed'));
    const body = toErrorBody(e, 'req-1');
    expect(body).toEqual({
      error: {
        code: 'internal',
        message: expect.any(String),
        detail: { code: 'internal', params: {} },
        requestId: 'req-1',
      },
    });
    expect(JSON.stringify(body)).not.toContain('Kim');
  });
});
