import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { VisionError } from './errors.js';
import { DETECT_MAX_SIDE, regionRead, type Rect } from './raster.js';
import { ACCEPTED_FORMATS, sniffFormat, type ImageFormat } from './sniff.js';

export { DETECT_MAX_SIDE } from './raster.js';

/**
 * Largest photo accepted, in pixels. The biggest clinic camera (48-MP iPhone/iPad sensors) stays below it;
 * anything larger is a wrong file or a decompression bomb and would need gigabytes of memory to decode.
 */
export const MAX_INPUT_PIXELS = 50_000_000;
/** Smallest side worth analysing: below it a face cannot reach the size the quality gate asks for. */
export const MIN_IMAGE_SIDE = 64;

/** Where the full-resolution pixels come from when a region must be re-read (detect-then-crop). */
export type PixelSource =
  | { readonly kind: 'encoded'; readonly bytes: Buffer }
  | { readonly kind: 'rgba'; readonly data: Uint8Array; readonly width: number; readonly height: number };

export interface RgbRaster {
  /** Packed RGB, 3 bytes per pixel, row-major. */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface DecodedImage {
  readonly format: ImageFormat;
  /** Size of the upright original (EXIF orientation applied), in pixels. */
  readonly originalWidth: number;
  readonly originalHeight: number;
  /** The downscaled raster for detection (long side ≤ `detectMaxSide`). */
  readonly raster: RgbRaster;
  /** Original pixels per raster pixel, per axis (≥ 1). */
  readonly scaleX: number;
  readonly scaleY: number;
  readonly source: PixelSource;
}

export interface DecodeOptions {
  readonly maxInputPixels?: number;
  readonly detectMaxSide?: number;
}

const FORMAT_NAMES: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  heic: 'HEIC/HEIF',
  avif: 'AVIF',
  gif: 'GIF',
  tiff: 'TIFF',
};

