import { z } from 'zod';
import type { Clock } from '../../db/context.js';
import { DocumentQuerySchema, IdSchema } from '../../schemas.js';
import { AppError } from '../../errors.js';
import { DOCUMENT_RETRY_AFTER_SECONDS } from '../../jobs/document-jobs.js';
import type { ReportPrinter } from '../../services/reports.js';
import { fileReply } from '../replies.js';
import { ctxOf } from '../request-context.js';
import type { App } from '../types.js';

const ByVisit = z.object({ visitId: IdSchema });
const Lang = DocumentQuerySchema;

const DOCS = [
  {
    kind: 'consultation',
    path: '/api/visits/:visitId/report.pdf',
    summary: 'Consultation report (PDF, ko or en) from the signed plan of the visit',
  },
  {
    kind: 'aftercare',
    path: '/api/visits/:visitId/aftercare.pdf',
    summary: 'Aftercare sheet (PDF, ko or en) from the signed plan of the visit',
  },
] as const;

/**
 * Patient documents. Printed only from a signed plan version (409 while the plan is a draft), from its verified
 * `liftplan.plan` record (see services/reports.ts). Doctors and coordinators; audited.
 */
export function reportRoutes(app: App, reports: ReportPrinter, clock: Clock): void {
  for (const doc of DOCS) {
    app.get(
      doc.path,
      {
        schema: {
          params: ByVisit,
          querystring: Lang,
          response: fileReply('application/pdf', doc.summary),
          tags: ['reports'],
          summary: doc.summary,
          description:
            'Needs the reason of the download (400 without it; kept in the access log with the patient). Needs a signed plan version; its liftplan.plan record is verified (re-planned, placements and danger zones re-checked) before printing. 409 when the plan is not signed yet or the record does not verify (reasons listed); 409 record_tampered when the signed record fails its integrity check. The PDF is rendered by a job worker; the answer waits for it (REPORT_WAIT_SECONDS), then 503 unavailable with Retry-After.',
          produces: ['application/pdf'],
        },
      },
      async (req, reply) => {
        let r;
        try {
          r = await reports.render(
            ctxOf(req, clock),
            req.params.visitId,
            doc.kind,
            req.query.lang,
            req.query.reason,
            req.query.for,
          );
        } catch (e) {
          if (e instanceof AppError && e.code === 'unavailable') {
            void reply.header('retry-after', String(DOCUMENT_RETRY_AFTER_SECONDS));
          }
          throw e;
        }
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${r.filename}"`)
          .header('cache-control', 'private, no-store')
          .header('x-plan-version', String(r.planVersion))
          .send(r.pdf);
      },
    );
  }
}
