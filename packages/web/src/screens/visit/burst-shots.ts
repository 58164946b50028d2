import type { LandmarkSet } from '@liftplan/domain';
import { useQueries } from '@tanstack/react-query';
import { useRef } from 'react';
import { photoAnalysisQuery } from '../../api/hooks.js';
import type { Photo } from '@liftplan/api';

/** A burst shot other than the drawn one, as the plan refers to it and the case carries it. */
export interface BurstMate {
  readonly source: { photoId: string; analysisId: string; landmarkVersion: number };
  readonly landmarks: LandmarkSet;
  readonly sha256: string;
}

/**
 * The other analysed shots of the drawn photo's burst with their newest landmarks, so the browser's plan reads
 * the same median the server's does. Shots still analysing (or failed) are left out until they are done.
 */
export function useBurstMates(shots: readonly Photo[] | undefined): readonly BurstMate[] {
  const mates = (shots ?? []).slice(1);
  const results = useQueries({ queries: mates.map((m) => photoAnalysisQuery(m.id)) });
  const found = mates.flatMap((m, i) => {
    const analysis = results[i]?.data?.analysis;
    const latest = analysis?.landmarkVersions.at(-1);
    return analysis && latest
      ? [
          {
            source: { photoId: m.id, analysisId: analysis.id, landmarkVersion: latest.number },
            landmarks: latest.landmarks,
            sha256: m.sha256,
          },
        ]
      : [];
  });
  // One array per set of shots and landmark versions: the plan is recomputed only when they change.
  const key = found.map((f) => `${f.source.analysisId}:${f.source.landmarkVersion}`).join(',');
  const stable = useRef<{ key: string; mates: readonly BurstMate[] }>({ key: '', mates: [] });
  if (stable.current.key !== key) stable.current = { key, mates: found };
  return stable.current.mates;
}
