/**
 * The patient's copy of their own record (Medical Service Act Art. 21): one PDF of the whole record, pure
 * from plain data the server reads. Demographics, then each visit in date order (photos listed, measurements
 * with their error band, assessment, signed plan, consent, procedure with products and lots, aftercare,
 * follow-ups), then complications and follow-ups not tied to a visit. Every fixed word comes from the phrase
 * tables below in the document's language; only what was recorded (names, product and lot numbers, notes)
 * prints as written.
 */
import type { MetricId, Region, Side, ThreadKind, View } from '@liftplan/domain';
import { formatDay, formatInstant, DEFAULT_TIME_ZONE } from './dates.js';
import { formatNumber, joinList } from './format.js';
import {
  ELASTICITY_NAME,
  FAT_NAME,
  KIND_NAME,
  METRIC_NAME,
  REGION_NAME,
  SEX,
  SIDE_NAME,
  SKIN_THICKNESS_NAME,
  VIEW_NAME,
} from './i18n.js';
import { renderPdf } from './pdf.js';
import type { Bilingual, Block, DocDefinition, Locale } from './types.js';

type Unit = 'mm' | 'deg' | 'ratio';
type AssessmentNames = {
  readonly skinThickness: keyof typeof SKIN_THICKNESS_NAME;
  readonly elasticity: keyof typeof ELASTICITY_NAME;
  readonly fat: keyof typeof FAT_NAME;
};

export interface RecordCopyFollowUp {
  readonly dueDate: string;
  readonly status: 'scheduled' | 'done' | 'missed' | 'cancelled';
  readonly gaisClinician: number | null;
  readonly gaisPatient: number | null;
  readonly satisfaction: number | null;
  readonly notes: string | null;
}

export interface RecordCopyVisit {
  readonly date: string;
  readonly kind: 'consultation' | 'procedure' | 'follow-up';
  readonly photos: readonly {
    readonly view: View;
    readonly takenAt: string;
    /** The quality gate of the photo's analysis; `none` when not analysed. */
    readonly analysis: 'passed' | 'failed' | 'none';
  }[];
  readonly measurements: readonly {
    readonly metric: MetricId;
    readonly side: Side | 'bilateral';
    readonly value: number;
    readonly unit: Unit;
    /** The 95 % error band (±, same unit), null while not measured. */
    readonly band: number | null;
    readonly estimate: boolean;
  }[];
  readonly assessments: readonly (AssessmentNames & {
    readonly by: string;
    readonly at: string;
    readonly grades: Readonly<Partial<Record<Region, number>>>;
  })[];
  readonly plans: readonly {
    readonly version: number;
    readonly signedBy: string;
    readonly signedAt: string;
    readonly placements: readonly {
      readonly region: Region;
      readonly side: Side;
      readonly kind: ThreadKind;
      readonly material: string;
      readonly gauge: string;
      readonly lengthMm: number;
      readonly count: number;
    }[];
  }[];
  readonly consents: readonly {
    readonly signedAt: string;
    readonly signerName: string;
    readonly scopes: { readonly record: boolean; readonly marketing: boolean; readonly research: boolean };
  }[];
  readonly procedures: readonly {
    readonly performedOn: string;
    readonly performedBy: string;
    readonly anaesthesia: {
      readonly kind: 'topical' | 'local-infiltration' | 'nerve-block' | 'none';
      readonly agent: string | null;
      readonly doseMl: number | null;
    };
    readonly threads: readonly {
      readonly region: Region;
      readonly side: Side;
      readonly product: string;
      readonly lot: string;
      readonly expiry: string;
      readonly count: number;
    }[];
    readonly notes: string | null;
  }[];
  /** The aftercare instructions of the signed plan, each with its last day. */
  readonly aftercare: readonly { readonly text: Bilingual; readonly lastDay: string }[];
  readonly followUps: readonly RecordCopyFollowUp[];
}

