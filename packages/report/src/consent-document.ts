/**
 * buildConsentDocument: the consent form of one signed plan version, filled from the plan (pure, JSON only).
 * The server stores the filled document with the patient's signature, the web shows it on the tablet, and
 * consent-pdf.ts prints the signed copy. Same structure in Korean and English.
 */
import { REGIONS } from '@liftplan/domain';
import {
  CONSENT_SECTIONS,
  CONSENT_TEMPLATE,
  PHOTO_SCOPES,
  type ConsentSectionId,
  type PhotoScope,
} from './consent-template.js';
import { joinList } from './format.js';
import { GRADE_MEANING, KIND_NAME, REGION_NAME, RISK_NAME, SEX, SIDE_NAME } from './i18n.js';
import { patientRate } from './risk-plain.js';
import type { Locale, ReportAftercare, ReportInput, ReportPlan } from './types.js';

export interface ConsentInput {
  readonly clinic: ReportInput['clinic'];
  /** Chart number, age and sex (the form carries no name until the patient signs it). */
  readonly patient: ReportInput['patient'];
  readonly caseFile: Pick<ReportInput['caseFile'], 'assessment' | 'patient'>;
  readonly plan: Pick<ReportPlan, 'candidacy' | 'placements' | 'risks'>;
  readonly aftercare: Pick<ReportAftercare, 'planned' | 'instructions' | 'warningSigns'>;
  /** The doctor who signed the plan, and the doctors who will perform it (may be the same). */
  readonly doctors: readonly {
    readonly name: string;
    readonly licence?: string;
    readonly role: 'planning' | 'performing';
  }[];
  readonly planVersion: { readonly id: string; readonly number: number };
}

export interface ConsentSection {
  readonly id: ConsentSectionId;
  readonly heading: string;
  readonly intro: string;
  readonly items: readonly string[];
}

/** The filled form: everything the patient reads, in one language, as plain data. */
export interface ConsentDocument {
  readonly format: 'liftplan.consent';
  readonly templateId: string;
  readonly templateVersion: number;
  readonly locale: Locale;
  readonly title: string;
  readonly intro: string;
  readonly facts: readonly { readonly key: string; readonly value: string }[];
  readonly sections: readonly ConsentSection[];
  readonly photo: {
    readonly heading: string;
    readonly intro: string;
    readonly scopes: readonly { readonly id: PhotoScope; readonly text: string }[];
  };
  readonly declaration: string;
  readonly notice: string;
}

export function buildConsentDocument(input: ConsentInput, locale: Locale): ConsentDocument {
  const lang = locale;
  const T = CONSENT_TEMPLATE;
  const L = (k: keyof typeof T.labels): string => T.labels[k][lang];
  const a = input.caseFile.assessment;
  const concerns = input.caseFile.patient.concerns.map((c) =>
    c.side === 'both'
      ? REGION_NAME[c.region][lang]
      : `${REGION_NAME[c.region][lang]} (${SIDE_NAME[c.side][lang]})`,
  );
  const graded = REGIONS.filter((r) => a.grades[r] > 0).map(
    (r) => `${REGION_NAME[r][lang]} ${a.grades[r]} (${GRADE_MEANING[a.grades[r]]?.[lang] ?? ''})`,
  );
  const c = input.plan.candidacy;
  const diagnosis = [
    `${L('verdict')}: ${c.label[lang]}`,
    ...c.reasons.map((r) => r.text[lang]),
    ...(concerns.length > 0 ? [`${L('concerns')}: ${joinList(concerns)}`] : []),
    ...(graded.length > 0 ? [`${L('grades')}: ${joinList(graded)}`] : []),
  ];
  const placements = input.plan.placements;
  const method =
    placements.length === 0
      ? [L('noPlacements')]
      : [
          ...placements.map(
            (p) =>
              `${REGION_NAME[p.region][lang]} (${SIDE_NAME[p.side][lang]}): ${p.material} ${KIND_NAME[p.kind][lang]} ${p.gauge}, ${p.lengthMm} mm × ${p.count}`,
          ),
          `${L('totalThreads')}: ${placements.reduce((n, p) => n + p.count, 0)}`,
        ];
  const doctors = input.doctors.map(
    (d) =>
      `${d.name}${d.licence ? ` (${d.licence})` : ''} — ${L(d.role === 'planning' ? 'planningDoctor' : 'performingDoctor')}`,
  );
  // The patient's words for how often (as in the patient copy of the report): no study shorthand.
  const sideEffects = input.plan.risks.map((r) => `${RISK_NAME[r.id][lang]}: ${patientRate(r, lang)}`);
  const care = input.aftercare.planned
    ? [
        ...[...input.aftercare.instructions].sort((x, y) => y.days - x.days).map((i) => i.text[lang]),
        `${L('warningSigns')}: ${input.aftercare.warningSigns.map((w) => w.text[lang]).join(' ')}`,
      ]
    : [];
  const items: Record<ConsentSectionId, readonly string[]> = {
    diagnosis,
    method,
    doctors,
    sideEffects,
    care,
  };
  return {
    format: 'liftplan.consent',
    templateId: T.id,
    templateVersion: T.version,
    locale,
    title: T.title[lang],
    intro: T.intro[lang],
    facts: [
      {
        key: L('clinic'),
        value: joinList([input.clinic.name, ...(input.clinic.phone ? [input.clinic.phone] : [])]),
      },
      {
        key: L('patient'),
        value: `${input.patient.id} (${lang === 'ko' ? `${input.patient.age}세` : `${input.patient.age} years`} / ${SEX[input.patient.sex][lang]})`,
      },
      {
        key: L('planVersion'),
        value: lang === 'ko' ? `${input.planVersion.number}번째 버전` : `version ${input.planVersion.number}`,
      },
      { key: L('templateVersion'), value: `${T.id} v${T.version}` },
    ],
    sections: CONSENT_SECTIONS.map((id) => ({
      id,
      heading: T.headings[id][lang],
      intro: T.sectionIntro[id][lang],
      items: items[id],
    })),
    photo: {
      heading: T.photoHeading[lang],
      intro: T.photoIntro[lang],
      scopes: PHOTO_SCOPES.map((id) => ({ id, text: T.photoScopes[id][lang] })),
    },
    declaration: T.declaration[lang],
    notice: T.notice[lang],
  };
}

/** Sections the Act requires that came out empty: the form cannot be signed while any is listed. */
export function missingConsentElements(doc: ConsentDocument): ConsentSectionId[] {
  return doc.sections.filter((s) => s.items.length === 0).map((s) => s.id);
}
