import { AccessReviewDoneSchema, AccessReviewSchema, RetentionLineSchema } from '@liftplan/api';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { accessReview, completeAccessReview } from '../../compliance/access-review.js';
import { archivePatient, restorePatient } from '../../compliance/archive.js';
import { requestDeletion, retentionReport } from '../../compliance/retention.js';
import type { Clock } from '../../db/context.js';
import type { DB } from '../../db/types.js';
import { IdSchema, PatientSchema, PurgeResultSchema } from '../../schemas.js';
import { ctxOf } from '../request-context.js';
import { replies } from '../replies.js';
import type { App } from '../types.js';

/** Records the law asks for (issue 13; docs/compliance-kr.md): access review, retention. Admins only. */
export function complianceRoutes(app: App, db: Kysely<DB>, clock: Clock): void {
  app.get(
    '/api/access-review/:month',
    {
      schema: {
        params: z.object({ month: z.string().max(7) }),
        response: replies({ 200: AccessReviewSchema }),
        tags: ['compliance'],
        summary:
          'The monthly access review: who read or exported which patients, unusual volumes highlighted',
      },
    },
    async (req) => accessReview(db, ctxOf(req, clock), req.params.month),
  );
  app.post(
    '/api/access-review',
    {
      schema: {
        body: z.object({ month: z.string().max(7), note: z.string().max(2000).nullable().default(null) }),
        response: replies({ 200: AccessReviewDoneSchema }),
        tags: ['compliance'],
        summary: 'Records that the month’s access review was completed (once per month)',
      },
    },
    async (req) => completeAccessReview(db, ctxOf(req, clock), req.body),
  );
  app.get(
    '/api/retention',
    {
      schema: {
        response: replies({ 200: z.array(RetentionLineSchema) }),
        tags: ['compliance'],
        summary: 'Patients whose records are deletable now or within a year',
      },
    },
    async (req) => retentionReport(db, ctxOf(req, clock)),
  );
  for (const [verb, run, summary] of [
    [
      'archive',
      archivePatient,
      'Archives the patient: read-only from then on (every change refused with patient_archived), still readable and exportable',
    ],
    ['restore', restorePatient, 'Restores an archived patient: the record can be changed again'],
  ] as const) {
    app.post(
      `/api/patients/:patientId/${verb}`,
      {
        schema: {
          params: z.object({ patientId: IdSchema }),
          response: replies({ 200: PatientSchema }),
          tags: ['compliance'],
          summary,
          description: 'Admins only; audited.',
        },
      },
      async (req) => run(db, ctxOf(req, clock), req.params.patientId),
    );
  }
  app.delete(
    '/api/patients/:patientId',
    {
      schema: {
        params: z.object({ patientId: IdSchema }),
        response: replies({ 200: PurgeResultSchema }),
        tags: ['compliance'],
        summary:
          'Deletion: refused inside the retention period (409 naming the date); after it, the patient’s records are purged',
        description:
          'Admins only. After the retention period every row of the patient is deleted in one transaction (the audit log stays); see docs/compliance-kr.md.',
      },
    },
    async (req) => requestDeletion(db, ctxOf(req, clock), req.params.patientId),
  );
}
