import type { LandmarkSet } from '../case/schema.js';
import { SIDES, type Side, type View } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { faceLandmark, pupilCentre, toFace, type FaceFrame } from '../face/frame.js';
import { BROW_LOWER, JAW_BORDER, PAIRED, ZONE_LANDMARKS, type PairedLandmark } from '../face/landmarks.js';
import { polylineYAtX } from '../geometry/polyline-at.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { lerp } from '../geometry/vec.js';
import { sideVisible } from '../metrics/context.js';
import { estimateTragus, lateralSign, TRAGUS_REASON } from './tragus.js';
import type { DangerZone, DangerZoneKind, ZoneShape } from './types.js';

const T = THRESHOLDS;

/** What a zone's construction rests on; decides whether (and why) it is an estimate in a given view. */
interface Basis {
  /** Needs the (estimated) tragus. */
  readonly tragus?: boolean;
  /** Lies on the side of the face, foreshortened on a frontal photo. */
  readonly lateral?: boolean;
  /** Built with millimetre offsets or sizes (wrong under a head turn or with an estimated scale). */
  readonly mm?: boolean;
  readonly extra?: string;
}

type Spec = Omit<DangerZone, 'id' | 'side' | 'estimated' | 'estimateReason'> & { readonly basis: Basis };

interface Ctx {
  readonly landmarks: LandmarkSet;
  readonly frame: FaceFrame;
  readonly view: View;
  readonly side: Side;
  /** Lateral sign of this side. */
  readonly s: 1 | -1;
  readonly tragus: FacePoint;
}

const lm = (c: Ctx, index: number): FacePoint => faceLandmark(c.frame, c.landmarks, index);
const pl = (c: Ctx, name: PairedLandmark): FacePoint => lm(c, PAIRED[name][c.side]);
const shift = (p: FacePoint, dx: number, dy: number): FacePoint => facePoint(p[0] + dx, p[1] + dy);
const line = (c: Ctx, indices: readonly number[]): FacePoint[] => indices.map((i) => lm(c, i));

function reasons(c: Ctx, b: Basis): string[] {
  const out: string[] = [];
  if (b.tragus) out.push(TRAGUS_REASON);
  if (b.extra) out.push(b.extra);
  if (c.view === 'front' && b.lateral) {
    out.push('frontal photo: lateral distances are foreshortened as the side of the face turns away');
  }
  if (c.view !== 'front' && !sideVisible(c.view, c.side)) {
    out.push(
      `the ${c.side} side faces away from the camera in the ${c.view} photo: its landmarks are hidden`,
    );
  } else if (c.view !== 'front' && b.mm) {
    out.push(`${c.view} photo: millimetre offsets in the 2-D face frame are foreshortened by the head turn`);
  }
  if (b.mm !== false && c.frame.calibration.estimate) {
    out.push('the millimetre scale is a population estimate (no iris points or measured pupillary distance)');
  }
  return out;
}

function finish(c: Ctx, spec: Spec, idSuffix = ''): DangerZone {
  const why = reasons(c, spec.basis);
  // Built field by field rather than by rest/spread: the specs have several shapes, which makes object spread
  // slow. The key order (and so the JSON) is the one the spread gave.
  const zone: DangerZone = {
    kind: spec.kind,
    name: spec.name,
    structure: spec.structure,
    depth: spec.depth,
    severity: spec.severity,
    shape: spec.shape,
    cite: spec.cite,
    id: `${spec.kind}:${c.side}${idSuffix}`,
    side: c.side,
    estimated: why.length > 0,
  };
  return why.length > 0 ? { ...zone, estimateReason: why.join('; ') } : zone;
}

const circle = (centre: FacePoint, radiusMm: number): ZoneShape => ({ kind: 'circle', centre, radiusMm });
const corridor = (pts: readonly FacePoint[], halfWidthMm: number): ZoneShape => ({
  kind: 'corridor',
  line: pts,
  halfWidthMm,
});

function nerve(
  kind: DangerZoneKind,
  name: DangerZone['name'],
  severity: DangerZone['severity'],
  shape: ZoneShape,
  cite: readonly CitationKey[],
  basis: Basis,
): Spec {
  return { kind, name, structure: 'nerve', depth: 'deep-to-smas', severity, shape, cite, basis };
}

