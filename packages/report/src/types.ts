/**
 * Input and output types of the report builders. The document definition is plain JSON-like data (no
 * functions, no buffers): images are referenced by id and described in `images`, so a definition can be
 * snapshot-tested and rendered later.
 *
 * The plan, candidacy and aftercare schedule are typed structurally (only the fields the report reads), so the
 * builders accept the domain's PlanResult and AftercareSchedule as they are.
 */
import type { DocumentLocale } from '@liftplan/api';
import type {
  CaseFile,
  PixelRect,
  Material,
  PlanFinding,
  Region,
  RiskFlag,
  ThreadPlacement,
  TraceEntry,
  View,
  ViewMeasurements,
} from '@liftplan/domain';

export type Locale = DocumentLocale;

/** Who a document is for: the patient copy (plain words) or the clinician copy (adds zones, trace, citations). */
export type Audience = 'patient' | 'clinician';

export interface Bilingual {
  readonly en: string;
  readonly ko: string;
}

export interface ReportCandidacy {
  readonly verdict: string;
  readonly label: Bilingual;
  readonly reasons: readonly { readonly id: string; readonly verdict: string; readonly text: Bilingual }[];
}

/** The fields of the domain's PlanResult the report reads. */
export interface ReportPlan {
  readonly ruleSetVersion: string;
  readonly caseId: string;
  readonly candidacy: ReportCandidacy;
  /** Front-photo measurements, or null without a front photo. */
  readonly measurements: ViewMeasurements | null;
  readonly placements: readonly ThreadPlacement[];
  readonly findings: readonly PlanFinding[];
  readonly risks: readonly RiskFlag[];
  /** The rule trace (clinician copy only). */
  readonly trace?: readonly TraceEntry[];
  /** Set when the plan rests on measurements that failed a quality gate. */
  readonly provisional?: { readonly reasons: readonly string[] } | null;
}

/** The fields of the domain's AftercareSchedule the report reads. */
export interface ReportAftercare {
  readonly planned: boolean;
  readonly procedureDate: string;
  readonly profile: 'floating' | 'anchored';
  readonly regions: readonly Region[];
  readonly mouthRegions: boolean;
  readonly materials: readonly Material[];
  readonly instructions: readonly {
    readonly id: string;
    readonly text: Bilingual;
    readonly days: number;
    readonly until: string;
    readonly lastDay: string;
  }[];
  readonly phases: readonly {
    readonly id: string;
    readonly label: Bilingual;
    readonly from: string;
    readonly to: string;
    readonly instructionIds: readonly string[];
  }[];
  readonly expectedCourse: readonly { readonly id: string; readonly text: Bilingual }[];
  readonly warningSigns: readonly { readonly id: string; readonly text: Bilingual }[];
  readonly followUps: readonly {
    readonly id: string;
    readonly date: string;
    readonly window?: { readonly from: string; readonly to: string };
    readonly label: Bilingual;
    readonly purpose: Bilingual;
  }[];
  readonly notice: Bilingual;
}

export interface ReportPhoto {
  readonly view: View;
  /** JPEG or PNG bytes. */
  readonly bytes: Uint8Array;
}

export interface ReportInput {
  readonly clinic: {
    readonly name: string;
    readonly address?: string;
    readonly phone?: string;
    /** IANA time zone of the clinic; every time on the documents is shown in it (default Asia/Seoul). */
    readonly timeZone?: string;
  };
  readonly doctor: { readonly name: string; readonly licence?: string };
  readonly patient: { readonly id: string; readonly age: number; readonly sex: 'female' | 'male' | 'other' };
  readonly visitDate: string;
  /**
   * The recorded procedure day (YYYY-MM-DD). Aftercare dates are printed only when it is known; before the
   * procedure the restrictions are given in days after it.
   */
  readonly procedureDate?: string;
  readonly caseFile: CaseFile;
  readonly plan: ReportPlan;
  /** Photo files for the case's views; without them the plan is drawn on a plain background. */
  readonly photos?: readonly ReportPhoto[];
  readonly aftercare: ReportAftercare;
  /** The signed plan version, when known (printed in the header). `signedAt`: ISO 8601 instant or a day. */
  readonly planVersion?: { readonly version: number; readonly signedBy: string; readonly signedAt: string };
}

// ---------------------------------------------------------------- document definition

export interface TableColumn {
  readonly header: string;
  /** Relative width (the renderer shares the page width in proportion). */
  readonly width: number;
  readonly align?: 'left' | 'right' | 'center';
}

export type Block =
  | { readonly kind: 'heading'; readonly id: string; readonly level: 1 | 2 | 3; readonly text: string }
  | {
      readonly kind: 'paragraph';
      readonly id: string;
      readonly text: string;
      /**
       * 'notice': boxed, same size as body text (legal notice, side-effect statements); 'warning': boxed in
       * amber (the provisional banner); 'caption': small print under a table (band notes).
       */
      readonly style?: 'body' | 'notice' | 'strong' | 'warning' | 'caption';
    }
  | { readonly kind: 'list'; readonly id: string; readonly items: readonly string[] }
  | {
      readonly kind: 'keyValue';
      readonly id: string;
      readonly rows: readonly { readonly key: string; readonly value: string }[];
    }
  | {
      readonly kind: 'table';
      readonly id: string;
      readonly columns: readonly TableColumn[];
      readonly rows: readonly (readonly string[])[];
      /** Row indexes to highlight (e.g. a perceptible asymmetry, an elevated risk). */
      readonly highlight?: readonly number[];
    }
  | {
      readonly kind: 'images';
      readonly id: string;
      readonly items: readonly { readonly ref: string; readonly caption: string }[];
      /** Display width of each image in points. */
      readonly widthPt: number;
    }
  | {
      readonly kind: 'signatures';
      readonly id: string;
      readonly lines: readonly { readonly label: string; readonly name?: string }[];
    }
  | { readonly kind: 'pageBreak'; readonly id: string };

export type BlockKind = Block['kind'];

/**
 * Where an image comes from: a case photo, or the plan overlay (an SVG over the photo or a plain background),
 * both cut to `crop` (the face crop, in the recorded image's pixel frame) and embedded `pixelWidth` wide.
 */
export type ImageSource =
  | {
      readonly ref: string;
      readonly type: 'photo';
      readonly view: View;
      /** The recorded image size (the landmarks' pixel frame). */
      readonly width: number;
      readonly height: number;
      readonly crop: PixelRect;
      readonly pixelWidth: number;
    }
  | {
      readonly ref: string;
      readonly type: 'overlay';
      readonly view: View;
      /** Composite over this view's photo when its bytes are given, else over a plain background. */
      readonly background: 'photo' | 'plain';
      readonly width: number;
      readonly height: number;
      readonly crop: PixelRect;
      readonly pixelWidth: number;
      /** In the recorded frame's pixels, with its viewBox on the crop. */
      readonly svg: string;
    };

export interface DocDefinition {
  readonly kind: 'consultation-report' | 'aftercare-sheet' | 'consent-form' | 'record-copy';
  readonly audience: Audience;
  readonly locale: Locale;
  readonly title: string;
  readonly meta: { readonly subject: string; readonly author: string; readonly date: string };
  /** Printed at the top of every page. */
  readonly header: string;
  /** Printed at the bottom of every page with the page number. */
  readonly footer: string;
  readonly blocks: readonly Block[];
  readonly images: readonly ImageSource[];
}

/** Rendered image bytes by image ref (JPEG or PNG). */
export type ImageAssets = ReadonlyMap<string, Uint8Array>;
