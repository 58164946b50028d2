import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, ErrorBodySchema, isErrorCode } from './errors.js';
import { isTimeZone, OrganisationPatchSchema, SignPlanSchema } from './requests.js';
import { PlanVersionSchema } from './responses/plans.js';
import { SIGN_ACKNOWLEDGEMENTS } from './vocabularies.js';

describe('error codes', () => {
  it('are client errors except `internal`, `read_only` (a server started read-only) and `unavailable` (a PDF not rendered within the wait), the only 5xx', () => {
    const server = ERROR_CODES.filter((c) => ERROR_STATUS[c] >= 500);
    expect(server).toEqual(['read_only', 'unavailable', 'internal']);
    for (const c of ERROR_CODES) expect(ERROR_STATUS[c]).toBeGreaterThanOrEqual(400);
  });

  it('the error body refuses a code the API does not have', () => {
    const body = (code: string) => ({ error: { code, message: 'm', requestId: 'r' } });
    expect(ErrorBodySchema.safeParse(body('conflict')).success).toBe(true);
    expect(ErrorBodySchema.safeParse(body('teapot')).success).toBe(false);
    expect(isErrorCode('face_mismatch')).toBe(true);
    expect(isErrorCode('http')).toBe(false);
  });
});

describe('request schemas', () => {
  it('time zones are IANA names', () => {
    expect(isTimeZone('Asia/Seoul')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    const r = OrganisationPatchSchema.safeParse({ version: 1, timeZone: 'Seoul' });
    expect(r.success).toBe(false);
  });

  it('signing acknowledges only what the vocabulary lists', () => {
    const sign = (acknowledge: string[]) =>
      SignPlanSchema.safeParse({ version: 1, password: 'pw', acknowledge }).success;
    expect(sign([...SIGN_ACKNOWLEDGEMENTS])).toBe(true);
    expect(sign(['unresolved-findings'])).toBe(false);
  });
});

describe('response schemas', () => {
  it('a plan version names its status from the vocabulary and its diff entries by op', () => {
    const v = {
      id: 'v1',
      number: 1,
      status: 'draft',
      payload: {},
      payloadSha256: 'x',
      ruleSetVersion: null,
      diff: [{ op: 'change', path: 'placements[0].count', from: 2, to: 3 }],
      createdBy: 'u1',
      createdAt: 't',
      updatedAt: 't',
      signedBy: null,
      signedAt: null,
      signature: null,
      supersededAt: null,
    };
    expect(PlanVersionSchema.safeParse(v).success).toBe(true);
    expect(PlanVersionSchema.safeParse({ ...v, status: 'approved' }).success).toBe(false);
    expect(PlanVersionSchema.safeParse({ ...v, diff: [{ op: 'move', path: 'x' }] }).success).toBe(false);
  });
});
