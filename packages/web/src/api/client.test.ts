import { PatientSchema } from '@liftplan/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { api, ApiError, ContractError } from './client.js';

const patient = {
  id: 'p1',
  chartNumber: 'C-1',
  displayName: 'Kim',
  birthDate: '1980-01-01',
  sex: 'female',
  history: {},
  notes: null,
  phone: null,
  email: null,
  address: null,
  archivedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

function answer(status: number, body: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(status === 204 ? null : text, { status })));
}

afterEach(() => vi.unstubAllGlobals());

describe('the API client, typed and checked by @liftplan/api', () => {
  it('returns an answer that matches its response schema', async () => {
    answer(200, patient);
    await expect(api('/api/patients/p1', PatientSchema)).resolves.toEqual(patient);
  });

  it('in development, names the fields of an answer that drifted from its schema', async () => {
    expect(import.meta.env.DEV).toBe(true);
    answer(200, { ...patient, sex: 'f', version: '1' });
    const e: unknown = await api('/api/patients/p1', PatientSchema).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ContractError);
    expect((e as ContractError).issues.map((i) => i.path).sort()).toEqual(['sex', 'version']);
  });

  it('turns the error body into an ApiError with its code, fields and reasons', async () => {
    answer(409, {
      error: {
        code: 'conflict',
        message: 'changed since version 1',
        fields: [{ path: 'version', message: 'version 1 is no longer current' }],
        requestId: 'r1',
      },
    });
    const e: unknown = await api('/api/patients/p1', PatientSchema).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: 'conflict', fields: [{ path: 'version' }], reasons: [] });
  });

  it('answers without the error body are an `http` ApiError; 204 is no body', async () => {
    answer(502, undefined);
    await expect(api('/api/patients/p1', PatientSchema)).rejects.toMatchObject({ status: 502, code: 'http' });
    answer(204, undefined);
    await expect(api('/api/auth/logout', z.undefined(), { method: 'POST' })).resolves.toBeUndefined();
  });
});
