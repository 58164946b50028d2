/**
 * Nothing is chosen for the user: forms start empty and saving lists what is still missing (translation keys),
 * instead of recording an answer nobody gave.
 */
import { PHOTO_SCOPES, type PhotoScope } from '@liftplan/api';

export interface IntakeChoices {
  readonly concernsChosen: number;
  readonly expectations: string | null;
  /** Whether the patient agreed to photos for the medical record at intake: null until asked. */
  readonly photoRecordConsent: boolean | null;
}

export function intakeMissing(c: IntakeChoices): string[] {
  const out: string[] = [];
  if (c.concernsChosen === 0) out.push('missing.concerns');
  if (c.expectations === null) out.push('missing.expectations');
  if (c.photoRecordConsent === null) out.push('missing.photoConsent');
  return out;
}

export interface ScoreChoices {
  readonly followUpId: string;
  readonly gaisClinician: string;
  readonly gaisPatient: string;
  readonly satisfaction: string;
}

/** '' = not chosen; 'none' = explicitly not taken (sent as null). */
export function scoreMissing(c: ScoreChoices): string[] {
  const out: string[] = [];
  if (c.followUpId === '') out.push('missing.followUp');
  if (c.gaisClinician === '') out.push('missing.gaisClinician');
  if (c.gaisPatient === '') out.push('missing.gaisPatient');
  if (c.satisfaction === '') out.push('missing.satisfaction');
  if ([c.gaisClinician, c.gaisPatient, c.satisfaction].every((v) => v === 'none')) {
    out.push('missing.anyScore');
  }
  return out;
}

export const scoreValue = (v: string): number | null => (v === '' || v === 'none' ? null : Number(v));

export interface ConsentChoices {
  readonly performers: readonly string[];
  readonly scopes: Readonly<Partial<Record<PhotoScope, boolean>>>;
  readonly signerName: string;
  readonly signatureCommands: number;
  readonly readConfirmed: boolean;
}

export function consentMissing(c: ConsentChoices, minCommands: number): string[] {
  const out: string[] = [];
  if (c.performers.length === 0) out.push('missing.performer');
  for (const s of PHOTO_SCOPES) {
    if (c.scopes[s] === undefined) out.push(`missing.scope.${s}`);
  }
  if (!c.readConfirmed) out.push('missing.read');
  if (c.signerName.trim() === '') out.push('missing.signerName');
  if (c.signatureCommands < minCommands) out.push('missing.signature');
  return out;
}
