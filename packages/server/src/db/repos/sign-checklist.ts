/**
 * The chart audit before signing: what is complete and what blocks, item by item, each reason a code with
 * parameters. Pure over what the repository loaded, except the pluggable checks (consent) which read their own
 * rows. `signable` is what `sign` enforces; the web's sign dialog shows the same list.
 */
import {
  PlanRecordSchema,
  verifyPlan,
  type PlanIssueCode,
  type PlanRecord,
  type PlanVerification,
} from '@liftplan/domain';
import type { Kysely } from 'kysely';
import type { Reason } from '../../errors.js';
import type { RepoContext } from '../context.js';
import type { DB, PatientRow, PlanRow, PlanVersionRow } from '../types.js';
import { historyOf, staleInputs } from './plan-record.js';

export const CHECKLIST_ITEMS = [
  'record',
  'photos',
  'assessment',
  'contraindications',
  'findings',
  'consent',
] as const;
export type ChecklistItemId = (typeof CHECKLIST_ITEMS)[number];

/**
 * `complete`; `blocking` (signing refused); `needs-acknowledgement` (blocks until the signer acknowledges, e.g.
 * provisional photos); `after-signing` (done on the signed version, e.g. the patient's consent: shown, not
 * blocking signing, and enforced where it matters).
 */
export type ChecklistState = 'complete' | 'blocking' | 'needs-acknowledgement' | 'after-signing';

export interface ChecklistItem {
  readonly id: ChecklistItemId;
  readonly state: ChecklistState;
  readonly reasons: readonly Reason[];
}

export interface SignChecklist {
  readonly planId: string;
  /** The plan's optimistic-concurrency version the checklist was made for. */
  readonly version: number;
  readonly versionNumber: number;
  readonly items: readonly ChecklistItem[];
  readonly signable: boolean;
}

/** What a pluggable check sees. */
export interface ChecklistSubject {
  readonly plan: PlanRow;
  readonly version: PlanVersionRow;
  readonly record: PlanRecord | null;
}

/** A check another part of the server provides (consent). */
export type ChecklistCheck = (
  trx: Kysely<DB>,
  ctx: RepoContext,
  subject: ChecklistSubject,
) => Promise<ChecklistItem>;

export type Acknowledgement = 'provisional-photos';

const ITEM_OF: Record<PlanIssueCode, ChecklistItemId> = {
  'assessment-missing': 'assessment',
  'case-invalid': 'assessment',
  'required-view-missing': 'photos',
  'rule-set-changed': 'record',
  'placements-missing': 'findings',
  'placement-unknown': 'findings',
  'placement-duplicate': 'findings',
  'placement-missing': 'findings',
  'placement-altered': 'findings',
  'placement-invalid': 'findings',
  'edited-unknown': 'findings',
  'finding-unresolved': 'findings',
};

const item = (id: ChecklistItemId, reasons: readonly Reason[]): ChecklistItem => ({
  id,
  state: reasons.length > 0 ? 'blocking' : 'complete',
  reasons,
});

export interface ChecklistResult {
  readonly items: readonly ChecklistItem[];
  readonly signable: boolean;
  readonly record: PlanRecord | null;
  readonly verification: PlanVerification | null;
}

export async function signChecklist(
  trx: Kysely<DB>,
  ctx: RepoContext,
  subject: { plan: PlanRow; version: PlanVersionRow; patient: PatientRow },
  opts: { readonly acknowledge: readonly Acknowledgement[]; readonly consent: ChecklistCheck },
): Promise<ChecklistResult> {
  const parsed = PlanRecordSchema.safeParse(JSON.parse(subject.version.payload));
  const record = parsed.success ? parsed.data : null;
  const verification = record ? verifyPlan(record) : null;
  const by: Record<ChecklistItemId, Reason[]> = {
    record: [],
    photos: [],
    assessment: [],
    contraindications: [],
    findings: [],
    consent: [],
  };
  if (!record) {
    by.record.push({
      code: 'record-invalid',
      params: {},
      message:
        'this plan version is not a liftplan.plan record (saved by an older version): save the plan again',
    });
  } else {
    for (const issue of verification?.issues ?? []) by[ITEM_OF[issue.code]].push(issue);
    by.record.push(...(await staleInputs(trx, record)));
  }
  const unanswered = historyOf(subject.patient).unanswered;
  if (unanswered.length > 0) {
    by.contraindications.push({
      code: 'contraindications-unanswered',
      params: { flags: unanswered.join(',') },
      message: `the contraindication checklist is not complete (${unanswered.join(', ')}): answer every item at intake`,
    });
  }
  // A view is provisional when none of its shots passed the gate (a burst's failed shots are left out of its median).
  const sources = record?.sources.photos ?? [];
  const provisional = sources.filter(
    (p, i) =>
      !sources.some((q) => q.view === p.view && q.passedGate) &&
      sources.findIndex((q) => q.view === p.view) === i,
  );
  const items: ChecklistItem[] = (
    ['record', 'photos', 'assessment', 'contraindications', 'findings'] as const
  ).map((id) => item(id, by[id]));
  if (provisional.length > 0) {
    const i = items.findIndex((x) => x.id === 'photos');
    const photos = items[i];
    if (photos) {
      const reasons: Reason[] = [
        ...photos.reasons,
        ...provisional.map((p) => ({
          code: 'photo-provisional',
          params: { view: p.view },
          message: `the ${p.view} photo failed the quality gate: its measurements are provisional`,
        })),
      ];
      const acknowledged = opts.acknowledge.includes('provisional-photos');
      items[i] = {
        id: 'photos',
        state: photos.state === 'blocking' ? 'blocking' : acknowledged ? 'complete' : 'needs-acknowledgement',
        reasons,
      };
    }
  }
  items.push(await opts.consent(trx, ctx, { plan: subject.plan, version: subject.version, record }));
  const signable = items.every((x) => x.state === 'complete' || x.state === 'after-signing');
  return { items, signable, record, verification };
}
