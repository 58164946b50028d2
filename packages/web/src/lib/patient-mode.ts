/**
 * Patient mode: the tablet is turned toward the patient. While it is on, every route of the app leads back to
 * the patient-mode screen (back button, reload, a typed address, a new tab of the same browser), until the
 * signed-in staff member's password is checked again by the server. Kept in localStorage so a reload or a
 * second tab cannot escape it; the lock holds only the screen's path (no patient data).
 */
const KEY = 'liftplan.patientMode';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** `/patients/:patientId/visits/:visitId/patient-mode`. */
export const patientModePath = (patientId: string, visitId: string): string =>
  `/patients/${patientId}/visits/${visitId}/patient-mode`;

const PATH = /^\/patients\/[\w-]+\/visits\/[\w-]+\/patient-mode$/;

export const isPatientModePath = (p: string): boolean => PATH.test(p);

/** The locked path, or null when patient mode is off (an entry that is no patient-mode path is ignored). */
export function lockedPath(store: StorageLike): string | null {
  const v = store.getItem(KEY);
  return v !== null && isPatientModePath(v) ? v : null;
}

export function lock(store: StorageLike, path: string): void {
  if (!isPatientModePath(path)) throw new Error(`not a patient-mode path: ${path}`);
  store.setItem(KEY, path);
}

/** Called only after the server accepted the staff member's password. */
export function unlock(store: StorageLike): void {
  store.removeItem(KEY);
}

/** Where the router must go: the locked screen when the lock is on and another path is asked for. */
export function redirectFor(store: StorageLike, pathname: string): string | null {
  const locked = lockedPath(store);
  if (locked === null || locked === pathname) return null;
  return locked;
}
