import {
  assessCandidacy,
  CaseFileSchema,
  frontMeasurements,
  PlanRecordSchema,
  VERDICT_LABEL,
  type CaseFile,
} from '@liftplan/domain';
import type {
  Binary,
  Bundle,
  BundleEntry,
  CarePlan,
  ClinicalImpression,
  Condition,
  Consent,
  Device,
  DocumentReference,
  Encounter,
  Extension,
  Media,
  Observation,
  Organization,
  Patient,
  Practitioner,
  Procedure,
  Provenance,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import { z } from 'zod';
import { derivedId, LATERALITY, ref, SYSTEM, UCUM, urn } from './codes.js';
import type { PatientRecord } from './record.js';

/** The parts of a stored ViewMeasurements the export reads (analyses.measurements JSON). */
export const StoredMeasurementsSchema = z.object({
  view: z.string(),
  calibration: z
    .object({ source: z.string(), relativeUncertainty: z.number(), estimate: z.boolean() })
    .loose(),
  metrics: z.array(
    z.discriminatedUnion('status', [
      z
        .object({
          status: z.literal('measured'),
          id: z.string(),
          side: z.enum(['left', 'right', 'bilateral']),
          value: z.number(),
          unit: z.enum(['mm', 'deg', 'ratio']),
          estimate: z.boolean(),
          band: z
            .object({ sem: z.number(), mdc: z.number(), shots: z.number(), source: z.string() })
            .nullable(),
        })
        .loose(),
      z
        .object({ status: z.literal('not-measurable'), id: z.string(), side: z.string(), reason: z.string() })
        .loose(),
    ]),
  ),
});

export interface BundleOptions {
  /** Bundle.timestamp and the export's identifier. */
  readonly now: string;
  readonly exportId: string;
  /** Derivative bytes by sha256; a photo whose derivative is missing goes out as Media without Binary. */
  readonly derivatives: ReadonlyMap<string, Buffer>;
}

const dateTime = (iso: string): string => iso;
const sexToGender = (s: string): Patient['gender'] =>
  s === 'female' ? 'female' : s === 'male' ? 'male' : 'other';

const text = (t: string) => ({ text: t });
const coded = (system: string, code: string, display?: string) => ({
  coding: [display === undefined ? { system, code } : { system, code, display }],
  ...(display === undefined ? {} : { text: display }),
});

const parseJson = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));

