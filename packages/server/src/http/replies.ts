import { ErrorBodySchema } from '@liftplan/api';
import { z } from 'zod';

/**
 * A route's `schema.response`: its success answers (status -> response schema from @liftplan/api) and the one
 * error body for every 4xx and 5xx. The OpenAPI document lists them; answers are checked against them.
 *
 *   schema: { params: ById, body: NewVisitSchema, response: replies({ 201: VisitSchema }), tags }
 */
export const replies = <R extends { readonly [status: number]: z.ZodType }>(ok: R) =>
  ({ ...ok, '4xx': ErrorBodySchema, '5xx': ErrorBodySchema }) as R & {
    readonly '4xx': typeof ErrorBodySchema;
    readonly '5xx': typeof ErrorBodySchema;
  };

/** The error body as JSON, whatever the route produces (a file route's errors are JSON, not PDF). */
const errorAsJson = {
  description: 'the error body',
  content: {
    'application/json': { schema: z.toJSONSchema(ErrorBodySchema, { io: 'output', target: 'openapi-3.0' }) },
  },
};

/** The answers of a route that sends a file (PDF, image), for the OpenAPI document. */
export const fileReply = (contentType: string, description: string) => ({
  200: {
    description,
    content: { [contentType]: { schema: { type: 'string', format: 'binary' } } },
  },
  '4xx': errorAsJson,
  '5xx': errorAsJson,
});

/** No body (204). */
export const noContent = {
  204: { description: 'done; no body', type: 'null' },
  '4xx': ErrorBodySchema,
  '5xx': ErrorBodySchema,
} as const;
