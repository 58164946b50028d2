import { describe, expect, it } from 'vitest';
import { syntheticFace } from '../face/synthetic.js';
import { HISTORY_FLAGS } from './vocab.js';
import { validateCase } from './validate.js';
import { caseJsonSchema } from './json-schema.js';

function validCase(): Record<string, unknown> {
  return {
    format: 'liftplan.case',
    version: '1.0',
    caseId: 'T-1',
    visitDate: '2026-11-20',
    patient: {
      id: 'P-1',
      age: 45,
      sex: 'female',
      history: Object.fromEntries(HISTORY_FLAGS.map((f) => [f, false])),
      previousProcedures: [],
      concerns: [{ region: 'jowl', side: 'both' }],
      expectations: 'realistic',
    },
    assessment: {
      grades: { brow: 1, midface: 2, nasolabial: 2, jowl: 2, marionette: 1, neck: 0 },
      skinThickness: 'normal',
      elasticity: 'good',
      fat: 'balanced',
      glogau: 'II',
      fitzpatrick: 'III',
    },
    photos: [
      { view: 'front', image: { width: 1000, height: 1250 }, landmarks: syntheticFace({ iris: true }) },
    ],
  };
}

describe('case file validation', () => {
  it('accepts a valid case', () => {
    const r = validateCase(validCase());
    expect(r.ok).toBe(true);
  });

  it('reports every problem with its JSON path and a plain reason', () => {
    const c = validCase();
    const patient = c.patient as Record<string, unknown>;
    patient.age = 12;
    (patient.history as Record<string, unknown>).pregnant = 'no';
    (c.assessment as { grades: Record<string, unknown> }).grades.jowl = 7;
    const photo = (c.photos as { landmarks: { mesh: unknown[] } }[])[0];
    photo?.landmarks.mesh.pop();
    c.visitDate = '20/11/2026';
    const r = validateCase(c);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = new Map(r.problems.map((p) => [p.path, p.message]));
    expect(byPath.get('$.patient.age')).toMatch(/adults only/);
    expect(byPath.get('$.patient.history.pregnant')).toBeDefined();
    expect(byPath.get('$.assessment.grades.jowl')).toMatch(/0–4/);
    expect(byPath.get('$.photos[0].landmarks.mesh')).toMatch(/exactly 468/);
    expect(byPath.get('$.visitDate')).toMatch(/YYYY-MM-DD/);
  });

  it('rejects a mesh far outside its image, two photos of one view, and future procedures', () => {
    const c = validCase();
    const photos = c.photos as { view: string; image: { width: number }; landmarks: unknown }[];
    const first = photos[0];
    if (!first) throw new Error('fixture');
    photos.push({ ...first, image: { ...first.image, width: 100 } });
    (c.patient as { previousProcedures: unknown[] }).previousProcedures.push({
      kind: 'threads',
      regions: ['jowl'],
      date: '2027-01-01',
    });
    const r = validateCase(c);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    expect(paths).toContain('$.photos[1].view');
    expect(paths.some((p) => p.startsWith('$.photos[1].landmarks.mesh['))).toBe(true);
    expect(paths).toContain('$.patient.previousProcedures[0].date');
  });

  it('refuses an unknown format version with a reason', () => {
    const c = validCase();
    c.version = '2.0';
    const r = validateCase(c);
    expect(r.ok ? [] : r.problems.map((p) => p.message).join()).toMatch(/reads 1\.x/);
  });

  it('exports a JSON Schema of the format', () => {
    const s = caseJsonSchema();
    expect(s.$schema).toMatch(/2020-12/);
    expect(JSON.stringify(s)).toContain('"minItems":468');
  });
});
