/**
 * buildConsultationReport: the consultation report as a document definition (pure), in a patient copy (plain
 * words: findings with their error band, the plan pictures, what to expect, risks as "about N in 100
 * people", alternatives, aftercare, the legal notice) or a clinician copy (adds the measurement tables, the
 * danger zones on the pictures, the plan-check findings and justifications, the rule trace and citations).
 * The same input gives the same blocks, with the same ids and kinds, in Korean and in English.
 */
import {
  CITATIONS,
  REGIONS,
  THRESHOLDS,
  faceCrop,
  type CitationKey,
  type DangerZone,
  type PixelRect,
  type PlanFinding,
  type View,
} from '@liftplan/domain';
import { DEFAULT_TIME_ZONE, checkTimeZone, formatDay, formatInstant } from './dates.js';
import { differenceBand, formatDifference, formatMetric, formatNumber, joinList } from './format.js';
import {
  ELASTICITY_NAME,
  FAT_NAME,
  FIXATION_NAME,
  GRADE_MEANING,
  KIND_NAME,
  MATERIAL_DURABILITY,
  METRIC_NAME,
  PLANE_NAME,
  REGION_METRICS,
  REGION_NAME,
  RISK_NAME,
  SEX,
  SIDE_NAME,
  SKIN_THICKNESS_NAME,
  TENSION_NAME,
  VIEW_NAME,
  riskTextKo,
  t,
  type PhraseId,
} from './i18n.js';
import { planPicture, viewShowsSide } from './overlay.js';
import { provisionalReasonText } from './provisional.js';
import { patientRate, patientReason } from './risk-plain.js';
import type { Audience, Block, DocDefinition, ImageSource, Locale, ReportInput } from './types.js';

/** Views drawn in the report, in this order. */
const REPORT_VIEWS: readonly View[] = ['front', 'oblique-left', 'oblique-right'];
/** Page widths (pt): three photos side by side; the front plan picture large, the obliques as a pair. */
const PHOTO_WIDTH_PT = 155;
const FRONT_PLAN_WIDTH_PT = 330;
const OBLIQUE_PLAN_WIDTH_PT = 240;
/** Embedded pixels per point of page width (≈ 216 dpi). */
const PX_PER_PT = 3;

export function timeZoneOf(input: ReportInput): string {
  return checkTimeZone(input.clinic.timeZone ?? DEFAULT_TIME_ZONE);
}

export function doctorText(input: ReportInput, lang: Locale): string {
  return input.doctor.licence
    ? t('doctorLine', lang, { name: input.doctor.name, licence: input.doctor.licence })
    : input.doctor.name;
}

export function visitBlocks(input: ReportInput, lang: Locale, audience: Audience): Block[] {
  const rows: { key: string; value: string }[] = [{ key: t('clinic', lang), value: input.clinic.name }];
  if (input.clinic.address) rows.push({ key: t('address', lang), value: input.clinic.address });
  if (input.clinic.phone) rows.push({ key: t('phone', lang), value: input.clinic.phone });
  rows.push({ key: t('doctor', lang), value: doctorText(input, lang) });
  rows.push({ key: t('patientId', lang), value: input.patient.id });
  rows.push({
    key: t('ageSex', lang),
    value: `${t('years', lang, { n: input.patient.age })} / ${SEX[input.patient.sex][lang]}`,
  });
  rows.push({ key: t('visitDate', lang), value: formatDay(input.visitDate, lang) });
  rows.push({ key: t('caseId', lang), value: input.plan.caseId });
  if (input.planVersion) {
    rows.push({
      key: t('planVersion', lang),
      value: t('planSigned', lang, {
        v: input.planVersion.version,
        by: input.planVersion.signedBy,
        at: formatInstant(input.planVersion.signedAt, lang, timeZoneOf(input)),
      }),
    });
  }
  if (audience === 'clinician') rows.push({ key: t('ruleSet', lang), value: input.plan.ruleSetVersion });
  return [{ kind: 'keyValue', id: 'visit', rows }];
}

function provisionalBlocks(input: ReportInput, lang: Locale, audience: Audience): Block[] {
  const p = input.plan.provisional;
  if (!p) return [];
  let text = `${t('provisionalTitle', lang)}: ${t('provisionalText', lang)}`;
  if (audience === 'clinician' && p.reasons.length > 0) {
    text += ` ${t('provisionalReasons', lang, { list: provisionalReasonText(p.reasons, lang) })}`;
  }
  return [{ kind: 'paragraph', id: 'provisional', style: 'warning', text }];
}

