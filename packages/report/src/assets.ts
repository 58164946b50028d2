/**
 * Turns a document definition's image sources into bytes pdfkit can embed. Each photo is decoded once, with
 * shrink-on-load, straight to the embedded size in the recorded image's pixel frame (where the landmarks live);
 * from that one decode come the photo (JPEG) and the plan overlay composited over it (JPEG). Overlays without
 * a photo are drawn over a plain background (PNG). SVG overlays are rasterised by sharp (librsvg).
 */
import sharp, { type Sharp } from 'sharp';
import type { DocDefinition, ImageAssets, ImageSource, ReportPhoto } from './types.js';

export interface ImageOptions {
  /** Width in pixels of every embedded image (about 2.5× its width on the page). */
  readonly widthPx?: number;
  readonly jpegQuality?: number;
}

const PLAIN_BACKGROUND = { r: 244, g: 245, b: 247 };

interface Base {
  readonly raw: Buffer;
  readonly width: number;
  readonly height: number;
}

const sizeFor = (src: ImageSource, widthPx: number): { w: number; h: number } => {
  const w = Math.min(widthPx, src.width);
  return { w, h: Math.round((src.height * w) / src.width) };
};

/** One decode per photo, at the embedded size (libvips shrinks JPEGs while decoding). */
async function decodeBase(bytes: Uint8Array, w: number, h: number): Promise<Base> {
  const { data, info } = await sharp(bytes)
    .rotate()
    .resize(w, h, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { raw: data, width: info.width, height: info.height };
}

const fromRaw = (b: Base): Sharp => sharp(b.raw, { raw: { width: b.width, height: b.height, channels: 3 } });

async function rasteriseOverlay(svg: string, width: number, w: number, h: number): Promise<Buffer> {
  // Rasterise at the target size directly (density scales the SVG's pixel units).
  return sharp(Buffer.from(svg), { density: (72 * w) / width })
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
  const widthPx = options.widthPx ?? 600;
  const quality = options.jpegQuality ?? 80;
  const bytesByView = new Map<string, Uint8Array>(photos.map((p) => [p.view, p.bytes]));
  const bases = new Map<string, Promise<Base>>();
  const base = (src: ImageSource, bytes: Uint8Array): Promise<Base> => {
    const { w, h } = sizeFor(src, widthPx);
    const key = `${src.view}:${w}x${h}`;
    let b = bases.get(key);
    if (!b) {
      b = decodeBase(bytes, w, h);
      bases.set(key, b);
    }
    return b;
  };
  const render = async (src: ImageSource): Promise<Uint8Array> => {
    const bytes = bytesByView.get(src.view);
    const { w, h } = sizeFor(src, widthPx);
    if (src.type === 'photo') {
      if (!bytes) throw new Error(`no photo bytes for the ${src.view} view`);
      return fromRaw(await base(src, bytes))
        .jpeg({ quality })
        .toBuffer();
    }
    const overlay = rasteriseOverlay(src.svg, src.width, w, h);
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
