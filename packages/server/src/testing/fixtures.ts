import { syntheticFace, type Assessment } from '@liftplan/domain';
import type { Clock, RepoContext } from '../db/context.js';
import type { Repositories } from '../db/repositories.js';
import type { Role } from '../db/types.js';
import type { NewPatient } from '../schemas.js';

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private t = Date.parse('2025-03-01T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Clinic {
  readonly organisationId: string;
  readonly clock: TestClock;
  readonly as: (role: Role, requestId?: string) => RepoContext;
}

let counter = 0;

/** An organisation with one user per role (created through the repository, as the admin would). */
export async function seedClinic(repos: Repositories, name = 'Test clinic'): Promise<Clinic> {
  const clock = new TestClock();
  const org = await repos.users.createOrganisation(name, clock);
  const boot: RepoContext = {
    actor: { userId: 'system:test', role: 'admin', organisationId: org.id },
    requestId: 'seed',
    clock,
  };
  const ids = new Map<Role, string>();
  for (const role of ['admin', 'doctor', 'coordinator'] as const) {
    const u = await repos.users.create(boot, {
      email: `${role}.${++counter}@${org.id.slice(0, 8)}.test`,
      displayName: `${role} ${counter}`,
      role,
      password: 'correct horse battery staple',
    });
    ids.set(role, u.id);
  }
  return {
    organisationId: org.id,
    clock,
    as: (role, requestId = `req-${role}`) => ({
      actor: { userId: ids.get(role) ?? 'unknown', role, organisationId: org.id },
      requestId,
      clock,
    }),
  };
}

export const newPatient = (over: Partial<NewPatient> = {}): NewPatient => ({
  chartNumber: `C-${++counter}`,
  displayName: 'Kim Test',
  birthDate: '1978-05-02',
  sex: 'female',
  history: { pregnant: false },
  ...over,
});

export const anAssessment = (): Assessment => ({
  grades: { brow: 1, midface: 2, nasolabial: 2, jowl: 3, marionette: 1, neck: 1 },
  skinThickness: 'normal',
  elasticity: 'fair',
  fat: 'balanced',
  glogau: 'II',
  fitzpatrick: 'III',
});

export const aLandmarkSet = syntheticFace;
