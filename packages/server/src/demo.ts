import { createReadStream } from 'node:fs';
import type { Clock } from './db/context.js';
import { systemContext } from './db/context.js';
import type { Repositories } from './db/repositories.js';
import { sniffImageType, type PhotoStore } from './storage/photo-store.js';

export const DEMO_PASSWORD = 'liftplan-demo-only';

const DEMO_ROLES = ['admin', 'doctor', 'coordinator'] as const;
const demoEmail = (role: string): string => `${role}@demo.liftplan`;

export interface DemoResult {
  readonly created: boolean;
  readonly organisationId: string;
  /** Demo sign-ins (password `DEMO_PASSWORD`): created now, or still present from an earlier start. */
  readonly logins: readonly string[];
}

/**
 * On an empty database: a demo clinic with one user per role (password `DEMO_PASSWORD`; for trying the
 * product on loopback, never for real data) and a demo patient whose front photo is `photoFile`.
 */
export async function ensureDemo(
  repos: Repositories,
  store: PhotoStore,
  clock: Clock,
  photoFile: string,
): Promise<DemoResult> {
  const existing = await repos.users.firstOrganisation();
  if (existing) {
    // A later start: the demo logins that still exist (none on a real clinic's database).
    const logins: string[] = [];
    for (const role of DEMO_ROLES) {
      const u = await repos.users.findByEmail(demoEmail(role));
      if (u && u.disabled === 0 && u.organisation_id === existing.id) logins.push(u.email);
    }
    return { created: false, organisationId: existing.id, logins };
  }
  const org = await repos.users.createOrganisation('Demo clinic', clock);
  const boot = systemContext(org.id, 'demo', 'demo-seed', clock);
  const logins: string[] = [];
  for (const role of DEMO_ROLES) {
    const u = await repos.users.create(boot, {
      email: demoEmail(role),
      displayName: `Demo ${role}`,
      role,
      password: DEMO_PASSWORD,
    });
    logins.push(u.email);
  }
  const coordinator = { ...boot, actor: { ...boot.actor, role: 'coordinator' as const } };
  const patient = await repos.patients.create(coordinator, {
    chartNumber: 'DEMO-0001',
    displayName: 'Demo patient',
    birthDate: '1979-06-15',
    sex: 'female',
    notes: 'Demo record built from a public-domain portrait.',
  });
  const blob = await store.put(createReadStream(photoFile), 50 * 1024 * 1024);
  await repos.photos.recordUpload(coordinator, {
    patientId: patient.id,
    visitId: null,
    view: 'front',
    sha256: blob.sha256,
    size: blob.size,
    contentType: sniffImageType(blob.head) ?? 'application/octet-stream',
    originalName: 'astronaut.png',
  });
  return { created: true, organisationId: org.id, logins };
}