/** The face crop of each view: one rectangle for its photo and its plan picture (one decode). */
function viewCrops(input: ReportInput): Map<View, PixelRect> {
  const out = new Map<View, PixelRect>();
  for (const photo of input.caseFile.photos) {
    if (!REPORT_VIEWS.includes(photo.view)) continue;
    out.set(
      photo.view,
      input.plan.placements.length > 0
        ? planPicture(input.plan, photo, input.caseFile.patient.pupillaryDistanceMm, {
            background: 'plain',
            zones: false,
          }).crop
        : faceCrop(photo.landmarks, photo.image),
    );
  }
  return out;
}

function photoBlocks(
  input: ReportInput,
  lang: Locale,
  images: ImageSource[],
  crops: ReadonlyMap<View, PixelRect>,
): Block[] {
  const have = new Set((input.photos ?? []).map((p) => p.view));
  const shown = REPORT_VIEWS.flatMap((v) => {
    const p = input.caseFile.photos.find((x) => x.view === v);
    const crop = crops.get(v);
    return p && crop && have.has(v) ? [{ p, crop }] : [];
  });
  if (shown.length === 0) return [{ kind: 'paragraph', id: 'photos-none', text: t('noPhotoFiles', lang) }];
  for (const { p, crop } of shown) {
    images.push({
      ref: `photo:${p.view}`,
      type: 'photo',
      view: p.view,
      width: p.image.width,
      height: p.image.height,
      crop,
      pixelWidth: pixelWidthFor(p.view),
    });
  }
  return [
    { kind: 'paragraph', id: 'photos-intro', text: t('photosIntro', lang) },
    {
      kind: 'images',
      id: 'photos',
      widthPt: PHOTO_WIDTH_PT,
      items: shown.map(({ p }) => ({ ref: `photo:${p.view}`, caption: VIEW_NAME[p.view][lang] })),
    },
  ];
}

/** The plan picture's pixel width per view; the photo of the view shares it (one decode per view). */
const pixelWidthFor = (view: View): number =>
  Math.round((view === 'front' ? FRONT_PLAN_WIDTH_PT : OBLIQUE_PLAN_WIDTH_PT) * PX_PER_PT);

function scaleText(input: ReportInput, lang: Locale): string {
  const m = input.plan.measurements;
  if (!m) return '';
  return m.calibration.method === 'iris-diameter'
    ? t('scaleIris', lang)
    : m.calibration.method === 'pupillary-distance'
      ? t('scalePd', lang)
      : t('scalePopulation', lang);
}

/** Patient copy: one plain sentence per paired measure, with its error band. */
function plainFindingBlocks(input: ReportInput, lang: Locale): Block[] {
  const m = input.plan.measurements;
  const blocks: Block[] = [
    { kind: 'heading', id: 'measurements-heading', level: 2, text: t('measurements', lang) },
  ];
  if (!m) return [...blocks, { kind: 'paragraph', id: 'measurements-none', text: t('noFrontPhoto', lang) }];
  const items: string[] = [];
  for (const region of REGIONS) {
    for (const id of REGION_METRICS[region]) {
      const left = m.metrics.find((x) => x.id === id && x.side === 'left');
      const right = m.metrics.find((x) => x.id === id && x.side === 'right');
      const a = m.asymmetries.find((x) => x.id === id);
      const measure = METRIC_NAME[id][lang];
      if (!a) {
        if (left || right) items.push(t('findingNotMeasurable', lang, { measure }));
        continue;
      }
      const bandValue = differenceBand(left, right);
      const band =
        bandValue === null
          ? t('errorBandMissing', lang)
          : t('errorBand', lang, { v: formatNumber(bandValue, a.unit) });
      const size =
        formatNumber(Math.abs(a.difference), a.unit) + (a.estimate ? ` (${t('estimate', lang)})` : '');
      const within = bandValue !== null && Math.abs(a.difference) <= bandValue;
      const head =
        a.perceptible && a.moreAffectedSide && !within
          ? t('findingDiff', lang, { measure, side: SIDE_NAME[a.moreAffectedSide][lang], v: size, band })
          : t('findingDiffNumbers', lang, { measure, v: size, band });
      const tail: PhraseId = within
        ? 'findingWithinError'
        : a.perceptible
          ? 'findingNoticeable'
          : 'findingNotNoticeable';
      items.push(`${head} ${t(tail, lang)}`);
    }
  }
  return [
    ...blocks,
    {
      kind: 'paragraph',
      id: 'measurements-intro',
      text: `${t('findingsPlainIntro', lang)} ${scaleText(input, lang)}`,
    },
    items.length > 0
      ? { kind: 'list', id: 'findings-plain', items }
      : { kind: 'paragraph', id: 'findings-plain', text: t('findingsNone', lang) },
    { kind: 'paragraph', id: 'band-note', style: 'caption', text: t('bandNote', lang) },
  ];
}

