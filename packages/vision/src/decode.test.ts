import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, DETECT_MAX_SIDE, readInput } from './decode.js';
import { makeDerivative, metadataBlocks } from './derivative.js';
import { VisionError } from './errors.js';
import { sniffFormat } from './sniff.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'test-fixtures');
const astronaut = readFileSync(path.join(FIXTURES, 'astronaut.png'));

async function rejects(p: Promise<unknown>): Promise<VisionError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(VisionError);
    return e as VisionError;
  }
  throw new Error('expected a VisionError');
}

/** A PNG whose header claims `w`×`h` pixels, with a tiny (invalid) body: a decompression-bomb stand-in. */
function pngHeader(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('sniffFormat', () => {
  it('recognises containers from their bytes', async () => {
    expect(sniffFormat(astronaut)).toBe('png');
    expect(sniffFormat(await sharp(astronaut).jpeg().toBuffer())).toBe('jpeg');
    expect(sniffFormat(await sharp(astronaut).webp().toBuffer())).toBe('webp');
    expect(sniffFormat(await sharp(astronaut).avif({ effort: 0 }).toBuffer())).toBe('avif');
    expect(sniffFormat(Buffer.from('hello, not an image'))).toBeUndefined();
  });
});

describe('decodeImage', () => {
  it('decodes PNG, JPEG and WebP to an RGB raster with the original size', async () => {
    for (const bytes of [
      astronaut,
      await sharp(astronaut).jpeg().toBuffer(),
      await sharp(astronaut).webp().toBuffer(),
    ]) {
      const d = await decodeImage(bytes);
      expect([d.originalWidth, d.originalHeight, d.raster.width, d.raster.height]).toEqual([
        512, 512, 512, 512,
      ]);
      expect(d.raster.data.length).toBe(512 * 512 * 3);
      expect(d.scaleX).toBe(1);
    }
  });

  it('applies the EXIF orientation (6 = rotate 90° clockwise)', async () => {
    const wide = await sharp(astronaut)
      .resize(512, 256, { fit: 'fill' })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const d = await decodeImage(wide);
    expect([d.originalWidth, d.originalHeight]).toEqual([256, 512]);
    expect([d.raster.width, d.raster.height]).toEqual([256, 512]);
  });

  it('shrinks large photos on load for detection and reports the scale', async () => {
    const big = await sharp(astronaut).resize(4032, 3024, { fit: 'fill' }).jpeg().toBuffer();
    const d = await decodeImage(big);
    expect([d.originalWidth, d.originalHeight]).toEqual([4032, 3024]);
    expect(Math.max(d.raster.width, d.raster.height)).toBe(DETECT_MAX_SIDE);
    expect(d.scaleX).toBeCloseTo(4032 / DETECT_MAX_SIDE, 2);
  });

  it('converts greyscale photos to three channels', async () => {
    const d = await decodeImage(await sharp(astronaut).greyscale().jpeg().toBuffer());
    expect(d.raster.data.length).toBe(512 * 512 * 3);
  });

  it('rejects a 0-byte file', async () => {
    expect((await rejects(decodeImage(Buffer.alloc(0)))).code).toBe('empty-file');
  });

  it('rejects a text file as not an image', async () => {
    const e = await rejects(decodeImage(Buffer.from('patient notes\nnot a photo\n')));
    expect(e.code).toBe('not-an-image');
    expect(e.reason).toMatch(/not an image/);
  });

  it('rejects a truncated JPEG', async () => {
    const jpeg = await sharp(astronaut).jpeg({ quality: 90 }).toBuffer();
    const e = await rejects(decodeImage(jpeg.subarray(0, Math.floor(jpeg.length * 0.6))));
    expect(e.code).toBe('truncated');
    expect(e.reason).toMatch(/truncated/);
  });

  it('rejects a corrupt file whose header is right but whose data is garbage', async () => {
    const jpeg = await sharp(astronaut).jpeg().toBuffer();
    const garbage = Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(4000, 0x5a)]);
    expect(['decode-failed', 'truncated']).toContain((await rejects(decodeImage(garbage))).code);
  });

  it('rejects a decompression bomb from its header, before decoding', async () => {
    const e = await rejects(decodeImage(pngHeader(30000, 30000)));
    expect(e.code).toBe('too-many-pixels');
    expect(e.reason).toMatch(/30000×30000 \(900 megapixels\)/);
  });

  it('rejects a real 100-megapixel image', async () => {
    const huge = await sharp({ create: { width: 10000, height: 10000, channels: 3, background: '#808080' } })
      .jpeg({ quality: 50 })
      .toBuffer();
    const e = await rejects(decodeImage(huge));
    expect(e.code).toBe('too-many-pixels');
    expect(e.reason).toMatch(/100 megapixels/);
  });

  it('names a missing file clearly', async () => {
    expect((await rejects(readInput('/nonexistent/photo.jpg'))).reason).toBe('file not found');
  });
});

describe('HEIC (clinic iPads)', () => {
  it('decodes a HEIC photo made with libheif heif-enc (Debian: libheif-examples)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-heic-'));
    const jpg = path.join(dir, 'astronaut.jpg');
    const heic = path.join(dir, 'astronaut.heic');
    writeFileSync(jpg, await sharp(astronaut).jpeg({ quality: 95 }).toBuffer());
    try {
      execFileSync('heif-enc', ['-q', '80', '-o', heic, jpg], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(
        `cannot make the HEIC fixture: heif-enc failed or is missing (${e instanceof Error ? e.message : String(e)}). Install it with: apt-get install -y libheif-examples`,
      );
    }
    const bytes = readFileSync(heic);
    expect(sniffFormat(bytes)).toBe('heic');
    const d = await decodeImage(bytes);
    expect(d.format).toBe('heic');
    expect([d.originalWidth, d.originalHeight]).toEqual([512, 512]);
    // The decoded pixels match the source closely (lossy codec).
    const ref = await sharp(astronaut).removeAlpha().raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < ref.length; i++) diff += Math.abs((ref[i] ?? 0) - (d.raster.data[i] ?? 0));
    expect(diff / ref.length).toBeLessThan(6);
    // And the stored derivative of a HEIC is a plain JPEG.
    const der = await makeDerivative(bytes);
    expect(sniffFormat(der.jpeg)).toBe('jpeg');
  });
});

describe('makeDerivative', () => {
  it('removes all metadata (GPS, device, owner) and bakes in the orientation', async () => {
    const tagged = await sharp(astronaut)
      .resize(400, 200, { fit: 'fill' })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: 'Apple', Model: 'iPad Pro', Artist: 'Dr Kim', Copyright: 'Clinic' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '37/1 33/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '126/1 58/1 0/1',
        },
      })
      .toBuffer();
    const before = await metadataBlocks(tagged);
    expect(before).toContain('exif');
    expect(tagged.includes(Buffer.from('iPad Pro'))).toBe(true);
    const d = await makeDerivative(tagged);
    expect(await metadataBlocks(d.jpeg)).toEqual([]);
    expect(d.jpeg.includes(Buffer.from('iPad Pro'))).toBe(false);
    expect(d.jpeg.includes(Buffer.from('Dr Kim'))).toBe(false);
    expect([d.width, d.height]).toEqual([200, 400]);
  });

  it('limits the derivative size', async () => {
    const big = await sharp(astronaut).resize(3000, 3000).png().toBuffer();
    const d = await makeDerivative(big);
    expect(Math.max(d.width, d.height)).toBe(2048);
  });
});
