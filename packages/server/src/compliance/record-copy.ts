import {
  buildAftercareSchedule,
  METRIC_IDS,
  migrateAssessment,
  PlanRecordSchema,
  VIEWS,
  type Assessment,
  type MetricId,
  type ThreadPlacement,
  type View,
} from '@liftplan/domain';
import {
  renderRecordCopy,
  type Locale,
  type RecordCopyFollowUp,
  type RecordCopyInput,
  type RecordCopyVisit,
} from '@liftplan/report';
import type { Kysely } from 'kysely';
import type { RepoContext } from '../db/context.js';
import { nowIso } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import { audited } from '../db/repo-kit.js';
import type { DB, FollowUpRow } from '../db/types.js';
import { notFound } from '../errors.js';
import { StoredMeasurementsSchema } from '../fhir/bundle.js';
import { loadPatientRecord, type PatientRecord } from '../fhir/record.js';
import { renderFailure } from '../services/reports.js';
import { recordDownload } from './downloads.js';

/** The 95 % band of one measured value: ± Z95 · SEM (as the printed reports show it). */
const Z95 = 1.96;
const isView = (v: string): v is View => (VIEWS as readonly string[]).includes(v);
const isMetric = (v: string): v is MetricId => (METRIC_IDS as readonly string[]).includes(v);
const parse = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));

function followUp(f: FollowUpRow): RecordCopyFollowUp {
  return {
    dueDate: f.due_date,
    status: f.status,
    gaisClinician: f.gais_clinician,
    gaisPatient: f.gais_patient,
    satisfaction: f.satisfaction,
    notes: f.notes,
  };
}

