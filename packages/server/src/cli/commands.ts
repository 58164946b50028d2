import {
  copyFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  openSync,
  fsyncSync,
  closeSync,
} from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Config } from '../config.js';
import { badRequest, conflict, notFound } from '../errors.js';
import {
  backupCheckpointFile,
  backupIdentity,
  CHECKPOINT_FILE,
  databaseIdentity,
  readCheckpointFile,
  writeCheckpoint,
  writeCheckpointFile,
} from '../db/audit-checkpoint.js';
import { readAuditKey, writeAuditKey } from '../db/audit-key.js';
import { checkpointMarks } from '../db/audit-startup.js';
import type { AuditEventRow } from '../db/types.js';
import { verifyAuditChain, type AuditVerification } from '../db/audit.js';
import { migrateToLatest, openDatabase, openSqlite } from '../db/connect.js';
import { systemClock, systemContext } from '../db/context.js';
import { createRepositories } from '../db/repositories.js';
import { assertTenancy } from '../db/tenancy.js';
import type { User } from '../db/repos/users.js';
import { ensureDemo, type DemoResult } from '../demo.js';
import { acquireDataLock } from '../ops/data-lock.js';
import type { OperatorContext } from '../db/repos/clinics.js';
import type { Repositories } from '../db/repositories.js';
import type { Clinic, NewClinic, NewClinicResult, NewOperator, NewUser, Operator } from '../schemas.js';
import { startServer, type RunningServer, type ServerOptions } from '../server.js';

/*
 * What the `liftplan` CLI calls. Each function takes the validated Config and returns data; the CLI command
 * files only parse arguments, print and choose exit codes.
 */

/**
 * `liftplan users add`: the first user must be an admin and creates the clinic (organisation). With several
 * clinics (`liftplan clinics add`) the clinic is named by `clinicId`, never guessed.
 */
export async function usersAdd(
  config: Config,
  input: NewUser,
  organisationName = 'Clinic',
  clinicId?: string,
): Promise<User> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    await assertTenancy(database.db);
    const repos = createRepositories(database.app);
    const clinics = await repos.clinics.list(CLI_OPERATOR);
    if (clinicId !== undefined) {
      if (!clinics.some((c) => c.id === clinicId)) throw notFound(`clinic ${clinicId}`);
      return await repos.users.create(systemContext(clinicId, 'cli', `cli:users-add`), input);
    }
    if (clinics.length > 1) {
      throw badRequest('this database holds several clinics: name the one with --clinic-id', [
        { path: 'clinicId', message: 'see `liftplan clinics list`' },
      ]);
    }
    const first = (await repos.users.countUsers()) === 0;
    if (first && input.role !== 'admin') {
      throw badRequest('the first user must be an admin (--role admin)', [
        { path: 'role', message: 'the first user of a clinic is its admin' },
      ]);
    }
    const org = clinics[0] ?? (await repos.users.createOrganisation(organisationName, systemClock));
    return await repos.users.create(systemContext(org.id, 'cli', `cli:users-add`), input);
  } finally {
    await database.close();
  }
}

/** The command line acting for the whole system (audited as `system:cli`). */
const CLI_OPERATOR: OperatorContext = { actor: 'system:cli', requestId: 'cli:clinics', clock: systemClock };

async function withRepos<T>(config: Config, work: (repos: Repositories) => Promise<T>): Promise<T> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    await assertTenancy(database.db);
    return await work(createRepositories(database.app));
  } finally {
    await database.close();
  }
}

/** `liftplan clinics add`: a new clinic and its first admin. */
export function clinicsAdd(config: Config, input: NewClinic): Promise<NewClinicResult> {
  return withRepos(config, (repos) => repos.clinics.create(CLI_OPERATOR, input));
}

/** `liftplan clinics list`: every clinic (no patient data). */
export function clinicsList(config: Config): Promise<Clinic[]> {
  return withRepos(config, (repos) => repos.clinics.list(CLI_OPERATOR));
}

/** `liftplan clinics disable|enable --id ID`. */
export function clinicsSetDisabled(config: Config, id: string, disabled: boolean): Promise<Clinic> {
  return withRepos(config, (repos) => repos.clinics.setDisabled(CLI_OPERATOR, id, disabled));
}

