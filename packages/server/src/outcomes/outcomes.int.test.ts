import { changeMdc, METRIC_BANDS } from '@liftplan/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../db/repositories.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { seedClinic, type Clinic } from '../testing/fixtures.js';
import {
  DEMO_COMPLICATION_RATES,
  DEMO_JOWL_EFFECT,
  DEMO_NOISE_MM,
  seedDemoOutcomes,
  type DemoOutcomeResult,
} from './demo-outcomes.js';
import type { Outcomes } from './query.js';
import { clinicOutcomes, outcomeVisits } from './service.js';

/**
 * Several hundred synthetic patients (issue 13), each with 4 follow-ups: 73–121 s of seeding on the shared
 * 2-core machine (56 s of CPU; measured 2026-12-06). LIFTPLAN_TEST_DEMO_PATIENTS overrides it for a quicker run.
 */
const PATIENTS = Number(process.env['LIFTPLAN_TEST_DEMO_PATIENTS'] ?? 300);

describe('outcomes recover the known effects of the synthetic demo clinic', () => {
  let t: TestDatabase;
  let repos: Repositories;
  let clinic: Clinic;
  let seeded: DemoOutcomeResult;
  let outcomes: Outcomes;

  beforeAll(async () => {
    t = await sqliteTestDatabase();
    repos = createRepositories(t.database.db);
    clinic = await seedClinic(repos, 'Demo outcomes');
    seeded = await seedDemoOutcomes(
      repos,
      null,
      {
        doctor: clinic.as('doctor'),
        coordinator: clinic.as('coordinator'),
        admin: clinic.as('admin'),
        doctorPassword: 'correct horse battery staple',
      },
      { patients: PATIENTS, seed: 7 },
    );
    outcomes = await clinicOutcomes(t.database.db, clinic.as('doctor'), {});
  }, 600_000);
  afterAll(async () => {
    await t.cleanup();
  });

  it('jowl depth change per side and month: median within the noise of the known effect, band counted', () => {
    const single = METRIC_BANDS.singleShot['jowl-depth'];
    const mdc = single
      ? changeMdc(
          { sem: single.sem, mdc: single.mdc, shots: 1, source: '' },
          { sem: single.sem, mdc: single.mdc, shots: 1, source: '' },
        )
      : null;
    expect(mdc).not.toBeNull();
    for (const side of ['left', 'right']) {
      for (const step of DEMO_JOWL_EFFECT) {
        const g = outcomes.changes.find(
          (c) => c.metric === 'jowl-depth' && c.side === side && c.months === step.months,
        );
        expect(g, `${side} ${step.months} months`).toBeDefined();
        expect(g?.n).toBe(PATIENTS);
        expect(Math.abs((g?.median ?? NaN) - step.changeMm)).toBeLessThanOrEqual(DEMO_NOISE_MM + 0.05);
        expect(g?.q1).toBeLessThanOrEqual(g?.median ?? NaN);
        expect(g?.q3).toBeGreaterThanOrEqual(g?.median ?? NaN);
        expect(g?.mdc).toBeCloseTo(mdc ?? NaN, 6);
        // Beyond the band only where the effect (with its noise) exceeds the MDC.
        if (Math.abs(step.changeMm) - DEMO_NOISE_MM > (mdc ?? Infinity)) expect(g?.beyondBand).toBe(PATIENTS);
        if (Math.abs(step.changeMm) + DEMO_NOISE_MM < (mdc ?? 0)) expect(g?.beyondBand).toBe(0);
      }
    }
    expect(outcomes.unmeasured).toEqual({});
  });

  it('scores and complications: every scored follow-up counted; rates with Wilson intervals next to the published ones', () => {
    expect(outcomes.procedures).toBe(PATIENTS);
    expect(outcomes.followUps).toBe(seeded.followUps);
    const total = (d: readonly { n: number }[]) => d.reduce((s, x) => s + x.n, 0);
    expect(total(outcomes.gaisClinician)).toBe(seeded.followUps);
    expect(total(outcomes.satisfaction)).toBe(seeded.followUps);
    for (const [kind, rate] of Object.entries(DEMO_COMPLICATION_RATES)) {
      const c = outcomes.complications.find((x) => x.kind === kind);
      const k = seeded.complications[kind] ?? 0;
      expect(k).toBeGreaterThan(0);
      expect(c?.procedures).toBe(k);
      expect(c?.of).toBe(PATIENTS);
      expect(c?.low).toBeLessThanOrEqual(rate);
      expect(c?.high).toBeGreaterThanOrEqual(rate);
      expect(c?.published).toMatch(/%/);
      expect(c?.medianOnsetDays).toBe(1);
      expect(c?.medianDaysToResolution).toBe(9);
    }
  });

  it('filters, drills down to the visits behind a number (audited per patient), and is for doctors and admins', async () => {
    const none = await clinicOutcomes(t.database.db, clinic.as('admin'), { from: '2099-01-01' });
    expect(none.changes).toEqual([]);
    const visits = await outcomeVisits(t.database.db, clinic.as('doctor'), {
      group: { region: 'jowl', side: 'left', metric: 'jowl-depth', months: 1 },
      filter: {},
    });
    expect(visits).toHaveLength(PATIENTS);
    expect(new Set(visits.map((v) => v.patientId)).size).toBe(PATIENTS);
    const reads = await t.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'read')
      .where('entity', '=', 'patient')
      .where('detail', '=', 'outcomes')
      .executeTakeFirst();
    expect(Number(reads?.n)).toBe(PATIENTS);
    await expect(clinicOutcomes(t.database.db, clinic.as('coordinator'), {})).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      clinicOutcomes(t.database.db, clinic.as('doctor'), { from: 'last week' }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