export interface RecordCopyInput {
  readonly clinic: {
    readonly name: string;
    readonly address?: string;
    readonly phone?: string;
    readonly timeZone?: string;
  };
  readonly patient: {
    readonly chart: string;
    readonly name: string;
    readonly birthDate: string;
    readonly sex: 'female' | 'male' | 'other';
    readonly phone: string | null;
    readonly email: string | null;
    readonly address: string | null;
  };
  /** When the copy was made (ISO instant). */
  readonly printedAt: string;
  readonly visits: readonly RecordCopyVisit[];
  /** Follow-ups not tied to a visit yet (booked, missed, cancelled). */
  readonly followUps: readonly RecordCopyFollowUp[];
  readonly complications: readonly {
    readonly kind: string;
    readonly severity: 'mild' | 'moderate' | 'severe';
    readonly onsetDate: string;
    readonly management: string | null;
    readonly resolution: string | null;
    readonly resolvedDate: string | null;
  }[];
}

/** The copy's fixed phrases (glossary-ko-en.md; Korean in 합니다/하십시오체). */
export const RECORD_COPY_TEXT = {
  title: { en: 'Copy of your medical record', ko: '진료기록 사본' },
  intro: {
    en: 'This is a copy of everything the clinic recorded about your thread-lift care, made at your request (Medical Service Act Art. 21). A machine-readable copy (FHIR R4) is given with it.',
    ko: '병원이 기록한 실리프팅 진료 내용 전체의 사본이며, 요청에 따라 발급합니다(의료법 제21조). 컴퓨터로 읽을 수 있는 사본(FHIR R4)을 함께 드립니다.',
  },
  printedAt: { en: 'Issued', ko: '발급 일시' },
  clinic: { en: 'Clinic', ko: '병원' },
  phone: { en: 'Phone', ko: '전화' },
  patient: { en: 'Patient', ko: '환자' },
  name: { en: 'Name', ko: '이름' },
  chart: { en: 'Chart number', ko: '차트 번호' },
  birthDate: { en: 'Date of birth', ko: '생년월일' },
  sex: { en: 'Sex', ko: '성별' },
  contact: { en: 'Contact', ko: '연락처' },
  address: { en: 'Address', ko: '주소' },
  none: { en: 'none recorded', ko: '기록 없음' },
  visitHeading: { en: '{date}: {kind}', ko: '{date}: {kind}' },
  photos: { en: 'Photos', ko: '사진' },
  photoLine: { en: '{view}, taken {at}: {analysis}', ko: '{view}, {at} 촬영: {analysis}' },
  measurements: { en: 'Measurements', ko: '측정값' },
  measurementsNote: {
    en: '± is the error band: repeated photos of the same face give values within this range 95 times in 100. † the error band has not been measured yet. Values marked "estimate" rest on an average scale.',
    ko: '±는 오차 범위입니다. 같은 얼굴을 반복해 촬영하면 100번 중 95번은 이 범위 안의 값이 나옵니다. †는 오차 범위를 아직 측정하지 않은 값입니다. "추정"으로 표시된 값은 평균 크기를 기준으로 계산했습니다.',
  },
  colMeasure: { en: 'Measure', ko: '항목' },
  colSide: { en: 'Side', ko: '방향' },
  colValue: { en: 'Value', ko: '값' },
  bothSides: { en: 'both', ko: '양쪽' },
  estimate: { en: 'estimate', ko: '추정' },
  assessment: { en: 'Assessment', ko: '평가' },
  assessedBy: { en: 'by {by}, {at}', ko: '{by}, {at}' },
  grades: { en: 'Sagging grade (0 none – 4 severe)', ko: '처짐 정도 (0 없음 – 4 심함)' },
  skin: { en: 'Skin thickness, elasticity, fat', ko: '피부 두께, 탄력, 지방' },
  plan: { en: 'Signed plan', ko: '서명된 계획' },
  planSigned: { en: 'version {v}, signed by {by}, {at}', ko: '제{v}판, {by} 서명, {at}' },
  colArea: { en: 'Area', ko: '부위' },
  colThread: { en: 'Thread', ko: '실' },
  colCount: { en: 'Count', ko: '개수' },
  threadSpec: {
    en: '{kind}, {material}, {gauge}, {length} mm',
    ko: '{kind}, {material}, {gauge}, {length} mm',
  },
  consent: { en: 'Consent', ko: '동의' },
  consentLine: {
    en: 'signed by {name}, {at}. Photos: records {record}; advertising {marketing}; research {research}.',
    ko: '{name} 서명, {at}. 사진: 진료 기록 {record}, 광고 {marketing}, 연구 {research}.',
  },
  agreed: { en: 'agreed', ko: '동의함' },
  refused: { en: 'not agreed', ko: '동의하지 않음' },
  procedure: { en: 'Procedure', ko: '시술' },
  procedureLine: {
    en: '{date}, performed by {by}. Anaesthesia: {anaesthesia}.',
    ko: '{date}, 시술 의사 {by}. 마취: {anaesthesia}.',
  },
  colProduct: { en: 'Product', ko: '제품' },
  colLot: { en: 'Lot (expiry)', ko: '로트 (유효기한)' },
  notes: { en: 'Notes: {text}', ko: '메모: {text}' },
  aftercare: { en: 'Aftercare', ko: '시술 후 관리' },
  until: { en: '{text} (until {date})', ko: '{text} ({date}까지)' },
  followUps: { en: 'Follow-ups', ko: '경과 관찰' },
  otherFollowUps: { en: 'Other follow-ups', ko: '그 밖의 경과 관찰' },
  followUpLine: { en: 'due {date}: {status}', ko: '예정일 {date}: {status}' },
  scores: {
    en: 'improvement (doctor) {gc}; improvement (you) {gp}; satisfaction {s}',
    ko: '개선 정도(의사) {gc}, 개선 정도(환자) {gp}, 만족도 {s}',
  },
  notScored: { en: 'not scored', ko: '평가 안 함' },
  complications: { en: 'Side effects and complications', ko: '부작용과 합병증' },
  complicationsIntro: {
    en: 'Side effects may occur after a thread lift, and results and side effects vary from person to person. Those recorded in your care are listed here.',
    ko: '실리프팅 후 부작용이 발생할 수 있으며, 결과와 부작용은 개인에 따라 차이가 있을 수 있습니다. 진료 중 기록된 내용은 다음과 같습니다.',
  },
  complicationLine: {
    en: '{kind} ({severity}), from {onset}. Management: {management}. Outcome: {resolution}.',
    ko: '{kind} ({severity}), {onset}부터. 처치: {management}. 경과: {resolution}.',
  },
  resolvedOn: { en: '{text} (resolved {date})', ko: '{text} ({date} 회복)' },
  footer: {
    en: 'Copy of the medical record: for the patient. Contact the clinic with any question about it.',
    ko: '진료기록 사본: 환자 본인용. 내용에 관한 문의는 병원으로 연락해 주십시오.',
  },
} as const satisfies Record<string, Bilingual>;

