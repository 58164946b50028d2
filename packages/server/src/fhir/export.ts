import { EXPORT_REASONS } from '@liftplan/api';
import { randomUUID } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../db/audit.js';
import { nowIso, type RepoContext } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import { audited } from '../db/repo-kit.js';
import type { DB } from '../db/types.js';
import { badRequest, notFound, parseOrThrow } from '../errors.js';
import type { PhotoStore } from '../storage/photo-store.js';
import { toBundle } from './bundle.js';
import { loadPatientRecord, type PatientRecord } from './record.js';

/** Why a record leaves the clinic: the API contract's vocabulary. */
export { EXPORT_REASONS, type ExportReason } from '@liftplan/api';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const FhirExportRequestSchema = z
  .object({
    /** One patient (by id or chart number); all patients of the clinic when neither is given. */
    patientId: z.string().min(1).optional(),
    chartNumber: z.string().trim().min(1).optional(),
    visitId: z.string().min(1).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    reason: z.enum(EXPORT_REASONS, { error: `reason is one of ${EXPORT_REASONS.join(', ')}` }),
    /** Photos as Binary (metadata-free derivatives); on by default. */
    photos: z.boolean().default(true),
  })
  .refine((r) => !(r.patientId && r.chartNumber), {
    error: 'name the patient by id or by chart number, not both',
    path: ['chartNumber'],
  })
  .refine((r) => r.visitId === undefined || r.patientId !== undefined || r.chartNumber !== undefined, {
    error: 'a visit export names its patient',
    path: ['visitId'],
  })
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, {
    error: 'from is on or before to',
    path: ['from'],
  });
export type FhirExportRequest = z.input<typeof FhirExportRequestSchema>;

/**
 * A FHIR R4 Bundle of one patient (a visit, a date range) or of every patient of the clinic. Needs
 * `record:export` (admins and doctors); one audit event per patient exported (`export` with the reason) and
 * one for the bundle, in the transaction that read the rows.
 */
export async function exportFhir(
  db: Kysely<DB>,
  store: PhotoStore,
  ctx: RepoContext,
  request: FhirExportRequest,
): Promise<Bundle> {
  const req = parseOrThrow(FhirExportRequestSchema, request);
  const exportId = randomUUID();
  return audited(
    db,
    ctx,
    { action: 'export', entity: 'fhir-bundle', entityId: exportId, detail: `fhir:${req.reason}` },
    async (trx) => {
      requirePermission(ctx, 'record:export');
      const org = ctx.actor.organisationId;
      let ids: string[];
      if (req.patientId !== undefined || req.chartNumber !== undefined) {
        let q = trx.selectFrom('patients').select('id').where('organisation_id', '=', org);
        q =
          req.patientId !== undefined
            ? q.where('id', '=', req.patientId)
            : q.where('chart_number', '=', req.chartNumber ?? '');
        const row = await q.executeTakeFirst();
        if (!row) {
          throw notFound(
            req.patientId !== undefined
              ? `patient ${req.patientId}`
              : `patient with chart number ${req.chartNumber ?? ''}`,
          );
        }
        ids = [row.id];
      } else {
        ids = (
          await trx
            .selectFrom('patients')
            .select('id')
            .where('organisation_id', '=', org)
            .orderBy('chart_number')
            .execute()
        ).map((r) => r.id);
      }
      const scope = { visitId: req.visitId, from: req.from, to: req.to };
      const records: PatientRecord[] = [];
      for (const id of ids) {
        const rec = await loadPatientRecord(trx, org, id, scope);
        if (!rec) continue;
        if (req.visitId !== undefined && rec.visits.length === 0) {
          throw badRequest('the visit is not one of this patient’s visits', [
            { path: 'visitId', message: 'choose a visit of the patient' },
          ]);
        }
        records.push(rec);
        await appendAudit(trx, ctx, {
          action: 'export',
          entity: 'patient',
          entityId: id,
          outcome: 'success',
          detail: `fhir:${req.reason}`,
        });
      }
      const derivatives = new Map<string, Buffer>();
      if (req.photos) {
        for (const rec of records) {
          for (const ph of rec.photos) {
            const sha = ph.blob?.derivative_sha256;
            if (!sha || derivatives.has(sha)) continue;
            if (await store.has(sha)) derivatives.set(sha, await store.readAll(sha));
          }
        }
      }
      return toBundle(records, { now: nowIso(ctx), exportId, derivatives });
    },
  );
}
