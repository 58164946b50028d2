/**
 * Live checks from the real face model (`@liftplan/vision/browser`, the same code as the server's quality
 * gate) on a camera frame: face count, face size, pose vs the requested view, roll, sharpness, exposure and
 * expression, each pass/warn/fail with the gate's own {en, ko} message. Advisory only: the server runs the
 * gate again on the upload.
 */
import type { QualityCheck } from '@liftplan/domain';

export type UiLanguage = 'en' | 'ko';

/** One row of the live panel. */
export interface ModelCheckRow {
  readonly check: string;
  readonly status: 'pass' | 'warn' | 'fail';
  readonly text: string;
}

/** The checks in the order the panel shows them (the gate's order). */
export const MODEL_CHECK_ORDER = [
  'face-count',
  'face-size',
  'pose',
  'roll',
  'sharpness',
  'exposure',
  'expression',
] as const;

/** What the analyzer returned for one frame, narrowed to what the panel needs. */
export type FrameResult =
  | { readonly ok: true; readonly quality: readonly QualityCheck[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Messages for frames the analyzer rejected before the gate (no face, two faces of similar size). */
export interface FrameErrorText {
  readonly noFace: string;
  readonly ambiguous: string;
  readonly failed: (message: string) => string;
}

export function uiLanguage(lng: string | undefined): UiLanguage {
  return lng?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/**
 * Rows for the panel, in the UI language: `word` gives a check's text (the web's plain words from the check's
 * code and number); without it, the gate's own message.
 */
export function modelCheckRows(
  r: FrameResult,
  lang: UiLanguage,
  err: FrameErrorText,
  word?: (q: QualityCheck) => string,
): ModelCheckRow[] {
  if (!r.ok) {
    const text =
      r.code === 'no-face'
        ? err.noFace
        : r.code === 'ambiguous-subject'
          ? err.ambiguous
          : err.failed(r.message);
    return [{ check: 'face-count', status: 'fail', text }];
  }
  const rank = (c: string): number => {
    const i = (MODEL_CHECK_ORDER as readonly string[]).indexOf(c);
    return i < 0 ? MODEL_CHECK_ORDER.length : i;
  };
  return [...r.quality]
    .sort((a, b) => rank(a.check) - rank(b.check))
    .map((c) => ({ check: c.check, status: c.status, text: word ? word(c) : c.message[lang] }));
}
