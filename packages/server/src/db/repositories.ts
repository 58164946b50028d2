import type { Kysely } from 'kysely';
import { auditLogRepository, type AuditLogRepository } from './repos/audit-log.js';
import { analysisRepository, type AnalysisRepository } from './repos/analyses.js';
import { assessmentRepository, type AssessmentRepository } from './repos/assessments.js';
import { consentRepository, type ConsentRepository } from './repos/consents.js';
import { catalogueRepository, type CatalogueRepository } from './repos/catalogue.js';
import { clinicRepository, type ClinicRepository } from './repos/clinics.js';
import { followUpRepository, type FollowUpRepository } from './repos/follow-ups.js';
import { jobRepository, type JobRepository } from './repos/jobs.js';
import { organisationRepository, type OrganisationRepository } from './repos/organisations.js';
import { patientRepository, type PatientRepository } from './repos/patients.js';
import { photoRepository, type PhotoRepository } from './repos/photos.js';
import { planRepository, type PlanRepository } from './repos/plans.js';
import { procedureRepository, type ProcedureRepository } from './repos/procedures.js';
import { reportRepository, type ReportRepository } from './repos/reports.js';
import { userRepository, type UserRepository } from './repos/users.js';
import { visitRepository, type VisitRepository } from './repos/visits.js';
import type { DB } from './types.js';

export interface Repositories {
  readonly users: UserRepository;
  readonly organisations: OrganisationRepository;
  /** The super-admin's: clinics and operator accounts (issue 14 §1). */
  readonly clinics: ClinicRepository;
  readonly patients: PatientRepository;
  readonly visits: VisitRepository;
  readonly photos: PhotoRepository;
  readonly jobs: JobRepository;
  readonly analyses: AnalysisRepository;
  readonly assessments: AssessmentRepository;
  readonly plans: PlanRepository;
  readonly catalogue: CatalogueRepository;
  readonly procedures: ProcedureRepository;
  readonly consents: ConsentRepository;
  readonly followUps: FollowUpRepository;
  readonly reports: ReportRepository;
  readonly auditLog: AuditLogRepository;
}

export function createRepositories(db: Kysely<DB>): Repositories {
  return {
    users: userRepository(db),
    organisations: organisationRepository(db),
    clinics: clinicRepository(db),
    patients: patientRepository(db),
    visits: visitRepository(db),
    photos: photoRepository(db),
    jobs: jobRepository(db),
    analyses: analysisRepository(db),
    assessments: assessmentRepository(db),
    plans: planRepository(db),
    catalogue: catalogueRepository(db),
    procedures: procedureRepository(db),
    consents: consentRepository(db),
    followUps: followUpRepository(db),
    reports: reportRepository(db),
    auditLog: auditLogRepository(db),
  };
}