/** `liftplan superadmin add`: a super-admin account (signs in at `/api/system/login`). */
export function superadminAdd(config: Config, input: NewOperator): Promise<Operator> {
  return withRepos(config, (repos) => repos.clinics.createOperator(input, systemClock));
}

/** The user with this e-mail and a system context of their clinic, or a 404 naming the e-mail. */
async function cliUser(repos: ReturnType<typeof createRepositories>, email: string, what: string) {
  const row = await repos.users.findByEmail(email);
  if (!row) {
    throw notFound(`user ${email}`);
  }
  return { row, ctx: systemContext(row.organisation_id, 'cli', `cli:users-${what}`) };
}

/** `liftplan users disable|enable --email E`: sign-in refused (and every session ended) or allowed again. */
export async function usersSetDisabled(config: Config, email: string, disabled: boolean): Promise<User> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    await assertTenancy(database.db);
    const repos = createRepositories(database.app);
    const { row, ctx } = await cliUser(repos, email, disabled ? 'disable' : 'enable');
    return await repos.users.setDisabled(ctx, row.id, { version: row.version, disabled });
  } finally {
    await database.close();
  }
}

/** `liftplan users passwd --email E --password-stdin`: a new password; every session of the user ends. */
export async function usersPasswd(config: Config, email: string, password: string): Promise<User> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    await assertTenancy(database.db);
    const repos = createRepositories(database.app);
    const { row, ctx } = await cliUser(repos, email, 'passwd');
    return await repos.users.setPassword(ctx, row.id, password);
  } finally {
    await database.close();
  }
}

/** `liftplan users revoke --email E`: ends every session of the user; returns how many. */
export async function usersRevoke(config: Config, email: string): Promise<number> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    await assertTenancy(database.db);
    const repos = createRepositories(database.app);
    const { row, ctx } = await cliUser(repos, email, 'revoke');
    return await repos.users.revokeSessions(ctx, row.id);
  } finally {
    await database.close();
  }
}

export interface AuditVerifyResult {
  readonly verification: AuditVerification;
  /** What the verification rested on: the checkpoint used or why not, the key or its absence. */
  readonly notes: readonly string[];
}

/**
 * `liftplan audit verify`: recomputes every chain (each clinic's, the system's, the legacy one) from the
 * checkpoint in DATA_DIR when there is one, with the HMAC key when AUDIT_HMAC_KEY_FILE is set; `ok: false`
 * names the chain (clinic) and row.
 */
export async function auditVerify(config: Config): Promise<AuditVerifyResult> {
  const database = openDatabase(config.database);
  try {
    const notes: string[] = [];
    const marks = checkpointMarks(config.dataDir, databaseIdentity(config.database), notes);
    notes.push(
      marks
        ? `verified against the checkpoint ${path.join(config.dataDir, CHECKPOINT_FILE)}`
        : 'no checkpoint: every chain verified from its start (a log rewritten with recomputed hashes is found only with the key)',
    );
    const key = config.auditHmacKeyFile ? readAuditKey(config.auditHmacKeyFile) : null;
    notes.push(key ? 'MACs checked with AUDIT_HMAC_KEY_FILE' : 'no AUDIT_HMAC_KEY_FILE: MACs not checked');
    const verification = await verifyAuditChain(database.db, { key, ...(marks ? { marks } : {}) });
    return { verification, notes };
  } finally {
    await database.close();
  }
}

/** `liftplan audit keygen FILE`: 32 random bytes, mode 0600, never over an existing file. */
export function auditKeygen(file: string): void {
  writeAuditKey(file);
}

/** `liftplan audit log --system|--clinic ID`: the operator's view of one chain, newest first. */
export async function auditLog(config: Config, chain: string, limit: number): Promise<AuditEventRow[]> {
  const database = openDatabase(config.database);
  try {
    return await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('chain', '=', chain)
      .orderBy('chain_seq', 'desc')
      .limit(limit)
      .execute();
  } finally {
    await database.close();
  }
}

/** `liftplan serve` / `npm start`: the server, with the demo clinic on an empty database. */
export async function serve(
  config: Config,
  opts: ServerOptions & { demoPhoto?: string } = {},
): Promise<{ server: RunningServer; demo: DemoResult | undefined; users: number }> {
  const server = await startServer(config, opts);
  let demo: DemoResult | undefined;
  if (opts.demoPhoto) {
    demo = await ensureDemo(server.repos, server.store, systemClock, opts.demoPhoto);
    await server.worker.sweep();
  }
  return { server, demo, users: await server.repos.users.countUsers() };
}

