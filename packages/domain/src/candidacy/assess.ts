import type { CaseFile } from '../case/schema.js';
import { measurePhoto } from '../metrics/measure.js';
import type { ViewMeasurements } from '../metrics/types.js';
import { CANDIDACY_CRITERIA, type CandidacyCriterion } from './criteria.js';
import { VERDICT_LABEL, verdictRank, type Candidacy, type CandidacyReason } from './types.js';

/**
 * Candidacy for a thread lift (product step 5): every criterion that applies becomes a reason; the verdict is
 * the most severe one, 'good' when none applies. Pure and deterministic.
 */
export function assessCandidacy(
  caseFile: CaseFile,
  criteria: readonly CandidacyCriterion[] = CANDIDACY_CRITERIA,
  front: ViewMeasurements | null = frontMeasurements(caseFile),
): Candidacy {
  const reasons: CandidacyReason[] = [];
  for (const k of criteria) {
    const hit = k.check(caseFile, front);
    if (!hit) continue;
    const base = { id: k.id, verdict: k.verdict, text: hit.text, cite: k.cite };
    reasons.push(hit.regions ? { ...base, regions: hit.regions } : base);
  }
  // Stable sort keeps criterion order within a verdict.
  reasons.sort((a, b) => verdictRank(b.verdict) - verdictRank(a.verdict));
  const verdict = reasons[0]?.verdict ?? 'good';
  return { verdict, label: VERDICT_LABEL[verdict], reasons };
}

/** Measurements of the case's front photo (null without one): what the measured criteria read. */
export function frontMeasurements(caseFile: CaseFile): ViewMeasurements | null {
  const front = caseFile.photos.find((p) => p.view === 'front');
  return front ? measurePhoto(front, caseFile.patient.pupillaryDistanceMm) : null;
}
