/**
 * Outcomes over 10,000 scored follow-ups (2,500 procedures of 1,250 patients, 4 follow-ups each, 6
 * region-side-metric rows per follow-up = 60,000 summary rows), on SQLite and PostgreSQL: the time of one
 * `clinicOutcomes` answer (summary freshness check, SQL aggregation, scores, complications, audit event).
 * The records are inserted directly (the summary as the refresh writes it): this measures the query, not the
 * seeding. Target (issue 13): ≤ 300 ms median on both databases.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../src/db/dialect.js';
import type { DB } from '../src/db/types.js';
import { clinicOutcomes } from '../src/outcomes/service.js';
import {
  postgresAvailable,
  postgresTestDatabase,
  sqliteTestDatabase,
  type TestDatabase,
} from '../src/testing/databases.js';

const TARGET_MS = 300;
const FOLLOW_UPS = 10_000;
const PER_PROCEDURE = 4;
const RUNS = 15;
const ROWS: readonly [string, string, string][] = [
  ['jowl', 'left', 'jowl-depth'],
  ['jowl', 'right', 'jowl-depth'],
  ['marionette', 'left', 'commissure-height'],
  ['marionette', 'right', 'commissure-height'],
  ['brow', 'left', 'lateral-brow-height'],
  ['brow', 'right', 'lateral-brow-height'],
];
const MONTHS = [1, 3, 6, 12];

async function inChunks<T>(rows: readonly T[], insert: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

async function seed(db: Kysely<DB>): Promise<{ org: string; doctor: string }> {
  const now = new Date('2026-01-01T00:00:00Z').toISOString();
  const org = randomUUID();
  const doctor = randomUUID();
  await db
    .insertInto('organisations')
    .values({
      id: org,
      name: 'Bench clinic',
      created_at: now,
      address: null,
      phone: null,
      version: 1,
      time_zone: 'Asia/Seoul',
      disabled: 0,
    })
    .execute();
  await db
    .insertInto('users')
    .values({
      id: doctor,
      organisation_id: org,
      email: 'd@bench.test',
      display_name: 'D',
      role: 'doctor',
      password_hash: 'x',
      disabled: 0,
      created_at: now,
      version: 1,
      licence_number: null,
    })
    .execute();
  const procedures = FOLLOW_UPS / PER_PROCEDURE;
  const patients: DB['patients'][] = [];
  const visits: DB['visits'][] = [];
  const procs: DB['procedures'][] = [];
  const fus: DB['follow_ups'][] = [];
  const markers: DB['outcome_follow_ups'][] = [];
  const changes: DB['outcome_changes'][] = [];
  const comps: DB['complications'][] = [];
  let x = 1;
  const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
  for (let p = 0; p < procedures; p++) {
    const patientId = p % 2 === 0 ? randomUUID() : (patients.at(-1)?.id ?? randomUUID());
    if (p % 2 === 0) {
      patients.push({
        id: patientId,
        organisation_id: org,
        chart_number: `B-${p}`,
        display_name: `Bench ${p}`,
        birth_date: '1975-01-01',
        sex: 'female',
        history: '{}',
        notes: null,
        created_at: now,
        updated_at: now,
        version: 1,
        phone: null,
        email: null,
        address: null,
        archived_at: null,
        archived_by: null,
      });
    }
    const procId = randomUUID();
    const day = new Date(Date.parse('2024-01-01') + (p % 365) * 86_400_000).toISOString().slice(0, 10);
    procs.push({
      id: procId,
      organisation_id: org,
      patient_id: patientId,
      visit_id: null,
      plan_version_id: null,
      performed_by: doctor,
      performed_on: day,
      anaesthesia: '{}',
      events: '[]',
      notes: null,
      created_by: doctor,
      created_at: now,
      version: 1,
      not_placed: '[]',
    });
    for (const m of MONTHS) {
      const visitId = randomUUID();
      const date = new Date(Date.parse(day) + Math.round(m * 30.4375) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      visits.push({
        id: visitId,
        organisation_id: org,
        patient_id: patientId,
        kind: 'follow-up',
        date,
        notes: null,
        created_at: now,
        version: 1,
      });
      const fuId = randomUUID();
      fus.push({
        id: fuId,
        organisation_id: org,
        patient_id: patientId,
        procedure_id: procId,
        visit_id: visitId,
        due_date: date,
        status: 'done',
        gais_clinician: 1 + Math.floor(rnd() * 4),
        gais_patient: 1 + Math.floor(rnd() * 4),
        satisfaction: 1 + Math.floor(rnd() * 5),
        notes: null,
        scored_by: doctor,
        scored_at: now,
        created_at: now,
        version: 2,
      });
      markers.push({
        follow_up_id: fuId,
        organisation_id: org,
        follow_up_version: 2,
        source_at: null,
        state: 'ok',
        computed_at: now,
      });
      for (const [region, side, metric] of ROWS) {
        const change = -2 / m + (rnd() - 0.5) * 2;
        changes.push({
          id: randomUUID(),
          organisation_id: org,
          follow_up_id: fuId,
          patient_id: patientId,
          procedure_id: procId,
          visit_id: visitId,
          performed_by: doctor,
          product_id: null,
          lot_id: null,
          region,
          side,
          metric,
          unit: 'mm',
          performed_on: day,
          follow_up_date: date,
          months: m,
          change,
          mdc: 1.7,
          beyond: Math.abs(change) > 1.7 ? 1 : 0,
        });
      }
      if (m === 1 && rnd() < 0.2) {
        comps.push({
          id: randomUUID(),
          organisation_id: org,
          patient_id: patientId,
          follow_up_id: fuId,
          kind: 'bruising',
          severity: 'mild',
          onset_date: day,
          management: null,
          resolution: null,
          resolved_date: null,
          created_by: doctor,
          created_at: now,
          version: 1,
        });
      }
    }
  }
  await inChunks(patients, (part) => db.insertInto('patients').values(part).execute());
  await inChunks(visits, (part) => db.insertInto('visits').values(part).execute());
  await inChunks(procs, (part) => db.insertInto('procedures').values(part).execute());
  await inChunks(fus, (part) => db.insertInto('follow_ups').values(part).execute());
  await inChunks(markers, (part) => db.insertInto('outcome_follow_ups').values(part).execute());
  await inChunks(changes, (part) => db.insertInto('outcome_changes').values(part).execute());
  await inChunks(comps, (part) => db.insertInto('complications').values(part).execute());
  // Planner statistics, as a running database has them (PostgreSQL's autovacuum, SQLite's optimize).
  await sql.raw(dialectOf(db) === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE').execute(db);
  return { org, doctor };
}

async function bench(name: string, t: TestDatabase): Promise<number> {
  try {
    const { org, doctor } = await seed(t.database.db);
    const ctx = {
      actor: { userId: doctor, role: 'doctor' as const, organisationId: org },
      requestId: 'bench',
      clock: { now: () => new Date() },
    };
    let groups = 0;
    const run = async () => {
      const start = performance.now();
      const o = await clinicOutcomes(t.database.db, ctx, {});
      groups = o.changes.length;
      return performance.now() - start;
    };
    for (let i = 0; i < 3; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await run());
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? NaN;
    console.log(
      `outcomes, ${FOLLOW_UPS} follow-ups (${FOLLOW_UPS * ROWS.length} summary rows, ${groups} groups), ${name}: median ${median.toFixed(1)} ms, max ${(times.at(-1) ?? NaN).toFixed(1)} ms over ${RUNS} runs; target ≤ ${TARGET_MS} ms, ratio ${(median / TARGET_MS).toFixed(3)}`,
    );
    return median;
  } finally {
    await t.cleanup();
  }
}

await bench('SQLite', await sqliteTestDatabase());
if (await postgresAvailable()) await bench('PostgreSQL', await postgresTestDatabase());
else console.log('outcomes, PostgreSQL: skipped (no server at the test URL)');
