import { z } from 'zod';
import { ADULTS_ONLY, MAXIMUM_PLANNING_AGE_YEARS, MINIMUM_PLANNING_AGE_YEARS } from '../patient/age.js';
import {
  ELASTICITY,
  FAT_VOLUME,
  FITZPATRICK,
  GLOGAU,
  HISTORY_FLAGS,
  PREVIOUS_PROCEDURE_KINDS,
  REGIONS,
  SIDES,
  SKIN_THICKNESS,
  VIEWS,
  type HistoryFlag,
} from './vocab.js';

/** Version of the case-file format. Bump the minor for additive changes, the major for breaking ones. */
export const CASE_FORMAT_VERSION = '1.1' as const;
/** Shots of one view a burst may hold (the capture protocol takes 3; one retake allowed). */
export const MAX_BURST_SHOTS = 4;

export const MESH_POINT_COUNT = 468;
export const IRIS_POINT_COUNT = 10;

const isoDate = z.iso.date({ error: 'must be a calendar date written YYYY-MM-DD' });
const finite = z.number({ error: 'must be a number' }).refine(Number.isFinite, 'must be a finite number');

export const Point3Schema = z.tuple([finite, finite, finite], {
  error: 'must be a point [x, y, z] in pixels',
});

export const HeadPoseSchema = z
  .object({
    yawDeg: finite.refine((v) => Math.abs(v) <= 180, 'must be between -180 and 180 degrees'),
    pitchDeg: finite.refine((v) => Math.abs(v) <= 180, 'must be between -180 and 180 degrees'),
    rollDeg: finite.refine((v) => Math.abs(v) <= 180, 'must be between -180 and 180 degrees'),
  })
  .describe(
    "Head pose in degrees. yaw > 0: the face turned toward the subject's right (its left side shown); pitch > 0: chin up; roll > 0: head tilted so that its midline leans clockwise in the image.",
  );

export const QualityCheckSchema = z.object({
  check: z.string().min(1),
  status: z.enum(['pass', 'warn', 'fail']),
  message: z.object({ en: z.string(), ko: z.string() }),
  value: z.number().optional(),
});

export const LandmarkSetSchema = z
  .object({
    mesh: z
      .array(Point3Schema)
      .length(MESH_POINT_COUNT, `must hold exactly ${MESH_POINT_COUNT} points (the MediaPipe face mesh)`),
    iris: z
      .array(Point3Schema)
      .length(
        IRIS_POINT_COUNT,
        `must hold exactly ${IRIS_POINT_COUNT} points (MediaPipe iris 468–477) when present`,
      )
      .optional(),
    pose: HeadPoseSchema,
    detector: z.object({ id: z.string().min(1), version: z.string().min(1) }),
    corrected: z.boolean().describe('true when a clinician moved any point after detection'),
    correctedIndices: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(MESH_POINT_COUNT + IRIS_POINT_COUNT - 1),
      )
      .optional(),
    quality: z.array(QualityCheckSchema).optional(),
  })
  .refine((l) => l.corrected || !l.correctedIndices || l.correctedIndices.length === 0, {
    error: 'correctedIndices is set but corrected is false',
    path: ['corrected'],
  });

export const PhotoSchema = z
  .object({
    view: z.enum(VIEWS),
    image: z.object({
      width: z.number().int().positive('must be a positive whole number of pixels'),
      height: z.number().int().positive('must be a positive whole number of pixels'),
      file: z.string().min(1).optional().describe('path of the image, relative to the case file'),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    }),
    landmarks: LandmarkSetSchema,
    burst: z
      .array(
        z.object({
          image: z.object({
            width: z.number().int().positive('must be a positive whole number of pixels'),
            height: z.number().int().positive('must be a positive whole number of pixels'),
            sha256: z
              .string()
              .regex(/^[0-9a-f]{64}$/)
              .optional(),
          }),
          landmarks: LandmarkSetSchema,
        }),
      )
      .max(MAX_BURST_SHOTS - 1, `a burst has at most ${MAX_BURST_SHOTS} shots of one view`)
      .optional()
      .describe(
        'the other shots of a burst of this view (the capture protocol takes 3): metrics are the median of the shots that pass the quality gate; `landmarks` is the shot the plan is drawn on',
      ),
  })
  .superRefine((photo, ctx) => {
    for (const issue of geometryProblems(photo.view, photo.landmarks.mesh)) {
      ctx.addIssue({ code: 'custom', path: ['landmarks', 'mesh'], message: issue });
    }
    // A mesh far outside its own image is a unit or file mix-up, not a face: stop it here.
    const { width, height } = photo.image;
    const marginX = width * 0.5;
    const marginY = height * 0.5;
    photo.landmarks.mesh.forEach(([x, y], i) => {
      if (x < -marginX || x > width + marginX || y < -marginY || y > height + marginY) {
        ctx.addIssue({
          code: 'custom',
          path: ['landmarks', 'mesh', i],
          message: `point (${x}, ${y}) lies far outside the ${width}×${height} image: are the coordinates in pixels of this image?`,
        });
      }
    });
  });