/** The copy's words for the record's vocabularies. */
export const RECORD_COPY_NAMES = {
  visitKind: {
    consultation: { en: 'consultation', ko: '상담' },
    procedure: { en: 'procedure', ko: '시술' },
    'follow-up': { en: 'follow-up', ko: '경과 관찰' },
  },
  analysis: {
    passed: { en: 'analysed', ko: '분석 완료' },
    failed: { en: 'did not pass the quality check', ko: '품질 검사 미통과' },
    none: { en: 'not analysed', ko: '분석 안 함' },
  },
  anaesthesia: {
    topical: { en: 'topical cream', ko: '바르는 마취' },
    'local-infiltration': { en: 'local injection', ko: '국소 주사 마취' },
    'nerve-block': { en: 'nerve block', ko: '신경 차단 마취' },
    none: { en: 'none', ko: '없음' },
  },
  status: {
    scheduled: { en: 'booked', ko: '예약됨' },
    done: { en: 'done', ko: '완료' },
    missed: { en: 'missed', ko: '오지 않음' },
    cancelled: { en: 'cancelled', ko: '취소됨' },
  },
  severity: {
    mild: { en: 'mild', ko: '가벼움' },
    moderate: { en: 'moderate', ko: '중간' },
    severe: { en: 'severe', ko: '심함' },
  },
} as const satisfies Record<string, Record<string, Bilingual>>;

