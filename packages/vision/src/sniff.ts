/** Image container recognised from its first bytes (never from the file name). */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'heic' | 'avif' | 'gif' | 'tiff';

const ascii = (b: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));

/** HEIF major/compatible brands holding HEVC-coded images (what iPhones and iPads write). */
const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

export function sniffFormat(b: Uint8Array): ImageFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 4 && (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*')) return 'tiff';
  if (b.length >= 16 && ascii(b, 4, 8) === 'ftyp') {
    // ISO-BMFF: the major brand, then compatible brands up to the box size.
    const boxSize = ((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0);
    const brands = [ascii(b, 8, 12)];
    for (let o = 16; o + 4 <= Math.min(boxSize, b.length, 64); o += 4) brands.push(ascii(b, o, o + 4));
    if (brands.some((x) => AVIF_BRANDS.has(x)) && !brands.some((x) => x === 'heic' || x === 'heix')) {
      return 'avif';
    }
    if (brands.some((x) => HEVC_BRANDS.has(x))) return 'heic';
  }
  return undefined;
}

/** Formats a clinic photo may come in (issue 3). GIF and TIFF are recognised only to name them in errors. */
export const ACCEPTED_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'webp', 'heic', 'avif'];
