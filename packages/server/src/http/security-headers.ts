import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, computed once. The Fastify plugin rebuilt the middleware (and re-parsed the CSP
 * directives) on every request, a few per cent of an audited read's CPU; the headers never change.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  let failure: unknown;
  helmet(options)(res.req, res, (err?: unknown) => {
    failure = err;
  });
  if (failure !== undefined) throw new Error('security headers could not be built', { cause: failure });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}
