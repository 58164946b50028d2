/**
 * The bundled example cases, built deterministically from the MediaPipe canonical face mesh (no real
 * patients). `scripts/build-examples.ts` writes them to `examples/*.case.json`; a test checks the committed
 * files still equal what this module builds, so the examples cannot drift from their recipe.
 */
import {
  CANONICAL_VERTICES_CM,
  CASE_FORMAT_VERSION,
  HISTORY_FLAGS,
  JOWL_POINTS,
  PAIRED,
  REGIONS,
  syntheticFace,
  type Assessment,
  type CandidacyVerdict,
  type CaseFile,
  type HistoryFlag,
  type Patient,
  type Region,
  type Side,
  type SyntheticFaceOptions,
} from '@liftplan/domain';

export interface ExampleCase {
  /** File stem: `examples/<name>.case.json`. */
  readonly name: string;
  /** One line for examples/README.md. */
  readonly summary: string;
  /** The candidacy verdict the example is meant to show (checked by the golden tests). */
  readonly expectedVerdict: CandidacyVerdict;
  readonly caseFile: CaseFile;
}

export const EXAMPLE_IMAGE = { width: 1000, height: 1250 } as const;
const PX_PER_MM = 4;
const CENTRE: [number, number] = [500, 625];
const VISIT_DATE = '2025-03-14';

const SYNTHETIC_NOTE =
  'SYNTHETIC EXAMPLE, NOT A REAL PATIENT. The face mesh is generated from the MediaPipe canonical face mesh ' +
  '(deformed as described here) and projected into a 1000×1250 px frontal image at 4 px/mm; there is no photo.';

type Vec3 = readonly [number, number, number];
type Displacements = Map<number, Vec3>;

function addDisplacement(map: Displacements, index: number, d: Vec3): void {
  const old = map.get(index) ?? [0, 0, 0];
  map.set(index, [old[0] + d[0], old[1] + d[1], old[2] + d[2]]);
}

/** Moves the jowl points of one side down (model frame: y up, so a drop is negative y). */
function dropJowl(map: Displacements, side: Side, mm: number): void {
  for (const i of JOWL_POINTS[side]) addDisplacement(map, i, [0, -mm, 0]);
}

/** Moves both mouth corners down. */
function dropCommissures(map: Displacements, mm: number): void {
  for (const side of ['left', 'right'] as const) {
    addDisplacement(map, PAIRED.mouthCorner[side], [0, -mm, 0]);
  }
}

/**
 * Widens (factor > 0) or narrows (factor < 0) the face smoothly around a height `centreY` (mm, model frame):
 * every vertex's x grows by `x * factor * exp(-((y - centreY) / spreadMm)²)`. A smooth bump, not a spike at
 * one landmark, so the mesh stays a plausible face.
 */
function widenBand(map: Displacements, centreY: number, spreadMm: number, factor: number): void {
  CANONICAL_VERTICES_CM.forEach(([xCm, yCm], i) => {
    const x = xCm * 10;
    const y = yCm * 10;
    const w = Math.exp(-(((y - centreY) / spreadMm) ** 2));
    if (w > 1e-6) addDisplacement(map, i, [x * factor * w, 0, 0]);
  });
}

const ZYGION_Y_MM = (CANONICAL_VERTICES_CM[PAIRED.zygion.left]?.[1] ?? 0) * 10;
const GONION_Y_MM = (CANONICAL_VERTICES_CM[PAIRED.gonion.left]?.[1] ?? 0) * 10;

