/**
 * Which photos of a visit the plan rests on, per view: the newest photo, or when it is a shot of a burst, every
 * shot of that burst. The plan is drawn on the burst's first shot that passed the quality gate (the first shot
 * when none did) — the server chooses the same way from the order we send, so both plan on one face.
 */
import { VIEWS, type View } from '@liftplan/domain';
import type { Photo } from '@liftplan/api';

export interface VisitShots {
  readonly byView: Partial<Record<View, Photo>>;
  readonly shotsByView: Partial<Record<View, readonly Photo[]>>;
}

export function shotsOfVisit(photos: readonly Photo[], visitId: string | undefined): VisitShots {
  const byView: Partial<Record<View, Photo>> = {};
  const shotsByView: Partial<Record<View, readonly Photo[]>> = {};
  const mine = photos.filter((p) => p.visitId === visitId);
  for (const view of VIEWS) {
    const ofView = mine.filter((p) => p.view === view);
    const newest = ofView.reduce<Photo | undefined>(
      (a, p) => (!a || p.createdAt > a.createdAt || (p.createdAt === a.createdAt && p.id > a.id) ? p : a),
      undefined,
    );
    if (!newest) continue;
    const shots =
      newest.burstId === null
        ? [newest]
        : ofView
            .filter((p) => p.burstId === newest.burstId)
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const primary = shots.find((s) => s.passedGate === true) ?? shots[0] ?? newest;
    byView[view] = primary;
    shotsByView[view] = [primary, ...shots.filter((s) => s !== primary)];
  }
  return { byView, shotsByView };
}

/** The shots of a view that are analysed (so a plan can refer to them), the drawn one first. */
export function analysedShots(
  shots: readonly Photo[] | undefined,
): { photoId: string; analysisId: string; landmarkVersion: number }[] {
  return (shots ?? []).flatMap((s) =>
    s.analysisId !== null && s.landmarkVersion !== null
      ? [{ photoId: s.id, analysisId: s.analysisId, landmarkVersion: s.landmarkVersion }]
      : [],
  );
}
