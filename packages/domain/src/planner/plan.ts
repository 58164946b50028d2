/**
 * planCase: the whole pipeline for one case, pure and deterministic (the reference date is the case's
 * visitDate). candidacy -> front-photo measurements -> facts -> rules -> geometry -> danger-zone check.
 */
import type { CaseFile } from '../case/schema.js';
import { assessCandidacy } from '../candidacy/assess.js';
import type { Candidacy } from '../candidacy/types.js';
import { catalogueEntry } from '../catalogue/threads.js';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame } from '../face/frame.js';
import { measurePhoto } from '../metrics/measure.js';
import type { ViewMeasurements } from '../metrics/types.js';
import { buildDangerZones } from '../zones/build.js';
import { evaluate, type PlacementDraft } from './evaluate.js';
import { deriveFacts } from './facts.js';
import { placeDraft, type PlacementAlternatives } from './geometry.js';
import { mergeRisks } from './risk-rates.js';
import type { RuleSet } from './rule-types.js';
import { RULE_SET } from './rules.js';
import { checkSafety, segmentSafety } from './safety.js';
import { triageFindings, type Triage } from './triage.js';
import type { PlanFinding, RiskFlag, ThreadPlacement, TraceEntry } from './types.js';

export interface PlanResult {
  readonly ruleSetVersion: string;
  readonly caseId: string;
  readonly visitDate: string;
  readonly candidacy: Candidacy;
  /** Measurements of the front photo; null without one. */
  readonly measurements: ViewMeasurements | null;
  readonly placements: readonly ThreadPlacement[];
  readonly findings: readonly PlanFinding[];
  readonly risks: readonly RiskFlag[];
  readonly trace: readonly TraceEntry[];
  /** Per placement, the other published techniques of its region (switchTemplate applies one). */
  readonly alternatives: readonly PlacementAlternatives[];
  /** The findings in the order a doctor acts on them (triage.ts). */
  readonly triage: Triage;
  /** Non-null when any photo's landmarks come from a failed quality gate: the whole plan is provisional. */
  readonly provisional: { readonly reasons: readonly string[] } | null;
}

/** Why a case's plan is provisional: every failed quality check of every photo, named by view. */
export function provisionalReasons(caseFile: Pick<CaseFile, 'photos'>): string[] {
  return caseFile.photos.flatMap((p) =>
    (p.landmarks.quality ?? [])
      .filter((q) => q.status === 'fail')
      .map((q) => `${p.view} photo failed the quality gate (${q.check}): ${q.message.en}`),
  );
}

export interface PlanOptions {
  readonly ruleSet?: RuleSet;
}

const describeDraft = (d: PlacementDraft): string =>
  `${d.count} × ${catalogueEntry(d.catalogueId).name.en} ${d.gauge}, ${d.plane}, ${d.fixation}, ${d.tension} tension, ${d.vector} vector`;

export function planCase(caseFile: CaseFile, options: PlanOptions = {}): PlanResult {
  const ruleSet = options.ruleSet ?? RULE_SET;
  const front = caseFile.photos.find((p) => p.view === 'front');
  const measurements = front ? measurePhoto(front, caseFile.patient.pupillaryDistanceMm) : null;
  const candidacy = assessCandidacy(caseFile, undefined, measurements);
  const facts = deriveFacts(caseFile, measurements, candidacy);
  const { plan, trace } = evaluate(ruleSet, facts);
  const findings: PlanFinding[] = [...plan.findings];
  const placements: ThreadPlacement[] = [];
  const fullTrace: TraceEntry[] = [...trace];
  const alternatives: PlacementAlternatives[] = [];
  if (!front) {
    // Without landmarks there is no geometry: the assessment-derived parameters are reported, not placed.
    for (const d of plan.drafts) {
      findings.push({
        level: 'info',
        code: 'not-planned',
        message: `${d.region} ${d.side}: ${describeDraft(d)} from the assessment; not placed (needs a front photo)`,
        cite: ['design-elements'],
      });
    }
  } else {
    const frame = buildFaceFrame(
      front.landmarks,
      calibrate(front.landmarks, caseFile.patient.pupillaryDistanceMm),
    );
    const zones = buildDangerZones(front.landmarks, frame, 'front');
    const ctx = {
      landmarks: front.landmarks,
      frame,
      zones,
      segmentOk: segmentSafety(zones, ruleSet.zoneRules),
    };
    const choices: string[] = [];
    for (const d of plan.drafts) {
      const placed = placeDraft(ctx, d);
      if (!placed) {
        findings.push({
          level: 'info',
          code: 'not-planned',
          message: `${d.region} ${d.side}: no geometry defined for this region`,
          cite: ['technique-defaults-caveat'],
        });
        continue;
      }
      placements.push(placed.placement);
      choices.push(placed.choice);
      alternatives.push({
        placementId: placed.placement.id,
        current: placed.placement.templateId ?? '',
        options: placed.alternatives,
      });
      if (!placed.layout.fits) {
        findings.push({
          level: 'warning',
          code: 'path-end-outside-target',
          placementId: placed.placement.id,
          message: `${placed.placement.id}: no published technique fits this face as planned (${placed.layout.problem}); adjust the path or choose another technique`,
          cite: ['design-elements', 'technique-defaults-caveat'],
        });
      }
    }
    fullTrace.push({
      ruleId: 'geometry-entry-choice',
      fired: choices.length > 0,
      because: choices.length > 0 ? choices.join('; ') : 'no threads to place',
      effects: [],
      cite: ['design-elements', 'design-key-vector', 'region-summary'],
    });
    const safety = checkSafety(placements, {
      landmarks: front.landmarks,
      frame,
      zones,
      justifications: caseFile.justifications ?? [],
      zoneRules: ruleSet.zoneRules,
    });
    findings.push(...safety.findings);
    fullTrace.push(...safety.trace);
  }
  return {
    ruleSetVersion: ruleSet.version,
    caseId: caseFile.caseId,
    visitDate: caseFile.visitDate,
    candidacy,
    measurements,
    placements,
    findings,
    risks: mergeRisks(plan.risks),
    trace: fullTrace,
    provisional: (() => {
      const reasons = provisionalReasons(caseFile);
      return reasons.length ? { reasons } : null;
    })(),
    alternatives,
    triage: triageFindings(findings),
  };
}
