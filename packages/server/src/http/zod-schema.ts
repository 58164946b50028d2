import type {
  FastifyBaseLogger,
  FastifySchema,
  FastifySchemaCompiler,
  FastifySerializerCompiler,
} from 'fastify';
import { z } from 'zod';
import { fromZodError } from '../errors.js';
import { inspectInput } from './input-guard.js';

/**
 * Route schemas are zod schemas: Fastify validates with them (every failure becomes our one 400 shape with
 * field paths) and the OpenAPI document gets their JSON Schema (`z.toJSONSchema`).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> =
  ({ schema, httpPart }) =>
  (data: unknown) => {
    const prefix = httpPart === 'body' || httpPart === undefined ? [] : [httpPart];
    // Limits first (NUL, surrogates, number range, depth, size): they protect the schema walk and the database.
    const problem = inspectInput(data, prefix);
    if (problem) return { error: problem };
    if (!(schema instanceof z.ZodType)) return { value: data };
    const r = schema.safeParse(data);
    if (r.success) return { value: r.data };
    return { error: fromZodError(r.error, prefix) };
  };

/**
 * What to do with an answer that does not match its route's declared response schema: `throw` (development
 * and tests: a 500 whose log names the route and the fields, so the drift is found) or `log` (production: the
 * answer is sent as it is and the drift logged, a clinic is never cut off by a contract slip).
 */
export type ResponseCheck = 'throw' | 'log';

/** Thrown when an answer does not match its declared schema (`throw` mode); the error handler answers 500. */
export class ResponseContractError extends Error {
  constructor(
    readonly route: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(`the answer of ${route} does not match its response schema`);
    this.name = 'ResponseContractError';
  }
}

/**
 * Answers are serialized through their route's zod response schema (@liftplan/api): parsed (so only declared
 * fields go out), then JSON. Non-zod schemas (files, 204) and routes without one fall back to JSON.stringify.
 */
export function zodSerializerCompiler(
  check: ResponseCheck,
  log: FastifyBaseLogger,
): FastifySerializerCompiler<unknown> {
  return ({ schema, method, url, httpStatus }) => {
    if (!(schema instanceof z.ZodType)) return (data) => JSON.stringify(data);
    const route = `${method} ${url} ${httpStatus}`;
    return (data) => {
      const r = schema.safeParse(data);
      if (r.success) return JSON.stringify(r.data);
      const issues = fromZodError(r.error).fields ?? [];
      if (check === 'throw') throw new ResponseContractError(route, issues);
      log.error({ route, issues }, 'answer does not match its response schema; sent as it is');
      return JSON.stringify(data);
    };
  };
}

const toJson = (v: unknown, io: 'input' | 'output'): unknown =>
  v instanceof z.ZodType ? z.toJSONSchema(v, { io, unrepresentable: 'any', target: 'openapi-3.0' }) : v;

/** Requests are documented as accepted (`input`: before defaults and transforms), responses as sent (`output`). */
export function zodSwaggerTransform({ schema, url }: { schema: FastifySchema; url: string }): {
  schema: FastifySchema;
  url: string;
} {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (k === 'response' && typeof v === 'object' && v !== null) {
      const byStatus = Object.entries(v as Record<string, unknown>);
      out[k] = Object.fromEntries(byStatus.map(([status, r]) => [status, toJson(r, 'output')]));
    } else out[k] = toJson(v, 'input');
  }
  return { schema: out, url };
}
