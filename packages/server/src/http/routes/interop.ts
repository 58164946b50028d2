import { DrillDownVisitSchema, OutcomesSchema } from '@liftplan/api';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../db/context.js';
import type { DB } from '../../db/types.js';
import { EXPORT_REASONS, exportFhir } from '../../fhir/export.js';
import { clinicOutcomes, DrillDownSchema, outcomeVisits } from '../../outcomes/service.js';
import { exportResearch, RESEARCH_COLUMNS } from '../../research/export.js';
import { IdSchema } from '../../schemas.js';
import type { PhotoStore } from '../../storage/photo-store.js';
import { ctxOf } from '../request-context.js';
import { fileReply, replies } from '../replies.js';
import type { App } from '../types.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const FhirQuery = z.object({
  reason: z
    .enum(EXPORT_REASONS, { error: `reason is one of ${EXPORT_REASONS.join(', ')}` })
    .describe('why the record leaves the clinic, chosen by the user; kept in the access log'),
  visitId: IdSchema.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  photos: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('photos as Binary (metadata-free derivatives); default true'),
});

/** Record exports for admins and doctors (issue 13): the FHIR R4 Bundle of a patient, a visit or a date range. */
export function interopRoutes(app: App, db: Kysely<DB>, store: PhotoStore, clock: Clock): void {
  app.get(
    '/api/patients/:patientId/fhir',
    {
      schema: {
        params: z.object({ patientId: IdSchema }),
        querystring: FhirQuery,
        tags: ['exports'],
        summary: 'FHIR R4 Bundle of the patient (a visit or a date range), downloaded with a chosen reason',
        description:
          'Admins and doctors (403 otherwise). Every resource validates against the FHIR R4 JSON schema; see docs/fhir.md. Audited per patient with the reason.',
        produces: ['application/fhir+json'],
        response: fileReply('application/fhir+json', 'a FHIR R4 Bundle (collection)'),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const bundle = await exportFhir(db, store, ctxOf(req, clock), {
        patientId: req.params.patientId,
        ...(q.visitId !== undefined ? { visitId: q.visitId } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        reason: q.reason,
        photos: q.photos,
      });
      return reply
        .type('application/fhir+json')
        .header('content-disposition', `attachment; filename="fhir-${bundle.id ?? 'bundle'}.json"`)
        .header('cache-control', 'private, no-store')
        .send(JSON.stringify(bundle));
    },
  );

  app.get(
    '/api/exports/research.csv',
    {
      schema: {
        querystring: z.object({ reason: FhirQuery.shape.reason }),
        tags: ['exports'],
        summary: 'De-identified research CSV (research-consented patients only), with a chosen reason',
        description:
          'One row per region, side, metric and follow-up; pseudonyms and date shifts new for every export; see research-dictionary.csv. Admins and doctors; audited per subject.',
        produces: ['text/csv'],
        response: fileReply('text/csv', 'the de-identified research CSV'),
      },
    },
    async (req, reply) => {
      const r = await exportResearch(db, ctxOf(req, clock), { reason: req.query.reason });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="research-${r.exportId}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(r.csv);
    },
  );
  app.get(
    '/api/exports/research-dictionary.csv',
    {
      schema: {
        tags: ['exports'],
        summary: 'The data dictionary of the research CSV',
        produces: ['text/csv'],
        response: fileReply('text/csv', 'the data dictionary'),
      },
    },
    async (_req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="research-dictionary.csv"')
        .send(
          [
            'column,type,unit,description',
            ...RESEARCH_COLUMNS.map((c) =>
              c.map((x) => (/[",]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x)).join(','),
            ),
          ].join('\r\n') + '\r\n',
        ),
  );

  const OutcomeQuery = z.object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    doctorId: IdSchema.optional(),
    productId: IdSchema.optional(),
    lotId: IdSchema.optional(),
    region: z.enum(['brow', 'midface', 'nasolabial', 'jowl', 'marionette', 'neck']).optional(),
    side: z.enum(['left', 'right']).optional(),
  });
  app.get(
    '/api/outcomes',
    {
      schema: {
        querystring: OutcomeQuery,
        response: replies({ 200: OutcomesSchema }),
        tags: ['outcomes'],
        summary:
          'The clinic’s outcomes: change per region and side over time, GAIS, satisfaction, complication rates',
        description:
          'Doctors and admins. Change = follow-up − baseline in the baseline’s frame; only changes beyond their MDC count as change. Complication rates with Wilson 95 % intervals and the published rates.',
      },
    },
    async (req) => clinicOutcomes(db, ctxOf(req, clock), req.query),
  );
  app.get(
    '/api/outcomes/visits',
    {
      schema: {
        querystring: OutcomeQuery.extend(DrillDownSchema.shape),
        response: replies({ 200: z.array(DrillDownVisitSchema) }),
        tags: ['outcomes'],
        summary: 'The follow-up visits behind one number of the outcomes (each patient listed is audited)',
      },
    },
    async (req) => {
      const { region, side, metric, months, ...filter } = req.query;
      return outcomeVisits(db, ctxOf(req, clock), { group: { region, side, metric, months }, filter });
    },
  );
}
