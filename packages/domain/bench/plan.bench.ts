// Plan generation time, safety checks included: planCase() on every bundled example, many iterations each.
// Prints per-case median and p99 in ms, the overall figures, and the ratio to the product target (≤ 5 ms p99
// per case). No assertions: machines differ; read the ratios. Run: npm run bench (or `npm run bench plan`).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { planCase, validateCase, type CaseFile } from '@liftplan/domain';

const TARGET_P99_MS = 5;
// Steady state: V8 keeps compiling in background threads for a while (2 cores here); warm up by time, not count.
const WARMUP_MS = Number(process.env['BENCH_WARMUP_MS'] ?? 2000);
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 300);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = path.join(root, 'examples');

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

const cases: { name: string; caseFile: CaseFile }[] = [];
for (const f of readdirSync(dir)
  .filter((n) => n.endsWith('.case.json'))
  .sort()) {
  const v = validateCase(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  if (!v.ok) {
    throw new Error(
      `${f} is not a valid case: ${v.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  }
  cases.push({ name: f.replace(/\.case\.json$/, ''), caseFile: v.value });
}

console.log(
  `planCase: ${cases.length} example cases × ${ITERATIONS} iterations (steady state, after a timed warm-up), Node ${process.version}`,
);
// p99 on a shared machine is mostly other processes: print the load so a reader can judge the tail.
console.log(
  `${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1/5/15 min)`,
);
// The first call of a fresh process (cold JIT) is reported on its own, then every case is warmed up.
const coldStart = performance.now();
for (const c of cases) planCase(c.caseFile);
const coldMs = performance.now() - coldStart;
let warmRuns = 0;
const warmStart = performance.now();
while (performance.now() - warmStart < WARMUP_MS) {
  for (const c of cases) planCase(c.caseFile);
  warmRuns++;
}
console.log(
  `cold: the first call of each case in a fresh process took ${(coldMs / cases.length).toFixed(1)} ms on average; warm-up ${WARMUP_MS} ms (${warmRuns} rounds of all cases)`,
);

const all: number[] = [];
const rows: string[][] = [];
let sink = 0;
for (const c of cases) {
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    const plan = planCase(c.caseFile);
    times.push(performance.now() - t0);
    sink += plan.placements.length;
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  const p99 = quantile(times, 0.99);
  rows.push([
    c.name,
    quantile(times, 0.5).toFixed(3),
    p99.toFixed(3),
    (times[times.length - 1] ?? NaN).toFixed(3),
    (p99 / TARGET_P99_MS).toFixed(3),
  ]);
}
all.sort((a, b) => a - b);
const p99All = quantile(all, 0.99);
rows.push([
  'all cases',
  quantile(all, 0.5).toFixed(3),
  p99All.toFixed(3),
  (all[all.length - 1] ?? NaN).toFixed(3),
  (p99All / TARGET_P99_MS).toFixed(3),
]);

const header = ['case', 'median ms', 'p99 ms', 'max ms', 'p99 / 5 ms target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: readonly string[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
console.log(
  `\noverall p99 ${p99All.toFixed(3)} ms = ${(p99All / TARGET_P99_MS).toFixed(3)} × the 5 ms target ` +
    `(${p99All <= TARGET_P99_MS ? 'within' : 'OVER'} target); ${sink > 0 ? 'placements produced' : 'no placements produced'}`,
);