function foramen(
  kind: DangerZoneKind,
  name: DangerZone['name'],
  centre: FacePoint,
  cite: readonly CitationKey[],
): Spec {
  const shape = circle(centre, T.foramenMarginMm.value);
  return {
    kind,
    name,
    structure: 'foramen',
    depth: 'bone',
    severity: 'moderate',
    shape,
    cite,
    basis: { mm: true },
  };
}

const TEMPORAL_KO = '안면신경 측두지 (관자가지)';

function sideZones(c: Ctx): DangerZone[] {
  const { s, tragus } = c;
  const belowTragus = shift(tragus, 0, -T.tragusBelowMm.value);
  const browEnd = pl(c, 'browLateralEnd');
  const commissure = pl(c, 'mouthCorner');
  const jaw = line(c, JAW_BORDER[c.side]);
  const onJaw = (x: number): FacePoint => facePoint(x, polylineYAtX(jaw, x));
  const tragusLateral: Basis = { tragus: true, lateral: true, mm: true };

  // Seckel DZ2: tragus line, zygoma line to the lateral orbital rim, and the connecting line.
  const dz2 = nerve(
    'temporal-branch',
    { en: 'Temporal branch of the facial nerve (Seckel zone 2)', ko: TEMPORAL_KO },
    'critical',
    {
      kind: 'polygon',
      points: [
        belowTragus,
        shift(browEnd, 0, T.dz2AboveBrowMm.value),
        lm(c, ZONE_LANDMARKS.lateralOrbitalRim[c.side]),
      ],
    },
    ['seckel-dz2-temporal', 'temporal-branch-depth', 'tragus-not-frontal'],
    tragusLateral,
  );
  const pitanguy = nerve(
    'temporal-branch',
    { en: 'Temporal branch of the facial nerve (Pitanguy line)', ko: `${TEMPORAL_KO} – Pitanguy 선` },
    'critical',
    corridor([belowTragus, shift(browEnd, 0, T.pitanguyAboveBrowMm.value)], T.pitanguyHalfWidthMm.value),
    ['pitanguy-line', 'temporal-branch-arch-zone', 'tragus-not-frontal'],
    tragusLateral,
  );
  // DZ3: "2 cm posterior to the commissure" is taken along the lateral axis of the face frame, on the jaw contour.
  const mmn = nerve(
    'marginal-mandibular',
    { en: 'Marginal mandibular branch (Seckel zone 3)', ko: '안면신경 하악연지 (하악모서리가지)' },
    'critical',
    circle(onJaw(commissure[0] + s * T.mmnPosteriorToCommissureMm.value), T.mmnZoneRadiusMm.value),
    ['seckel-dz3-mmn', 'mmn-below-border'],
    { lateral: true, mm: true },
  );
  const dz4 = nerve(
    'zygomatic-buccal',
    { en: 'Zygomatic and buccal branches (Seckel zone 4)', ko: '관골지 (광대가지) / 협지 (볼가지)' },
    'high',
    { kind: 'polygon', points: [pl(c, 'malar'), commissure, pl(c, 'gonion')] },
    ['seckel-dz4-zyg-buccal', 'deep-zygomatic-buccal'],
    { mm: false },
  );
  // One depth per zone: 'deep-to-smas' holds for the mandibular and buccal segments (~9–10 mm deep); the
  // artery rises to 4.7–2.4 mm toward the medial canthus, which the planner must treat with care.
  const facialArtery: Spec = {
    kind: 'facial-artery',
    name: { en: 'Facial and angular artery', ko: '안면동맥 / 눈구석동맥' },
    structure: 'artery',
    depth: 'deep-to-smas',
    severity: 'high',
    shape: corridor(
      [
        lm(c, ZONE_LANDMARKS.antegonialNotch[c.side]),
        shift(commissure, s * T.facialArteryLateralToCommissureMm.value, 0),
        shift(pl(c, 'alarBase'), s * T.facialArteryLateralToAlarBaseMm.value, 0),
        pl(c, 'innerCanthus'),
      ],
      T.facialArteryHalfWidthMm.value,
    ),
    cite: [
      'facial-artery-course',
      'facial-artery-antegonial',
      'facial-artery-commissure',
      'facial-artery-nlf-deviation',
      'facial-artery-depth',
    ],
    basis: { mm: true },
  };
  // The STA runs in the temporoparietal fascia, superficial to the plane of the facial nerve.
  const sta: Spec = {
    kind: 'superficial-temporal-artery',
    name: { en: 'Superficial temporal artery', ko: '얕은관자동맥 (천측두동맥)' },
    structure: 'artery',
    depth: 'subcutaneous',
    severity: 'high',
    shape: corridor([tragus, shift(tragus, 0, T.staTrunkLengthMm.value)], T.staHalfWidthMm.value),
    cite: ['sta-course', 'sta-bifurcation', 'sta-gray-division', 'tragus-not-frontal'],
    basis: tragusLateral,
  };
  const parotid: Spec = {
    kind: 'parotid-duct',
    name: { en: 'Parotid duct', ko: '귀밑샘관 (이하선관, 스텐슨관)' },
    structure: 'duct',
    depth: 'deep-to-smas',
    severity: 'moderate',
    // Middle third of the tragus -> commissure line.
    shape: corridor(
      [lerp(tragus, commissure, 1 / 3), lerp(tragus, commissure, 2 / 3)].map((p) => facePoint(p[0], p[1])),
      T.parotidBandHalfWidthMm.value,
    ),
    cite: ['parotid-duct-third', 'parotid-duct-band', 'tragus-not-frontal'],
    basis: tragusLateral,
  };
  // Mid-pupillary line, kept inside the published distance from the midline.
  const pupilX = Math.abs(toFace(c.frame, pupilCentre(c.landmarks, c.side).point)[0]);
  const ioX = Math.min(
    T.infraorbitalFromMidlineMaxMm.value,
    Math.max(T.infraorbitalFromMidlineMinMm.value, pupilX),
  );
  const infraorbital = foramen(
    'infraorbital-foramen',
    { en: 'Infraorbital foramen', ko: '눈확아래구멍' },
    facePoint(s * ioX, lm(c, ZONE_LANDMARKS.infraorbitalRim[c.side])[1] - T.infraorbitalBelowRimMm.value),
    ['infraorbital-foramen', 'infraorbital-midline'],
  );
  const mental = foramen(
    'mental-foramen',
    { en: 'Mental foramen', ko: '턱끝구멍' },
    shift(onJaw(s * T.mentalFromMidlineMm.value), 0, T.mentalAboveBorderMm.value),
    ['mental-foramen'],
  );
  const soX = s * T.supraorbitalFromMidlineMm.value;
  const supraorbital = foramen(
    'supraorbital-foramen',
    { en: 'Supraorbital notch / foramen', ko: '눈확위패임' },
    facePoint(soX, polylineYAtX(line(c, BROW_LOWER[c.side]), soX)),
    ['supraorbital-foramen'],
  );
  // DZ1: the ear canal opens just behind the tragus, so its caudal edge is taken at the tragus height.
  const gan = nerve(
    'great-auricular',
    { en: 'Great auricular nerve (Seckel zone 1)', ko: '큰귀신경 (대이개신경)' },
    'high',
    circle(shift(tragus, 0, -T.ganBelowEarCanalMm.value), T.ganZoneRadiusMm.value),
    ['seckel-dz1-gan', 'gan-depth', 'tragus-not-frontal'],
    {
      ...tragusLateral,
      extra:
        'the ear canal and the sternocleidomastoid are not in the face mesh (best judged on a profile photo)',
    },
  );
  return [
    finish(c, dz2),
    finish(c, pitanguy, ':pitanguy'),
    finish(c, mmn),
    finish(c, dz4),
    finish(c, facialArtery),
    finish(c, sta),
    finish(c, parotid),
    finish(c, infraorbital),
    finish(c, mental),
    finish(c, supraorbital),
    finish(c, gan),
  ];
}

/**
 * All danger zones of both sides in the face frame (mm), from one photo's landmarks (clinical-facts §4). Zones
 * resting on something the mesh lacks or the view hides are returned with `estimated: true` and the reason.
 * The temporal branch has two zones: Seckel's DZ2 triangle (`temporal-branch:<side>`) and the Pitanguy line
 * corridor (`temporal-branch:<side>:pitanguy`).
 */
export function buildDangerZones(landmarks: LandmarkSet, frame: FaceFrame, view: View): DangerZone[] {
  return SIDES.flatMap((side) =>
    sideZones({
      landmarks,
      frame,
      view,
      side,
      s: lateralSign(side),
      tragus: estimateTragus(landmarks, frame, side),
    }),
  );
}
