import { z } from 'zod';
import type { Clock } from '../../db/context.js';
import type { Repositories } from '../../db/repositories.js';
import {
  AssessmentCorrectionSchema,
  AssessmentRecordSchema,
  IdSchema,
  ProcedureCorrectionSchema,
  ProcedureSchema,
  RecordVersionSchema,
} from '../../schemas.js';
import { replies } from '../replies.js';
import { ctxOf } from '../request-context.js';
import type { App } from '../types.js';

const ById = z.object({ id: IdSchema });
const History = replies({ 200: z.array(RecordVersionSchema) });
const HISTORY_NOTE =
  'Oldest first: version 1 is the original; each later version lists the fields changed, who changed them, when and why, with the record as it read after.';

/**
 * Corrections that keep the original (Medical Service Act Art. 22(3), 23(3); issue 13 §4): correcting an
 * assessment or a procedure record, and the version history of assessments, procedures and follow-ups.
 */
export function recordRoutes(app: App, repos: Repositories, clock: Clock): void {
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