/** Clinician copy: the measurement tables, every value with its band. */
function measurementBlocks(input: ReportInput, lang: Locale): Block[] {
  const m = input.plan.measurements;
  const blocks: Block[] = [
    { kind: 'heading', id: 'measurements-heading', level: 2, text: t('measurements', lang) },
  ];
  if (!m) return [...blocks, { kind: 'paragraph', id: 'measurements-none', text: t('noFrontPhoto', lang) }];
  blocks.push({
    kind: 'paragraph',
    id: 'measurements-intro',
    text: `${t('measurementsIntro', lang, {
      mm: THRESHOLDS.asymmetryPerceptibleMm.value,
      deg: THRESHOLDS.asymmetryPerceptibleDeg.value,
    })} ${scaleText(input, lang)}`,
  });
  const rows: string[][] = [];
  const highlight: number[] = [];
  for (const region of REGIONS) {
    for (const id of REGION_METRICS[region]) {
      const left = m.metrics.find((x) => x.id === id && x.side === 'left');
      const right = m.metrics.find((x) => x.id === id && x.side === 'right');
      const a = m.asymmetries.find((x) => x.id === id);
      const bandValue = differenceBand(left, right);
      const within = a !== undefined && bandValue !== null && Math.abs(a.difference) <= bandValue;
      const note = within
        ? t('findingWithinError', lang)
        : a?.perceptible && a.moreAffectedSide
          ? t('noticeable', lang, { side: SIDE_NAME[a.moreAffectedSide][lang] })
          : '';
      if (a?.perceptible && !within) highlight.push(rows.length);
      rows.push([
        REGION_NAME[region][lang],
        METRIC_NAME[id][lang],
        formatMetric(left, lang),
        formatMetric(right, lang),
        formatDifference(a, lang, bandValue),
        note,
      ]);
    }
  }
  blocks.push({
    kind: 'table',
    id: 'measurements-table',
    columns: [
      { header: t('colRegion', lang), width: 1.7 },
      { header: t('colMeasure', lang), width: 2.2 },
      { header: t('colLeft', lang), width: 1.9, align: 'right' },
      { header: t('colRight', lang), width: 1.9, align: 'right' },
      { header: t('colDifference', lang), width: 1.9, align: 'right' },
      { header: t('colNote', lang), width: 2.2 },
    ],
    rows,
    highlight,
  });
  const whole = m.metrics.filter((x) => x.side === 'bilateral');
  if (whole.length > 0) {
    blocks.push({
      kind: 'table',
      id: 'proportions-table',
      columns: [
        { header: t('wholeFace', lang), width: 3 },
        { header: t('colValue', lang), width: 2, align: 'right' },
      ],
      rows: whole.map((x) => [METRIC_NAME[x.id][lang], formatMetric(x, lang)]),
    });
  }
  const missing = m.metrics.some((x) => x.status === 'measured' && x.band === null);
  blocks.push({
    kind: 'paragraph',
    id: 'band-note',
    style: 'caption',
    text: missing ? `${t('bandNote', lang)} ${t('bandMissingNote', lang)}` : t('bandNote', lang),
  });
  return blocks;
}

