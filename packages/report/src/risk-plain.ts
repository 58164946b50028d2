/** Risks in words patients read: one table in @liftplan/domain (wording/patient-risk.ts), shared with the web. */
export { PATIENT_RATE, PATIENT_REASON, patientRate, patientReason, templatesOf } from '@liftplan/domain';
