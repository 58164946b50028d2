import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
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

const toJson = (v: unknown): unknown =>
  v instanceof z.ZodType
    ? z.toJSONSchema(v, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' })
    : v;

export function zodSwaggerTransform({ schema, url }: { schema: FastifySchema; url: string }): {
  schema: FastifySchema;
  url: string;
} {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = toJson(v);
  return { schema: out, url };
}