function gradeBlocks(input: ReportInput, lang: Locale): Block[] {
  const a = input.caseFile.assessment;
  return [
    { kind: 'heading', id: 'grades-heading', level: 2, text: t('grades', lang) },
    { kind: 'paragraph', id: 'grades-intro', text: t('gradesIntro', lang) },
    {
      kind: 'table',
      id: 'grades-table',
      columns: [
        { header: t('colRegion', lang), width: 3 },
        { header: t('colGrade', lang), width: 1.5, align: 'center' },
        { header: t('colMeaning', lang), width: 2 },
      ],
      rows: REGIONS.map((r) => [
        REGION_NAME[r][lang],
        String(a.grades[r]),
        GRADE_MEANING[a.grades[r]]?.[lang] ?? '',
      ]),
    },
    {
      kind: 'keyValue',
      id: 'skin',
      rows: [
        { key: t('skinThickness', lang), value: SKIN_THICKNESS_NAME[a.skinThickness][lang] },
        { key: t('elasticity', lang), value: ELASTICITY_NAME[a.elasticity][lang] },
        { key: t('fat', lang), value: FAT_NAME[a.fat][lang] },
        { key: t('glogau', lang), value: a.glogau },
        { key: t('fitzpatrick', lang), value: a.fitzpatrick },
      ],
    },
  ];
}

/** Drops parenthesised study references ("(Niu 2021)") from a text for the patient copy. */
export const withoutCitations = (text: string): string =>
  text.replace(/\s*\([^()]*\b(19|20)\d{2}\b[^()]*\)/g, '');

function candidacyBlocks(input: ReportInput, lang: Locale, audience: Audience): Block[] {
  const c = input.plan.candidacy;
  const reason = (s: string): string => (audience === 'patient' ? withoutCitations(s) : s);
  return [
    { kind: 'heading', id: 'candidacy-heading', level: 1, text: t('candidacy', lang) },
    {
      kind: 'paragraph',
      id: 'candidacy-verdict',
      style: 'strong',
      text: `${t('verdict', lang)}: ${c.label[lang]}`,
    },
    c.reasons.length > 0
      ? { kind: 'list', id: 'candidacy-reasons', items: c.reasons.map((r) => reason(r.text[lang])) }
      : { kind: 'paragraph', id: 'candidacy-reasons', text: t('noReasons', lang) },
  ];
}

const SEVERITY_PHRASE: Record<DangerZone['severity'], PhraseId> = {
  critical: 'severityCritical',
  high: 'severityHigh',
  moderate: 'severityModerate',
};