/** Smallest face the planner can work with, in image pixels (bounding box of the mesh). */
const MIN_FACE_EXTENT_PX = 20;
/** Plausible face height / width (forehead–chin over the outline width) of a real face in any standard view. */
const FACE_HEIGHT_TO_WIDTH = [0.6, 3] as const;
// Named mesh points for the plausibility checks (face/landmarks.ts names them; repeated here to keep the
// schema free of the face model).
const OUTER_CANTHUS = { right: 33, left: 263 } as const;
const FOREHEAD_TOP = 10;
const MENTON = 152;
const ZYGION = { right: 234, left: 454 } as const;
const GONION = { right: 172, left: 397 } as const;

type Mesh = readonly (readonly [number, number, number])[];

/**
 * Degenerate or implausible geometry a planner cannot use (every point in one place, a flat line, a mesh with the
 * eyes below the chin): a validation error naming the problem, never an internal failure later.
 */
export function geometryProblems(view: string, mesh: Mesh): string[] {
  const out: string[] = [];
  if (mesh.length !== MESH_POINT_COUNT) return out; // the length check reports it
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of mesh) {
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  }
  const w = maxX - minX;
  const h = maxY - minY;
  if (w < MIN_FACE_EXTENT_PX || h < MIN_FACE_EXTENT_PX) {
    out.push(
      `degenerate face mesh: its points span only ${w.toFixed(1)} × ${h.toFixed(1)} px (at least ${MIN_FACE_EXTENT_PX} px each way is needed); re-run the analysis or correct the landmarks`,
    );
    return out;
  }
  const at = (i: number): readonly [number, number, number] => mesh[i] ?? [0, 0, 0];
  const area = (a: number, b: number, c: number): number => {
    const [ax, ay] = at(a);
    const [bx, by] = at(b);
    const [cx, cy] = at(c);
    return Math.abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) / 2;
  };
  for (const side of ['left', 'right'] as const) {
    if (area(OUTER_CANTHUS[side], ZYGION[side], GONION[side]) < 1) {
      out.push(
        `degenerate face mesh: the ${side} eye corner, cheekbone and jaw angle (points ${OUTER_CANTHUS[side]}, ${ZYGION[side]}, ${GONION[side]}) lie on one line; correct the landmarks`,
      );
    }
  }
  const faceH = Math.hypot(at(MENTON)[0] - at(FOREHEAD_TOP)[0], at(MENTON)[1] - at(FOREHEAD_TOP)[1]);
  const ratio = faceH / w;
  if (ratio < FACE_HEIGHT_TO_WIDTH[0] || ratio > FACE_HEIGHT_TO_WIDTH[1]) {
    out.push(
      `implausible face mesh: forehead-to-chin is ${ratio.toFixed(2)} × the face width (a face is ${FACE_HEIGHT_TO_WIDTH[0]}–${FACE_HEIGHT_TO_WIDTH[1]}); correct the landmarks`,
    );
  }
  if (view === 'front' && at(OUTER_CANTHUS.left)[0] <= at(OUTER_CANTHUS.right)[0]) {
    out.push(
      "implausible front mesh: the subject's left eye is not on the image's right (mirrored or mislabelled landmarks); re-run the analysis",
    );
  }
  return out;
}

const historyShape = Object.fromEntries(HISTORY_FLAGS.map((f) => [f, z.boolean()])) as Record<
  HistoryFlag,
  z.ZodBoolean
>;

export const PatientSchema = z.object({
  id: z.string().min(1).describe('pseudonymous patient identifier (no names in case files)'),
  age: z.number().int().min(MINIMUM_PLANNING_AGE_YEARS, ADULTS_ONLY.en).max(MAXIMUM_PLANNING_AGE_YEARS),
  sex: z.enum(['female', 'male', 'other']),
  history: z.object(historyShape).strict(),
  previousProcedures: z.array(
    z.object({
      kind: z.enum(PREVIOUS_PROCEDURE_KINDS),
      regions: z
        .array(z.enum(REGIONS))
        .describe('regions treated; empty for non-regional (e.g. dental work)'),
      date: isoDate,
      note: z.string().optional(),
    }),
  ),
  concerns: z.array(
    z.object({ region: z.enum(REGIONS), side: z.enum([...SIDES, 'both']), note: z.string().optional() }),
  ),
  expectations: z.enum(['realistic', 'unrealistic', 'not-assessed']),
  pupillaryDistanceMm: z
    .number()
    .min(45, 'adult pupillary distance is between 45 and 80 mm')
    .max(80, 'adult pupillary distance is between 45 and 80 mm')
    .optional(),
});

