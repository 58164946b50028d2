import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { conflict } from '../errors.js';

/**
 * One process at a time owns an embedded (SQLite) data directory: the server while it runs, `restore` while
 * it swaps the file. Without it, a restore under a live server "succeeded" and every write the server
 * acknowledged afterwards vanished at its next restart. A lock left by a killed process (its pid is gone) is
 * taken over; the lock names its holder so the refusal can say who.
 */
export const LOCK_FILE = 'liftplan.lock';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly purpose: string;
}

export interface DataLock {
  readonly file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof j.pid !== 'number') return null;
    return { pid: j.pid, host: j.host ?? '', since: j.since ?? '', purpose: j.purpose ?? 'server' };
  } catch {
    return null;
  }
}

/** The live holder of `dataDir`'s lock, or null (no lock, or a stale one from a process that is gone). */
export function lockHolder(dataDir: string): LockHolder | null {
  const h = readHolder(path.join(dataDir, LOCK_FILE));
  if (!h) return null;
  // Another machine's lock on a shared disk cannot be checked by pid: treat it as held.
  if (h.host !== hostname()) return h;
  return alive(h.pid) ? h : null;
}

const describe = (h: LockHolder): string =>
  `a liftplan ${h.purpose} (pid ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''}, since ${h.since}) holds this data directory`;

/** Takes the lock or throws a 409 naming the holder. */
export function acquireDataLock(dataDir: string, purpose: 'server' | 'restore', now: Date): DataLock {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      const holder: LockHolder = { pid: process.pid, host: hostname(), since: now.toISOString(), purpose };
      writeSync(fd, JSON.stringify(holder));
      closeSync(fd);
      let released = false;
      return {
        file,
        release: () => {
          if (released) return;
          released = true;
          const h = readHolder(file);
          if (h?.pid === process.pid) unlinkSync(file);
        },
      };
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) throw e;
      const h = lockHolder(dataDir);
      if (h) {
        throw conflict(
          `${describe(h)}; ${purpose === 'restore' ? 'stop the server before restoring' : 'stop it first, or give this server its own DATA_DIR'}`,
        );
      }
      // Stale: its process is gone (killed or crashed). Remove it and try once more.
      unlinkSync(file);
    }
  }
  throw conflict(`could not take the lock ${file}; another process keeps re-creating it`);
}
