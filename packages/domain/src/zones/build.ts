import type { LandmarkSet } from '../case/schema.js';
import { SIDES, type Side, type View } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { faceLandmark, pupilCentre, toFace, type FaceFrame } from '../face/frame.js';
import {
  BROW_LOWER,
  JAW_BORDER,
  MESH,
  PAIRED,
  ZONE_LANDMARKS,
  type PairedLandmark,
} from '../face/landmarks.js';
import { polylineYAtX } from '../geometry/polyline-at.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { lerp } from '../geometry/vec.js';
import { sideVisible } from '../metrics/context.js';
import { estimateTragus, lateralSign, TRAGUS_REASON } from './tragus.js';
import type { DangerZone, DangerZoneKind, DepthPart, ZoneShape } from './types.js';
import { clipBelow } from './depth.js';

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
  const withWhy = why.length > 0 ? { ...zone, estimateReason: why.join('; ') } : zone;
  return spec.depthProfile ? { ...withWhy, depthProfile: spec.depthProfile } : withWhy;
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

  // Seckel DZ2: tragus line, zygoma line to the lateral orbital rim, and the connecting line. The frontal branch
  // runs deep to the SMAS at the arch and pierces into the superficial / intra-SMAS plane ~9.6 mm above it
  // (Pankratz 2020): the zone carries both depths, split at that height above the arch (taken at the tragus).
  const dz2Points = [
    belowTragus,
    shift(browEnd, 0, T.dz2AboveBrowMm.value),
    lm(c, ZONE_LANDMARKS.lateralOrbitalRim[c.side]),
  ];
  const splitY = tragus[1] + T.frontalBranchSuperficialAboveArchMm.value;
  const archNote = `split ${T.frontalBranchSuperficialAboveArchMm.value} mm above the zygomatic arch, whose level on a frontal photo is taken at the (estimated) tragus (liftplan-default)`;
  const temporalParts = (below: ZoneShape, above: ZoneShape): DepthPart[] => [
    {
      label: 'at and just above the zygomatic arch',
      depth: 'deep-to-smas',
      shape: below,
      basis: 'published',
      note: `nerve on the undersurface of the temporoparietal fascia; ${archNote}`,
      cite: ['temporal-branch-depth', 'frontal-branch-depth-transition'],
    },
    {
      label: `more than ${T.frontalBranchSuperficialAboveArchMm.value} mm above the arch`,
      depth: 'intra-smas',
      shape: above,
      basis: 'published',
      note: `the branch lies in the superficial / intra-SMAS plane; ${archNote}`,
      cite: ['frontal-branch-depth-transition'],
    },
  ];
  const dz2: Spec = {
    ...nerve(
      'temporal-branch',
      { en: 'Temporal branch of the facial nerve (Seckel zone 2)', ko: TEMPORAL_KO },
      'critical',
      { kind: 'polygon', points: dz2Points },
      [
        'seckel-dz2-temporal',
        'temporal-branch-depth',
        'frontal-branch-depth-transition',
        'tragus-not-frontal',
      ],
      tragusLateral,
    ),
    depthProfile: temporalParts(
      { kind: 'polygon', points: clipBelow(dz2Points, splitY, true) },
      { kind: 'polygon', points: clipBelow(dz2Points, splitY, false) },
    ),
  };
  const pitLine = [belowTragus, shift(browEnd, 0, T.pitanguyAboveBrowMm.value)] as const;
  const pitSplit = lerp(
    pitLine[0],
    pitLine[1],
    (splitY - pitLine[0][1]) / (pitLine[1][1] - pitLine[0][1] || 1),
  );
  const pitMid = facePoint(pitSplit[0], pitSplit[1]);
  const hw = T.pitanguyHalfWidthMm.value;
  const pitanguy: Spec = {
    ...nerve(
      'temporal-branch',
      { en: 'Temporal branch of the facial nerve (Pitanguy line)', ko: `${TEMPORAL_KO} – Pitanguy 선` },
      'critical',
      corridor(pitLine, hw),
      ['pitanguy-line', 'temporal-branch-arch-zone', 'frontal-branch-depth-transition', 'tragus-not-frontal'],
      tragusLateral,
    ),
    depthProfile: temporalParts(corridor([pitLine[0], pitMid], hw), corridor([pitMid, pitLine[1]], hw)),
  };
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
  // Depth by segment (Trzeciak 2025): ~9–10 mm deep from the mandible to the ala, 4.7 mm between the ala and the
  // medial canthus and 2.4 mm at the canthus: the angular segment is shallow enough for any thread plane.
  const faLine = [
    lm(c, ZONE_LANDMARKS.antegonialNotch[c.side]),
    shift(commissure, s * T.facialArteryLateralToCommissureMm.value, 0),
    shift(pl(c, 'alarBase'), s * T.facialArteryLateralToAlarBaseMm.value, 0),
    pl(c, 'innerCanthus'),
  ];
  const faHw = T.facialArteryHalfWidthMm.value;
  const facialArtery: Spec = {
    depthProfile: [
      {
        label: 'mandible to the ala (9.2–10.3 mm deep)',
        depth: 'deep-to-smas',
        shape: corridor(faLine.slice(0, 3), faHw),
        basis: 'published',
        note: 'depth 9.72 mm at the cheilion, 10.34 mm commissure–ala, 9.21 mm at the ala',
        cite: ['facial-artery-depth'],
      },
      {
        label: 'angular artery, ala to the medial canthus (4.7–2.4 mm deep)',
        depth: 'subcutaneous',
        shape: corridor(faLine.slice(2), faHw),
        basis: 'published',
        note: 'depth 4.68 mm between the ala and the medial canthus, 2.38 mm at the canthus: within reach of every thread plane',
        cite: ['facial-artery-depth'],
      },
    ],
    kind: 'facial-artery',
    name: { en: 'Facial and angular artery', ko: '안면동맥 / 눈구석동맥' },
    structure: 'artery',
    depth: 'deep-to-smas',
    severity: 'high',
    shape: corridor(faLine, faHw),
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
  // Stringer 2012 (ultrasound): 93 % of ducts within 1.5 cm of the middle half of the lower-tragus→cheilion line
  // and 94 % below the tragus–mid-philtrum line. The band is that: the middle half, from the tragus–mid-philtrum
  // line down to 15 mm below the tragus–cheilion line (the 100 %-middle-third of Uzmansel lies inside it).
  const midPhiltrum = lerp(lm(c, MESH.subnasale), lm(c, MESH.upperLipTop), 0.5);
  const along = (t: number): FacePoint => {
    const p = lerp(tragus, commissure, t);
    return facePoint(p[0], p[1]);
  };
  const dir = [commissure[0] - tragus[0], commissure[1] - tragus[1]] as const;
  const dl = Math.hypot(dir[0], dir[1]) || 1;
  // Unit normal of the tragus–cheilion line pointing down (inferior).
  const n0: readonly [number, number] = [dir[1] / dl, -dir[0] / dl];
  const down: readonly [number, number] = n0[1] <= 0 ? n0 : [-n0[0], -n0[1]];
  const below = (t: number): FacePoint => {
    const p = along(t);
    const b = T.parotidBandHalfWidthMm.value;
    return facePoint(p[0] + down[0] * b, p[1] + down[1] * b);
  };
  const upper = (t: number): FacePoint => {
    const p = lerp(tragus, midPhiltrum, t);
    return facePoint(p[0], p[1]);
  };
  const parotid: Spec = {
    kind: 'parotid-duct',
    name: { en: 'Parotid duct', ko: '귀밑샘관 (이하선관, 스텐슨관)' },
    structure: 'duct',
    depth: 'deep-to-smas',
    severity: 'moderate',
    shape: { kind: 'polygon', points: [upper(0.25), upper(0.75), below(0.75), below(0.25)] },
    cite: ['parotid-duct-band', 'parotid-duct-philtrum-line', 'parotid-duct-third', 'tragus-not-frontal'],
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