function planBlocks(
  input: ReportInput,
  lang: Locale,
  audience: Audience,
  images: ImageSource[],
): { blocks: Block[]; zones: DangerZone[] } {
  const plan = input.plan;
  const blocks: Block[] = [{ kind: 'heading', id: 'plan-heading', level: 1, text: t('plan', lang) }];
  if (plan.placements.length === 0) {
    return {
      blocks: [...blocks, { kind: 'paragraph', id: 'plan-none', text: t('noPlacements', lang) }],
      zones: [],
    };
  }
  const have = new Set((input.photos ?? []).map((p) => p.view));
  const front: { ref: string; caption: string }[] = [];
  const obliques: { ref: string; caption: string }[] = [];
  const zones: DangerZone[] = [];
  for (const view of REPORT_VIEWS) {
    const photo = input.caseFile.photos.find((p) => p.view === view);
    if (!photo) continue;
    const background = have.has(view) ? 'photo' : 'plain';
    if (background === 'plain' && view !== 'front') continue;
    if (!plan.placements.some((p) => viewShowsSide(view, p.side))) continue;
    const picture = planPicture(plan, photo, input.caseFile.patient.pupillaryDistanceMm, {
      background,
      zones: audience === 'clinician',
    });
    if (view === 'front') zones.push(...picture.zones);
    const ref = `overlay:${view}`;
    images.push({
      ref,
      type: 'overlay',
      view,
      background,
      width: photo.image.width,
      height: photo.image.height,
      crop: picture.crop,
      pixelWidth: pixelWidthFor(view),
      svg: picture.svg,
    });
    (view === 'front' ? front : obliques).push({
      ref,
      caption: t(background === 'photo' ? 'overlayCaptionNumbered' : 'overlayCaptionPlain', lang, {
        view: VIEW_NAME[view][lang],
      }),
    });
  }
  if (front.length + obliques.length > 0) {
    blocks.push({
      kind: 'paragraph',
      id: 'plan-pictures-intro',
      text:
        audience === 'clinician'
          ? `${t('planPicturesIntro', lang)} ${t('planPicturesZones', lang)}`
          : t('planPicturesIntro', lang),
    });
  }
  if (front.length > 0) {
    blocks.push({ kind: 'images', id: 'plan-front', widthPt: FRONT_PLAN_WIDTH_PT, items: front });
  }
  if (obliques.length > 0) {
    blocks.push({ kind: 'images', id: 'plan-obliques', widthPt: OBLIQUE_PLAN_WIDTH_PT, items: obliques });
  }
  const clinician = audience === 'clinician';
  const rows = plan.placements.map((p, i) => [
    String(i + 1),
    REGION_NAME[p.region][lang],
    SIDE_NAME[p.side][lang],
    `${p.material} ${KIND_NAME[p.kind][lang]}`,
    ...(clinician ? [p.gauge] : []),
    `${p.lengthMm} mm`,
    String(p.count),
    FIXATION_NAME[p.fixation][lang],
    ...(clinician ? [PLANE_NAME[p.plane][lang], TENSION_NAME[p.tension][lang]] : []),
  ]);
  blocks.push({
    kind: 'table',
    id: 'plan-threads',
    columns: [
      { header: t('colNo', lang), width: 0.75, align: 'center' },
      { header: t('colRegion', lang), width: 1.9 },
      { header: t('colSide', lang), width: 0.95 },
      { header: t('colThread', lang), width: 2.4 },
      ...(clinician ? [{ header: t('colGauge', lang), width: 1.1, align: 'center' as const }] : []),
      { header: t('colLength', lang), width: 1.25, align: 'right' },
      { header: t('colCount', lang), width: 1.15, align: 'right' },
      { header: t('colFixation', lang), width: 1.7 },
      ...(clinician
        ? [
            { header: t('colPlane', lang), width: 1.5 },
            { header: t('colTension', lang), width: 1.35 },
          ]
        : []),
    ],
    rows,
  });
  const total = plan.placements.reduce((n, p) => n + p.count, 0);
  blocks.push({
    kind: 'paragraph',
    id: 'plan-total',
    text: `${t('totalThreads', lang, { n: total })}. ${t('planNote', lang)}`,
  });
  return { blocks, zones };
}

/** Clinician copy: the zones drawn, the plan-check findings with justifications. */
function planCheckBlocks(input: ReportInput, lang: Locale, zones: readonly DangerZone[]): Block[] {
  const plan = input.plan;
  const numbers = new Map(plan.placements.map((p, i) => [p.id, i + 1] as const));
  const zoneName = new Map(zones.map((z) => [z.id, z.name[lang]] as const));
  const blocks: Block[] = [];
  if (zones.length > 0) {
    blocks.push(
      { kind: 'heading', id: 'zones-heading', level: 2, text: t('zonesHeading', lang) },
      {
        kind: 'table',
        id: 'zones-table',
        columns: [
          { header: t('colZone', lang), width: 4 },
          { header: t('colSide', lang), width: 1 },
          { header: t('colSeverity', lang), width: 1.5 },
        ],
        rows: zones.map((z) => [
          z.estimated ? `${z.name[lang]} (${t('zoneEstimated', lang)})` : z.name[lang],
          SIDE_NAME[z.side][lang],
          t(SEVERITY_PHRASE[z.severity], lang),
        ]),
      },
    );
  }
  const findings = plan.findings.filter(
    (f) => f.code === 'entry-in-danger-zone' || f.code === 'path-crosses-danger-zone',
  );
  blocks.push({
    kind: 'heading',
    id: 'plan-findings-heading',
    level: 2,
    text: t('planFindingsHeading', lang),
  });
  if (findings.length === 0) {
    blocks.push({ kind: 'paragraph', id: 'plan-findings', text: t('planFindingsNone', lang) });
    return blocks;
  }
  blocks.push({
    kind: 'table',
    id: 'plan-findings',
    columns: [
      { header: t('colNo', lang), width: 0.7, align: 'center' },
      { header: t('colLevelShort', lang), width: 1.1 },
      { header: t('colFinding', lang), width: 3.4 },
      { header: t('colJustification', lang), width: 3.8 },
    ],
    rows: findings.map((f) => {
      const no = f.placementId ? String(numbers.get(f.placementId) ?? '—') : '—';
      const zone = (f.zoneId && zoneName.get(f.zoneId)) ?? '—';
      return [
        no,
        t(
          f.level === 'error'
            ? 'findingLevelError'
            : f.level === 'warning'
              ? 'findingLevelWarning'
              : 'findingLevelInfo',
          lang,
        ),
        t(f.code === 'entry-in-danger-zone' ? 'findingEntryInZone' : 'findingPathCrossesZone', lang, {
          zone,
        }),
        justificationText(f.justification, lang),
      ];
    }),
  });
  return blocks;
}

