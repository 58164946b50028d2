import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../db/repositories.js';
import { seedThreeVisitPatient, type SeededRecord } from '../fhir/fixtures.js';
import { LocalPhotoStore } from '../storage/photo-store.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { seedClinic, type Clinic } from '../testing/fixtures.js';
import { exportResearch, RESEARCH_COLUMNS, type ResearchExport } from './export.js';

/** Splits our CSV (no quoted newlines in it) into rows of cells. */
const parse = (csv: string): string[][] =>
  csv
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));

describe('research CSV export', () => {
  let t: TestDatabase;
  let repos: Repositories;
  let dir: string;
  let clinic: Clinic;
  let agreed: SeededRecord;
  let refused: SeededRecord;
  let out: ResearchExport;

  beforeAll(async () => {
    t = await sqliteTestDatabase();
    repos = createRepositories(t.database.db);
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-research-'));
    const store = new LocalPhotoStore(dir);
    clinic = await seedClinic(repos);
    agreed = await seedThreeVisitPatient(repos, store, clinic, {
      research: true,
      chartNumber: 'R-123',
      displayName: '김연구',
      birthDate: '1971-04-05',
    });
    refused = await seedThreeVisitPatient(repos, store, clinic, {
      research: false,
      chartNumber: 'N-456',
      displayName: '박비동의',
      birthDate: '1969-11-30',
    });
    out = await exportResearch(t.database.db, clinic.as('doctor'), { reason: 'research' });
  }, 90_000);
  afterAll(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds only patients whose consent gives the research scope, one row per region, side, metric and follow-up', () => {
    expect(out.subjects).toBe(1);
    expect(out.withoutResearchConsent).toBe(1);
    const [head, ...rows] = parse(out.csv);
    expect(head).toEqual(RESEARCH_COLUMNS.map((c) => c[0]));
    expect(rows.length).toBe(out.rows);
    // The jowl was treated on both sides; its metric is jowl depth.
    const jowl = rows.filter((r) => r[7] === 'jowl');
    expect(jowl.map((r) => `${r[8] ?? ''}:${r[9] ?? ''}`).sort()).toEqual([
      'left:jowl-depth',
      'right:jowl-depth',
    ]);
    for (const r of rows) {
      expect(r[0]).toBe('S001');
      expect(r[6]).toBe('92'); // 2025-03-08 → 2025-06-08, exact
      expect(r[2]).toBe('50-54');
    }
    expect(jowl[0]?.[16]).toBe('bidirectional-cog PDO 0 60 mm');
    expect(jowl[0]?.[20]).toBe('bruising (mild)');
  });

  it('contains no direct identifier: names, chart numbers, birth dates, record ids, true dates', () => {
    const text = out.csv;
    const forbidden = [
      agreed.displayName,
      refused.displayName,
      agreed.chartNumber,
      refused.chartNumber,
      agreed.birthDate,
      agreed.birthDate.replace(/-/g, ''),
      agreed.birthDate.replace(/-/g, '.'),
      agreed.birthDate.replace(/-/g, '/'),
      agreed.patientId,
      ...agreed.visitIds,
      '2025-03-08',
      '2025-06-08',
    ];
    for (const f of forbidden) expect({ f, found: text.includes(f) }).toEqual({ f, found: false });
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(text).not.toMatch(/[가-힣]/);
    // Shifted dates keep their interval.
    const row = parse(text)[1] ?? [];
    const days = (Date.parse(row[5] ?? '') - Date.parse(row[4] ?? '')) / 86_400_000;
    expect(days).toBe(92);
  });

  it('comes with a data dictionary of every column; needs the export permission; is audited with its reason', async () => {
    const dict = parse(out.dictionary).map((r) => r[0]);
    expect(dict).toEqual(['column', ...RESEARCH_COLUMNS.map((c) => c[0])]);
    await expect(
      exportResearch(t.database.db, clinic.as('coordinator'), { reason: 'research' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['entity_id', 'detail'])
      .where('action', '=', 'export')
      .where('entity', '=', 'patient')
      .execute();
    expect(events).toEqual([{ entity_id: agreed.patientId, detail: 'research:research' }]);
  });
});