/** Reads a file into memory with a clear error when it cannot be read. */
export async function readInput(input: Buffer | string): Promise<Buffer> {
  if (typeof input !== 'string') return input;
  try {
    return await readFile(input);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not an image file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot be read (${code || 'unknown error'})`;
    throw new VisionError('read-failed', why);
  }
}

function tooMany(width: number, height: number, max: number): VisionError {
  const mp = (width * height) / 1e6;
  return new VisionError(
    'too-many-pixels',
    `image is ${width}×${height} (${mp.toFixed(0)} megapixels), above the ${(max / 1e6).toFixed(0)}-megapixel limit; export the photo at camera resolution (≤ 48 MP)`,
  );
}

/** Maps a libvips / libheif message to one of our error codes. */
function decodeFailure(e: unknown, format: ImageFormat): VisionError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(msg)) {
    return new VisionError('too-many-pixels', `image exceeds the pixel limit (${MAX_INPUT_PIXELS / 1e6} MP)`);
  }
  if (
    /premature end|truncated|unexpected end|end of (file|stream)|short read|not enough data|incomplete/i.test(
      msg,
    )
  ) {
    return new VisionError(
      'truncated',
      `the ${FORMAT_NAMES[format]} file is truncated (incomplete download or copy); copy the original photo again`,
    );
  }
  return new VisionError(
    'decode-failed',
    `the ${FORMAT_NAMES[format]} data is corrupt and cannot be decoded (${msg.split('\n')[0] ?? msg})`,
  );
}

interface HeifImageHandle {
  readonly width: number;
  readonly height: number;
  decode(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}

/** heic-decode (libheif compiled to wasm, shipped inside the npm package: no native codec, no download). */
async function decodeHeic(bytes: Buffer, maxPixels: number): Promise<PixelSource & { kind: 'rgba' }> {
  const require = createRequire(import.meta.url);
  const mod: unknown = require('heic-decode');
  if (typeof mod !== 'function' || !('all' in mod) || typeof mod.all !== 'function') {
    throw new VisionError('decode-failed', 'the HEIC decoder (heic-decode) is not installed correctly');
  }
  const all = mod.all as (b: { buffer: Uint8Array }) => Promise<HeifImageHandle[] & { dispose?: () => void }>;
  let images: HeifImageHandle[] & { dispose?: () => void };
  try {
    images = await all({ buffer: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  } catch (e) {
    throw decodeFailure(e, 'heic');
  }
  try {
    const first = images[0];
    if (!first) throw new VisionError('decode-failed', 'the HEIC file holds no image');
    if (first.width * first.height > maxPixels) throw tooMany(first.width, first.height, maxPixels);
    let out: { width: number; height: number; data: Uint8ClampedArray };
    try {
      out = await first.decode();
    } catch (e) {
      throw decodeFailure(e, 'heic');
    }
    return {
      kind: 'rgba',
      data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength),
      width: out.width,
      height: out.height,
    };
  } finally {
    images.dispose?.();
  }
}

/** A sharp pipeline over the upright original, for any source. */
export function openUpright(source: PixelSource, maxPixels = MAX_INPUT_PIXELS): Sharp {
  if (source.kind === 'rgba') {
    return sharp(source.data, { raw: { width: source.width, height: source.height, channels: 4 } });
  }
  return sharp(source.bytes, { limitInputPixels: maxPixels, failOn: 'truncated' }).rotate();
}

async function toRaster(pipeline: Sharp): Promise<RgbRaster> {
  const { data, info } = await pipeline
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) {
    throw new VisionError('decode-failed', `unexpected ${info.channels}-channel raster`);
  }
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/**
 * Decodes a photo: sniffs the format from its bytes, checks the pixel count from the header before decoding,
 * applies the EXIF orientation and shrinks on load to a raster of at most `detectMaxSide` px for detection.
 */
export async function decodeImage(bytes: Buffer, opts: DecodeOptions = {}): Promise<DecodedImage> {
  const maxPixels = opts.maxInputPixels ?? MAX_INPUT_PIXELS;
  const maxSide = opts.detectMaxSide ?? DETECT_MAX_SIDE;
  if (bytes.length === 0) throw new VisionError('empty-file', 'the file is empty (0 bytes)');
  const format = sniffFormat(bytes);
  if (!format) {
    throw new VisionError('not-an-image', 'not an image file (expected JPEG, PNG, WebP or HEIC)');
  }
  if (!ACCEPTED_FORMATS.includes(format)) {
    throw new VisionError(
      'unsupported-format',
      `${FORMAT_NAMES[format]} is not accepted; save the photo as JPEG, PNG, WebP or HEIC`,
    );
  }

  let source: PixelSource;
  let width: number;
  let height: number;
  if (format === 'heic') {
    const rgba = await decodeHeic(bytes, maxPixels);
    source = rgba;
    width = rgba.width;
    height = rgba.height;
  } else {
    let meta: Metadata;
    try {
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (e) {
      throw decodeFailure(e, format);
    }
    if (!meta.width || !meta.height) throw new VisionError('decode-failed', 'the image header has no size');
    if (meta.width * meta.height > maxPixels) throw tooMany(meta.width, meta.height, maxPixels);
    const swap = (meta.orientation ?? 1) >= 5;
    width = swap ? meta.height : meta.width;
    height = swap ? meta.width : meta.height;
    source = { kind: 'encoded', bytes };
  }
  if (Math.min(width, height) < MIN_IMAGE_SIDE) {
    throw new VisionError(
      'too-small',
      `image is only ${width}×${height} px; a face photo needs at least ${MIN_IMAGE_SIDE} px per side`,
    );
  }

  let raster: RgbRaster;
  try {
    raster = await toRaster(
      openUpright(source, maxPixels).resize({
        width: maxSide,
        height: maxSide,
        fit: 'inside',
        withoutEnlargement: true,
        fastShrinkOnLoad: true,
      }),
    );
  } catch (e) {
    if (e instanceof VisionError) throw e;
    throw decodeFailure(e, format);
  }
  return {
    format,
    originalWidth: width,
    originalHeight: height,
    raster,
    scaleX: width / raster.width,
    scaleY: height / raster.height,
    source,
  };
}

/**
 * Re-reads one region of the upright original at up to `maxSide` px (for small faces: detect, then crop).
 * Returns the raster and the original pixels per raster pixel.
 */
export async function readRegion(
  image: DecodedImage,
  rect: Rect,
  maxSide: number,
): Promise<{ raster: RgbRaster; rect: Rect; scale: number }> {
  const {
    region,
    outWidth: outW,
    outHeight: outH,
  } = regionRead(rect, image.originalWidth, image.originalHeight, maxSide);
  const { x, y, width: w, height: h } = region;
  // Never enlarged: the detector resamples to its own input size anyway; large regions shrink.
  const raster = await toRaster(
    openUpright(image.source)
      .extract({ left: x, top: y, width: w, height: h })
      .resize(outW, outH, { fit: 'fill' }),
  );
  return { raster, rect: region, scale: w / raster.width };
}