/** A rule's justification names the rule (its reason is the planner's English); a clinician's is quoted. */
function justificationText(j: PlanFinding['justification'], lang: Locale): string {
  if (!j) return '';
  if (j.by === 'rule' && 'ruleId' in j) return t('justifiedByRule', lang, { rule: j.ruleId });
  return `${j.reason} (${j.by})`;
}

function courseBlocks(input: ReportInput, lang: Locale): Block[] {
  const materials = [...new Set(input.plan.placements.map((p) => p.material))];
  const blocks: Block[] = [
    { kind: 'heading', id: 'course-heading', level: 1, text: t('course', lang) },
    {
      kind: 'list',
      id: 'course',
      items: input.aftercare.expectedCourse.map((c) => c.text[lang]),
    },
    { kind: 'heading', id: 'durability-heading', level: 2, text: t('durability', lang) },
    { kind: 'paragraph', id: 'durability-intro', text: t('durabilityIntro', lang) },
  ];
  if (materials.length > 0) {
    blocks.push({
      kind: 'table',
      id: 'durability-table',
      columns: [
        { header: t('colMaterial', lang), width: 1.3 },
        { header: t('colAbsorption', lang), width: 2.5 },
        { header: t('colReported', lang), width: 4.5 },
      ],
      rows: materials.map((m) => [
        m,
        MATERIAL_DURABILITY[m].absorption[lang],
        MATERIAL_DURABILITY[m].reported[lang],
      ]),
    });
  }
  return blocks;
}

function riskBlocks(input: ReportInput, lang: Locale, audience: Audience): Block[] {
  const risks = input.plan.risks;
  const text = (s: string): string => (lang === 'ko' ? riskTextKo(s) : s);
  const highlight = risks.flatMap((r, i) => (r.level === 'elevated' ? [i] : []));
  const level = (l: 'elevated' | 'standard'): string =>
    t(l === 'elevated' ? 'levelElevated' : 'levelStandard', lang);
  const table: Block =
    audience === 'patient'
      ? {
          kind: 'table',
          id: 'risks-table',
          columns: [
            { header: t('colSideEffect', lang), width: 2.2 },
            { header: t('colHowOften', lang), width: 4.4 },
            { header: t('colWhyYou', lang), width: 2.6 },
            { header: t('colLevel', lang), width: 1.1 },
          ],
          rows: risks.map((r) => [
            RISK_NAME[r.id][lang],
            patientRate(r, lang),
            patientReason(r, lang),
            level(r.level),
          ]),
          highlight,
        }
      : {
          kind: 'table',
          id: 'risks-table',
          columns: [
            { header: t('colSideEffect', lang), width: 2 },
            { header: t('colRate', lang), width: 4 },
            { header: t('colWhy', lang), width: 2.4 },
            { header: t('colLevel', lang), width: 1 },
            { header: t('colCites', lang), width: 1.9 },
          ],
          rows: risks.map((r) => [
            RISK_NAME[r.id][lang],
            text(r.rate),
            text(r.reason),
            level(r.level),
            r.cite.join(', '),
          ]),
          highlight,
        };
  return [
    { kind: 'heading', id: 'risks-heading', level: 1, text: t('risks', lang) },
    { kind: 'paragraph', id: 'risks-intro', style: 'notice', text: t('risksIntro', lang) },
    table,
    {
      kind: 'paragraph',
      id: 'risks-serious',
      text:
        audience === 'patient'
          ? `${t('risksSerious', lang)} ${t('riskRatesSource', lang)}`
          : t('risksSerious', lang),
    },
  ];
}