/** Rounds every coordinate to 0.01 px so that the files stay readable and diff well. */
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function frontPhoto(options: SyntheticFaceOptions): CaseFile['photos'][number] {
  const lm = syntheticFace({ pxPerMm: PX_PER_MM, centre: CENTRE, iris: true, ...options });
  const roundPoint = (p: readonly [number, number, number]): [number, number, number] => [
    round2(p[0]),
    round2(p[1]),
    round2(p[2]),
  ];
  return {
    view: 'front',
    image: { width: EXAMPLE_IMAGE.width, height: EXAMPLE_IMAGE.height },
    landmarks: {
      ...lm,
      mesh: lm.mesh.map(roundPoint),
      ...(lm.iris ? { iris: lm.iris.map(roundPoint) } : {}),
      quality: [
        {
          check: 'synthetic',
          status: 'warn',
          message: {
            en: 'Synthetic landmarks from the MediaPipe canonical mesh: not a photo of a person.',
            ko: 'MediaPipe 표준 메시로 생성한 합성 랜드마크입니다. 실제 사람의 사진이 아닙니다.',
          },
        },
      ],
    },
  };
}

function history(yes: readonly HistoryFlag[] = []): Patient['history'] {
  const out = Object.fromEntries(HISTORY_FLAGS.map((f) => [f, yes.includes(f)]));
  return out as Patient['history'];
}

function grades(g: Partial<Record<Region, number>>): Assessment['grades'] {
  return Object.fromEntries(REGIONS.map((r) => [r, g[r] ?? 0])) as Assessment['grades'];
}

interface Recipe {
  name: string;
  summary: string;
  expectedVerdict: CandidacyVerdict;
  description: string;
  patient: Omit<Patient, 'history'> & { historyYes?: readonly HistoryFlag[] };
  assessment: Assessment;
  face: SyntheticFaceOptions;
}

function build(r: Recipe): ExampleCase {
  const { historyYes, id, age, sex, ...rest } = r.patient;
  const caseFile: CaseFile = {
    format: 'liftplan.case',
    version: CASE_FORMAT_VERSION,
    caseId: `example-${r.name}`,
    visitDate: VISIT_DATE,
    note: `${SYNTHETIC_NOTE} ${r.description}`,
    patient: { id, age, sex, history: history(historyYes), ...rest },
    assessment: r.assessment,
    photos: [frontPhoto(r.face)],
  };
  return { name: r.name, summary: r.summary, expectedVerdict: r.expectedVerdict, caseFile };
}

function displacements(f: (m: Displacements) => void): Displacements {
  const m: Displacements = new Map();
  f(m);
  return m;
}

