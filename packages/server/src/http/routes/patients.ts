import { z } from 'zod';
import type { Clock } from '../../db/context.js';
import type { Repositories } from '../../db/repositories.js';
import {
  IdSchema,
  NewAssessmentSchema,
  NewComplicationSchema,
  NewFollowUpSchema,
  NewPatientSchema,
  NewPlanSchema,
  NewProcedureSchema,
  NewVisitSchema,
  PatientPatchSchema,
  PatientListQuerySchema,
  AssessmentRecordSchema,
  ComplicationSchema,
  FollowUpSchema,
  PatientSchema,
  PatientVersionSchema,
  PhotoSchema,
  PlanSchema,
  ProcedureSchema,
  VisitSchema,
} from '../../schemas.js';
import { replies } from '../replies.js';
import { ctxOf } from '../request-context.js';
import type { App } from '../types.js';

const ById = z.object({ id: IdSchema });
const Page = PatientListQuerySchema;

/** Patient records and everything hanging off a patient. Thin: parse, call the repository, answer. */
export function patientRoutes(app: App, repos: Repositories, clock: Clock): void {
  const tags = ['patients'];
  app.get(
    '/api/patients',
    {
      schema: {
        response: replies({ 200: z.array(PatientSchema) }),
        querystring: Page,
        tags,
        summary: 'Patients, newest first; `q` searches chart-number prefix and name (case-insensitive)',
      },
    },
    (req) => repos.patients.list(ctxOf(req, clock), req.query),
  );
  app.post(
    '/api/patients',
    { schema: { response: replies({ 201: PatientSchema }), body: NewPatientSchema, tags } },
    async (req, reply) => reply.code(201).send(await repos.patients.create(ctxOf(req, clock), req.body)),
  );
  app.get(
    '/api/patients/:id',
    { schema: { response: replies({ 200: PatientSchema }), params: ById, tags } },
    (req) => repos.patients.get(ctxOf(req, clock), req.params.id),
  );
  app.patch(
    '/api/patients/:id',
    {
      schema: {
        response: replies({ 200: PatientSchema }),
        params: ById,
        body: PatientPatchSchema,
        tags,
        summary:
          'Edit a patient (`version` as last read); a change of demographics or contact details adds a patient version, the earlier kept',
      },
    },
    (req) => repos.patients.update(ctxOf(req, clock), req.params.id, req.body),
  );
  app.get(
    '/api/patients/:id/versions',
    {
      schema: {
        response: replies({ 200: z.array(PatientVersionSchema) }),
        params: ById,
        tags,
        summary:
          'Every version of the demographics and contact details, oldest first (who, when, what changed)',
      },
    },
    (req) => repos.patients.versions(ctxOf(req, clock), req.params.id),
  );

  app.get(
    '/api/patients/:id/visits',
    { schema: { response: replies({ 200: z.array(VisitSchema) }), params: ById, tags } },
    (req) => repos.visits.listForPatient(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/patients/:id/visits',
    { schema: { response: replies({ 201: VisitSchema }), params: ById, body: NewVisitSchema, tags } },
    async (req, reply) =>
      reply.code(201).send(await repos.visits.create(ctxOf(req, clock), req.params.id, req.body)),
  );

  app.get(
    '/api/patients/:id/photos',
    { schema: { response: replies({ 200: z.array(PhotoSchema) }), params: ById, tags } },
    (req) => repos.photos.listForPatient(ctxOf(req, clock), req.params.id),
  );

  app.get(
    '/api/patients/:id/assessments',
    { schema: { response: replies({ 200: z.array(AssessmentRecordSchema) }), params: ById, tags } },
    (req) => repos.assessments.listForPatient(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/patients/:id/assessments',
    {
      schema: {
        response: replies({ 201: AssessmentRecordSchema }),
        params: ById,
        body: NewAssessmentSchema,
        tags,
      },
    },
    async (req, reply) =>
      reply.code(201).send(await repos.assessments.create(ctxOf(req, clock), req.params.id, req.body)),
  );

  app.get(
    '/api/patients/:id/plans',
    { schema: { response: replies({ 200: z.array(PlanSchema) }), params: ById, tags } },
    (req) => repos.plans.listForPatient(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/patients/:id/plans',
    { schema: { response: replies({ 201: PlanSchema }), params: ById, body: NewPlanSchema, tags } },
    async (req, reply) =>
      reply.code(201).send(await repos.plans.create(ctxOf(req, clock), req.params.id, req.body)),
  );

  app.get(
    '/api/patients/:id/procedures',
    {
      schema: {
        response: replies({ 200: z.array(ProcedureSchema) }),
        params: ById,
        tags,
        summary: "The patient's procedures, newest first: threads (product, lot, expiry) and events",
      },
    },
    (req) => repos.procedures.listForPatient(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/patients/:id/procedures',
    { schema: { response: replies({ 201: ProcedureSchema }), params: ById, body: NewProcedureSchema, tags } },
    async (req, reply) =>
      reply.code(201).send(await repos.procedures.record(ctxOf(req, clock), req.params.id, req.body)),
  );

  app.get(
    '/api/patients/:id/follow-ups',
    { schema: { response: replies({ 200: z.array(FollowUpSchema) }), params: ById, tags } },
    (req) => repos.followUps.listForPatient(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/patients/:id/follow-ups',
    { schema: { response: replies({ 201: FollowUpSchema }), params: ById, body: NewFollowUpSchema, tags } },
    async (req, reply) =>
      reply.code(201).send(await repos.followUps.book(ctxOf(req, clock), req.params.id, req.body)),
  );
  app.get(
    '/api/patients/:id/complications',
    { schema: { response: replies({ 200: z.array(ComplicationSchema) }), params: ById, tags } },
    (req) => repos.followUps.listComplications(ctxOf(req, clock), req.params.id),
  );
  app.post(
    '/api/patients/:id/complications',
    {
      schema: {
        response: replies({ 201: ComplicationSchema }),
        params: ById,
        body: NewComplicationSchema,
        tags,
      },
    },
    async (req, reply) =>
      reply.code(201).send(await repos.followUps.addComplication(ctxOf(req, clock), req.params.id, req.body)),
  );
}
