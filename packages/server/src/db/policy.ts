import { forbidden } from '../errors.js';
import type { RepoContext } from './context.js';
import type { Role } from './types.js';

/** What a caller may do. Checked inside the repositories, so every path (HTTP, CLI, jobs) goes through it. */
export const PERMISSIONS = [
  'patient:read',
  'patient:write',
  'photo:write',
  'landmarks:correct',
  'assessment:write',
  'plan:write',
  'plan:sign',
  'procedure:write',
  'followup:write',
  'followup:score',
  'catalogue:read',
  'catalogue:write',
  'recall:read',
  'users:admin',
  'organisation:admin',
  'audit:read',
  'report:print',
  'analysis:read',
  /** Showing the consent form and recording the patient's signature on it. */
  'consent:write',
  /** FHIR R4 and research exports of patient records, each with a reason chosen by the user (issue 13). */
  'record:export',
  /** The clinic's outcome figures and the visits behind them (issue 13). */
  'outcomes:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  // The clinic admin runs users, the catalogue, recalls, audit and exports; reads records but makes no
  // clinical decisions.
  admin: new Set<Permission>([
    'patient:read',
    'catalogue:read',
    'catalogue:write',
    'recall:read',
    'users:admin',
    'organisation:admin',
    'audit:read',
    'record:export',
    'outcomes:read',
  ]),
  doctor: new Set<Permission>([
    'patient:read',
    'patient:write',
    'photo:write',
    'landmarks:correct',
    'assessment:write',
    'plan:write',
    'plan:sign',
    'procedure:write',
    'followup:write',
    'followup:score',
    'catalogue:read',
    'recall:read',
    'report:print',
    'analysis:read',
    'consent:write',
    'record:export',
    'outcomes:read',
  ]),
  // Coordinators and nurses: intake, photos, procedure records (lots), booking follow-ups, patient scores.
  coordinator: new Set<Permission>([
    'patient:read',
    'patient:write',
    'photo:write',
    'procedure:write',
    'followup:write',
    'catalogue:read',
    'report:print',
    'analysis:read',
    'consent:write',
  ]),
};

export const can = (role: Role, p: Permission): boolean => GRANTS[role].has(p);

export function requirePermission(ctx: RepoContext, p: Permission): void {
  if (!can(ctx.actor.role, p)) throw forbidden(`the ${ctx.actor.role} role may not do this (${p})`);
}
