import { z } from 'zod';
import type { Clock } from '../../db/context.js';
import type { Repositories } from '../../db/repositories.js';
import {
  ConsentFormQuerySchema,
  ConsentPreviewSchema,
  ConsentSchema,
  ConsentStatusSchema,
  DoctorSchema,
  DownloadQuerySchema,
  IdSchema,
  NewConsentSchema,
} from '../../schemas.js';
import { fileReply, replies } from '../replies.js';
import type { ConsentService } from '../../services/consent.js';
import { ctxOf } from '../request-context.js';
import type { App } from '../types.js';

const ById = z.object({ id: IdSchema });
const tags = ['consent'];

/**
 * Consent to the procedure of a signed plan version (Medical Service Act Art. 24-2): the form filled by the
 * server, the patient's signature over it, its status (procedures need it), and the signed copy as PDF.
 */
export function consentRoutes(app: App, repos: Repositories, consents: ConsentService, clock: Clock): void {
  app.get(
    '/api/plan-versions/:id/consent-form',
    {
      schema: {
        response: replies({ 200: ConsentPreviewSchema }),
        params: ById,
        querystring: ConsentFormQuerySchema,
        tags,
        summary:
          'The consent form filled from a signed plan version (diagnosis, method, doctors, side effects, care; photo scopes) and its sha256, to show the patient',
      },
    },
    (req) => repos.consents.preview(ctxOf(req, clock), req.params.id, req.query.lang, req.query.performers),
  );
  app.post(
    '/api/plan-versions/:id/consents',
    {
      schema: {
        response: replies({ 201: ConsentSchema }),
        params: ById,
        body: NewConsentSchema,
        tags,
        summary:
          "Record the patient's signature over the form as shown (`documentSha256` from the form); every photo scope answered",
      },
    },
    async (req, reply) =>
      reply.code(201).send(await repos.consents.sign(ctxOf(req, clock), req.params.id, req.body)),
  );
  app.get(
    '/api/plan-versions/:id/consent',
    {
      schema: {
        response: replies({ 200: ConsentStatusSchema }),
        params: ById,
        tags,
        summary: 'Consent status of a plan version: `missing` or `signed` (with the photo scopes)',
      },
    },
    (req) => consents.consentStatus(ctxOf(req, clock), req.params.id),
  );
  app.get(
    '/api/patients/:id/consents',
    { schema: { response: replies({ 200: z.array(ConsentSchema) }), params: ById, tags } },
    (req) => repos.consents.listForPatient(ctxOf(req, clock), req.params.id),
  );
  app.get(
    '/api/doctors',
    {
      schema: {
        response: replies({ 200: z.array(DoctorSchema) }),
        tags,
        summary: "The clinic's active doctors: who can be named as performing a procedure",
      },
    },
    (req) => repos.consents.doctors(ctxOf(req, clock)),
  );
  app.get(
    '/api/consents/:id/consent.pdf',
    {
      schema: {
        response: fileReply('application/pdf', 'the signed consent (PDF)'),
        params: ById,
        tags,
        querystring: DownloadQuerySchema,
        summary: 'The signed consent as PDF (the copy the patient takes), downloaded with a chosen reason',
        description:
          'Needs the reason of the download (400 without it); kept in the access log with the patient.',
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const r = await consents.pdf(ctxOf(req, clock), req.params.id, req.query.reason);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${r.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(r.pdf);
    },
  );
}
