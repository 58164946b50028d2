import { createReadStream } from 'node:fs';
import type { Clock } from './db/context.js';
import { systemContext } from './db/context.js';
import type { Repositories } from './db/repositories.js';
import { sniffImageType, type PhotoStore } from './storage/photo-store.js';

export const DEMO_PASSWORD = 'liftplan-demo-only';

export interface DemoResult {
  readonly created: boolean;
  readonly organisationId: string;
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
  if (existing) return { created: false, organisationId: existing.id, logins: [] };
  const org = await repos.users.createOrganisation('Demo clinic', clock);
  const boot = systemContext(org.id, 'demo', 'demo-seed', clock);
  const logins: string[] = [];
  for (const role of ['admin', 'doctor', 'coordinator'] as const) {
    const u = await repos.users.create(boot, {
      email: `${role}@demo.liftplan`,
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
