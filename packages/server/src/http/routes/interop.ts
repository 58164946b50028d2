import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../db/context.js';
import type { DB } from '../../db/types.js';
import { EXPORT_REASONS, exportFhir } from '../../fhir/export.js';
import { IdSchema } from '../../schemas.js';
import type { PhotoStore } from '../../storage/photo-store.js';
import { ctxOf } from '../request-context.js';
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
}