/** The resources of one patient's record. Pure: rows in, resources out, ids stable across exports. */
export function patientResources(r: PatientRecord, opts: BundleOptions): Resource[] {
  const out: Resource[] = [];
  const p = r.patient;
  const org = r.organisation;

  const organization: Organization = {
    resourceType: 'Organization',
    id: org.id,
    name: org.name,
    ...(org.phone ? { telecom: [{ system: 'phone', value: org.phone }] } : {}),
    ...(org.address ? { address: [{ text: org.address }] } : {}),
  };
  out.push(organization);

  const history: Extension = { url: SYSTEM.historyExtension, valueString: p.history };
  const patient: Patient = {
    resourceType: 'Patient',
    id: p.id,
    extension: [history],
    identifier: [{ system: SYSTEM.chartNumber, value: p.chart_number }],
    name: [{ text: p.display_name }],
    gender: sexToGender(p.sex),
    birthDate: p.birth_date,
    ...(p.phone || p.email
      ? {
          telecom: [
            ...(p.phone ? [{ system: 'phone' as const, value: p.phone }] : []),
            ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
          ],
        }
      : {}),
    ...(p.address ? { address: [{ text: p.address }] } : {}),
    managingOrganization: ref(org.id, org.name),
  };
  out.push(patient);

  for (const u of r.users) {
    const practitioner: Practitioner = {
      resourceType: 'Practitioner',
      id: u.id,
      name: [{ text: u.display_name }],
      ...(u.licence_number ? { identifier: [{ system: SYSTEM.licence, value: u.licence_number }] } : {}),
    };
    out.push(practitioner);
  }
  const userName = new Map(r.users.map((u) => [u.id, u.display_name]));
  const practitionerRef = (id: string | null) =>
    id !== null && userName.has(id) ? ref(id, userName.get(id)) : undefined;

  for (const v of r.visits) {
    const encounter: Encounter = {
      resourceType: 'Encounter',
      id: v.id,
      status: 'finished',
      class: { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' },
      type: [text(v.kind)],
      subject: ref(p.id),
      serviceProvider: ref(org.id),
      period: { start: v.date, end: v.date },
    };
    out.push(encounter);
  }

  // Photos: Media (+ Binary of the metadata-free derivative), sha256 of both files as identifiers.
  for (const ph of r.photos) {
    const deriv = ph.blob?.derivative_sha256 ?? null;
    const bytes = deriv === null ? undefined : opts.derivatives.get(deriv);
    const binaryId = deriv === null ? null : derivedId('binary', deriv);
    if (bytes && binaryId) {
      const binary: Binary = {
        resourceType: 'Binary',
        id: binaryId,
        contentType: 'image/jpeg',
        data: bytes.toString('base64'),
      };
      out.push(binary);
    }
    const media: Media = {
      resourceType: 'Media',
      id: ph.id,
      identifier: [
        ...(deriv === null ? [] : [{ system: SYSTEM.sha256, value: deriv, use: 'official' as const }]),
        { system: SYSTEM.sha256, value: ph.sha256, use: 'secondary' as const },
      ],
      status: 'completed',
      type: coded(SYSTEM.mediaType, 'image', 'Image'),
      view: text(ph.view),
      subject: ref(p.id),
      ...(ph.visit_id ? { encounter: ref(ph.visit_id) } : {}),
      createdDateTime: dateTime(ph.created_at),
      ...(ph.blob?.derivative_width ? { width: ph.blob.derivative_width } : {}),
      ...(ph.blob?.derivative_height ? { height: ph.blob.derivative_height } : {}),
      content: {
        contentType: 'image/jpeg',
        ...(bytes && binaryId ? { url: urn(binaryId), size: bytes.length } : {}),
        title: `${ph.view} photo (metadata-free derivative)`,
      },
    };
    out.push(media);
  }

  // Measurements: one Observation per metric and side, with its error band.
  const photoById = new Map(r.photos.map((ph) => [ph.id, ph]));
  const observationsByVisit = new Map<string, string[]>();
  for (const a of r.analyses) {
    const parsed = StoredMeasurementsSchema.safeParse(parseJson(a.measurements));
    if (!parsed.success) continue;
    const photo = photoById.get(a.photo_id);
    const method = `${a.detector_id} ${a.detector_version}${a.model_sha256 ? ` (model sha256:${a.model_sha256})` : ''}`;
    for (const m of parsed.data.metrics) {
      if (m.status !== 'measured') continue;
      const id = derivedId('observation', a.id, m.id, m.side);
      const unit = UCUM[m.unit];
      const quantityExt: Extension[] = m.band
        ? [
            { url: SYSTEM.uncertainty, valueDecimal: round(m.band.sem) },
            { url: SYSTEM.uncertaintyType, valueCode: 'N' },
          ]
        : [];
      const ext: Extension[] = [
        ...(m.band
          ? [
              {
                url: SYSTEM.mdcExtension,
                valueQuantity: {
                  value: round(m.band.mdc),
                  unit: unit.unit,
                  system: SYSTEM.ucum,
                  code: unit.code,
                },
              },
              { url: SYSTEM.bandSourceExtension, valueString: m.band.source },
            ]
          : []),
        { url: SYSTEM.estimateExtension, valueBoolean: m.estimate },
      ];
      const obs: Observation = {
        resourceType: 'Observation',
        id,
        extension: ext,
        status: 'final',
        category: [coded(SYSTEM.observationCategory, 'exam', 'Exam')],
        code: coded(SYSTEM.metric, m.id, m.id),
        subject: ref(p.id),
        ...(photo?.visit_id ? { encounter: ref(photo.visit_id) } : {}),
        effectiveDateTime: dateTime(a.created_at),
        valueQuantity: {
          ...(quantityExt.length > 0 ? { extension: quantityExt } : {}),
          value: round(m.value),
          unit: unit.unit,
          system: SYSTEM.ucum,
          code: unit.code,
        },
        bodySite: { coding: [LATERALITY[m.side]], text: m.side },
        method: text(method),
        derivedFrom: [ref(a.photo_id)],
        ...(m.band === null ? { note: [{ text: 'no measured error band for this metric' }] } : {}),
      };
      out.push(obs);
      if (photo?.visit_id) {
        const list = observationsByVisit.get(photo.visit_id) ?? [];
        list.push(id);
        observationsByVisit.set(photo.visit_id, list);
      }
    }
  }

  // The clinician's assessment and the candidacy of the signed plan's case.
  const caseByVisit = new Map<string, CaseFile>();
  for (const v of r.planVersions) {
    const rec = PlanRecordSchema.safeParse(parseJson(v.payload));
    const cf = rec.success ? CaseFileSchema.safeParse(rec.data.caseFile) : null;
    if (v.visit_id && cf?.success) caseByVisit.set(v.visit_id, cf.data);
  }
  for (const a of r.assessments) {
    const cf = a.visit_id ? caseByVisit.get(a.visit_id) : undefined;
    const candidacy = cf ? assessCandidacy(cf, undefined, frontMeasurements(cf)) : null;
    const obsIds = a.visit_id ? (observationsByVisit.get(a.visit_id) ?? []) : [];
    const impression: ClinicalImpression = {
      resourceType: 'ClinicalImpression',
      id: a.id,
      status: 'completed',
      subject: ref(p.id),
      ...(a.visit_id ? { encounter: ref(a.visit_id) } : {}),
      date: dateTime(a.updated_at),
      ...(practitionerRef(a.assessed_by) ? { assessor: practitionerRef(a.assessed_by) } : {}),
      summary: candidacy
        ? `candidacy: ${candidacy.verdict} (${VERDICT_LABEL[candidacy.verdict].en} / ${VERDICT_LABEL[candidacy.verdict].ko})`
        : 'assessment (no signed plan: candidacy not decided)',
      ...(obsIds.length > 0
        ? { investigation: [{ code: text('face measurements'), item: obsIds.map((id) => ref(id)) }] }
        : {}),
      ...(candidacy && candidacy.reasons.length > 0
        ? {
            finding: candidacy.reasons.map((reason) => ({
              itemCodeableConcept: text(`${reason.id}: ${reason.text.en} / ${reason.text.ko}`),
              basis: reason.verdict,
            })),
          }
        : {}),
      supportingInfo: [],
      note: [{ text: a.payload }],
    };
    if (impression.supportingInfo?.length === 0) delete impression.supportingInfo;
    out.push(impression);
  }

  // Signed plans: CarePlan (an activity per placement), signature as Provenance, PDFs as DocumentReference.
  const sigByVersion = new Map(r.signatures.map((s) => [s.plan_version_id, s]));
  for (const v of r.planVersions) {
    const rec = PlanRecordSchema.safeParse(parseJson(v.payload));
    const placements = rec.success ? rec.data.placements : [];
    const carePlan: CarePlan = {
      resourceType: 'CarePlan',
      id: v.id,
      extension: [{ url: SYSTEM.recordShaExtension, valueString: v.payload_sha256 }],
      identifier: [{ system: 'urn:liftplan:fhir:plan', value: `${v.plan_id}#${v.number}` }],
      status: v.status === 'superseded' ? 'revoked' : 'active',
      intent: 'plan',
      title: `thread lift plan v${v.number} (rule set ${v.rule_set_version ?? 'unknown'})`,
      subject: ref(p.id),
      ...(v.visit_id ? { encounter: ref(v.visit_id) } : {}),
      created: dateTime(v.created_at),
      ...(practitionerRef(v.signed_by) ? { author: practitionerRef(v.signed_by) } : {}),
      activity: placements.map((pl) => ({
        extension: [{ url: SYSTEM.placementExtension, valueString: pl.id }],
        detail: {
          kind: 'ServiceRequest' as const,
          code: text(`${pl.kind} ${pl.material} thread`),
          status: 'not-started' as const,
          description: `${pl.count} × ${pl.kind} ${pl.material} ${pl.gauge} ${pl.lengthMm} mm, ${pl.region} ${pl.side}, vector ${pl.vectorDeg}°, ${pl.plane}, ${pl.fixation} fixation, ${pl.tension} tension`,
          quantity: { value: pl.count, unit: 'thread', system: SYSTEM.ucum, code: '{thread}' },
        },
      })),
    };
    if (carePlan.activity?.length === 0) delete carePlan.activity;
    out.push(carePlan);
    const sig = sigByVersion.get(v.id);
    if (sig) {
      const prov: Provenance = {
        resourceType: 'Provenance',
        id: derivedId('provenance', 'plan', v.id),
        extension: [{ url: SYSTEM.recordShaExtension, valueString: sig.record_sha256 }],
        target: [ref(v.id)],
        recorded: dateTime(sig.signed_at),
        activity: coded(
          'http://terminology.hl7.org/CodeSystem/v3-DocumentCompletion',
          'LA',
          'legally authenticated',
        ),
        agent: [{ who: practitionerRef(sig.signed_by) ?? { display: sig.signed_by } }],
        signature: [
          {
            type: [
              { system: SYSTEM.signatureType, code: '1.2.840.10065.1.12.1.1', display: "Author's Signature" },
            ],
            when: dateTime(sig.signed_at),
            who: practitionerRef(sig.signed_by) ?? { display: sig.signed_by },
            sigFormat: 'text/plain',
            data: Buffer.from(`sha256:${sig.record_sha256} audit-seq:${sig.audit_seq}`).toString('base64'),
          },
        ],
      };
      out.push(prov);
    }
    if (v.visit_id && v.status === 'signed') {
      for (const [kind, file] of [
        ['consultation report', 'report.pdf'],
        ['aftercare sheet', 'aftercare.pdf'],
      ] as const) {
        const doc: DocumentReference = {
          resourceType: 'DocumentReference',
          id: derivedId('document', file, v.id),
          status: 'current',
          type: text(kind),
          subject: ref(p.id),
          date: dateTime(v.signed_at ?? v.created_at),
          context: { encounter: [ref(v.visit_id)], related: [ref(v.id)] },
          content: [
            {
              attachment: {
                contentType: 'application/pdf',
                url: `/api/visits/${v.visit_id}/${file}`,
                title: `${kind} (rendered on request from the signed plan)`,
              },
            },
          ],
        };
        out.push(doc);
      }
    }
  }

  // Consent: one resource per scope (treatment, photos for the record, marketing, research).
  for (const c of r.consents) {
    const docId = derivedId('document', 'consent.pdf', c.id);
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      id: docId,
      identifier: [{ system: SYSTEM.sha256, value: c.document_sha256 }],
      status: 'current',
      type: coded(SYSTEM.loinc, '59284-0', 'Consent Document'),
      subject: ref(p.id),
      date: dateTime(c.signed_at),
      context: { related: [ref(c.plan_version_id)] },
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            language: c.locale,
            url: `/api/consents/${c.id}/consent.pdf`,
            title: `signed consent form ${c.template_id} v${c.template_version}`,
          },
        },
      ],
    };
    out.push(doc);
    const scopes = [
      ['treatment', 'treatment', 'TREAT', true],
      ['photo-record', 'patient-privacy', 'TREAT', c.photo_record === 1],
      ['photo-marketing', 'patient-privacy', 'HMARKT', c.photo_marketing === 1],
      ['photo-research', 'research', 'HRESCH', c.photo_research === 1],
    ] as const;
    for (const [name, scope, purpose, agreed] of scopes) {
      const consent: Consent = {
        resourceType: 'Consent',
        id: derivedId('consent', c.id, name),
        identifier: [{ system: 'urn:liftplan:fhir:consent-scope', value: `${c.id}#${name}` }],
        status: 'active',
        scope: coded(SYSTEM.consentScope, scope),
        category: [coded(SYSTEM.loinc, '59284-0', 'Consent Document')],
        patient: ref(p.id),
        dateTime: dateTime(c.signed_at),
        performer: [ref(p.id, c.signer_name)],
        organization: [ref(org.id)],
        sourceReference: ref(docId),
        policyRule: text(`${c.template_id} v${c.template_version}`),
        provision: {
          type: agreed ? 'permit' : 'deny',
          purpose: [{ system: SYSTEM.actReason, code: purpose }],
          data: [{ meaning: 'related', reference: ref(c.plan_version_id) }],
        },
      };
      out.push(consent);
    }
    const prov: Provenance = {
      resourceType: 'Provenance',
      id: derivedId('provenance', 'consent', c.id),
      target: scopes.map(([name]) => ref(derivedId('consent', c.id, name))),
      recorded: dateTime(c.signed_at),
      agent: [
        {
          type: text(c.signer_relation ?? 'patient'),
          who: ref(p.id, c.signer_name),
        },
      ],
      signature: [
        {
          type: [
            { system: SYSTEM.signatureType, code: '1.2.840.10065.1.12.1.7', display: 'Consent Signature' },
          ],
          when: dateTime(c.signed_at),
          who: ref(p.id, c.signer_name),
          sigFormat: 'image/svg+xml',
          data: Buffer.from(
            `<svg xmlns="http://www.w3.org/2000/svg"><path d="${c.signature_path.replace(/"/g, '')}"/></svg>`,
          ).toString('base64'),
        },
      ],
    };
    out.push(prov);
  }

  // Procedures: the threads placed, each lot as a Device (product, lot, expiry, UDI from the GS1 scan).
  const productById = new Map(r.products.map((x) => [x.id, x]));
  const lotById = new Map(r.lots.map((x) => [x.id, x]));
  const threadsByProcedure = new Map<string, typeof r.threads>();
  for (const t of r.threads) {
    threadsByProcedure.set(t.procedure_id, [...(threadsByProcedure.get(t.procedure_id) ?? []), t]);
  }
  const deviceDone = new Set<string>();
  for (const pr of r.procedures) {
    const threads = threadsByProcedure.get(pr.id) ?? [];
    for (const t of threads) {
      const lot = lotById.get(t.lot_id);
      const product = productById.get(t.product_id);
      if (!lot || !product || deviceDone.has(lot.id)) continue;
      deviceDone.add(lot.id);
      const device: Device = {
        resourceType: 'Device',
        id: lot.id,
        status: 'active',
        manufacturer: product.manufacturer,
        deviceName: [{ name: product.name, type: 'manufacturer-name' }],
        lotNumber: lot.lot_number,
        expirationDate: lot.expiry_date,
        type: text(`${product.thread_kind} ${product.material} ${product.gauge} ${product.length_mm} mm`),
        ...(t.gtin
          ? { udiCarrier: [{ deviceIdentifier: t.gtin, ...(t.barcode ? { carrierHRF: t.barcode } : {}) }] }
          : {}),
      };
      out.push(device);
    }
    const anaesthesia = parseJson(pr.anaesthesia);
    const events = z
      .array(z.object({ at: z.string(), kind: z.string(), note: z.string().nullable() }).loose())
      .catch([])
      .parse(parseJson(pr.events));
    const procedure: Procedure = {
      resourceType: 'Procedure',
      id: pr.id,
      status: 'completed',
      code: text('thread lift'),
      subject: ref(p.id),
      ...(pr.visit_id ? { encounter: ref(pr.visit_id) } : {}),
      performedDateTime: pr.performed_on,
      ...(practitionerRef(pr.performed_by)
        ? { performer: [{ actor: practitionerRef(pr.performed_by) ?? { display: pr.performed_by } }] }
        : {}),
      ...(pr.plan_version_id ? { basedOn: [ref(pr.plan_version_id)] } : {}),
      ...(threads.length > 0
        ? {
            bodySite: threads.map((t) => ({
              coding: [
                { system: SYSTEM.region, code: t.region },
                LATERALITY[t.side === 'left' ? 'left' : 'right'],
              ],
              text: `${t.region} ${t.side} × ${t.count}${t.deviations ? ` (deviation: ${t.deviations})` : ''}`,
            })),
            focalDevice: threads.map((t) => ({
              action: text(
                `implanted ${t.count} (${t.region} ${t.side}${t.placement_id ? `, planned row ${t.placement_id}` : ''})`,
              ),
              manipulated: ref(t.lot_id),
            })),
          }
        : {}),
      note: [
        { text: `anaesthesia: ${JSON.stringify(anaesthesia)}` },
        ...events.map((e) => ({ text: `${e.at} ${e.kind}${e.note ? `: ${e.note}` : ''}` })),
        ...(pr.notes ? [{ text: pr.notes }] : []),
        ...(pr.not_placed !== '[]' ? [{ text: `not placed: ${pr.not_placed}` }] : []),
      ],
    };
    out.push(procedure);
  }

  // Aftercare: the follow-up schedule of each procedure as a CarePlan; scores as QuestionnaireResponse.
  for (const pr of r.procedures) {
    const due = r.followUps.filter((f) => f.procedure_id === pr.id);
    if (due.length === 0) continue;
    const aftercare: CarePlan = {
      resourceType: 'CarePlan',
      id: derivedId('aftercare', pr.id),
      status: due.every((f) => f.status !== 'scheduled') ? 'completed' : 'active',
      intent: 'plan',
      title: 'aftercare and follow-up',
      subject: ref(p.id),
      ...(pr.plan_version_id ? { basedOn: [ref(pr.plan_version_id)] } : {}),
      addresses: [],
      activity: due.map((f) => ({
        detail: {
          kind: 'Appointment' as const,
          code: text('follow-up visit'),
          status:
            f.status === 'done'
              ? ('completed' as const)
              : f.status === 'cancelled'
                ? ('cancelled' as const)
                : f.status === 'missed'
                  ? ('stopped' as const)
                  : ('scheduled' as const),
          scheduledString: f.due_date,
        },
      })),
    };
    delete aftercare.addresses;
    out.push(aftercare);
  }
  for (const f of r.followUps) {
    if (f.gais_clinician === null && f.gais_patient === null && f.satisfaction === null) continue;
    const item = (linkId: string, label: string, v: number | null) =>
      v === null ? [] : [{ linkId, text: label, answer: [{ valueInteger: v }] }];
    const qr: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      id: f.id,
      questionnaire: SYSTEM.gaisQuestionnaire,
      status: 'completed',
      subject: ref(p.id),
      ...(f.visit_id ? { encounter: ref(f.visit_id) } : {}),
      ...(f.scored_at ? { authored: dateTime(f.scored_at) } : {}),
      ...(practitionerRef(f.scored_by) ? { author: practitionerRef(f.scored_by) } : {}),
      item: [
        ...item(
          'gais-clinician',
          'GAIS (clinician): 1 very much improved … 4 no change, 5 worse',
          f.gais_clinician,
        ),
        ...item(
          'gais-patient',
          'GAIS (patient): 1 very much improved … 4 no change, 5 worse',
          f.gais_patient,
        ),
        ...item('satisfaction', 'satisfaction', f.satisfaction),
      ],
    };
    out.push(qr);
  }
  for (const c of r.complications) {
    const cond: Condition = {
      resourceType: 'Condition',
      id: c.id,
      clinicalStatus: coded(
        'http://terminology.hl7.org/CodeSystem/condition-clinical',
        c.resolved_date ? 'resolved' : 'active',
      ),
      category: [text('complication of thread lift')],
      severity: text(c.severity),
      code: text(c.kind),
      subject: ref(p.id),
      onsetDateTime: c.onset_date,
      ...(c.resolved_date ? { abatementDateTime: c.resolved_date } : {}),
      recordedDate: dateTime(c.created_at),
      ...(c.management || c.resolution
        ? {
            note: [
              ...(c.management ? [{ text: `management: ${c.management}` }] : []),
              ...(c.resolution ? [{ text: `resolution: ${c.resolution}` }] : []),
            ],
          }
        : {}),
    };
    out.push(cond);
  }

  // Resources imported from another liftplan (kept verbatim, patient reference already rewritten).
  for (const imp of r.imported) out.push(JSON.parse(imp.resource) as Resource);
  return out;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** A `collection` Bundle of the records, each resource once (fullUrl `urn:uuid:<id>`). */
export function toBundle(records: readonly PatientRecord[], opts: BundleOptions): Bundle {
  const seen = new Set<string>();
  const entry: BundleEntry[] = [];
  for (const r of records) {
    for (const res of patientResources(r, opts)) {
      const key = `${res.resourceType}/${res.id ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entry.push({ fullUrl: urn(res.id ?? ''), resource: res });
    }
  }
  return {
    resourceType: 'Bundle',
    id: opts.exportId,
    meta: { tag: [{ system: SYSTEM.exportTag, code: 'liftplan-export' }] },
    identifier: { system: SYSTEM.exportTag, value: opts.exportId },
    type: 'collection',
    timestamp: opts.now,
    entry,
  };
}
