/**
 * Tamper evidence for signed plan versions that does not rest on the database triggers. Every signature is
 * stored three ways: the version's `payload_sha256`, a `plan_signatures` row (hash, patient, visit, signer,
 * time) and an audit event whose `detail` repeats hash, plan, patient and visit, inside the hash-chained log.
 * An edited payload, a version moved to another patient/visit/plan, or an edited signature row no longer
 * agrees with the audit event; editing the event breaks the chain. Reads refuse such a version
 * (`record_tampered`); `liftplan audit verify` names it.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordTampered } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import type { AuditEventRow, DB, PlanRow, PlanSignatureRow, PlanVersionRow } from './types.js';

export const payloadSha256 = (payload: unknown): string =>
  createHash('sha256').update(canonicalJson(payload)).digest('hex');

/**
 * The hash of a stored payload text, checked against `expected`. liftplan stores payloads as canonical JSON,
 * so the text's own hash normally is the answer (no parse, no re-sort: most of a signed plan read's cost);
 * text that does not hash to `expected` is parsed and hashed in canonical form, so older rows written
 * unsorted verify the same. Undefined when the text is not JSON.
 */
export function storedPayloadSha256(text: string, expected: string): string | undefined {
  const direct = createHash('sha256').update(text).digest('hex');
  if (direct === expected) return direct;
  try {
    return payloadSha256(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The audit event detail of a signature: ids and the hash only (never patient data). */
export const signEventDetail = (s: {
  readonly sha256: string;
  readonly planId: string;
  readonly patientId: string;
  readonly visitId: string | null;
}): string => `sha256=${s.sha256};plan=${s.planId};patient=${s.patientId};visit=${s.visitId ?? '-'}`;

type PlanLinks = Pick<PlanRow, 'id' | 'patient_id' | 'visit_id'>;

/** Why a signed (or superseded) version fails its integrity check; null when it is intact. */
export function signedVersionProblem(
  version: PlanVersionRow,
  plan: PlanLinks,
  signature: PlanSignatureRow | undefined,
  event: AuditEventRow | undefined,
): string | null {
  const recomputed = storedPayloadSha256(version.payload, version.payload_sha256);
  if (recomputed === undefined) return 'its payload is not JSON any more';
  if (recomputed !== version.payload_sha256) return 'its payload no longer matches its stored hash';
  if (!signature) return 'it has no signature row (removed, or signed before signatures were recorded)';
  if (signature.record_sha256 !== recomputed) return 'its payload differs from the one that was signed';
  if (signature.plan_id !== version.plan_id) return 'it was moved to another plan';
  if (signature.patient_id !== plan.patient_id || signature.visit_id !== plan.visit_id) {
    return 'its plan was moved to another patient or visit';
  }
  if (signature.signed_by !== version.signed_by || signature.signed_at !== version.signed_at) {
    return 'its signer or signing time was changed';
  }
  const expected = signEventDetail({
    sha256: recomputed,
    planId: version.plan_id,
    patientId: plan.patient_id,
    visitId: plan.visit_id,
  });
  if (
    !event ||
    event.action !== 'sign' ||
    event.entity !== 'plan_version' ||
    event.entity_id !== version.id ||
    event.actor !== signature.signed_by ||
    event.detail !== expected
  ) {
    return 'it does not match its signature in the audit log';
  }
  return null;
}

/** Checks every signed/superseded version of one plan; throws `record_tampered` naming the first bad one. */
export async function assertSignedIntact(
  trx: Kysely<DB>,
  plan: PlanLinks,
  versions: readonly PlanVersionRow[],
): Promise<void> {
  const signed = versions.filter((v) => v.status !== 'draft');
  if (signed.length === 0) return;
  // A version is superseded only by a newer signed one of the same plan (the trigger's rule, checked again
  // here so a status changed with the trigger down is refused too).
  const numbers = await trx
    .selectFrom('plan_versions')
    .select(['number', 'status'])
    .where('plan_id', '=', plan.id)
    .execute();
  for (const v of signed) {
    if (v.status === 'superseded' && !numbers.some((n) => n.number > v.number && n.status !== 'draft')) {
      throw recordTampered(
        `signed plan version ${v.number} of plan ${v.plan_id} fails its integrity check (it is marked superseded but no later version was signed); it is not served. An administrator should run \`liftplan audit verify\` and restore from a backup`,
      );
    }
  }
  const signatures = await trx
    .selectFrom('plan_signatures')
    .selectAll()
    .where(
      'plan_version_id',
      'in',
      signed.map((v) => v.id),
    )
    .execute();
  const bySig = new Map(signatures.map((s) => [s.plan_version_id, s]));
  const seqs = signatures.map((s) => s.audit_seq);
  const events =
    seqs.length === 0
      ? []
      : await trx.selectFrom('audit_events').selectAll().where('seq', 'in', seqs).execute();
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  for (const v of signed) {
    const sig = bySig.get(v.id);
    const problem = signedVersionProblem(v, plan, sig, sig ? bySeq.get(sig.audit_seq) : undefined);
    if (problem) {
      throw recordTampered(
        `signed plan version ${v.number} of plan ${v.plan_id} fails its integrity check (${problem}); it is not served. An administrator should run \`liftplan audit verify\` and restore from a backup`,
      );
    }
  }
}

/**
 * One plan version read on its own (consent form, procedure check, outcomes, FHIR): when it is signed or
 * superseded, its plan's signed versions are checked first (`record_tampered` otherwise).
 */
export async function assertVersionIntact(trx: Kysely<DB>, planVersionId: string): Promise<void> {
  const version = await trx
    .selectFrom('plan_versions')
    .selectAll()
    .where('id', '=', planVersionId)
    .executeTakeFirst();
  if (!version || version.status === 'draft') return;
  const plan = await trx
    .selectFrom('plans')
    .select(['id', 'patient_id', 'visit_id'])
    .where('id', '=', version.plan_id)
    .executeTakeFirst();
  if (!plan) throw recordTampered(`plan version ${version.number} has lost its plan; it is not served`);
  await assertSignedIntact(trx, plan, [version]);
}

export type SignedRecordsVerification =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly count: number; readonly seq: number; readonly reason: string };

/**
 * Every signature event in the audit log against the rows it signed, and every signed version against its
 * signature: an edited, moved or deleted signed record is named (version id, plan id) with the event's seq.
 */
/**
 * Whether a signed plan version was purged with its patient's records after the retention period (a later
 * `purge` event in the chain names it): then its absence is expected.
 */
async function purgedAfter(db: Kysely<DB>, planVersionId: string, signSeq: number): Promise<boolean> {
  const purge = await db
    .selectFrom('audit_events')
    .select('seq')
    .where('action', '=', 'purge')
    .where('entity', '=', 'plan_version')
    .where('entity_id', '=', planVersionId)
    .where('outcome', '=', 'success')
    .where('seq', '>', signSeq)
    .executeTakeFirst();
  return purge !== undefined;
}

export async function verifySignedRecords(db: Kysely<DB>): Promise<SignedRecordsVerification> {
  const events = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', 'sign')
    .where('entity', '=', 'plan_version')
    .where('outcome', '=', 'success')
    .orderBy('seq')
    .execute();
  let count = 0;
  const seen = new Set<string>();
  for (const e of events) {
    const id = e.entity_id ?? '';
    seen.add(id);
    const version = await db.selectFrom('plan_versions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!version && (await purgedAfter(db, id, e.seq))) continue;
    if (!version) {
      return {
        ok: false,
        count,
        seq: e.seq,
        reason: `signed plan version ${id} is missing from plan_versions`,
      };
    }
    const plan = await db
      .selectFrom('plans')
      .select(['id', 'patient_id', 'visit_id'])
      .where('id', '=', version.plan_id)
      .executeTakeFirst();
    const sig = await db
      .selectFrom('plan_signatures')
      .selectAll()
      .where('plan_version_id', '=', id)
      .executeTakeFirst();
    const successor =
      version.status === 'superseded'
        ? await db
            .selectFrom('plan_versions')
            .select('id')
            .where('plan_id', '=', version.plan_id)
            .where('number', '>', version.number)
            .where('status', '!=', 'draft')
            .executeTakeFirst()
        : undefined;
    const problem = plan
      ? sig && sig.audit_seq !== e.seq
        ? 'its signature row points at another audit event'
        : version.status === 'superseded' && !successor
          ? 'it is marked superseded but no later version was signed'
          : signedVersionProblem(version, plan, sig, e)
      : 'its plan is missing';
    if (problem) {
      return {
        ok: false,
        count,
        seq: e.seq,
        reason: `signed plan version ${id} (plan ${version.plan_id}, version ${version.number}): ${problem}`,
      };
    }
    count++;
  }
  const unsigned = await db
    .selectFrom('plan_versions')
    .select(['id', 'plan_id', 'number'])
    .where('status', '!=', 'draft')
    .execute();
  for (const v of unsigned) {
    if (!seen.has(v.id)) {
      return {
        ok: false,
        count,
        seq: 0,
        reason: `plan version ${v.id} (plan ${v.plan_id}, version ${v.number}) is marked signed but has no signature event in the audit log`,
      };
    }
  }
  return { ok: true, count };
}
