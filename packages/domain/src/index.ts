export * from './geometry/index.js';
export * from './case/vocab.js';
export { migrateAssessment, migrateCaseFile, gradeOf, worseGrade, skinOf } from './case/migrate.js';
export * from './case/schema.js';
export * from './case/validate.js';
export * from './case/json-schema.js';
export * from './evidence/citations.js';
export * from './evidence/thresholds.js';
export * from './face/landmarks.js';
export * from './face/mirror.js';
export * from './face/frame.js';
export * from './face/calibration.js';
export * from './face/synthetic.js';
export { CANONICAL_TRIANGLES, CANONICAL_VERTICES_CM } from './face/canonical-mesh.data.js';
export * from './metrics/types.js';
export * from './metrics/measure.js';
export * from './metrics/bands.js';
export * from './zones/types.js';
export * from './planner/types.js';
export * from './zones/check.js';
export * from './zones/build.js';
export { estimateTragus, lateralSign } from './zones/tragus.js';
export * from './face/regions.js';
export * from './render/svg.js';
export * from './geometry/polyline-at.js';
export * from './catalogue/threads.js';
export * from './candidacy/types.js';
export * from './candidacy/criteria.js';
export { assessCandidacy, frontMeasurements } from './candidacy/assess.js';
export { daysBetween } from './candidacy/dates.js';
export { REGION_NAME } from './candidacy/region-names.js';
export * from './planner/rule-types.js';
export { RULE_SET, RULES, REGION_DEFAULTS, ZONE_RULES } from './planner/rules.js';
export { evaluate, type PlacementDraft, type ParameterPlan, type SkippedScope } from './planner/evaluate.js';
export { evalExpr, exprText } from './planner/dsl.js';
export { deriveFacts, REGION_METRICS } from './planner/facts.js';
export { RISK_TEMPLATES, mergeRisks, type RiskTemplateId } from './planner/risk-rates.js';
export {
  PATIENT_RATE,
  PATIENT_REASON,
  patientRate,
  patientReason,
  templatesOf,
} from './wording/patient-risk.js';
export { planCase, provisionalReasons, type PlanResult, type PlanOptions } from './planner/plan.js';
export { projectPlan } from './planner/project.js';
export { anchorPoint, anchorPosition } from './planner/anchor.js';
export { checkSafety, segmentSafety, type SafetyContext, type SafetyResult } from './planner/safety.js';
export {
  applyPlanEdits,
  frontGeometry,
  moveEntry,
  movePathEnd,
  recheckPlacements,
  FaceAnchorSchema,
  PlanEditError,
  SAFETY_FINDING_CODES,
  ThreadPlacementSchema,
  rerouteEntry,
  resetPlacement,
  switchTemplate,
  editPlacement,
  validatePlacementEdits,
  withPlacementChoices,
  choicesOf,
  EDIT_LENGTH_TOLERANCE_MM,
  PLACEMENT_PROBLEM_CODES,
  type PlacementChanges,
  type PlacementChoices,
  type PlacementProblem,
  type PlacementProblemCode,
  type PlanEdits,
  type SafetyGeometry,
} from './planner/edit.js';
export { triageFindings, type Triage, type AcceptedGroup } from './planner/triage.js';
export {
  placeDraft,
  resolvePoint,
  type GeometryContext,
  type PlacementAlternatives,
  type TemplateOption,
} from './planner/geometry.js';
export {
  TECHNIQUE_TEMPLATES,
  techniqueTemplate,
  templatesFor,
  type TechniqueTemplate,
} from './planner/templates.js';
export { faceOutline, onFace, usablePathLength, PATH_LENGTH_TOLERANCE_MM } from './planner/layout.js';
export { renderRulesDoc } from './planner/rules-doc.js';
export { makeCase, SYNTHETIC_IMAGE, type MakeCaseOptions } from './planner/test-factory.js';
export * from './aftercare/index.js';
export * from './wording/index.js';
export { RISK_TEXT_KO, riskText } from './planner/risk-text-ko.js';
export * from './record/index.js';
export * from './patient/age.js';
export * from './gs1/parse.js';
export * from './procedure/match.js';
export * from './followup/similarity.js';
export * from './followup/consistency.js';
export * from './followup/change.js';
export * from './face/crop.js';
