import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CITATIONS } from './citations.js';
import { CALIBRATION_CITES, THRESHOLDS } from './thresholds.js';

const docPath = fileURLToPath(new URL('../../../../docs/evidence/clinical-facts.md', import.meta.url));
const facts = readFileSync(docPath, 'utf8');

describe('evidence registry', () => {
  it('quotes clinical-facts.md word for word in every citation', () => {
    for (const [key, c] of Object.entries(CITATIONS)) {
      expect(facts.includes(c.quote), `${key}: "${c.quote}"`).toBe(true);
    }
  });

  it('cites every threshold and calibration constant', () => {
    for (const [name, t] of Object.entries(THRESHOLDS)) {
      expect(t.cite.length, name).toBeGreaterThan(0);
      for (const k of t.cite) expect(CITATIONS[k], `${name} -> ${k}`).toBeDefined();
      if (t.basis === 'liftplan-default') expect(t.note, `${name} needs a note saying why`).toBeTruthy();
    }
    for (const keys of Object.values(CALIBRATION_CITES)) {
      for (const k of keys) expect(CITATIONS[k]).toBeDefined();
    }
  });

  it('keeps the repo copy identical to the shared evidence base when that is present', () => {
    const shared = fileURLToPath(new URL('../../../../../shared/domain/clinical-facts.md', import.meta.url));
    // CI has ../shared beside the clone; a bare clone has only the committed copy, which the test above checks.
    if (existsSync(shared)) expect(readFileSync(shared, 'utf8')).toBe(facts);
    else expect(facts.length).toBeGreaterThan(10_000);
  });
});
