import type { Kysely } from 'kysely';
import { z } from 'zod';
import { patientRecordCopy } from '../../compliance/record-copy.js';
import type { Clock } from '../../db/context.js';
import type { DB } from '../../db/types.js';
import type { Repositories } from '../../db/repositories.js';
import {
  AssessmentCorrectionSchema,
  AssessmentRecordSchema,
  DOCUMENT_LOCALES,
  IdSchema,
  ProcedureCorrectionSchema,
  ProcedureSchema,
  RecordVersionSchema,
} from '../../schemas.js';
import { fileReply, replies } from '../replies.js';
import { ctxOf } from '../request-context.js';
import type { App } from '../types.js';

const ById = z.object({ id: IdSchema });
const History = replies({ 200: z.array(RecordVersionSchema) });
const HISTORY_NOTE =
  'Oldest first: version 1 is the original; each later version lists the fields changed, who changed them, when and why, with the record as it read after.';

/**
 * Records the law asks for (issue 13 §4): the patient's copy of their record (Art. 21), and corrections that
 * keep the original (Art. 22(3), 23(3)): correcting an assessment or a procedure record, and the version
 * history of assessments, procedures and follow-ups.
 */
export function recordRoutes(app: App, db: Kysely<DB>, repos: Repositories, clock: Clock): void {
  app.get(
    '/api/patients/:patientId/record-copy.pdf',
    {
      schema: {
        params: z.object({ patientId: IdSchema }),
        querystring: z.object({ lang: z.enum(DOCUMENT_LOCALES, { error: 'lang is ko or en' }) }),
        response: fileReply('application/pdf', "the patient's copy of the whole record (PDF)"),
        tags: ['records'],
        summary: "The patient's copy of their own record (Medical Service Act Art. 21), one PDF in ko or en",
        description:
          'Admins and doctors (403 otherwise). Audited with the reason patient-request; the FHIR Bundle of the same record is `GET /api/patients/:id/fhir?reason=patient-request`. Archived patients included.',
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const r = await patientRecordCopy(db, ctxOf(req, clock), req.params.patientId, req.query.lang);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${r.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(r.pdf);
    },
  );
  app.put(
    '/api/assessments/:id',
    {
      schema: {
        params: ById,
        body: AssessmentCorrectionSchema,
        response: replies({ 200: AssessmentRecordSchema }),
        tags: ['records'],
        summary: 'Corrects an assessment (a reason required); the previous version is kept',
      },
    },
    (req) => repos.assessments.correct(ctxOf(req, clock), req.params.id, req.body),
  );
  app.patch(
    '/api/procedures/:id',
    {
      schema: {
        params: ById,
        body: ProcedureCorrectionSchema,
        response: replies({ 200: ProcedureSchema }),
        tags: ['records'],
        summary:
          'Corrects the anaesthesia or notes of a procedure record (a reason required); the previous version is kept',
      },
    },
    (req) => repos.procedures.correct(ctxOf(req, clock), req.params.id, req.body),
  );
  const histories = [
    ['/api/assessments/:id/versions', 'assessment', repos.assessments],
    ['/api/procedures/:id/versions', 'procedure', repos.procedures],
    ['/api/follow-ups/:id/versions', 'follow-up', repos.followUps],
  ] as const;
  for (const [path, entity, repo] of histories) {
    app.get(
      path,
      {
        schema: {
          params: ById,
          response: History,
          tags: ['records'],
          summary: `Every version of the ${entity}: who changed what, when and why`,
          description: HISTORY_NOTE,
        },
      },
      (req) => repo.versions(ctxOf(req, clock), req.params.id),
    );
  }
}
