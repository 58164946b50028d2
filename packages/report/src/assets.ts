/**
 * Turns a document definition's image sources into bytes pdfkit can embed. Each view's photo is decoded once,
 * with shrink-on-load, scaled so its face crop comes out at the embedded width, and cut to the crop; from that
 * one decode come the photo (JPEG) and the plan overlay composited over it (JPEG). Overlays without a photo
 * are drawn over a plain background (PNG). SVG overlays are rasterised by sharp (librsvg) at the target size.
 */
import sharp, { type Sharp } from 'sharp';
import type { DocDefinition, ImageAssets, ImageSource, ReportPhoto } from './types.js';

export interface ImageOptions {
  /** Cap on the pixel width of every embedded image (the definition asks about 3× its width on the page). */
  readonly maxWidthPx?: number;
  readonly jpegQuality?: number;
}

const PLAIN_BACKGROUND = { r: 244, g: 245, b: 247 };

interface Base {
  readonly raw: Buffer;
  readonly width: number;
  readonly height: number;
}

const sizeFor = (src: ImageSource, maxWidthPx: number): { w: number; h: number } => {
  const w = Math.max(1, Math.min(src.pixelWidth, maxWidthPx));
  return { w, h: Math.max(1, Math.round((src.crop.height * w) / src.crop.width)) };
};

/** One decode per view: the whole photo scaled so the crop is w × h (libvips shrinks JPEGs while decoding). */
async function decodeBase(bytes: Uint8Array, src: ImageSource, w: number, h: number): Promise<Base> {
  const k = w / src.crop.width;
  const fullW = Math.max(w, Math.round(src.width * k));
  const fullH = Math.max(h, Math.round(src.height * k));
  const left = Math.min(Math.max(0, Math.round(src.crop.x * k)), fullW - w);
  const top = Math.min(Math.max(0, Math.round(src.crop.y * k)), fullH - h);
  const { data, info } = await sharp(bytes)
    .rotate()
    .resize(fullW, fullH, { fit: 'fill' })
    .extract({ left, top, width: w, height: h })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { raw: data, width: info.width, height: info.height };
}

const fromRaw = (b: Base): Sharp => sharp(b.raw, { raw: { width: b.width, height: b.height, channels: 3 } });

async function rasteriseOverlay(svg: string, cropWidth: number, w: number, h: number): Promise<Buffer> {
  // Rasterise at the target size directly (density scales the SVG's pixel units).
  return sharp(Buffer.from(svg), { density: (72 * w) / cropWidth })
    .resize(w, h, { fit: 'fill' })
    .png()
    .toBuffer();
}

/** Renders every image the definition references. Photos are matched to image sources by view. */
export async function prepareImages(
  def: DocDefinition,
  photos: readonly ReportPhoto[] = [],
  options: ImageOptions = {},
): Promise<ImageAssets> {
  const maxWidthPx = options.maxWidthPx ?? 1200;
  const quality = options.jpegQuality ?? 80;
  const bytesByView = new Map<string, Uint8Array>(photos.map((p) => [p.view, p.bytes]));
  const bases = new Map<string, Promise<Base>>();
  const base = (src: ImageSource, bytes: Uint8Array): Promise<Base> => {
    const { w, h } = sizeFor(src, maxWidthPx);
    const c = src.crop;
    const key = `${src.view}:${c.x},${c.y},${c.width},${c.height}:${w}x${h}`;
    let b = bases.get(key);
    if (!b) {
      b = decodeBase(bytes, src, w, h);
      bases.set(key, b);
    }
    return b;
  };
  const render = async (src: ImageSource): Promise<Uint8Array> => {
    const bytes = bytesByView.get(src.view);
    const { w, h } = sizeFor(src, maxWidthPx);
    if (src.type === 'photo') {
      if (!bytes) throw new Error(`no photo bytes for the ${src.view} view`);
      return fromRaw(await base(src, bytes))
        .jpeg({ quality })
        .toBuffer();
    }
    const overlay = rasteriseOverlay(src.svg, src.crop.width, w, h);
    if (src.background === 'photo' && bytes) {
      const [b, o] = await Promise.all([base(src, bytes), overlay]);
      return fromRaw(b)
        .composite([{ input: o }])
        .jpeg({ quality })
        .toBuffer();
    }
    return sharp({ create: { width: w, height: h, channels: 3, background: PLAIN_BACKGROUND } })
      .composite([{ input: await overlay }])
      .png({ compressionLevel: 9, palette: true })
      .toBuffer();
  };
  const rendered = await Promise.all(def.images.map(async (src) => [src.ref, await render(src)] as const));
  return new Map(rendered);
}
