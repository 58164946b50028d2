/** Why a photo could not be analysed. Every code has a message a user can act on; no stack traces. */
export const VISION_ERROR_CODES = [
  'read-failed',
  'empty-file',
  'not-an-image',
  'unsupported-format',
  'truncated',
  'too-many-pixels',
  'too-small',
  'decode-failed',
  'no-face',
  'ambiguous-subject',
  'models-not-loaded',
  'detector-failed',
] as const;
export type VisionErrorCode = (typeof VISION_ERROR_CODES)[number];

/** One face of a photo refused as ambiguous: numbered as `--face N` takes it, box in original pixels. */
export interface ErrorFace {
  readonly n: number;
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly relativeWidth: number;
}

export class VisionError extends Error {
  override readonly name = 'VisionError';
  /** For `ambiguous-subject`: the faces to pick the patient from. */
  faces?: readonly ErrorFace[];
  constructor(
    readonly code: VisionErrorCode,
    /** What went wrong and what to do, without the file name. */
    readonly reason: string,
    /** The file (or label) the error is about, when known. */
    readonly file?: string,
  ) {
    super(file ? `${file}: ${reason}` : reason);
  }

  static withFaces(code: VisionErrorCode, reason: string, faces: readonly ErrorFace[]): VisionError {
    const e = new VisionError(code, reason);
    e.faces = faces;
    return e;
  }

  /** The same error, now naming its file. */
  withFile(file: string): VisionError {
    if (this.file) return this;
    const e = new VisionError(this.code, this.reason, file);
    if (this.faces) e.faces = this.faces;
    return e;
  }
}

/** A plain, serialisable error (for results crossing a worker boundary or written to JSON). */
export interface VisionErrorInfo {
  readonly code: VisionErrorCode;
  readonly reason: string;
  readonly file?: string;
  readonly message: string;
  /** For `ambiguous-subject`: the faces to pick the patient from. */
  readonly faces?: readonly ErrorFace[];
}

export function toErrorInfo(e: unknown, file?: string): VisionErrorInfo {
  if (e instanceof VisionError) {
    const f = e.file ?? file;
    return {
      code: e.code,
      reason: e.reason,
      ...(f ? { file: f } : {}),
      message: f ? `${f}: ${e.reason}` : e.reason,
      ...(e.faces ? { faces: e.faces } : {}),
    };
  }
  const reason = `unexpected failure: ${e instanceof Error ? e.message : String(e)}`;
  return {
    code: 'decode-failed',
    reason,
    ...(file ? { file } : {}),
    message: file ? `${file}: ${reason}` : reason,
  };
}
