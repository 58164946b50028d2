import { describe, expect, it } from 'vitest';
import type { Photo } from '@liftplan/api';
import { analysedShots, shotsOfVisit } from './burst.js';

let n = 0;
const photo = (over: Partial<Photo>): Photo => ({
  id: `p${++n}`,
  patientId: 'pt',
  visitId: 'v1',
  view: 'front',
  sha256: 'a'.repeat(64),
  originalName: null,
  contentType: 'image/jpeg',
  size: 1,
  createdAt: `2026-12-04T10:00:0${n}Z`,
  derivative: null,
  analysisId: `a${n}`,
  jobId: `j${n}`,
  jobStatus: 'succeeded',
  landmarkVersion: 1,
  passedGate: true,
  burstId: null,
  ...over,
});

describe('the shots a plan rests on', () => {
  it('a single photo: the newest of its view, alone', () => {
    const old = photo({});
    const newer = photo({});
    const other = photo({ visitId: 'v0' });
    const s = shotsOfVisit([old, newer, other], 'v1');
    expect(s.byView.front?.id).toBe(newer.id);
    expect(s.shotsByView.front?.map((p) => p.id)).toEqual([newer.id]);
  });

  it('a burst: every shot, drawn on the first that passed the gate', () => {
    const a = photo({ burstId: 'b', passedGate: false });
    const b = photo({ burstId: 'b', passedGate: true });
    const c = photo({ burstId: 'b', passedGate: true });
    const single = photo({ view: 'oblique-left' });
    const s = shotsOfVisit([c, a, b, single], 'v1');
    expect(s.byView.front?.id).toBe(b.id);
    expect(s.shotsByView.front?.map((p) => p.id)).toEqual([b.id, a.id, c.id]);
    expect(s.shotsByView['oblique-left']?.map((p) => p.id)).toEqual([single.id]);
  });

  it('a photo taken after a burst replaces it; shots still analysing are not sent', () => {
    const a = photo({ burstId: 'b' });
    const later = photo({});
    expect(shotsOfVisit([a, later], 'v1').shotsByView.front?.map((p) => p.id)).toEqual([later.id]);
    const waiting = photo({ burstId: 'c', analysisId: null, landmarkVersion: null, passedGate: null });
    const done = photo({ burstId: 'c' });
    const shots = shotsOfVisit([waiting, done], 'v1').shotsByView.front;
    expect(analysedShots(shots).map((s) => s.photoId)).toEqual([done.id]);
  });
});