type PhraseId = keyof typeof RECORD_COPY_TEXT;
const tr = (id: PhraseId, lang: Locale, vars: Record<string, string | number> = {}): string =>
  RECORD_COPY_TEXT[id][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

const BAND_MISSING = '†';

function measurementValue(m: RecordCopyVisit['measurements'][number], lang: Locale): string {
  const v = formatNumber(m.value, m.unit);
  const banded = m.band === null ? `${v} ${BAND_MISSING}` : `${v} ± ${formatNumber(m.band, m.unit)}`;
  return m.estimate ? `${banded} (${tr('estimate', lang)})` : banded;
}

const score = (v: number | null, lang: Locale): string => (v === null ? tr('notScored', lang) : String(v));

function followUpItems(fs: readonly RecordCopyFollowUp[], lang: Locale): string[] {
  return fs.map((f) => {
    const line = tr('followUpLine', lang, {
      date: formatDay(f.dueDate, lang),
      status: RECORD_COPY_NAMES.status[f.status][lang],
    });
    const scored =
      f.status === 'done'
        ? `; ${tr('scores', lang, { gc: score(f.gaisClinician, lang), gp: score(f.gaisPatient, lang), s: score(f.satisfaction, lang) })}`
        : '';
    const notes = f.notes ? `. ${tr('notes', lang, { text: f.notes })}` : '';
    return `${line}${scored}${notes}`;
  });
}

function visitBlocks(v: RecordCopyVisit, n: number, lang: Locale, zone: string): Block[] {
  const at = (iso: string) => formatInstant(iso, lang, zone);
  const id = (s: string) => `visit-${n}-${s}`;
  const blocks: Block[] = [
    {
      kind: 'heading',
      id: id('heading'),
      level: 2,
      text: tr('visitHeading', lang, {
        date: formatDay(v.date, lang),
        kind: RECORD_COPY_NAMES.visitKind[v.kind][lang],
      }),
    },
  ];
  if (v.photos.length > 0) {
    blocks.push(
      { kind: 'heading', id: id('photos'), level: 3, text: tr('photos', lang) },
      {
        kind: 'list',
        id: id('photo-list'),
        items: v.photos.map((p) =>
          tr('photoLine', lang, {
            view: VIEW_NAME[p.view][lang],
            at: at(p.takenAt),
            analysis: RECORD_COPY_NAMES.analysis[p.analysis][lang],
          }),
        ),
      },
    );
  }
  if (v.measurements.length > 0) {
    blocks.push(
      { kind: 'heading', id: id('measurements'), level: 3, text: tr('measurements', lang) },
      {
        kind: 'table',
        id: id('measurement-table'),
        columns: [
          { header: tr('colMeasure', lang), width: 3 },
          { header: tr('colSide', lang), width: 1 },
          { header: tr('colValue', lang), width: 2, align: 'right' },
        ],
        rows: v.measurements.map((m) => [
          METRIC_NAME[m.metric][lang],
          m.side === 'bilateral' ? tr('bothSides', lang) : SIDE_NAME[m.side][lang],
          measurementValue(m, lang),
        ]),
      },
      { kind: 'paragraph', id: id('measurement-note'), style: 'caption', text: tr('measurementsNote', lang) },
    );
  }
  v.assessments.forEach((a, i) => {
    const grades = (Object.keys(REGION_NAME) as Region[])
      .filter((r) => a.grades[r] !== undefined)
      .map((r) => `${REGION_NAME[r][lang]} ${String(a.grades[r])}`);
    blocks.push(
      { kind: 'heading', id: id(`assessment-${i}`), level: 3, text: tr('assessment', lang) },
      {
        kind: 'keyValue',
        id: id(`assessment-${i}-rows`),
        rows: [
          { key: tr('assessment', lang), value: tr('assessedBy', lang, { by: a.by, at: at(a.at) }) },
          { key: tr('grades', lang), value: joinList(grades) },
          {
            key: tr('skin', lang),
            value: joinList([
              SKIN_THICKNESS_NAME[a.skinThickness][lang],
              ELASTICITY_NAME[a.elasticity][lang],
              FAT_NAME[a.fat][lang],
            ]),
          },
        ],
      },
    );
  });
  v.plans.forEach((p, i) => {
    blocks.push(
      { kind: 'heading', id: id(`plan-${i}`), level: 3, text: tr('plan', lang) },
      {
        kind: 'paragraph',
        id: id(`plan-${i}-signed`),
        text: tr('planSigned', lang, { v: p.version, by: p.signedBy, at: at(p.signedAt) }),
      },
      {
        kind: 'table',
        id: id(`plan-${i}-threads`),
        columns: [
          { header: tr('colArea', lang), width: 2 },
          { header: tr('colThread', lang), width: 4 },
          { header: tr('colCount', lang), width: 1, align: 'right' },
        ],
        rows: p.placements.map((x) => [
          `${REGION_NAME[x.region][lang]} (${SIDE_NAME[x.side][lang]})`,
          tr('threadSpec', lang, {
            kind: KIND_NAME[x.kind][lang],
            material: x.material,
            gauge: x.gauge,
            length: x.lengthMm,
          }),
          String(x.count),
        ]),
      },
    );
  });
  v.consents.forEach((c, i) => {
    const yes = (b: boolean) => tr(b ? 'agreed' : 'refused', lang);
    blocks.push(
      { kind: 'heading', id: id(`consent-${i}`), level: 3, text: tr('consent', lang) },
      {
        kind: 'paragraph',
        id: id(`consent-${i}-line`),
        text: tr('consentLine', lang, {
          name: c.signerName,
          at: at(c.signedAt),
          record: yes(c.scopes.record),
          marketing: yes(c.scopes.marketing),
          research: yes(c.scopes.research),
        }),
      },
    );
  });
  v.procedures.forEach((p, i) => {
    const an = p.anaesthesia;
    const anaesthesia = joinList([
      RECORD_COPY_NAMES.anaesthesia[an.kind][lang],
      ...(an.agent ? [an.agent] : []),
      ...(an.doseMl !== null ? [`${an.doseMl} ml`] : []),
    ]);
    blocks.push(
      { kind: 'heading', id: id(`procedure-${i}`), level: 3, text: tr('procedure', lang) },
      {
        kind: 'paragraph',
        id: id(`procedure-${i}-line`),
        text: tr('procedureLine', lang, {
          date: formatDay(p.performedOn, lang),
          by: p.performedBy,
          anaesthesia,
        }),
      },
      {
        kind: 'table',
        id: id(`procedure-${i}-threads`),
        columns: [
          { header: tr('colArea', lang), width: 2 },
          { header: tr('colProduct', lang), width: 3 },
          { header: tr('colLot', lang), width: 2 },
          { header: tr('colCount', lang), width: 1, align: 'right' },
        ],
        rows: p.threads.map((x) => [
          `${REGION_NAME[x.region][lang]} (${SIDE_NAME[x.side][lang]})`,
          x.product,
          `${x.lot} (${formatDay(x.expiry, lang)})`,
          String(x.count),
        ]),
      },
      ...(p.notes
        ? [
            {
              kind: 'paragraph' as const,
              id: id(`procedure-${i}-notes`),
              text: tr('notes', lang, { text: p.notes }),
            },
          ]
        : []),
    );
  });
  if (v.aftercare.length > 0) {
    blocks.push(
      { kind: 'heading', id: id('aftercare'), level: 3, text: tr('aftercare', lang) },
      {
        kind: 'list',
        id: id('aftercare-list'),
        items: v.aftercare.map((a) =>
          tr('until', lang, { text: a.text[lang], date: formatDay(a.lastDay, lang) }),
        ),
      },
    );
  }
  if (v.followUps.length > 0) {
    blocks.push(
      { kind: 'heading', id: id('follow-ups'), level: 3, text: tr('followUps', lang) },
      { kind: 'list', id: id('follow-up-list'), items: followUpItems(v.followUps, lang) },
    );
  }
  return blocks;
}

/** The document definition of the record copy (pure; see renderRecordCopy for the PDF). */
export function buildRecordCopy(input: RecordCopyInput, locale: Locale): DocDefinition {
  const lang = locale;
  const zone = input.clinic.timeZone ?? DEFAULT_TIME_ZONE;
  const p = input.patient;
  const orNone = (v: string | null): string => v ?? tr('none', lang);
  const blocks: Block[] = [
    { kind: 'heading', id: 'title', level: 1, text: tr('title', lang) },
    { kind: 'paragraph', id: 'intro', text: tr('intro', lang) },
    {
      kind: 'keyValue',
      id: 'patient',
      rows: [
        {
          key: tr('clinic', lang),
          value: joinList([
            input.clinic.name,
            ...(input.clinic.phone ? [`${tr('phone', lang)} ${input.clinic.phone}`] : []),
            ...(input.clinic.address ? [input.clinic.address] : []),
          ]),
        },
        { key: tr('printedAt', lang), value: formatInstant(input.printedAt, lang, zone) },
        { key: tr('name', lang), value: p.name },
        { key: tr('chart', lang), value: p.chart },
        { key: tr('birthDate', lang), value: formatDay(p.birthDate, lang) },
        { key: tr('sex', lang), value: SEX[p.sex][lang] },
        { key: tr('contact', lang), value: joinList([orNone(p.phone), ...(p.email ? [p.email] : [])]) },
        { key: tr('address', lang), value: orNone(p.address) },
      ],
    },
  ];
  input.visits.forEach((v, i) => blocks.push(...visitBlocks(v, i + 1, lang, zone)));
  if (input.followUps.length > 0) {
    blocks.push(
      { kind: 'heading', id: 'other-follow-ups', level: 2, text: tr('otherFollowUps', lang) },
      { kind: 'list', id: 'other-follow-up-list', items: followUpItems(input.followUps, lang) },
    );
  }
  blocks.push(
    { kind: 'heading', id: 'complications', level: 2, text: tr('complications', lang) },
    { kind: 'paragraph', id: 'complications-intro', text: tr('complicationsIntro', lang) },
  );
  blocks.push(
    input.complications.length === 0
      ? { kind: 'paragraph', id: 'complications-none', text: tr('none', lang) }
      : {
          kind: 'list',
          id: 'complication-list',
          items: input.complications.map((c) => {
            const resolution = c.resolution ?? tr('none', lang);
            return tr('complicationLine', lang, {
              kind: c.kind,
              severity: RECORD_COPY_NAMES.severity[c.severity][lang],
              onset: formatDay(c.onsetDate, lang),
              management: c.management ?? tr('none', lang),
              resolution: c.resolvedDate
                ? tr('resolvedOn', lang, { text: resolution, date: formatDay(c.resolvedDate, lang) })
                : resolution,
            });
          }),
        },
  );
  return {
    kind: 'record-copy',
    audience: 'patient',
    locale,
    title: tr('title', lang),
    meta: { subject: tr('title', lang), author: input.clinic.name, date: input.printedAt.slice(0, 10) },
    header: `${input.clinic.name} · ${tr('title', lang)} · ${p.chart}`,
    footer: tr('footer', lang),
    blocks,
    images: [],
  };
}

/** The record copy as PDF bytes (the report's renderer, font and Korean line breaking). */
export async function renderRecordCopy(
  input: RecordCopyInput,
  locale: Locale,
): Promise<{ def: DocDefinition; pdf: Buffer }> {
  const def = buildRecordCopy(input, locale);
  return { def, pdf: await renderPdf(def, new Map()) };
}
