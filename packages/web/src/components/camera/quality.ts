/**
 * Live photo checks that need no face model: exposure (mean luminance and clipped pixels) and sharpness
 * (variance of the Laplacian), on a small grey copy of the centre of the frame. The server's quality gate
 * (face size, pose, roll, expression) runs on the upload.
 */
export interface LiveCheck {
  readonly check: 'exposure' | 'sharpness';
  readonly status: 'pass' | 'warn' | 'fail';
  readonly key: string;
  readonly value: number;
}

export function liveChecks(data: ImageData): LiveCheck[] {
  const { width: w, height: h, data: px } = data;
  const grey = new Float32Array(w * h);
  let sum = 0;
  let dark = 0;
  let bright = 0;
  for (let i = 0; i < w * h; i++) {
    const y = 0.299 * (px[i * 4] ?? 0) + 0.587 * (px[i * 4 + 1] ?? 0) + 0.114 * (px[i * 4 + 2] ?? 0);
    grey[i] = y;
    sum += y;
    if (y < 16) dark++;
    if (y > 245) bright++;
  }
  const mean = sum / (w * h);
  let lapSum = 0;
  let lapSq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l =
        4 * (grey[i] ?? 0) -
        (grey[i - 1] ?? 0) -
        (grey[i + 1] ?? 0) -
        (grey[i - w] ?? 0) -
        (grey[i + w] ?? 0);
      lapSum += l;
      lapSq += l * l;
      n++;
    }
  }
  const lapVar = n > 0 ? lapSq / n - (lapSum / n) ** 2 : 0;
  const clipped = (dark + bright) / (w * h);
  const exposure: LiveCheck =
    mean < 60 || dark / (w * h) > 0.25
      ? { check: 'exposure', status: 'fail', key: 'camera.tooDark', value: mean }
      : mean > 200 || bright / (w * h) > 0.25
        ? { check: 'exposure', status: 'fail', key: 'camera.tooBright', value: mean }
        : clipped > 0.1
          ? { check: 'exposure', status: 'warn', key: 'camera.uneven', value: mean }
          : { check: 'exposure', status: 'pass', key: 'camera.exposureOk', value: mean };
  const sharpness: LiveCheck =
    lapVar < 20
      ? { check: 'sharpness', status: 'fail', key: 'camera.blurry', value: lapVar }
      : lapVar < 60
        ? { check: 'sharpness', status: 'warn', key: 'camera.slightlySoft', value: lapVar }
        : { check: 'sharpness', status: 'pass', key: 'camera.sharpOk', value: lapVar };
  return [exposure, sharpness];
}
