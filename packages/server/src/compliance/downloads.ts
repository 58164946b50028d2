import type { DownloadReason } from '@liftplan/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.js';
import type { RepoContext } from '../db/context.js';
import type { DB } from '../db/types.js';

/** The printed documents whose downloads are recorded per patient. */
export type DownloadedDocument = 'consultation' | 'aftercare' | 'consent' | 'record-copy';

/**
 * Records the download of a patient's document with the user's reason: a `print` event on the patient
 * (`detail` = `<document>:<reason>`), so the monthly access review sees who printed whose record and why.
 * Call inside the transaction that read what is printed.
 */
export async function recordDownload(
  trx: Kysely<DB>,
  ctx: RepoContext,
  d: { readonly patientId: string; readonly document: DownloadedDocument; readonly reason: DownloadReason },
): Promise<void> {
  await appendAudit(trx, ctx, {
    action: 'print',
    entity: 'patient',
    entityId: d.patientId,
    outcome: 'success',
    detail: `${d.document}:${d.reason}`,
  });
}
