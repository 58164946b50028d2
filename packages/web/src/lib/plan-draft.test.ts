import { makeCase, planCase, PlanRecordSchema, RULE_SET, type PlanRecord } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import type { Plan, PlanVersion } from '@liftplan/api';
import type { z } from 'zod';
import type { RequestOptions } from '../api/client.js';
import {
  initialState,
  planEdits,
  savedRecord,
  savePlan,
  signPlan,
  type ApiCall,
  type PlanScreenState,
} from './plan-draft.js';

/** A fake API client: records every request and answers with the given value. */
function fakeApi(answer: unknown) {
  const calls: { path: string; opts: RequestOptions | undefined }[] = [];
  const call: ApiCall = <S extends z.ZodType>(path: string, _schema: S, opts?: RequestOptions) => {
    calls.push({ path, opts });
    return Promise.resolve(answer as z.output<S>);
  };
  return { call, calls };
}

const caseFile = makeCase({ grades: { jowl: 3 } });
const base = planCase(caseFile);
const first = base.placements[0];
if (!first) throw new Error('no placement');

const state: PlanScreenState = {
  visitId: 'visit-1',
  photos: [{ photoId: 'photo-1', analysisId: 'analysis-1', landmarkVersion: 2 }],
  intake: { concerns: [{ region: 'jowl', side: 'both' }], expectations: 'realistic' },
  placements: base.placements,
  edited: [first.id],
  justifications: [
    {
      zoneId: 'infraorbital-foramen:left',
      region: 'jowl',
      side: 'left',
      reason: 'palpated, lateral',
      by: 'me',
    },
  ],
};

const plan = { id: 'plan-1', version: 4, versions: [] } as unknown as Plan;

describe('plan builders (what the plan screen sends)', () => {
  it('sends only the clinician’s part: no case, no findings, no author on justifications', () => {
    const body = planEdits(state);
    expect(Object.keys(body).sort()).toEqual([
      'edited',
      'intake',
      'justifications',
      'photos',
      'placements',
      'visitId',
    ]);
    expect(body.justifications).toEqual([
      { zoneId: 'infraorbital-foramen:left', region: 'jowl', side: 'left', reason: 'palpated, lateral' },
    ]);
  });

  it('creates the visit’s plan when there is none, else saves the draft on the version on screen', async () => {
    const none = fakeApi(plan);
    await savePlan(none.call, 'patient-1', undefined, state);
    expect(none.calls).toEqual([
      { path: '/api/patients/patient-1/plans', opts: { method: 'POST', body: planEdits(state) } },
    ]);
    const some = fakeApi(plan);
    await savePlan(some.call, 'patient-1', plan, state);
    expect(some.calls[0]?.path).toBe('/api/plans/plan-1/draft');
    expect(some.calls[0]?.opts).toMatchObject({ method: 'PUT', body: { version: 4, visitId: 'visit-1' } });
  });

  it('signs with the password and what was acknowledged, on the version on screen', async () => {
    const api = fakeApi(plan);
    await signPlan(api.call, plan, 'my password', ['provisional-photos']);
    expect(api.calls).toEqual([
      {
        path: '/api/plans/plan-1/sign',
        opts: {
          method: 'POST',
          body: { version: 4, password: 'my password', acknowledge: ['provisional-photos'] },
        },
      },
    ]);
  });

  it('shows nothing editable until the saved version (or its absence) is known', () => {
    const record: PlanRecord = PlanRecordSchema.parse({
      format: 'liftplan.plan',
      version: '1.0',
      caseFile,
      caseProblems: [],
      ruleSetVersion: RULE_SET.version,
      sources: { patientId: 'p', patientVersion: 1, visitId: 'visit-1', assessmentId: 'a', photos: [] },
      intake: state.intake,
      placements: [
        { ...first, entry: { tri: [1, 2, 3], bary: [0.2, 0.3, 0.5] } },
        ...base.placements.slice(1),
      ],
      edited: [first.id],
      justifications: [],
    });
    const version = { payload: record } as unknown as PlanVersion;
    expect(savedRecord(version)).toEqual(record);
    expect(savedRecord({ payload: { placements: [] } } as unknown as PlanVersion)).toBeUndefined();
    // Plans not loaded yet: undefined, even though the generated plan is ready.
    expect(initialState(false, undefined, base)).toBeUndefined();
    // Loaded with a saved draft: the doctor's moved entry, not the planner's.
    expect(initialState(true, record, base)?.placements[0]?.entry).toEqual(record.placements[0]?.entry);
    expect(initialState(true, record, base)?.edited).toEqual([first.id]);
    // Loaded with none: the planner's placements.
    expect(initialState(true, undefined, base)?.placements).toEqual(base.placements);
  });
});
