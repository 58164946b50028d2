/**
 * FHIR R4 export of one patient with 3 visits (consultation with an analysed photo, assessment, signed plan
 * and consent; procedure with threads and lots; follow-up with a photo, scores and a complication), from the
 * embedded SQLite database and a local photo store, photos as Binary. Target (issue 13): ≤ 500 ms median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRepositories } from '../src/db/repositories.js';
import { exportFhir } from '../src/fhir/export.js';
import { seedThreeVisitPatient } from '../src/fhir/fixtures.js';
import { LocalPhotoStore } from '../src/storage/photo-store.js';
import { sqliteTestDatabase } from '../src/testing/databases.js';
import { seedClinic } from '../src/testing/fixtures.js';

const TARGET_MS = 500;
const RUNS = 30;

const t = await sqliteTestDatabase();
const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-bench-fhir-'));
try {
  const repos = createRepositories(t.database.db);
  const store = new LocalPhotoStore(dir);
  const clinic = await seedClinic(repos);
  const seeded = await seedThreeVisitPatient(repos, store, clinic);
  const run = async (): Promise<number> => {
    const start = performance.now();
    const b = await exportFhir(t.database.db, store, clinic.as('doctor'), {
      patientId: seeded.patientId,
      reason: 'transfer-of-care',
    });
    JSON.stringify(b);
    return performance.now() - start;
  };
  for (let i = 0; i < 3; i++) await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await run());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  const p95 = times[Math.floor(times.length * 0.95)] ?? NaN;
  console.log(
    `fhir export, 1 patient × 3 visits (SQLite): median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${RUNS} runs; target ≤ ${TARGET_MS} ms, ratio ${(median / TARGET_MS).toFixed(3)}`,
  );
} finally {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
