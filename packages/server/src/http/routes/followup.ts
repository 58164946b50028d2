/**
 * Follow-up comparison and one-face checks, measured on the server (the web shows what these return):
 * the follow-up photo aligned to the baseline on the stable landmarks and measured on the baseline's scale
 * (change per metric and side with its MDC), refused with `face_mismatch` (422) when the stable features'
 * shape does not match; and the views of one visit checked against its front photo the same way.
 */
import { checkVisitViews, compareFollowUp, VIEWS, type LandmarkSet, type View } from '@liftplan/domain';
import { z } from 'zod';
import type { Clock, RepoContext } from '../../db/context.js';
import type { Repositories } from '../../db/repositories.js';
import { AppError, badRequest } from '../../errors.js';
import { IdSchema } from '../../schemas.js';
import { ctxOf } from '../request-context.js';
import type { App } from '../types.js';

const ById = z.object({ id: IdSchema });
const ByVisit = z.object({ id: IdSchema, visitId: IdSchema });
const CompareQuery = z.object({ baseline: IdSchema, followUp: IdSchema });

async function latestLandmarks(
  repos: Repositories,
  ctx: RepoContext,
  patientId: string,
  photoId: string,
  role: string,
): Promise<{ landmarks: LandmarkSet; view: string }> {
  const photo = await repos.photos.get(ctx, photoId);
  if (photo.patientId !== patientId) {
    throw badRequest(`the ${role} photo belongs to another patient`, [
      { path: role, message: 'pick a photo of this patient' },
    ]);
  }
  const a = await repos.analyses.forPhoto(ctx, photoId);
  const lm = a.analysis?.landmarkVersions.at(-1)?.landmarks;
  if (!lm) {
    throw badRequest(`the ${role} photo has no landmarks yet (its analysis has not finished or failed)`, [
      { path: role, message: 'wait for the analysis or upload the photo again' },
    ]);
  }
  return { landmarks: lm, view: photo.view };
}

export function followUpRoutes(app: App, repos: Repositories, clock: Clock): void {
  app.get(
    '/api/patients/:id/compare',
    {
      schema: {
        params: ById,
        querystring: CompareQuery,
        tags: ['follow-ups'],
        summary:
          "Follow-up change in the baseline's frame: per metric and side follow-up − baseline with its MDC and verdict (change / within-error / no-band). 422 face_mismatch when the photos' stable features do not match.",
      },
    },
    async (req) => {
      const ctx = ctxOf(req, clock);
      const { baseline, followUp } = req.query;
      await repos.patients.get(ctx, req.params.id);
      const b = await latestLandmarks(repos, ctx, req.params.id, baseline, 'baseline');
      const f = await latestLandmarks(repos, ctx, req.params.id, followUp, 'followUp');
      if (b.view !== f.view) {
        throw badRequest(`the baseline is a ${b.view} photo and the follow-up a ${f.view} photo`, [
          { path: 'followUp', message: 'compare photos of the same view' },
        ]);
      }
      // The baseline's own scale (iris, else the population estimate); the visit's measured pupillary
      // distance lives in the plan's intake, not here.
      const r = compareFollowUp(b.landmarks, f.landmarks, { view: b.view as View });
      if (!r.ok) throw new AppError('face_mismatch', r.message, [{ path: 'followUp', message: r.message }]);
      return {
        baselinePhotoId: baseline,
        followUpPhotoId: followUp,
        transform: r.transform,
        consistency: { distance: r.consistency.distance, limit: r.consistency.limit },
        scale: r.baseline.calibration,
        changes: r.changes,
      };
    },
  );

  app.get(
    '/api/patients/:id/visits/:visitId/view-consistency',
    {
      schema: {
        params: ByVisit,
        tags: ['visits'],
        summary:
          "Whether every view of a visit shows the front photo's face (stable features' 3-D shape after pose alignment). 422 face_mismatch naming the view that does not.",
      },
    },
    async (req) => {
      const ctx = ctxOf(req, clock);
      const visit = (await repos.visits.listForPatient(ctx, req.params.id)).find(
        (v) => v.id === req.params.visitId,
      );
      if (!visit) throw new AppError('not_found', 'visit not found for this patient');
      const photos = (await repos.photos.listForPatient(ctx, req.params.id)).filter(
        (p) => p.visitId === visit.id,
      );
      const views: { view: View; landmarks: LandmarkSet }[] = [];
      for (const view of VIEWS) {
        const newest = photos.filter((p) => p.view === view).at(-1);
        if (!newest) continue;
        const a = await repos.analyses.forPhoto(ctx, newest.id);
        const lm = a.analysis?.landmarkVersions.at(-1)?.landmarks;
        if (lm) views.push({ view, landmarks: lm });
      }
      const results = checkVisitViews(views);
      const bad = results.find((r) => !r.result.ok);
      if (bad && !bad.result.ok) {
        throw new AppError('face_mismatch', bad.result.message, [{ path: bad.view, message: bad.result.message }]);
      }
      return {
        visitId: visit.id,
        views: results.map((r) => ({ view: r.view, distance: r.result.distance, limit: r.result.limit })),
      };
    },
  );
}