const grade = z.number().int().min(0, 'grades run 0–4').max(4, 'grades run 0–4');

const regionGrades = z.object(
  Object.fromEntries(REGIONS.map((r) => [r, grade])) as Record<(typeof REGIONS)[number], typeof grade>,
);

export const AssessmentSchema = z
  .object({
    grades: regionGrades.describe(
      'laxity grade per region; with sideGrades (1.1) it must be the worse side of each region',
    ),
    sideGrades: z
      .object({ left: regionGrades, right: regionGrades })
      .optional()
      .describe(
        "1.1: grade per region and side (the subject's own sides); a 1.0 file migrates with both sides equal",
      ),
    skinByRegion: z
      .object(
        Object.fromEntries(REGIONS.map((r) => [r, z.enum(SKIN_THICKNESS).optional()])) as Record<
          (typeof REGIONS)[number],
          z.ZodOptional<z.ZodEnum<{ [K in (typeof SKIN_THICKNESS)[number]]: K }>>
        >,
      )
      .optional()
      .describe('1.1: skin thickness of a region where it differs from skinThickness'),
    skinThickness: z.enum(SKIN_THICKNESS),
    elasticity: z.enum(ELASTICITY),
    fat: z.enum(FAT_VOLUME),
    glogau: z.enum(GLOGAU),
    fitzpatrick: z.enum(FITZPATRICK),
    assessedBy: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    if (!a.sideGrades) return;
    for (const r of REGIONS) {
      const worse = Math.max(a.sideGrades.left[r], a.sideGrades.right[r]);
      if (a.grades[r] !== worse) {
        ctx.addIssue({
          code: 'custom',
          path: ['grades', r],
          message: `grades.${r} is ${a.grades[r]} but the worse side in sideGrades is ${worse}: grades holds the worse side of each region`,
        });
      }
    }
  });

export const JustificationSchema = z.object({
  zoneId: z.string().min(1),
  region: z.enum(REGIONS).optional(),
  side: z.enum(SIDES).optional(),
  reason: z.string().min(10, 'a justification must say why (at least 10 characters)'),
  by: z.string().min(1),
});

export const CaseFileSchema = z
  .object({
    format: z.literal('liftplan.case', { error: 'must be "liftplan.case"' }),
    version: z
      .string()
      .regex(
        /^1\.\d+$/,
        `unsupported case-file version; this build reads 1.x (current ${CASE_FORMAT_VERSION})`,
      ),
    caseId: z.string().min(1),
    visitDate: isoDate,
    note: z.string().optional(),
    patient: PatientSchema,
    assessment: AssessmentSchema,
    photos: z.array(PhotoSchema),
    justifications: z.array(JustificationSchema).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.patient.sex === 'male' && c.patient.history.pregnant) {
      ctx.addIssue({
        code: 'custom',
        path: ['patient', 'history', 'pregnant'],
        message:
          'contradictory history: pregnant is true but patient.sex is "male"; correct the sex or the pregnancy answer',
      });
    }
    const seen = new Set<string>();
    c.photos.forEach((p, i) => {
      if (seen.has(p.view)) {
        ctx.addIssue({
          code: 'custom',
          path: ['photos', i, 'view'],
          message: `a second "${p.view}" photo: keep one photo per view in a case`,
        });
      }
      seen.add(p.view);
    });
    c.patient.previousProcedures.forEach((p, i) => {
      if (p.date > c.visitDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['patient', 'previousProcedures', i, 'date'],
          message: `procedure date ${p.date} is after the visit date ${c.visitDate}`,
        });
      }
    });
  });

export type Point3 = z.infer<typeof Point3Schema>;
export type HeadPose = z.infer<typeof HeadPoseSchema>;
export type QualityCheck = z.infer<typeof QualityCheckSchema>;
export type LandmarkSet = z.infer<typeof LandmarkSetSchema>;
export type Photo = z.infer<typeof PhotoSchema>;
export type Patient = z.infer<typeof PatientSchema>;
export type Assessment = z.infer<typeof AssessmentSchema>;
export type Justification = z.infer<typeof JustificationSchema>;
export type CaseFile = z.infer<typeof CaseFileSchema>;
