/**
 * End-to-end time per photo for a 12-MP JPEG, median over repeated runs in one process, the NEW pipeline
 * (Face Mesh V2 on LiteRT.js: bundle detector, first pass, refine pass, mirrored pass, expression model) with
 * every stage shown, and the PREVIOUS one (Human's face mesh on tfjs-wasm) as the yardstick in the same run,
 * alternated run by run so load from other jobs hits both alike; then throughput of the 2-worker pool. The
 * photo is astronaut.png (public domain) enlarged to 4000×3000 with sharp, so it has a real face and JPEG
 * entropy.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { analyzePhoto, type AnalyzeSuccess } from '../src/analyze.js';
import { decodeImage } from '../src/decode.js';
import { FaceDetector } from '../src/detector.js';
import { FaceMeshV2Detector } from '../src/detector-v2.js';
import { AnalyzePool } from '../src/pool.js';

const RUNS = 15;
/** Issue 9: a 12-MP photo end to end in ≤ 90 ms median, one process, on the 2-core box. */
const TARGET_MS = 90;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};
const f1 = (x: number): string => x.toFixed(1);

const astronaut = readFileSync(path.join(import.meta.dirname, '..', 'test-fixtures', 'astronaut.png'));
const photo = await sharp(astronaut)
  .resize(4000, 3000, { fit: 'cover', kernel: 'lanczos3' })
  .jpeg({ quality: 90 })
  .toBuffer();
