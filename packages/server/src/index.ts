export const SERVER_PACKAGE = '@liftplan/server';

export {
  configOrThrow,
  loadConfig,
  ConfigError,
  MAX_JOB_WORKERS,
  type Config,
  type ConfigResult,
} from './config.js';
export * from './errors.js';
export { startServer, type RunningServer, type ServerOptions } from './server.js';
export { startWorker, type RunningWorker, type WorkerOptions } from './worker.js';
export { buildApp, type AppDeps } from './http/app.js';
export {
  openDatabase,
  openSqlite,
  openPostgres,
  migrateToLatest,
  type Database,
  type DatabaseTarget,
} from './db/connect.js';
export { verifyAuditChain, SYSTEM_CHAIN, type AuditVerification } from './db/audit.js';
export { AuditKeyError } from './db/audit-key.js';
export { createRepositories, type Repositories } from './db/repositories.js';
export type { RepoContext, Actor, Clock } from './db/context.js';
export { ROLES, type Role } from './db/types.js';
export type { Clinic, NewClinic, NewClinicResult, Operator } from '@liftplan/api';
export { LocalPhotoStore, sniffImageType, type PhotoStore } from './storage/photo-store.js';
export { S3PhotoStore, type S3StoreConfig } from './storage/s3-store.js';
export {
  fixtureDetector,
  type LandmarkDetector,
  type DetectionOutcome,
  type DetectionRequest,
} from './analysis/detector.js';
export { visionDetector } from './analysis/vision-detector.js';
export {
  usersAdd,
  clinicsAdd,
  clinicsList,
  clinicsSetDisabled,
  superadminAdd,
  usersPasswd,
  usersRevoke,
  usersSetDisabled,
  auditVerify,
  auditKeygen,
  auditLog,
  type AuditVerifyResult,
  serve,
  backup,
  restore,
  checkDatabaseFile,
  type BackupCheck,
} from './cli/commands.js';
export { ensureDemo, DEMO_PASSWORD } from './demo.js';
// Interoperability (issue 13): FHIR R4 export and import.
export {
  demoPatients,
  exportFhirBundle,
  exportRecordCopy,
  exportResearchCsv,
  importFhirBundle,
  outcomesReport,
} from './cli/interop-commands.js';
export type { Outcomes, OutcomeFilter } from './outcomes/query.js';
export { EXPORT_REASONS, type ExportReason, type FhirExportRequest } from './fhir/export.js';
export { jsonDiff, type DiffEntry } from './plans/diff.js';