export interface BackupCheck {
  readonly integrity: string;
  readonly audit: AuditVerification;
  /** The backup's own checkpoint (`FILE.audit-checkpoint.json`): written, verified against, or why not. */
  readonly checkpoint: string;
}

function sqliteFile(config: Config): string {
  if (config.database.kind !== 'sqlite') {
    throw badRequest(
      'backup/restore here is for the embedded SQLite database; for PostgreSQL use pg_dump -Fc and pg_restore (see packages/server/README.md)',
    );
  }
  return config.database.file;
}

/**
 * Opens a database file read-only and checks it: SQLite integrity, then the audit chains — from the marks of
 * the checkpoint `liftplan backup` wrote beside it, when there is one, so a copy whose log was rewritten with
 * recomputed hashes after the backup no longer verifies.
 */
export async function checkDatabaseFile(file: string): Promise<BackupCheck> {
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  let integrity: string;
  try {
    integrity = String(raw.pragma('integrity_check', { simple: true }));
  } finally {
    raw.close();
  }
  const side = readCheckpointFile(backupCheckpointFile(file), backupIdentity(file));
  const marks = side.kind === 'marks' ? side.marks : undefined;
  const checkpoint =
    side.kind === 'marks'
      ? `verified against ${path.basename(backupCheckpointFile(file))}`
      : side.kind === 'none'
        ? 'no checkpoint beside it: verified from the start'
        : side.kind === 'unreadable'
          ? `checkpoint ignored (${side.reason}): verified from the start`
          : `checkpoint names ${side.database}: verified from the start`;
  const database = openSqlite(file);
  try {
    return { integrity, audit: await verifyAuditChain(database.db, marks ? { marks } : {}), checkpoint };
  } finally {
    await database.close();
  }
}

/**
 * `liftplan backup FILE`: SQLite's online backup (safe while the server runs), then the copy is verified.
 * Photos live in `DATA_DIR/photos` and are content-addressed: copy that folder as is (rsync) alongside.
 */
export async function backup(config: Config, target: string): Promise<BackupCheck> {
  const source = sqliteFile(config);
  if (existsSync(target)) throw conflict(`${target} exists already; choose a new file`);
  const raw = new BetterSqlite3(source, { fileMustExist: true });
  try {
    await raw.backup(target);
  } finally {
    raw.close();
  }
  const check = await checkDatabaseFile(target);
  if (check.integrity !== 'ok' || !check.audit.ok) throw conflict(`the backup in ${target} did not verify`);
  // The copy's chain heads beside it: a restore verifies against them (keep the two files together).
  writeCheckpointFile(backupCheckpointFile(target), backupIdentity(target), check.audit.heads, new Date());
  return { ...check, checkpoint: `written to ${path.basename(backupCheckpointFile(target))}` };
}

/**
 * `liftplan restore FILE` (server stopped): verifies the backup first, then swaps it in atomically
 * (copy beside the live file, fsync, rename) and removes the old WAL. The photo store is swept on next start.
 */
export async function restore(config: Config, from: string): Promise<BackupCheck> {
  const target = sqliteFile(config);
  // Refused while a server holds the database (its later writes would vanish at its next restart).
  mkdirSync(config.dataDir, { recursive: true });
  const lock = acquireDataLock(config.dataDir, 'restore', new Date());
  try {
    const check = await swapIn(target, from);
    // The restored log is the one the server verifies from now on: its newest row becomes the checkpoint.
    if (check.audit.ok) {
      writeCheckpoint(config.dataDir, databaseIdentity(config.database), check.audit.heads, new Date());
    }
    return check;
  } finally {
    lock.release();
  }
}

async function swapIn(target: string, from: string): Promise<BackupCheck> {
  const check = await checkDatabaseFile(from);
  if (check.integrity !== 'ok') throw conflict(`the backup is damaged: ${check.integrity}`);
  if (!check.audit.ok) {
    throw conflict(`the backup's audit log is broken: ${check.audit.reason}`);
  }
  const tmp = path.join(path.dirname(target), `.restore-${process.pid}.sqlite`);
  copyFileSync(from, tmp);
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(tmp, target);
  const dir = openSync(path.dirname(target), 'r');
  fsyncSync(dir);
  closeSync(dir);
  return check;
}
