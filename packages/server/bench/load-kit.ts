/** What the HTTP benchmarks share: a server in its own process, signing in, its memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import path from 'node:path';
import type autocannon from 'autocannon';

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** The server in its own process (as in production), so the load generator does not share its event loop. */
export async function startChildServer(
  env: NodeJS.ProcessEnv,
  /** Extra node flags, e.g. `--cpu-prof` to see where a benchmark's time goes. */
  nodeArgs: readonly string[] = [],
): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--conditions',
      'source',
      '--import',
      'tsx',
      path.join(import.meta.dirname, '../src/testing/server-child.ts'),
    ],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (!child.stdout || child.pid === undefined) throw new Error('server did not start');
  const pid = child.pid;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`server exited with ${String(code)}`));
    });
    createInterface({ input: child.stdout }).once('line', (l) => {
      resolve((JSON.parse(l) as { url: string }).url);
    });
  });
  return {
    child,
    url,
    pid,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export interface SignedIn {
  readonly cookie: string;
  readonly csrf: string;
  readonly headers: Record<string, string>;
}

export async function signIn(url: string, email: string, password: string): Promise<SignedIn> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${String(login.status)}`);
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' } };
}

/** A process's resident memory now (VmRSS) or its peak so far (VmHWM), in bytes (Linux). */
export function rssOf(pid: number, which: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const m = new RegExp(`${which}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

export const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;

/** The demo clinic's patients and some of their signed plans, as the mixed load reads them. */
export interface Targets {
  readonly patients: string[];
  readonly plans: string[];
}
export async function targets(url: string, headers: Record<string, string>): Promise<Targets> {
  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${url}${p}`, { headers });
    if (!res.ok) throw new Error(`${p}: ${String(res.status)}`);
    return (await res.json()) as T;
  };
  const patients: string[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await get<{ id: string }[]>(`/api/patients?limit=200&offset=${String(offset)}`);
    patients.push(...page.map((p) => p.id));
    if (page.length < 200) break;
  }
  const plans: string[] = [];
  for (const id of patients.slice(0, 50)) {
    plans.push(...(await get<{ id: string }[]>(`/api/patients/${id}/plans`)).map((p) => p.id));
  }
  return { patients, plans };
}

type AutocannonRequest = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number];

/** List, patient, follow-up timeline, signed plan: cycled by each connection over different patients. */
export function mixedRequests(t: Targets): AutocannonRequest[] {
  let i = 0;
  const pick = <T>(xs: readonly T[]): T => xs[i++ % xs.length] as T;
  return [
    { path: '/api/patients?limit=20' },
    { setupRequest: (req) => ({ ...req, path: `/api/patients/${pick(t.patients)}` }) },
    { setupRequest: (req) => ({ ...req, path: `/api/patients/${pick(t.patients)}/follow-ups` }) },
    { setupRequest: (req) => ({ ...req, path: `/api/plans/${pick(t.plans)}` }) },
  ];
}
