import type { DownloadReason } from '@liftplan/api';
import { renderConsentPdf } from '@liftplan/report';
import type { RepoContext } from '../db/context.js';
import type { Consent, ConsentRepository, ConsentStatus } from '../db/repos/consents.js';
import { renderFailure } from './reports.js';

/**
 * The clinic's time zone for printed times. liftplan-default: clinics are in Korea; a per-clinic setting
 * belongs with the organisation's details when a clinic elsewhere needs it.
 */
export const CLINIC_TIME_ZONE = 'Asia/Seoul';

/** `2025-03-01 18:15 (Asia/Seoul)` for an ISO instant. */
export function clinicTime(iso: string, timeZone: string = CLINIC_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${timeZone})`;
}

/** Consent for the rest of the server: the status a checklist reads, and the signed copy as PDF. */
export class ConsentService {
  constructor(private readonly consents: ConsentRepository) {}

  /** Whether the patient signed the consent of this plan version (for the sign checklist and procedures). */
  consentStatus(ctx: RepoContext, planVersionId: string): Promise<ConsentStatus> {
    return this.consents.status(ctx, planVersionId);
  }

  /** The signed copy the patient takes home. */
  async pdf(
    ctx: RepoContext,
    consentId: string,
    reason: DownloadReason,
  ): Promise<{ pdf: Buffer; filename: string; consent: Consent }> {
    const consent = await this.consents.printCopy(ctx, consentId, reason);
    let pdf: Buffer;
    try {
      pdf = await renderConsentPdf(consent.document, {
        signerName: consent.signerName,
        signerRelation: consent.signerRelation,
        path: consent.signaturePath,
        signedAtText: clinicTime(consent.signedAt),
        photoScopes: consent.photoScopes,
        recordedBy: consent.recordedBy,
      });
    } catch (e) {
      throw renderFailure(e);
    }
    return { pdf, filename: `consent-${consent.signedAt.slice(0, 10)}-${consent.locale}.pdf`, consent };
  }
}
