import sharp from 'sharp';
import { decodeImage, openUpright, type DecodedImage } from './decode.js';

/** Long side of the stored derivative: enough for clinician review and overlays, far below camera size. */
export const DERIVATIVE_MAX_SIDE = 2048;
/** JPEG quality of the derivative: visually lossless for skin texture at that size. */
export const DERIVATIVE_QUALITY = 90;

export interface Derivative {
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * The copy of a photo that the product stores: upright (EXIF orientation baked into the pixels), at most
 * `maxSide` px, re-encoded as JPEG with ALL metadata removed (EXIF incl. GPS, device, owner and dates; XMP;
 * IPTC; ICC, after converting to sRGB). sharp drops metadata unless asked to keep it; nothing here asks.
 */
export async function makeDerivative(
  input: Buffer | DecodedImage,
  maxSide = DERIVATIVE_MAX_SIDE,
): Promise<Derivative> {
  const image = Buffer.isBuffer(input) ? await decodeImage(input) : input;
  const { data, info } = await openUpright(image.source)
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .jpeg({ quality: DERIVATIVE_QUALITY, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  return { jpeg: data, width: info.width, height: info.height };
}

/** Metadata blocks present in an encoded image (for tests and audits). */
export async function metadataBlocks(bytes: Buffer): Promise<string[]> {
  const m = await sharp(bytes).metadata();
  const out: string[] = [];
  if (m.exif) out.push('exif');
  if (m.xmp) out.push('xmp');
  if (m.iptc) out.push('iptc');
  if (m.icc) out.push('icc');
  if (m.orientation !== undefined && m.orientation !== 1) out.push('orientation');
  return out;
}