function alternativeBlocks(lang: Locale): Block[] {
  return [
    { kind: 'heading', id: 'alternatives-heading', level: 1, text: t('alternatives', lang) },
    { kind: 'paragraph', id: 'alternatives-intro', text: t('alternativesIntro', lang) },
    {
      kind: 'list',
      id: 'alternatives',
      items: [t('altSurgery', lang), t('altFillers', lang), t('altDevices', lang), t('altNone', lang)],
    },
  ];
}

/** "day 7 after the procedure" before the procedure is recorded; the date once it is. */
export function untilText(input: ReportInput, lang: Locale, days: number, lastDay: string): string {
  return input.procedureDate ? formatDay(lastDay, lang) : t('untilDayN', lang, { n: days });
}

export function aftercareSummaryBlocks(input: ReportInput, lang: Locale, level: 1 | 2 = 1): Block[] {
  const a = input.aftercare;
  const blocks: Block[] = [{ kind: 'heading', id: 'aftercare-heading', level, text: t('aftercare', lang) }];
  if (!a.planned) {
    return [...blocks, { kind: 'paragraph', id: 'aftercare-none', text: t('noProcedure', lang) }];
  }
  const instructions = [...a.instructions].sort((x, y) => y.days - x.days);
  blocks.push(
    {
      kind: 'paragraph',
      id: 'aftercare-intro',
      text: input.procedureDate
        ? t('aftercareIntro', lang, { date: formatDay(input.procedureDate, lang) })
        : t('aftercareIntroNoDate', lang),
    },
    {
      kind: 'table',
      id: 'aftercare-table',
      columns: [
        { header: t('colInstruction', lang), width: 5.6 },
        { header: t('colUntil', lang), width: 2.1 },
        { header: t('colDays', lang), width: 1, align: 'right' },
      ],
      rows: instructions.map((i) => [
        i.text[lang],
        untilText(input, lang, i.days, i.lastDay),
        i.days === 1 ? t('day1', lang) : t('daysN', lang, { n: i.days }),
      ]),
    },
  );
  return blocks;
}

export function callClinicText(input: ReportInput, lang: Locale): string {
  return input.clinic.phone
    ? t('callClinic', lang, { clinic: input.clinic.name, phone: input.clinic.phone })
    : t('callClinicNoPhone', lang, { clinic: input.clinic.name });
}

export function warningBlocks(input: ReportInput, lang: Locale, withCall = true): Block[] {
  const a = input.aftercare;
  if (!a.planned) return [];
  const phone = input.clinic.phone ? ` (${t('sheetCall', lang)}: ${input.clinic.phone})` : '';
  return [
    { kind: 'heading', id: 'warning-heading', level: 2, text: `${t('warningSigns', lang)}${phone}` },
    { kind: 'list', id: 'warning-signs', items: a.warningSigns.map((w) => w.text[lang]) },
    ...(withCall
      ? [
          {
            kind: 'paragraph' as const,
            id: 'call-clinic',
            style: 'strong' as const,
            text: callClinicText(input, lang),
          },
        ]
      : []),
  ];
}

export function followUpBlocks(input: ReportInput, lang: Locale): Block[] {
  const a = input.aftercare;
  if (!a.planned) return [];
  const when = (f: (typeof a.followUps)[number]): string => {
    if (!input.procedureDate) return t('followUpAfterProcedure', lang);
    return f.window
      ? t('dateWindow', lang, { from: formatDay(f.window.from, lang), to: formatDay(f.window.to, lang) })
      : formatDay(f.date, lang);
  };
  return [
    { kind: 'heading', id: 'follow-ups-heading', level: 2, text: t('followUps', lang) },
    {
      kind: 'table',
      id: 'follow-ups',
      columns: [
        { header: t('colWhen', lang), width: 1.6 },
        { header: t('colDate', lang), width: 3 },
        { header: t('colPurpose', lang), width: 3.6 },
      ],
      rows: a.followUps.map((f) => [f.label[lang], when(f), f.purpose[lang]]),
    },
  ];
}

