import { z } from 'zod';
import type { Clock } from '../../db/context.js';
import type { Repositories } from '../../db/repositories.js';
import {
  AnalysisSchema,
  AuditEventSchema,
  AuditQuerySchema,
  FollowUpsDueQuerySchema,
  FollowUpSchema,
  JobSchema,
  LandmarkVersionSchema,
  LotSchema,
  OrganisationSchema,
  PlanSchema,
  ProcedureSchema,
  ProductSchema,
  RecallHitSchema,
  RevokedSessionsSchema,
  SignChecklistSchema,
  UserSchema,
  FollowUpScoreSchema,
  IdSchema,
  LandmarkCorrectionSchema,
  NewLotSchema,
  NewProductSchema,
  NewUserSchema,
  SetPasswordSchema,
  UserStatusSchema,
  OrganisationPatchSchema,
  PlanDraftSchema,
  SignPlanSchema,
  ProcedureEventsSchema,
  UserPatchSchema,
} from '../../schemas.js';
import { tooManyRequests } from '../../errors.js';
import { replies } from '../replies.js';
import { ctxOf } from '../request-context.js';
import type { App } from '../types.js';

const ById = z.object({ id: IdSchema });

/** Analyses, plans, procedures, follow-ups, the catalogue and users: routes addressed by their own id. */
export function clinicalRoutes(app: App, repos: Repositories, clock: Clock, signPerMinute = 10): void {
  app.get(
    '/api/jobs/:id',
    {
      schema: {
        response: replies({ 200: JobSchema }),
        params: ById,
        tags: ['photos'],
        summary: 'Analysis job status',
      },
    },
    (req) => repos.jobs.get(ctxOf(req, clock), req.params.id),
  );
  app.get(
    '/api/analyses/:id',
    { schema: { response: replies({ 200: AnalysisSchema }), params: ById, tags: ['analyses'] } },
    (req) => repos.analyses.get(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/analyses/:id/landmarks',
    {
      schema: {
        response: replies({ 201: LandmarkVersionSchema }),
        params: ById,
        body: LandmarkCorrectionSchema,
        tags: ['analyses'],
        summary: 'Save a correction as a new landmark version',
      },
    },
    async (req, reply) =>
      reply.code(201).send(await repos.analyses.correct(ctxOf(req, clock), req.params.id, req.body)),
  );

  app.get(
    '/api/plans/:id',
    { schema: { response: replies({ 200: PlanSchema }), params: ById, tags: ['plans'] } },
    (req) => repos.plans.get(ctxOf(req, clock), req.params.id),
  );
  app.put(
    '/api/plans/:id/draft',
    {
      schema: {
        response: replies({ 200: PlanSchema }),
        params: ById,
        body: PlanDraftSchema,
        tags: ['plans'],
        summary: 'Edit the draft, or start a new version after a signature',
      },
    },
    (req) => repos.plans.saveDraft(ctxOf(req, clock), req.params.id, req.body),
  );
  app.get(
    '/api/plans/:id/checklist',
    {
      schema: {
        response: replies({ 200: SignChecklistSchema }),
        params: ById,
        tags: ['plans'],
        summary:
          'The chart audit before signing: each item complete, blocking, to acknowledge or done after signing (consent)',
      },
    },
    (req) => repos.plans.checklist(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/plans/:id/sign',
    {
      schema: {
        response: replies({ 200: PlanSchema }),
        params: ById,
        body: SignPlanSchema,
        tags: ['plans'],
        summary: 'Sign the current draft (password again; refused with every blocking reason)',
      },
      // Password guessing through the sign route is limited like sign-in.
      config: {
        rateLimit: { max: signPerMinute, timeWindow: 60_000, errorResponseBuilder: () => tooManyRequests() },
      },
    },
    (req) => repos.plans.sign(ctxOf(req, clock), req.params.id, req.body),
  );

  app.get(
    '/api/procedures/:id',
    { schema: { response: replies({ 200: ProcedureSchema }), params: ById, tags: ['procedures'] } },
    (req) => repos.procedures.get(ctxOf(req, clock), req.params.id),
  );

  app.post(
    '/api/procedures/:id/events',
    {
      schema: {
        response: replies({ 200: ProcedureSchema }),
        params: ById,
        body: ProcedureEventsSchema,
        tags: ['procedures'],
        summary: 'Record events after the fact (appended; earlier events never change)',
      },
    },
    (req) => repos.procedures.addEvents(ctxOf(req, clock), req.params.id, req.body),
  );

  app.get(
    '/api/audit',
    {
      schema: {
        response: replies({ 200: z.array(AuditEventSchema) }),
        querystring: AuditQuerySchema,
        tags: ['audit'],
        summary: 'The audit log, newest first (admins); next page: `before` = the last `seq` received',
      },
    },
    (req) =>
      repos.auditLog.list(ctxOf(req, clock), {
        limit: req.query.limit,
        ...(req.query.before === undefined ? {} : { before: req.query.before }),
      }),
  );

  app.get(
    '/api/follow-ups',
    {
      schema: {
        response: replies({ 200: z.array(FollowUpSchema) }),
        querystring: FollowUpsDueQuerySchema,
        tags: ['follow-ups'],
        summary: 'Scheduled follow-ups due by a date',
      },
    },
    (req) => repos.followUps.due(ctxOf(req, clock), req.query.due),
  );
  app.post(
    '/api/follow-ups/:id/score',
    {
      schema: {
        response: replies({ 200: FollowUpSchema }),
        params: ById,
        body: FollowUpScoreSchema,
        tags: ['follow-ups'],
      },
    },
    (req) => repos.followUps.score(ctxOf(req, clock), req.params.id, req.body),
  );

  app.get(
    '/api/products',
    { schema: { response: replies({ 200: z.array(ProductSchema) }), tags: ['catalogue'] } },
    (req) => repos.catalogue.listProducts(ctxOf(req, clock)),
  );
  app.post(
    '/api/products',
    { schema: { response: replies({ 201: ProductSchema }), body: NewProductSchema, tags: ['catalogue'] } },
    async (req, reply) =>
      reply.code(201).send(await repos.catalogue.createProduct(ctxOf(req, clock), req.body)),
  );
  app.get(
    '/api/products/:id/lots',
    { schema: { response: replies({ 200: z.array(LotSchema) }), params: ById, tags: ['catalogue'] } },
    (req) => repos.catalogue.listLots(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/products/:id/lots',
    {
      schema: {
        response: replies({ 201: LotSchema }),
        params: ById,
        body: NewLotSchema,
        tags: ['catalogue'],
      },
    },
    async (req, reply) =>
      reply.code(201).send(await repos.catalogue.addLot(ctxOf(req, clock), req.params.id, req.body)),
  );
  app.get(
    '/api/lots/:id/recall',
    {
      schema: {
        response: replies({ 200: z.array(RecallHitSchema) }),
        params: ById,
        tags: ['catalogue'],
        summary: 'Which patients received this lot',
      },
    },
    (req) => repos.procedures.recallByLot(ctxOf(req, clock), req.params.id),
  );

  app.get(
    '/api/users',
    { schema: { response: replies({ 200: z.array(UserSchema) }), tags: ['users'] } },
    (req) => repos.users.list(ctxOf(req, clock)),
  );
  app.post(
    '/api/users',
    { schema: { response: replies({ 201: UserSchema }), body: NewUserSchema, tags: ['users'] } },
    async (req, reply) => reply.code(201).send(await repos.users.create(ctxOf(req, clock), req.body)),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        response: replies({ 200: UserSchema }),
        params: ById,
        body: UserPatchSchema,
        tags: ['users'],
        summary: "Edit a user's display name or licence number (admins; printed on patient documents)",
      },
    },
    (req) => repos.users.update(ctxOf(req, clock), req.params.id, req.body),
  );

  app.patch(
    '/api/users/:id/status',
    {
      schema: {
        response: replies({ 200: UserSchema }),
        params: ById,
        body: UserStatusSchema,
        tags: ['users'],
        summary: 'Disable (sign-in refused, every session ended) or enable a user (admins)',
      },
    },
    (req) => repos.users.setDisabled(ctxOf(req, clock), req.params.id, req.body),
  );
  app.put(
    '/api/users/:id/password',
    {
      schema: {
        response: replies({ 200: UserSchema }),
        params: ById,
        body: SetPasswordSchema,
        tags: ['users'],
        summary: "Set a user's new password (admins); every session of that user ends",
      },
    },
    (req) => repos.users.setPassword(ctxOf(req, clock), req.params.id, req.body.password),
  );
  app.delete(
    '/api/users/:id/sessions',
    {
      schema: {
        response: replies({ 200: RevokedSessionsSchema }),
        params: ById,
        tags: ['users'],
        summary: 'End every session of a user, e.g. after a lost tablet (admins)',
      },
    },
    async (req) => ({ revoked: await repos.users.revokeSessions(ctxOf(req, clock), req.params.id) }),
  );

  app.get(
    '/api/organisation',
    {
      schema: {
        response: replies({ 200: OrganisationSchema }),
        tags: ['clinic'],
        summary: 'The clinic: name, address and phone as printed on documents',
      },
    },
    (req) => repos.organisations.get(ctxOf(req, clock)),
  );
  app.patch(
    '/api/organisation',
    {
      schema: {
        response: replies({ 200: OrganisationSchema }),
        body: OrganisationPatchSchema,
        tags: ['clinic'],
        summary: "Edit the clinic's name, address or phone (admins; `version` as last read; audited)",
      },
    },
    (req) => repos.organisations.update(ctxOf(req, clock), req.body),
  );
}