/** The record copy's input from one patient's rows (pure). */
export function recordCopyInput(r: PatientRecord, printedAt: string): RecordCopyInput {
  const userName = (id: string | null): string =>
    (id !== null ? r.users.find((u) => u.id === id)?.display_name : undefined) ?? '—';
  const placementsOf = new Map<string, ThreadPlacement[]>();
  for (const v of r.planVersions) {
    const rec = PlanRecordSchema.safeParse(parse(v.payload));
    placementsOf.set(v.id, rec.success ? rec.data.placements : []);
  }
  const visits: RecordCopyVisit[] = r.visits.map((v) => {
    const photos = r.photos.filter((p) => p.visit_id === v.id);
    const analyses = r.analyses.filter((a) => photos.some((p) => p.id === a.photo_id));
    const measurements = analyses.flatMap((a) => {
      const m = StoredMeasurementsSchema.safeParse(parse(a.measurements));
      if (!m.success) return [];
      return m.data.metrics.flatMap((x) =>
        x.status === 'measured' && isMetric(x.id)
          ? [
              {
                metric: x.id,
                side: x.side,
                value: x.value,
                unit: x.unit,
                band: x.band ? Z95 * x.band.sem : null,
                estimate: x.estimate,
              },
            ]
          : [],
      );
    });
    const plans = r.planVersions.filter((p) => p.visit_id === v.id);
    const procedures = r.procedures.filter((p) => p.visit_id === v.id);
    return {
      date: v.date,
      kind: v.kind,
      photos: photos.flatMap((p) => {
        if (!isView(p.view)) return [];
        const a = r.analyses.find((x) => x.photo_id === p.id);
        return [
          {
            view: p.view,
            takenAt: p.created_at,
            analysis:
              a === undefined
                ? ('none' as const)
                : a.passed === 1
                  ? ('passed' as const)
                  : ('failed' as const),
          },
        ];
      }),
      measurements,
      assessments: r.assessments
        .filter((a) => a.visit_id === v.id)
        .map((a) => {
          const x = migrateAssessment(parse(a.payload)) as Assessment;
          return {
            by: userName(a.assessed_by),
            at: a.updated_at,
            grades: x.grades,
            skinThickness: x.skinThickness,
            elasticity: x.elasticity,
            fat: x.fat,
          };
        }),
      plans: plans.map((p) => ({
        version: p.number,
        signedBy: userName(p.signed_by),
        signedAt: p.signed_at ?? p.created_at,
        placements: (placementsOf.get(p.id) ?? []).map((x) => ({
          region: x.region,
          side: x.side,
          kind: x.kind,
          material: x.material,
          gauge: x.gauge,
          lengthMm: x.lengthMm,
          count: x.count,
        })),
      })),
      consents: r.consents
        .filter((c) => plans.some((p) => p.id === c.plan_version_id))
        .map((c) => ({
          signedAt: c.signed_at,
          signerName: c.signer_name,
          scopes: {
            record: c.photo_record === 1,
            marketing: c.photo_marketing === 1,
            research: c.photo_research === 1,
          },
        })),
      procedures: procedures.map((p) => {
        const an = parse(p.anaesthesia) as RecordCopyVisit['procedures'][number]['anaesthesia'];
        return {
          performedOn: p.performed_on,
          performedBy: userName(p.performed_by),
          anaesthesia: { kind: an.kind, agent: an.agent, doseMl: an.doseMl },
          threads: r.threads
            .filter((t) => t.procedure_id === p.id)
            .map((t) => {
              const lot = r.lots.find((l) => l.id === t.lot_id);
              return {
                region: t.region as ThreadPlacement['region'],
                side: t.side as ThreadPlacement['side'],
                product: r.products.find((x) => x.id === t.product_id)?.name ?? '—',
                lot: lot?.lot_number ?? '—',
                expiry: lot?.expiry_date ?? '—',
                count: t.count,
              };
            }),
          notes: p.notes,
        };
      }),
      aftercare: procedures.flatMap((p) =>
        buildAftercareSchedule({
          placements: p.plan_version_id ? (placementsOf.get(p.plan_version_id) ?? []) : [],
          procedureDate: p.performed_on,
          sex: r.patient.sex,
        }).instructions.map((i) => ({ text: i.text, lastDay: i.lastDay })),
      ),
      followUps: r.followUps.filter((f) => f.visit_id === v.id).map(followUp),
    };
  });
  return {
    clinic: {
      name: r.organisation.name,
      ...(r.organisation.address ? { address: r.organisation.address } : {}),
      ...(r.organisation.phone ? { phone: r.organisation.phone } : {}),
      timeZone: r.organisation.time_zone,
    },
    patient: {
      chart: r.patient.chart_number,
      name: r.patient.display_name,
      birthDate: r.patient.birth_date,
      sex: r.patient.sex,
      phone: r.patient.phone,
      email: r.patient.email,
      address: r.patient.address,
    },
    printedAt,
    visits,
    followUps: r.followUps
      .filter((f) => f.visit_id === null || !r.visits.some((v) => v.id === f.visit_id))
      .map(followUp),
    complications: r.complications.map((c) => ({
      kind: c.kind,
      severity: c.severity,
      onsetDate: c.onset_date,
      management: c.management,
      resolution: c.resolution,
      resolvedDate: c.resolved_date,
    })),
  };
}

/**
 * A patient's copy of their own record (Medical Service Act Art. 21) as one PDF: admins and doctors
 * (`record:export`), on the patient's request. Audited as `print` of the record copy and of the patient with the
 * reason `patient-request`, in the transaction that read the record; an archived patient's copy is given too.
 * Times print in the clinic's time zone.
 */
export async function patientRecordCopy(
  db: Kysely<DB>,
  ctx: RepoContext,
  patientId: string,
  locale: Locale,
): Promise<{ pdf: Buffer; filename: string }> {
  const input = await audited(
    db,
    ctx,
    { action: 'print', entity: 'record-copy', entityId: patientId, detail: 'patient-request' },
    async (trx) => {
      requirePermission(ctx, 'record:export');
      const rec = await loadPatientRecord(trx, ctx.actor.organisationId, patientId, {});
      if (!rec) throw notFound('patient');
      await recordDownload(trx, ctx, { patientId, document: 'record-copy', reason: 'patient-request' });
      return recordCopyInput(rec, nowIso(ctx));
    },
  );
  let pdf: Buffer;
  try {
    pdf = (await renderRecordCopy(input, locale)).pdf;
  } catch (e) {
    throw renderFailure(e);
  }
  return {
    pdf,
    filename: `${input.patient.chart}-${input.printedAt.slice(0, 10)}-record-copy-${locale}.pdf`,
  };
}