/** Clinician copy: the rules that fired and the citations behind every number shown. */
function traceBlocks(input: ReportInput, lang: Locale): Block[] {
  const fired = (input.plan.trace ?? []).filter((e) => e.fired);
  const keys = new Set<CitationKey>();
  for (const e of fired) for (const c of e.cite) keys.add(c);
  for (const r of input.plan.risks) for (const c of r.cite) keys.add(c);
  for (const f of input.plan.findings) for (const c of f.cite) keys.add(c);
  const blocks: Block[] = [{ kind: 'heading', id: 'trace-heading', level: 1, text: t('traceHeading', lang) }];
  blocks.push({
    kind: 'table',
    id: 'trace',
    // The planner writes its reasons in English: the Korean copy shows the rule and its evidence only.
    columns:
      lang === 'en'
        ? [
            { header: t('colRule', lang), width: 2.4 },
            { header: t('colBecause', lang), width: 4.6 },
            { header: t('colCites', lang), width: 2.4 },
          ]
        : [
            { header: t('colRule', lang), width: 4 },
            { header: t('colCites', lang), width: 4 },
          ],
    rows: fired.map((e) =>
      lang === 'en' ? [e.ruleId, e.because, e.cite.join(', ')] : [e.ruleId, e.cite.join(', ')],
    ),
  });
  blocks.push(
    { kind: 'heading', id: 'citations-heading', level: 2, text: t('citationsHeading', lang) },
    {
      kind: 'table',
      id: 'citations',
      columns: [
        { header: t('colCites', lang), width: 2.4 },
        { header: t('colSource', lang), width: 5.6 },
      ],
      rows: [...keys].sort().map((k) => [k, `${CITATIONS[k].section} · ${CITATIONS[k].source}`]),
    },
  );
  return blocks;
}

export function noticeBlocks(lang: Locale): Block[] {
  return [
    { kind: 'heading', id: 'notice-heading', level: 2, text: t('notice', lang) },
    { kind: 'paragraph', id: 'legal-notice', style: 'notice', text: t('legalNotice', lang) },
  ];
}

export function footerText(input: ReportInput, lang: Locale): string {
  return joinList([
    input.clinic.name,
    ...(input.clinic.phone ? [`${t('phone', lang)} ${input.clinic.phone}`] : []),
    input.patient.id,
    input.plan.caseId,
  ]);
}

export function buildConsultationReport(
  input: ReportInput,
  locale: Locale,
  audience: Audience = 'patient',
): DocDefinition {
  const lang = locale;
  const images: ImageSource[] = [];
  const clinician = audience === 'clinician';
  const title = t(clinician ? 'reportTitleClinician' : 'reportTitlePatient', lang);
  const crops = viewCrops(input);
  // Photos before plan pictures in the image list: the order they appear.
  const photos = photoBlocks(input, lang, images, crops);
  const plan = planBlocks(input, lang, audience, images);
  const blocks: Block[] = [
    { kind: 'heading', id: 'title', level: 1, text: title },
    ...provisionalBlocks(input, lang, audience),
    ...visitBlocks(input, lang, audience),
    { kind: 'heading', id: 'findings-heading', level: 1, text: t('findings', lang) },
    ...photos,
    ...(clinician ? measurementBlocks(input, lang) : plainFindingBlocks(input, lang)),
    ...gradeBlocks(input, lang),
    ...candidacyBlocks(input, lang, audience),
    ...plan.blocks,
    ...(clinician ? planCheckBlocks(input, lang, plan.zones) : []),
    ...courseBlocks(input, lang),
    ...riskBlocks(input, lang, audience),
    ...alternativeBlocks(lang),
    ...aftercareSummaryBlocks(input, lang),
    ...warningBlocks(input, lang),
    ...followUpBlocks(input, lang),
    ...(clinician ? traceBlocks(input, lang) : []),
    ...noticeBlocks(lang),
    { kind: 'heading', id: 'signatures-heading', level: 2, text: t('signatures', lang) },
    {
      kind: 'signatures',
      id: 'signatures',
      lines: [
        { label: t('signDoctor', lang), name: doctorText(input, lang) },
        { label: t('signPatient', lang) },
        { label: t('signDate', lang) },
      ],
    },
  ];
  return {
    kind: 'consultation-report',
    audience,
    locale,
    title,
    meta: {
      subject: `${input.plan.caseId} ${input.patient.id}`,
      author: input.clinic.name,
      date: input.visitDate,
    },
    header: `${title} · ${input.patient.id} · ${formatDay(input.visitDate, lang)}`,
    footer: footerText(input, lang),
    blocks,
    images,
  };
}
