import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { HealthSchema } from '@liftplan/api';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Clock } from '../db/context.js';
import type { Repositories } from '../db/repositories.js';
import type { DB } from '../db/types.js';
import { AuthService } from '../services/auth.js';
import { PhotoUploadService } from '../services/photo-upload.js';
import { ConsentService } from '../services/consent.js';
import { ReportService, type ReportPrinter, type ReportRenderer } from '../services/reports.js';
import type { QueuedAnalysis } from '../jobs/kinds.js';
import type { PhotoStore } from '../storage/photo-store.js';
import { registerAuth } from './auth-routes.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { readOnly as readOnlyError } from '../errors.js';
import { CONTENT_SECURITY_POLICY, registerStatic } from './static.js';
import { securityHeaders } from './security-headers.js';
import { clinicalRoutes } from './routes/clinical.js';
import { consentRoutes } from './routes/consents.js';
import { patientRoutes } from './routes/patients.js';
import { followUpRoutes } from './routes/followup.js';
import { interopRoutes } from './routes/interop.js';
import { recordRoutes as patientRecordRoutes } from './routes/records.js';
import { complianceRoutes } from './routes/compliance.js';
import { photoRoutes } from './routes/photos.js';
import { reportRoutes } from './routes/reports.js';
import { replies } from './replies.js';
import { recordRoutes } from './route-list.js';
import { careListRoutes } from './routes/care-lists.js';
import { staffUnlockRoutes } from './routes/staff-unlock.js';
import { systemRoutes } from './routes/system.js';
import type { App, ZodTypeProvider } from './types.js';
import {
  zodSerializerCompiler,
  zodSwaggerTransform,
  zodValidatorCompiler,
  type ResponseCheck,
} from './zod-schema.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const READ_ONLY_ALLOWED = new Set([
  '/api/auth/login',
  '/api/auth/logout',
  '/api/system/login',
  '/api/system/logout',
]);

export interface AppDeps {
  readonly config: Pick<
    Config,
    'cookieSecure' | 'uploadMaxBytes' | 'sessionTtlMs' | 'loginRateLimitPerMinute'
  >;
  readonly db: Kysely<DB>;
  readonly repos: Repositories;
  readonly store: PhotoStore;
  readonly clock: Clock;
  /** The built web app, served at `/` with an SPA fallback (omit for the API alone). */
  readonly webDir?: string;
  /** Face-mesh models and tfjs wasm binaries for the browser (`/models/`, `/wasm/`); default: node_modules. */
  readonly browserAssets?: { readonly models: string; readonly wasm: string } | false;
  /** Renders patient documents; `startServer` passes a worker-thread pool. Default: on the event loop. */
  readonly renderer?: ReportRenderer;
  /** Renders patient documents through the job queue (startServer); default: a ReportService in-process. */
  readonly printer?: ReportPrinter;
  /** Called once an analysis job's row is committed (upload, face choice): puts it on the job queue. */
  readonly onJobQueued: (job: QueuedAnalysis) => void | Promise<void>;
  /** Started read-only (a broken audit log, AUDIT_ON_BROKEN_CHAIN=read-only): only reads and signing in. */
  readonly readOnly?: boolean;
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * An answer that does not match its declared response schema: `throw` (500, logged) or `log` (sent as it is,
   * logged). Default: `log` with NODE_ENV=production, else `throw` (development and tests find the drift).
   */
  readonly responseCheck?: ResponseCheck;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request as logged: method and path only. Query strings can hold patient data (`/api/patients?q=<name>`),
 * so they are cut; headers and bodies are never logged.
 */
export function requestLogSerializer(req: { method: string; url: string }): { method: string; url: string } {
  return { method: req.method, url: req.url.split('?')[0] ?? '' };
}

/**
 * The HTTP composition root: plugins, the auth hook, routes, one error handler. Routes are thin (parse ->
 * repository or service -> answer); access checks and audit happen in the data layer.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // Request ids: a well-formed incoming x-request-id is kept (tracing through a proxy), else a new UUID.
    requestIdHeader: false,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID.test(h) ? h : randomUUID();
    },
    // Never log bodies, query strings or headers: URLs carry ids only, never patient data.
    trustProxy: false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  recordRoutes(app);

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(
    zodSerializerCompiler(
      deps.responseCheck ?? (process.env.NODE_ENV === 'production' ? 'log' : 'throw'),
      app.log,
    ),
  );
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler(deps.webDir !== undefined));
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    // Static files set their own caching on the raw response; everything else (API answers) is not cached.
    if (!reply.hasHeader('cache-control') && !reply.raw.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
  });

  const headers = securityHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY });
  app.addHook('onRequest', (_req, reply, done) => {
    void reply.headers(headers);
    done();
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, {
    // One past the store's limit: the store refuses first, with our 413 and nothing left on disk.
    limits: { fileSize: deps.config.uploadMaxBytes + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'liftplan clinic API',
        version: '0.1.0',
        description: 'Thread-lift planning for aesthetic clinics.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'liftplan_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: zodSwaggerTransform,
  });
  await registerStatic(app, deps.webDir, deps.browserAssets);
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  const auth = new AuthService(deps.db, deps.repos.users, deps.clock, deps.config.sessionTtlMs);
  if (deps.readOnly) {
    // Started read-only on a broken audit log: reading (audited) and signing in stay possible, nothing else.
    app.addHook('onRequest', (req, _reply, done) => {
      if (READ_METHODS.has(req.method) || READ_ONLY_ALLOWED.has(req.url.split('?')[0] ?? '')) {
        done();
        return;
      }
      done(
        readOnlyError(
          'the server was started read-only because its audit log did not verify: nothing can be changed until the investigation is closed',
        ),
      );
    });
  }
  registerAuth(app, {
    users: deps.repos.users,
    auth,
    clock: deps.clock,
    cookieSecure: deps.config.cookieSecure,
    loginPerMinute: deps.config.loginRateLimitPerMinute,
  });

  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['ops'], response: replies({ 200: HealthSchema }) } },
    () => (deps.readOnly ? { ok: true as const, readOnly: true as const } : { ok: true as const }),
  );
  patientRoutes(app, deps.repos, deps.clock);
  clinicalRoutes(app, deps.repos, deps.clock, deps.config.loginRateLimitPerMinute);
  const uploads = new PhotoUploadService(
    deps.store,
    deps.repos.photos,
    deps.config.uploadMaxBytes,
    deps.onJobQueued,
  );
  photoRoutes(app, deps.repos, uploads, deps.store, deps.clock, deps.onJobQueued);
  followUpRoutes(app, deps.repos, deps.clock);
  reportRoutes(
    app,
    deps.printer ?? new ReportService(deps.repos.reports, deps.store, deps.renderer),
    deps.clock,
  );
  consentRoutes(app, deps.repos, new ConsentService(deps.repos.consents), deps.clock);
  staffUnlockRoutes(app, deps.db, deps.clock, deps.config.loginRateLimitPerMinute);
  careListRoutes(app, deps.db, deps.clock);
  // Issue 13: record exports (FHIR).
  interopRoutes(app, deps.db, deps.store, deps.clock);
  complianceRoutes(app, deps.db, deps.clock);
  // Issue 14: the super-admin's clinic administration.
  systemRoutes(app, {
    db: deps.db,
    clinics: deps.repos.clinics,
    clock: deps.clock,
    cookieSecure: deps.config.cookieSecure,
    sessionTtlMs: deps.config.sessionTtlMs,
    loginPerMinute: deps.config.loginRateLimitPerMinute,
  });
  patientRecordRoutes(app, deps.db, deps.repos, deps.clock);
  return app;
}
