import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../db/audit.js';
import type { RepoContext } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import { ageOn } from '../db/repos/plan-record.js';
import { audited } from '../db/repo-kit.js';
import type { DB } from '../db/types.js';
import { parseOrThrow } from '../errors.js';
import { EXPORT_REASONS } from '../fhir/export.js';
import { followUpChanges, type RegionSideChange } from '../outcomes/changes.js';

/** Largest shift of a patient's dates, in days either way (never 0): intervals between dates are kept. */
export const MAX_DATE_SHIFT_DAYS = 180;
/** Ages are given in bands of this many years (a birth date is never exported). */
export const AGE_BAND_YEARS = 5;

/** The research CSV's columns, in order, with their data dictionary. */
export const RESEARCH_COLUMNS = [
  [
    'subject',
    'text',
    '',
    'pseudonym of the patient, new for every export (S001, S002 …); not linkable to the chart',
  ],
  ['sex', 'code', '', 'female, male or other'],
  ['age_band', 'text', 'years', `age on the procedure day in ${AGE_BAND_YEARS}-year bands (e.g. 45-49)`],
  ['doctor', 'text', '', 'pseudonym of the performing doctor, new for every export (D01 …)'],
  [
    'procedure_date',
    'date',
    '',
    'procedure day shifted by the subject’s own random offset (the same for all of a subject’s dates)',
  ],
  ['follow_up_date', 'date', '', 'follow-up visit day, shifted by the same offset'],
  ['days_after', 'integer', 'days', 'days from the procedure to the follow-up (not shifted: exact)'],
  ['region', 'code', '', 'brow, midface, nasolabial, jowl, marionette, neck'],
  ['side', 'code', '', 'the patient’s own left or right'],
  ['metric', 'code', '', 'liftplan metric id (docs/clinical-rules.md, packages/domain/src/metrics)'],
  ['unit', 'code', '', 'mm, deg or ratio'],
  ['baseline', 'decimal', 'unit', 'value on the front photo the signed plan was built on'],
  ['follow_up', 'decimal', 'unit', 'value at the follow-up, measured in the baseline’s frame and scale'],
  ['change', 'decimal', 'unit', 'follow_up − baseline'],
  ['mdc', 'decimal', 'unit', 'minimal detectable change of the difference at 95 % (empty: no measured band)'],
  [
    'beyond_band',
    'code',
    '',
    'yes when |change| > mdc; no when within measurement error; unknown without a band',
  ],
  [
    'thread',
    'text',
    '',
    'product of the region and side: thread kind, material, gauge, length (empty: no thread there)',
  ],
  [
    'gais_clinician',
    'integer',
    '',
    'GAIS by the clinician: 1 very much improved … 4 no change, 5 worse (empty: not taken)',
  ],
  ['gais_patient', 'integer', '', 'GAIS by the patient, same scale (empty: not taken)'],
  ['satisfaction', 'integer', '', '1 very dissatisfied … 5 very satisfied (empty: not taken)'],
  [
    'complications',
    'text',
    '',
    'complication kinds and severities recorded at this follow-up, separated by ";"',
  ],
] as const;

export const ResearchExportRequestSchema = z.object({
  reason: z.enum(EXPORT_REASONS, { error: `reason is one of ${EXPORT_REASONS.join(', ')}` }),
});
export type ResearchExportRequest = z.input<typeof ResearchExportRequestSchema>;