console.log(
  `input: 4000×3000 JPEG (12.0 MP), ${(photo.length / 1e6).toFixed(2)} MB; ${availableParallelism()} cores; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const tLoad = performance.now();
const detector = await FaceMeshV2Detector.create();
console.log(
  `new: start-up (sha256 check, unzip, LiteRT wasm, 3 models): ${f1(performance.now() - tLoad)} ms — ${detector.version}`,
);
let human: FaceDetector | undefined;
try {
  const t = performance.now();
  human = await FaceDetector.create();
  console.log(`old: start-up (Human models + tfjs wasm): ${f1(performance.now() - t)} ms — ${human.version}`);
} catch (e) {
  console.log(`old pipeline (Human) not installed: ${e instanceof Error ? e.message : String(e)}`);
}

const decodeMs: number[] = [];
for (let i = 0; i < RUNS + 1; i++) {
  const t = performance.now();
  await decodeImage(photo);
  if (i > 0) decodeMs.push(performance.now() - t);
}

type Row = Record<string, number>;
const rowsNew: Row[] = [];
const rowsOld: Row[] = [];
let last: AnalyzeSuccess | undefined;
for (let i = 0; i < RUNS + 1; i++) {
  detector.engine.resetTimings();
  const r = await analyzePhoto(photo, { detector, label: 'bench-12mp.jpg' });
  if (!r.ok) throw new Error(r.error.message);
  const e = detector.engine.timings;
  const stages = e.detectMs + e.landmarkMs + e.refineMs + e.mirrorMs + e.blendshapeMs;
  if (i > 0) {
    rowsNew.push({
      total: r.timings.totalMs,
      decode: r.timings.decodeMs,
      detect: e.detectMs,
      landmarks: e.landmarkMs,
      refine: e.refineMs,
      mirror: e.mirrorMs,
      expression: e.blendshapeMs,
      locateRest: r.timings.detectMs - stages,
      gate: r.timings.gateMs,
      metrics: r.timings.metricsMs,
    });
  }
  last = r;
  if (human) {
    const o = await analyzePhoto(photo, { detector: human, label: 'bench-12mp.jpg' });
    if (!o.ok) throw new Error(o.error.message);
    if (i > 0) {
      rowsOld.push({
        total: o.timings.totalMs,
        decode: o.timings.decodeMs,
        detect: o.timings.detectMs,
        gate: o.timings.gateMs,
        metrics: o.timings.metricsMs,
      });
    }
  }
}
const col = (rows: Row[], k: string): number => median(rows.map((r) => r[k] ?? NaN));
const e2e = col(rowsNew, 'total');
console.log(`\none process, median of ${RUNS} runs after 1 warm-up (new and old alternated):`);
console.log(
  `  decode only (sniff, header check, EXIF rotate, shrink-on-load to 1280 px): ${f1(median(decodeMs))} ms`,
);
console.log(
  `  new end-to-end ${f1(e2e)} ms = decode ${f1(col(rowsNew, 'decode'))} + detect ${f1(col(rowsNew, 'detect'))} + first pass ${f1(col(rowsNew, 'landmarks'))} + refine ${f1(col(rowsNew, 'refine'))} + mirror ${f1(col(rowsNew, 'mirror'))} + expression ${f1(col(rowsNew, 'expression'))} + pose/mapping ${f1(col(rowsNew, 'locateRest'))} + gate crop ${f1(col(rowsNew, 'gate'))} + gate checks & metrics ${f1(col(rowsNew, 'metrics'))}`,
);
console.log(
  `  new: target ≤ ${TARGET_MS} ms: ${e2e <= TARGET_MS ? 'MET' : 'NOT MET'} (×${(e2e / TARGET_MS).toFixed(2)} of the target); detection: ${last?.detection.pass}`,
);
if (rowsOld.length) {
  const old = col(rowsOld, 'total');
  console.log(
    `  old end-to-end ${f1(old)} ms = decode ${f1(col(rowsOld, 'decode'))} + detect ${f1(col(rowsOld, 'detect'))} + gate ${f1(col(rowsOld, 'gate'))} + metrics ${f1(col(rowsOld, 'metrics'))} (×${(old / TARGET_MS).toFixed(2)} of the target)`,
  );
  console.log(`  new / old: ×${(e2e / old).toFixed(2)}`);
}

/**
 * The box's own parallel ceiling, measured at the same time: a pure-CPU loop (no memory traffic, no I/O) in
 * 1 process vs 2 processes at once. On a dedicated 2-core machine it is ≈ ×2; on a shared VM (other jobs,
 * vCPUs that are hyperthreads) it is lower, and no pool can beat it.
 */
const SPIN = 'let x=0;for(let i=0;i<1.5e8;i++)x+=Math.sqrt(i);if(x<0)console.log(x);';
const spinOnce = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => {
      resolve();
    });
  });
async function spinRatio(): Promise<number> {
  const t1 = performance.now();
  await spinOnce();
  const one = performance.now() - t1;
  const t2 = performance.now();
  await Promise.all([spinOnce(), spinOnce()]);
  return (2 * one) / (performance.now() - t2);
}

// Throughput: sequential in this process vs the 2-process pool, alternated over rounds so that load from
// other jobs on the box hits both alike; the median rate of each is reported, next to the box's ceiling.
const BATCH = 16;
const ROUNDS = 2;
const pool = await AnalyzePool.create(2);
await pool.analyzeAll([photo, photo, photo, photo]); // warm both workers
const seqRates: number[] = [];
const poolRates: number[] = [];
const ceilings: number[] = [];
let failed = 0;
for (let round = 0; round < ROUNDS; round++) {
  ceilings.push(await spinRatio());
  const s0 = performance.now();
  for (let i = 0; i < BATCH; i++) await analyzePhoto(photo, { detector });
  seqRates.push(BATCH / ((performance.now() - s0) / 1000));
  const p0 = performance.now();
  const results = await pool.analyzeAll(Array.from({ length: BATCH }, () => photo));
  poolRates.push(BATCH / ((performance.now() - p0) / 1000));
  failed += results.filter((r) => !r.ok).length;
}
await pool.close();
const seq = median(seqRates);
const par = median(poolRates);
const ceiling = median(ceilings);
console.log(`\nthroughput, ${BATCH} photos × ${ROUNDS} rounds (median rate):`);
console.log(`  one process, sequential: ${f1(seq)} photos/s  [${seqRates.map(f1).join(', ')}]`);
console.log(
  `  worker pool (2 processes): ${f1(par)} photos/s (×${(par / seq).toFixed(2)})  [${poolRates.map(f1).join(', ')}]${failed ? `, ${failed} FAILED` : ''}`,
);
console.log(
  `  box ceiling (pure-CPU loop, 2 processes vs 1, same rounds): ×${ceiling.toFixed(2)}  [${ceilings.map((c) => c.toFixed(2)).join(', ')}]; the pool reaches ${((par / seq / ceiling) * 100).toFixed(0)} % of it`,
);
