import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorHandler } from './errors.js';
import { replies } from './replies.js';
import type { ZodTypeProvider } from './types.js';
import { zodSerializerCompiler, zodValidatorCompiler, type ResponseCheck } from './zod-schema.js';

const Answer = z.object({ id: z.string(), count: z.number().int() });

async function appAnswering(check: ResponseCheck, answer: unknown) {
  const logged: unknown[] = [];
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  const log = { ...app.log, error: (o: unknown) => void logged.push(o) };
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler(check, log));
  app.setErrorHandler(errorHandler);
  // The declared type is bypassed on purpose: this route stands for a handler that drifted from its schema.
  app.get(
    '/thing',
    { schema: { response: replies({ 200: Answer }) } },
    () => answer as z.input<typeof Answer>,
  );
  await app.ready();
  return { app, logged };
}

describe('answers checked against their declared response schema', () => {
  it('sends only the declared fields of a matching answer', async () => {
    const { app } = await appAnswering('throw', { id: 'a', count: 2, passwordHash: 'secret' });
    const res = await app.inject({ method: 'GET', url: '/thing' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'a', count: 2 });
  });

  it('refuses a drifted answer with the one error body (500) in development and tests', async () => {
    const { app } = await appAnswering('throw', { id: 'a', count: 'two' });
    const res = await app.inject({ method: 'GET', url: '/thing' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: { code: 'internal' } });
  });

  it('in production sends a drifted answer as it is and logs which field drifted', async () => {
    const { app, logged } = await appAnswering('log', { id: 'a', count: 'two' });
    const res = await app.inject({ method: 'GET', url: '/thing' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'a', count: 'two' });
    expect(logged).toEqual([
      expect.objectContaining({
        route: 'GET /thing 200',
        issues: [expect.objectContaining({ path: 'count' })],
      }),
    ]);
  });
});