export interface ResearchExport {
  readonly exportId: string;
  readonly csv: string;
  readonly dictionary: string;
  readonly subjects: number;
  readonly rows: number;
  /** Patients left out because their consent does not give the research scope. */
  readonly withoutResearchConsent: number;
}

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 10_000) / 10_000) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (cells: readonly (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

const shiftDate = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function ageBand(age: number): string {
  const lo = Math.floor(age / AGE_BAND_YEARS) * AGE_BAND_YEARS;
  return `${lo}-${lo + AGE_BAND_YEARS - 1}`;
}

/** Shuffled copy (crypto randomness): pseudonyms follow no order of the clinic's records. */
function shuffled<T>(xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
  return a;
}

/**
 * The de-identified research CSV (one row per region, side, metric and follow-up) of the procedures whose
 * signed consent gives the research scope, with its data dictionary. No names, chart numbers, ids, birth
 * dates or free text; subjects and doctors get pseudonyms new for every export; each subject's dates are
 * shifted by a random offset of their own. Needs `record:export`; audited with the reason (one event per
 * subject included).
 */
export async function exportResearch(
  db: Kysely<DB>,
  ctx: RepoContext,
  request: ResearchExportRequest,
): Promise<ResearchExport> {
  const req = parseOrThrow(ResearchExportRequestSchema, request);
  const exportId = randomUUID();
  return audited(
    db,
    ctx,
    { action: 'export', entity: 'research-csv', entityId: exportId, detail: `research:${req.reason}` },
    async (trx) => {
      requirePermission(ctx, 'record:export');
      const org = ctx.actor.organisationId;
      // The consent of each procedure's plan version: only the research scope lets its follow-ups out.
      const consented = await trx
        .selectFrom('procedures')
        .innerJoin('consents', 'consents.plan_version_id', 'procedures.plan_version_id')
        .select([
          'procedures.id as procedureId',
          'procedures.patient_id as patientId',
          'consents.photo_research',
          'consents.signed_at',
        ])
        .where('procedures.organisation_id', '=', org)
        .orderBy('consents.signed_at')
        .execute();
      const scope = new Map<string, boolean>();
      for (const c of consented) scope.set(c.procedureId, c.photo_research === 1); // newest consent wins
      const allPatients = new Set(consented.map((c) => c.patientId));
      const researchPatients = [
        ...new Set(consented.filter((c) => scope.get(c.procedureId)).map((c) => c.patientId)),
      ];
      const { rows } = await followUpChanges(trx, org, { patientIds: researchPatients });
      const kept = rows.filter((r) => scope.get(r.procedureId) === true);

      const patients = researchPatients.length
        ? await trx
            .selectFrom('patients')
            .select(['id', 'sex', 'birth_date'])
            .where('id', 'in', researchPatients)
            .execute()
        : [];
      const patientById = new Map(patients.map((p) => [p.id, p]));
      const subjectIds = [...new Set(kept.map((r) => r.patientId))];
      const pseudonym = new Map(
        shuffled(subjectIds).map((id, i) => [id, `S${String(i + 1).padStart(3, '0')}`]),
      );
      const shift = new Map(
        subjectIds.map((id) => {
          const d = randomInt(1, MAX_DATE_SHIFT_DAYS + 1);
          return [id, randomInt(2) === 0 ? -d : d];
        }),
      );
      const doctors = [...new Set(kept.map((r) => r.performedBy))];
      const doctorAlias = new Map(
        shuffled(doctors).map((id, i) => [id, `D${String(i + 1).padStart(2, '0')}`]),
      );
      const productIds = [...new Set(kept.flatMap((r) => (r.productId ? [r.productId] : [])))];
      const products = productIds.length
        ? await trx
            .selectFrom('products')
            .select(['id', 'thread_kind', 'material', 'gauge', 'length_mm'])
            .where('id', 'in', productIds)
            .execute()
        : [];
      const productText = new Map(
        products.map((p) => [p.id, `${p.thread_kind} ${p.material} ${p.gauge} ${p.length_mm} mm`]),
      );
      const fuIds = [...new Set(kept.map((r) => r.followUpId))];
      const complications = fuIds.length
        ? await trx
            .selectFrom('complications')
            .select(['follow_up_id', 'kind', 'severity'])
            .where('follow_up_id', 'in', fuIds)
            .orderBy('onset_date')
            .execute()
        : [];
      const compOf = new Map<string, string[]>();
      for (const c of complications) {
        if (!c.follow_up_id) continue;
        compOf.set(c.follow_up_id, [...(compOf.get(c.follow_up_id) ?? []), `${c.kind} (${c.severity})`]);
      }

      const ordered = [...kept].sort((a, b) => {
        const pa = pseudonym.get(a.patientId) ?? '';
        const pb = pseudonym.get(b.patientId) ?? '';
        return pa < pb
          ? -1
          : pa > pb
            ? 1
            : a.daysAfter - b.daysAfter ||
              a.region.localeCompare(b.region) ||
              a.side.localeCompare(b.side) ||
              a.metric.localeCompare(b.metric);
      });
      let csv = csvLine(RESEARCH_COLUMNS.map((c) => c[0]));
      for (const r of ordered) {
        csv += csvLine(
          researchCells(r, patientById.get(r.patientId), pseudonym, shift, doctorAlias, productText, compOf),
        );
      }
      let dictionary = csvLine(['column', 'type', 'unit', 'description']);
      for (const c of RESEARCH_COLUMNS) dictionary += csvLine(c);
      for (const id of subjectIds) {
        await appendAudit(trx, ctx, {
          action: 'export',
          entity: 'patient',
          entityId: id,
          outcome: 'success',
          detail: `research:${req.reason}`,
        });
      }
      return {
        exportId,
        csv,
        dictionary,
        subjects: subjectIds.length,
        rows: ordered.length,
        withoutResearchConsent: [...allPatients].filter((p) => !researchPatients.includes(p)).length,
      };
    },
  );
}

function researchCells(
  r: RegionSideChange,
  patient: { sex: string; birth_date: string } | undefined,
  pseudonym: ReadonlyMap<string, string>,
  shift: ReadonlyMap<string, number>,
  doctorAlias: ReadonlyMap<string, string>,
  productText: ReadonlyMap<string, string>,
  compOf: ReadonlyMap<string, readonly string[]>,
): (string | number | null)[] {
  const days = shift.get(r.patientId) ?? 0;
  return [
    pseudonym.get(r.patientId) ?? '',
    patient?.sex ?? '',
    patient ? ageBand(ageOn(patient.birth_date, r.performedOn)) : '',
    doctorAlias.get(r.performedBy) ?? '',
    shiftDate(r.performedOn, days),
    shiftDate(r.followUpDate, days),
    r.daysAfter,
    r.region,
    r.side,
    r.metric,
    r.unit,
    r.baseline,
    r.followUp,
    r.change,
    r.mdc,
    r.verdict === 'change' ? 'yes' : r.verdict === 'within-error' ? 'no' : 'unknown',
    r.productId ? (productText.get(r.productId) ?? '') : '',
    r.gaisClinician,
    r.gaisPatient,
    r.satisfaction,
    (compOf.get(r.followUpId) ?? []).join('; '),
  ];
}