const RECIPES: readonly Recipe[] = [
  {
    name: 'mild-symmetric',
    summary: '38-year-old, early symmetric laxity (grades 1–2), good skin: a straightforward candidate.',
    expectedVerdict: 'good',
    description: 'Undeformed canonical face: symmetric, no jowl beyond the jawline’s own curve.',
    patient: {
      id: 'EX-0001',
      age: 38,
      sex: 'female',
      previousProcedures: [
        { kind: 'botulinum-toxin', regions: ['brow'], date: '2024-06-02', note: 'crow’s feet and glabella' },
      ],
      concerns: [
        { region: 'jowl', side: 'both', note: 'softening jawline' },
        { region: 'nasolabial', side: 'both' },
      ],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ brow: 1, midface: 1, nasolabial: 2, jowl: 1, marionette: 1, neck: 0 }),
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'II',
      fitzpatrick: 'III',
      assessedBy: 'example clinician',
    },
    face: {},
  },
  {
    name: 'asymmetric-jowl',
    summary: '47-year-old with a left jowl 5 mm lower than the right (perceptible asymmetry).',
    expectedVerdict: 'good',
    description: 'The subject’s LEFT jowl points (mesh 365, 379, 378) are moved 5 mm down.',
    patient: {
      id: 'EX-0002',
      age: 47,
      sex: 'female',
      previousProcedures: [
        {
          kind: 'temporary-filler',
          regions: ['nasolabial'],
          date: '2023-11-20',
          note: 'hyaluronic acid, both sides',
        },
        { kind: 'dental-work', regions: [], date: '2024-09-03', note: 'crown, lower left molar' },
      ],
      concerns: [
        { region: 'jowl', side: 'left', note: 'left jawline heavier than right' },
        { region: 'marionette', side: 'left' },
      ],
      expectations: 'realistic',
      pupillaryDistanceMm: 62,
    },
    assessment: {
      grades: grades({ brow: 1, midface: 2, nasolabial: 2, jowl: 3, marionette: 2, neck: 1 }),
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'II',
      fitzpatrick: 'III',
      assessedBy: 'example clinician',
    },
    face: {
      displace: displacements((m) => {
        dropJowl(m, 'left', 5);
      }),
    },
  },
  {
    name: 'thin-skin-over-50',
    summary: '56-year-old with thin skin and fair elasticity: higher dimpling and visibility risk.',
    expectedVerdict: 'caution',
    description: 'Both jowls 2 mm lower and both mouth corners 1.5 mm lower than the canonical face.',
    patient: {
      id: 'EX-0003',
      age: 56,
      sex: 'female',
      previousProcedures: [
        { kind: 'energy-device', regions: ['midface', 'jowl'], date: '2024-02-10', note: 'HIFU' },
      ],
      concerns: [
        { region: 'jowl', side: 'both' },
        { region: 'marionette', side: 'both' },
        { region: 'midface', side: 'both', note: 'tired look' },
      ],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ brow: 2, midface: 2, nasolabial: 3, jowl: 2, marionette: 2, neck: 2 }),
      skinThickness: 'thin',
      elasticity: 'fair',
      fat: 'deflated',
      glogau: 'III',
      fitzpatrick: 'II',
      assessedBy: 'example clinician',
    },
    face: {
      displace: displacements((m) => {
        dropJowl(m, 'left', 2);
        dropJowl(m, 'right', 2);
        dropCommissures(m, 1.5);
      }),
    },
  },
  {
    name: 'heavy-face-refer',
    summary: '61-year-old, heavy lower face with grade 4 jowls: beyond what threads can lift; refer.',
    expectedVerdict: 'refer-surgical',
    description:
      'Both jowls 4 mm lower and the face 6 % broader around the jaw (a smooth band centred on the gonion).',
    patient: {
      id: 'EX-0004',
      age: 61,
      sex: 'male',
      previousProcedures: [],
      concerns: [
        { region: 'jowl', side: 'both', note: 'heavy jowls' },
        { region: 'neck', side: 'both' },
      ],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ brow: 2, midface: 3, nasolabial: 3, jowl: 4, marionette: 3, neck: 4 }),
      skinThickness: 'thick',
      elasticity: 'poor',
      fat: 'heavy',
      glogau: 'IV',
      fitzpatrick: 'IV',
      assessedBy: 'example clinician',
    },
    face: {
      displace: displacements((m) => {
        widenBand(m, GONION_Y_MM, 20, 0.06);
        dropJowl(m, 'left', 4);
        dropJowl(m, 'right', 4);
      }),
    },
  },
  {
    name: 'contraindicated-pregnancy',
    summary: '33-year-old, pregnant: contraindicated whatever the face shows.',
    expectedVerdict: 'contraindicated',
    description: 'Undeformed canonical face; the history records a current pregnancy.',
    patient: {
      id: 'EX-0005',
      age: 33,
      sex: 'female',
      historyYes: ['pregnant'],
      previousProcedures: [],
      concerns: [{ region: 'midface', side: 'both' }],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ brow: 1, midface: 2, nasolabial: 1, jowl: 1, marionette: 0, neck: 0 }),
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'I',
      fitzpatrick: 'III',
      assessedBy: 'example clinician',
    },
    face: {},
  },
  {
    name: 'wide-midface',
    summary:
      '44-year-old with a midface wide relative to the jaw (lower-face width ratio 0.68, below 0.72): vertical ' +
      'vectors; earlier jowl threads (2023) add a caution.',
    expectedVerdict: 'caution',
    description:
      'The face is 9 % broader around the cheekbones (a smooth band centred on the zygion) and 4 % narrower ' +
      'around the jaw, so that bigonial/bizygomatic width drops from 0.78 to about 0.68.',
    patient: {
      id: 'EX-0006',
      age: 44,
      sex: 'female',
      previousProcedures: [
        {
          kind: 'threads',
          regions: ['jowl'],
          date: '2023-05-22',
          note: 'PDO cog threads, both sides',
        },
      ],
      concerns: [
        { region: 'midface', side: 'both', note: 'flat cheeks' },
        { region: 'jowl', side: 'both' },
      ],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ brow: 1, midface: 2, nasolabial: 2, jowl: 2, marionette: 1, neck: 1 }),
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'II',
      fitzpatrick: 'IV',
      assessedBy: 'example clinician',
    },
    face: {
      displace: displacements((m) => {
        widenBand(m, ZYGION_Y_MM, 20, 0.09);
        widenBand(m, GONION_Y_MM, 15, -0.04);
      }),
    },
  },
  {
    name: 'prior-filler',
    summary:
      '44-year-old with permanent filler in the cheeks and a recent hyaluronic filler at the folds: the midface is left out, the folds carry a caution.',
    expectedVerdict: 'caution',
    description: 'Undeformed canonical face.',
    patient: {
      id: 'EX-0007',
      age: 44,
      sex: 'female',
      previousProcedures: [
        {
          kind: 'permanent-filler',
          regions: ['midface'],
          date: '2024-06-10',
          note: 'polyacrylamide gel, both cheeks',
        },
        { kind: 'temporary-filler', regions: ['nasolabial'], date: '2025-03-06', note: 'hyaluronic acid' },
      ],
      concerns: [
        { region: 'midface', side: 'both' },
        { region: 'nasolabial', side: 'both' },
      ],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ brow: 1, midface: 2, nasolabial: 2, jowl: 2, marionette: 1 }),
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'II',
      fitzpatrick: 'III',
      assessedBy: 'example clinician',
    },
    face: {},
  },
  {
    name: 'anticoagulants',
    summary:
      '52-year-old on an antiplatelet: blunt cannula and pressure on every thread, bruising raised with the published rates.',
    expectedVerdict: 'caution',
    description: 'Undeformed canonical face.',
    patient: {
      id: 'EX-0008',
      age: 52,
      sex: 'female',
      historyYes: ['anticoagulantsOrAntiplatelets'],
      previousProcedures: [],
      concerns: [{ region: 'jowl', side: 'both' }],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ midface: 2, nasolabial: 2, jowl: 2, marionette: 1 }),
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'II',
      fitzpatrick: 'III',
      assessedBy: 'example clinician',
    },
    face: {},
  },
  {
    name: 'wide-midface-moderate',
    summary:
      '41-year-old with a moderately wide midface (width-to-height above the cut-off): anti-widening design, counts and tension held back.',
    expectedVerdict: 'good',
    description:
      'The canonical face widened 6 % across the midface band (smooth bump around the zygion height).',
    patient: {
      id: 'EX-0009',
      age: 41,
      sex: 'female',
      previousProcedures: [],
      concerns: [{ region: 'midface', side: 'both', note: 'does not want a wider face' }],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ midface: 3, nasolabial: 2, jowl: 2 }),
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'II',
      fitzpatrick: 'III',
      assessedBy: 'example clinician',
    },
    face: {
      displace: displacements((m) => {
        widenBand(m, ZYGION_Y_MM, 25, 0.06);
      }),
    },
  },
  {
    name: 'large-asymmetry',
    summary:
      '46-year-old with the left jowl 12 mm lower than the right: beyond what threads correct, deferred for a work-up.',
    expectedVerdict: 'defer',
    description: 'The subject’s LEFT jowl points (mesh 365, 379, 378) are moved 12 mm down.',
    patient: {
      id: 'EX-0010',
      age: 46,
      sex: 'female',
      previousProcedures: [],
      concerns: [{ region: 'jowl', side: 'left', note: 'left side much heavier' }],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ midface: 2, nasolabial: 2, jowl: 3, marionette: 2 }),
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'II',
      fitzpatrick: 'III',
      assessedBy: 'example clinician',
    },
    face: {
      displace: displacements((m) => {
        dropJowl(m, 'left', 12);
      }),
    },
  },
  {
    name: 'age-70',
    summary:
      '70-year-old: outside the 30–60 band of published series; a caution with what is known (dimpling and infection higher over 50).',
    expectedVerdict: 'caution',
    description: 'Undeformed canonical face with both mouth corners 2 mm lower.',
    patient: {
      id: 'EX-0011',
      age: 70,
      sex: 'male',
      previousProcedures: [],
      concerns: [{ region: 'jowl', side: 'both' }],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ midface: 2, nasolabial: 2, jowl: 2, marionette: 2 }),
      skinThickness: 'normal',
      elasticity: 'fair',
      fat: 'balanced',
      glogau: 'III',
      fitzpatrick: 'IV',
      assessedBy: 'example clinician',
    },
    face: {
      displace: displacements((m) => {
        dropCommissures(m, 2);
      }),
    },
  },
  {
    name: 'temple-anchored-jowl',
    summary:
      '49-year-old with heavy lower-face tissue and a marked jowl: U-suspension anchored at the temple with long threads, anchoring risks shown.',
    expectedVerdict: 'good',
    description: 'Undeformed canonical face; both jowls 3 mm lower.',
    patient: {
      id: 'EX-0012',
      age: 49,
      sex: 'female',
      previousProcedures: [],
      concerns: [{ region: 'jowl', side: 'both', note: 'heavy jawline' }],
      expectations: 'realistic',
    },
    assessment: {
      grades: grades({ jowl: 3, marionette: 1 }),
      skinThickness: 'thick',
      elasticity: 'good',
      fat: 'heavy',
      glogau: 'II',
      fitzpatrick: 'III',
      assessedBy: 'example clinician',
    },
    face: {
      displace: displacements((m) => {
        dropJowl(m, 'left', 3);
        dropJowl(m, 'right', 3);
      }),
    },
  },
];

