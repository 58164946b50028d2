import { describe, expect, it } from 'vitest';
import { lock, lockedPath, patientModePath, redirectFor, unlock, type StorageLike } from './patient-mode.js';

const memory = (): StorageLike & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
};

describe('patient-mode lock', () => {
  const path = patientModePath('p-1', 'v-2');

  it('sends every other path back to the locked screen until unlocked', () => {
    const s = memory();
    expect(redirectFor(s, '/')).toBeNull();
    lock(s, path);
    expect(redirectFor(s, '/')).toBe(path);
    expect(redirectFor(s, '/patients/p-1/visits/v-2/consult')).toBe(path);
    expect(redirectFor(s, '/admin')).toBe(path);
    expect(redirectFor(s, path)).toBeNull();
    unlock(s);
    expect(redirectFor(s, '/admin')).toBeNull();
  });

  it('never redirects to a stored value that is no patient-mode path, and refuses to lock on one', () => {
    const s = memory();
    s.map.set('liftplan.patientMode', 'https://elsewhere.example/');
    expect(lockedPath(s)).toBeNull();
    expect(() => lock(s, '/admin')).toThrow(/not a patient-mode path/);
  });
});
