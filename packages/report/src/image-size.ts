/** Pixel size of a PNG or JPEG from its header bytes (enough for layout; no decoding). */
export function imageSize(bytes: Uint8Array): { width: number; height: number } {
  const at = (i: number): number => bytes[i] ?? 0;
  const u16 = (i: number): number => (at(i) << 8) | at(i + 1);
  const u32 = (i: number): number => ((at(i) << 24) | (at(i + 1) << 16) | (at(i + 2) << 8) | at(i + 3)) >>> 0;
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) {
    return { width: u32(16), height: u32(20) };
  }
  if (at(0) === 0xff && at(1) === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (at(i) !== 0xff) {
        i++;
        continue;
      }
      const marker = at(i + 1);
      // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: u16(i + 7), height: u16(i + 5) };
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      i += 2 + u16(i + 2);
    }
  }
  throw new Error('not a PNG or JPEG image');
}
