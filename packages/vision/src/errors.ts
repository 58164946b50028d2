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

export class VisionError extends Error {
  override readonly name = 'VisionError';
  constructor(
    readonly code: VisionErrorCode,
    /** What went wrong and what to do, without the file name. */
    readonly reason: string,
    /** The file (or label) the error is about, when known. */
    readonly file?: string,
  ) {
    super(file ? `${file}: ${reason}` : reason);
  }

  /** The same error, now naming its file. */
  withFile(file: string): VisionError {
    return this.file ? this : new VisionError(this.code, this.reason, file);
  }
}

/** A plain, serialisable error (for results crossing a worker boundary or written to JSON). */
export interface VisionErrorInfo {
  readonly code: VisionErrorCode;
  readonly reason: string;
  readonly file?: string;
  readonly message: string;
}

export function toErrorInfo(e: unknown, file?: string): VisionErrorInfo {
  if (e instanceof VisionError) {
    const f = e.file ?? file;
    return {
      code: e.code,
      reason: e.reason,
      ...(f ? { file: f } : {}),
      message: f ? `${f}: ${e.reason}` : e.reason,
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