/** Every bundled example case, in a fixed order. */
export function buildExampleCases(): ExampleCase[] {
  return RECIPES.map(build);
}

/**
 * JSON text for a case file: two-space indentation, but arrays of numbers (points) on one line, so that a
 * 468-point mesh is 468 lines rather than 2,340.
 */
export function formatCaseJson(value: unknown): string {
  return `${stringify(value, '')}\n`;
}

function stringify(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v === 'number' || typeof v === 'string')) {
      const inline = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (value.every((v) => typeof v === 'number') || inline.length <= 60) return inline;
    }
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + stringify(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** examples/README.md, generated with the cases so that the table always matches the files. */
export function examplesReadme(cases: readonly ExampleCase[]): string {
  const rows = cases.map(
    (c) =>
      `- [\`${c.name}.case.json\`](${c.name}.case.json) — expected verdict **${c.expectedVerdict}**: ${c.summary}`,
  );
  return [
    '# Example cases',
    '',
    '**Every face here is synthetic.** Each case file holds a 468-point face mesh generated from the MediaPipe',
    'canonical face mesh (deformed as its `note` says) and projected into a 1000×1250 px frontal image at',
    '4 px/mm, with iris points. None is a real patient and there are no photos; the detector id is',
    '`synthetic-canonical-mesh`. Patient ids (`EX-000n`) are made up.',
    '',
    ...rows,
    '',
    'The files are generated by `npm run examples` (`scripts/build-examples.ts`, recipes in',
    '`packages/cli/src/example-cases.ts`); edit the recipes, not the JSON. A test fails when the committed files',
    'differ from what the recipes build. The expected plans are committed as golden files in `golden/`',
    '(`<name>.plan.json`); when a rule change alters a plan on purpose, update them with',
    '`npx vitest run packages/cli -u` and review the diff.',
    '',
    'Try one:',
    '',
    '```sh',
    'npx liftplan validate examples/*.case.json',
    'npx liftplan plan examples/asymmetric-jowl.case.json --svg out/asymmetric-jowl.svg',
    '```',
    '',
  ].join('\n');
}
