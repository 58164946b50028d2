// Consultation report with three photos (front, oblique left, oblique right): time to build the document
// definition, prepare the images (decode, plan overlay, composite) and render the PDF, and the PDF's size.
// Two photo sets: 12-megapixel JPEGs (what a clinic camera or phone gives) and small 1000×1200 JPEGs.
// Prints medians and ratios to the product targets (≤ 1 s, ≤ 2 MB). Run: npm run bench (or `npm run bench report`).
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { buildFaceFrame, calibrate, renderSvg, type CaseFile } from '@liftplan/domain';
import {
  buildConsultationReport,
  prepareImages,
  renderPdf,
  type Audience,
  type ReportInput,
  type ReportPhoto,
} from '../src/index.js';
import { reportInput, THREE_VIEWS } from './fixture.js';

const TARGET_MS = 1000;
/** The last recorded median before face crops and the patient/clinician copies (docs/benchmarks.md, 12-MP). */
const PREVIOUS_MS = 343;
const TARGET_BYTES = 2 * 1024 * 1024;
const RUNS = Number(process.env['BENCH_ITERATIONS'] ?? 9);

/** A 12-MP stand-in photo: the synthetic mesh drawn at 3200×3840 with sensor-like noise, JPEG quality 90. */
async function bigPhoto(c: CaseFile, view: ReportPhoto['view']): Promise<Uint8Array> {
  const photo = c.photos.find((p) => p.view === view);
  if (!photo) throw new Error(`no ${view} photo`);
  const scale = 3.2;
  const width = photo.image.width * scale;
  const height = photo.image.height * scale;
  const frame = buildFaceFrame(photo.landmarks, calibrate(photo.landmarks));
  const svg = renderSvg({
    image: { width: photo.image.width, height: photo.image.height },
    landmarks: photo.landmarks,
    frame,
    show: { mesh: true, landmarks: false, regions: false, zones: false, plan: false, midline: false },
  });
  const mesh = await sharp(Buffer.from(svg), { density: 72 * scale })
    .resize(width, height)
    .png()
    .toBuffer();
  const noise = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 18 },
    },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 196, g: 160, b: 140 } } })
    .composite([
      { input: noise, blend: 'soft-light' },
      { input: mesh, blend: 'over' },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function once(
  input: ReportInput,
  audience: Audience,
): Promise<{ ms: number; build: number; images: number; bytes: number }> {
  const t0 = performance.now();
  const def = buildConsultationReport(input, 'ko', audience);
  const t1 = performance.now();
  const assets = await prepareImages(def, input.photos);
  const t2 = performance.now();
  const pdf = await renderPdf(def, assets);
  const t3 = performance.now();
  return { ms: t3 - t0, build: t1 - t0, images: t2 - t1, bytes: pdf.length };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};

async function bench(label: string, input: ReportInput, audience: Audience = 'patient'): Promise<void> {
  await once(input, audience); // warm-up: font parsing, sharp and pdfkit code paths
  const runs: Awaited<ReturnType<typeof once>>[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(input, audience));
  const ms = median(runs.map((r) => r.ms));
  const bytes = median(runs.map((r) => r.bytes));
  const inBytes = (input.photos ?? []).reduce((s, p) => s + p.bytes.length, 0);
  console.log(
    `${label}: input photos ${(inBytes / 1024 / 1024).toFixed(1)} MB; median of ${RUNS}: ` +
      `${ms.toFixed(0)} ms (build ${median(runs.map((r) => r.build)).toFixed(1)} ms, images ${median(runs.map((r) => r.images)).toFixed(0)} ms, ` +
      `PDF ${(ms - median(runs.map((r) => r.build)) - median(runs.map((r) => r.images))).toFixed(0)} ms), ` +
      `PDF ${(bytes / 1024).toFixed(0)} KB`,
  );
  console.log(
    `  ratio to target: time ${(ms / TARGET_MS).toFixed(2)} (≤ 1 s), size ${(bytes / TARGET_BYTES).toFixed(2)} (≤ 2 MB); ` +
      `load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  if (label.startsWith('12-MP') && audience === 'patient') {
    console.log(
      `  ratio to the previous recorded version (${PREVIOUS_MS} ms, docs/benchmarks.md; not this run): ${(ms / PREVIOUS_MS).toFixed(2)}`,
    );
  }
}

console.log(
  `report bench: Korean consultation report, 3 photos, Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const small = await reportInput({ photoViews: THREE_VIEWS });
const big: ReportInput = {
  ...small,
  photos: await Promise.all(
    THREE_VIEWS.map(async (view) => ({ view, bytes: await bigPhoto(small.caseFile, view) })),
  ),
};
await bench('12-MP photos (3200×3840 JPEG), patient copy', big);
await bench('12-MP photos (3200×3840 JPEG), clinician copy', big, 'clinician');
await bench('small photos (1000×1200 JPEG), patient copy', small);
