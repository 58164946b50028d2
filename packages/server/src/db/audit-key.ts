/**
 * The audit chain's HMAC key (issue 14 §6), kept outside the database: a file of at least 32 random bytes
 * named by AUDIT_HMAC_KEY_FILE. `liftplan audit keygen FILE` writes one (mode 0600, never over an existing
 * file). Whoever can change the database but cannot read this file cannot produce a chain that verifies.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/** Shortest key accepted (bytes): SHA-256's output size, as RFC 2104 recommends at least. */
export const AUDIT_KEY_MIN_BYTES = 32;
/** Bytes `keygen` writes. */
export const AUDIT_KEY_BYTES = 32;
const OWNER_ONLY = 0o600;

export class AuditKeyError extends Error {
  override readonly name = 'AuditKeyError';
}

export function readAuditKey(file: string): Buffer {
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch (e) {
    throw new AuditKeyError(
      `AUDIT_HMAC_KEY_FILE ${file} cannot be read (${e instanceof Error ? e.message : String(e)}); create one with \`liftplan audit keygen ${file}\``,
    );
  }
  if (key.length < AUDIT_KEY_MIN_BYTES) {
    throw new AuditKeyError(
      `AUDIT_HMAC_KEY_FILE ${file} holds ${key.length} bytes; at least ${AUDIT_KEY_MIN_BYTES} random bytes are needed (\`liftplan audit keygen FILE\`)`,
    );
  }
  return key;
}

/** Writes a new key; refuses to overwrite (a lost key cannot check the MACs written with it). */
export function writeAuditKey(file: string): void {
  try {
    writeFileSync(file, randomBytes(AUDIT_KEY_BYTES), { mode: OWNER_ONLY, flag: 'wx' });
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'EEXIST') {
      throw new AuditKeyError(`${file} exists already; a key is never overwritten — choose a new file`);
    }
    throw e;
  }
}
