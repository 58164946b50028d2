/**
 * buildConsultationReport: the patient's consultation report as a document definition (pure). The same input
 * gives the same blocks, with the same ids and kinds, in Korean and in English; only the text differs.
 */
import { REGIONS, THRESHOLDS, type View } from '@liftplan/domain';
import { formatDifference, formatMetric, joinList } from './format.js';
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
  VIEW_NAME,
  riskTextKo,
  t,
} from './i18n.js';
import { planOverlaySvg } from './overlay.js';
import type { Block, DocDefinition, ImageSource, Locale, ReportInput } from './types.js';

/** Views drawn in the report, in this order. */
const REPORT_VIEWS: readonly View[] = ['front', 'oblique-left', 'oblique-right'];
const PHOTO_WIDTH_PT = 160;
const OVERLAY_WIDTH_PT = 240;

export function visitBlocks(input: ReportInput, lang: Locale): Block[] {
  const rows: { key: string; value: string }[] = [{ key: t('clinic', lang), value: input.clinic.name }];
  if (input.clinic.address) rows.push({ key: t('address', lang), value: input.clinic.address });
  if (input.clinic.phone) rows.push({ key: t('phone', lang), value: input.clinic.phone });
  rows.push({
    key: t('doctor', lang),
    value: input.doctor.licence
      ? `${input.doctor.name} (${t('licence', lang)} ${input.doctor.licence})`
      : input.doctor.name,
  });
  rows.push({ key: t('patientId', lang), value: input.patient.id });
  rows.push({
    key: t('ageSex', lang),
    value: `${t('years', lang, { n: input.patient.age })} / ${SEX[input.patient.sex][lang]}`,
  });
  rows.push({ key: t('visitDate', lang), value: input.visitDate });
  rows.push({ key: t('caseId', lang), value: input.plan.caseId });
  if (input.planVersion) {
    rows.push({
      key: t('planVersion', lang),
      value: t('planSigned', lang, {
        v: input.planVersion.version,
        by: input.planVersion.signedBy,
        at: input.planVersion.signedAt,
      }),
    });
  }
  rows.push({ key: t('ruleSet', lang), value: input.plan.ruleSetVersion });
  return [{ kind: 'keyValue', id: 'visit', rows }];
}

function photoBlocks(input: ReportInput, lang: Locale, images: ImageSource[]): Block[] {
  const have = new Set((input.photos ?? []).map((p) => p.view));
  const shown = input.caseFile.photos.filter((p) => have.has(p.view));
  if (shown.length === 0) return [{ kind: 'paragraph', id: 'photos-none', text: t('noPhotoFiles', lang) }];
  for (const p of shown) {
    images.push({
      ref: `photo:${p.view}`,
      type: 'photo',
      view: p.view,
      width: p.image.width,
      height: p.image.height,
    });
  }
  const views = shown.map((p) => p.view);
  return [
    { kind: 'paragraph', id: 'photos-intro', text: t('photosIntro', lang) },
    {
      kind: 'images',
      id: 'photos',
      widthPt: PHOTO_WIDTH_PT,
      items: views.map((v) => ({ ref: `photo:${v}`, caption: VIEW_NAME[v][lang] })),
    },
  ];
}

function measurementBlocks(input: ReportInput, lang: Locale): Block[] {
  const m = input.plan.measurements;
  const blocks: Block[] = [
    { kind: 'heading', id: 'measurements-heading', level: 2, text: t('measurements', lang) },
  ];
  if (!m) return [...blocks, { kind: 'paragraph', id: 'measurements-none', text: t('noFrontPhoto', lang) }];
  const scale =
    m.calibration.method === 'iris-diameter'
      ? t('scaleIris', lang)
      : m.calibration.method === 'pupillary-distance'
        ? t('scalePd', lang)
        : t('scalePopulation', lang);
  blocks.push({
    kind: 'paragraph',
    id: 'measurements-intro',
    text: `${t('measurementsIntro', lang, {
      mm: THRESHOLDS.asymmetryPerceptibleMm.value,
      deg: THRESHOLDS.asymmetryPerceptibleDeg.value,
    })} ${scale}`,
  });
  const rows: string[][] = [];
  const highlight: number[] = [];
  for (const region of REGIONS) {
    for (const id of REGION_METRICS[region]) {
      const left = m.metrics.find((x) => x.id === id && x.side === 'left');
      const right = m.metrics.find((x) => x.id === id && x.side === 'right');
      const a = m.asymmetries.find((x) => x.id === id);
      const note =
        a?.perceptible && a.moreAffectedSide
          ? t('noticeable', lang, { side: SIDE_NAME[a.moreAffectedSide][lang] })
          : '';
      if (note) highlight.push(rows.length);
      rows.push([
        REGION_NAME[region][lang],
        METRIC_NAME[id][lang],
        formatMetric(left, lang),
        formatMetric(right, lang),
        formatDifference(a, lang),
        note,
      ]);
    }
  }
  blocks.push({
    kind: 'table',
    id: 'measurements-table',
    columns: [
      { header: t('colRegion', lang), width: 2 },
      { header: t('colMeasure', lang), width: 2.4 },
      { header: t('colLeft', lang), width: 1.5, align: 'right' },
      { header: t('colRight', lang), width: 1.5, align: 'right' },
      { header: t('colDifference', lang), width: 1.5, align: 'right' },
      { header: t('colNote', lang), width: 2.4 },
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

function candidacyBlocks(input: ReportInput, lang: Locale): Block[] {
  const c = input.plan.candidacy;
  return [
    { kind: 'heading', id: 'candidacy-heading', level: 1, text: t('candidacy', lang) },
    {
      kind: 'paragraph',
      id: 'candidacy-verdict',
      style: 'strong',
      text: `${t('verdict', lang)}: ${c.label[lang]}`,
    },
    c.reasons.length > 0
      ? { kind: 'list', id: 'candidacy-reasons', items: c.reasons.map((r) => r.text[lang]) }
      : { kind: 'paragraph', id: 'candidacy-reasons', text: t('noReasons', lang) },
  ];
}

function planBlocks(input: ReportInput, lang: Locale, images: ImageSource[]): Block[] {
  const plan = input.plan;
  const blocks: Block[] = [{ kind: 'heading', id: 'plan-heading', level: 1, text: t('plan', lang) }];
  if (plan.placements.length === 0) {
    return [...blocks, { kind: 'paragraph', id: 'plan-none', text: t('noPlacements', lang) }];
  }
  const have = new Set((input.photos ?? []).map((p) => p.view));
  const items: { ref: string; caption: string }[] = [];
  for (const view of REPORT_VIEWS) {
    const photo = input.caseFile.photos.find((p) => p.view === view);
    if (!photo) continue;
    const background = have.has(view) ? 'photo' : 'plain';
    if (background === 'plain' && view !== 'front') continue;
    const ref = `overlay:${view}`;
    images.push({
      ref,
      type: 'overlay',
      view,
      background,
      width: photo.image.width,
      height: photo.image.height,
      svg: planOverlaySvg(plan, photo, input.caseFile.patient.pupillaryDistanceMm, background),
    });
    items.push({
      ref,
      caption: t(background === 'photo' ? 'overlayCaptionPhoto' : 'overlayCaptionPlain', lang, {
        view: VIEW_NAME[view][lang],
      }),
    });
  }
  if (items.length > 0) {
    blocks.push({ kind: 'images', id: 'plan-overlays', widthPt: OVERLAY_WIDTH_PT, items });
  }
  const rows = plan.placements.map((p) => [
    REGION_NAME[p.region][lang],
    SIDE_NAME[p.side][lang],
    `${p.material} ${KIND_NAME[p.kind][lang]}`,
    p.gauge,
    `${p.lengthMm} mm`,
    String(p.count),
    FIXATION_NAME[p.fixation][lang],
    PLANE_NAME[p.plane][lang],
  ]);
  blocks.push({
    kind: 'table',
    id: 'plan-threads',
    columns: [
      { header: t('colRegion', lang), width: 2.2 },
      { header: t('colSide', lang), width: 1 },
      { header: t('colThread', lang), width: 2.8 },
      { header: t('colGauge', lang), width: 1.2, align: 'center' },
      { header: t('colLength', lang), width: 1.3, align: 'right' },
      { header: t('colCount', lang), width: 1.2, align: 'right' },
      { header: t('colFixation', lang), width: 2 },
      { header: t('colPlane', lang), width: 1.8 },
    ],
    rows,
  });
  const total = plan.placements.reduce((n, p) => n + p.count, 0);
  blocks.push({
    kind: 'paragraph',
    id: 'plan-total',
    text: `${t('totalThreads', lang, { n: total })}. ${t('planNote', lang)}`,
  });
  return blocks;
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

function riskBlocks(input: ReportInput, lang: Locale): Block[] {
  const risks = input.plan.risks;
  const text = (s: string): string => (lang === 'ko' ? riskTextKo(s) : s);
  const highlight = risks.flatMap((r, i) => (r.level === 'elevated' ? [i] : []));
  return [
    { kind: 'heading', id: 'risks-heading', level: 1, text: t('risks', lang) },
    { kind: 'paragraph', id: 'risks-intro', style: 'notice', text: t('risksIntro', lang) },
    {
      kind: 'table',
      id: 'risks-table',
      columns: [
        { header: t('colSideEffect', lang), width: 2.2 },
        { header: t('colRate', lang), width: 4.2 },
        { header: t('colWhy', lang), width: 2.6 },
        { header: t('colLevel', lang), width: 1.1 },
      ],
      rows: risks.map((r) => [
        RISK_NAME[r.id][lang],
        text(r.rate),
        text(r.reason),
        t(r.level === 'elevated' ? 'levelElevated' : 'levelStandard', lang),
      ]),
      highlight,
    },
    { kind: 'paragraph', id: 'risks-serious', text: t('risksSerious', lang) },
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

export function aftercareSummaryBlocks(input: ReportInput, lang: Locale, level: 1 | 2 = 1): Block[] {
  const a = input.aftercare;
  const blocks: Block[] = [{ kind: 'heading', id: 'aftercare-heading', level, text: t('aftercare', lang) }];
  if (!a.planned) {
    return [...blocks, { kind: 'paragraph', id: 'aftercare-none', text: t('noProcedure', lang) }];
  }
  const instructions = [...a.instructions].sort((x, y) => y.days - x.days);
  blocks.push(
    { kind: 'paragraph', id: 'aftercare-intro', text: t('aftercareIntro', lang, { date: a.procedureDate }) },
    {
      kind: 'table',
      id: 'aftercare-table',
      columns: [
        { header: t('colInstruction', lang), width: 6 },
        { header: t('colUntil', lang), width: 1.7 },
        { header: t('colDays', lang), width: 1, align: 'right' },
      ],
      rows: instructions.map((i) => [
        i.text[lang],
        i.lastDay,
        i.days === 1 ? t('day1', lang) : t('daysN', lang, { n: i.days }),
      ]),
    },
  );
  return blocks;
}

export function warningBlocks(input: ReportInput, lang: Locale): Block[] {
  const a = input.aftercare;
  if (!a.planned) return [];
  const phone = input.clinic.phone ? ` (${t('sheetCall', lang)}: ${input.clinic.phone})` : '';
  return [
    { kind: 'heading', id: 'warning-heading', level: 2, text: `${t('warningSigns', lang)}${phone}` },
    { kind: 'list', id: 'warning-signs', items: a.warningSigns.map((w) => w.text[lang]) },
  ];
}

export function followUpBlocks(input: ReportInput, lang: Locale): Block[] {
  const a = input.aftercare;
  if (!a.planned) return [];
  return [
    { kind: 'heading', id: 'follow-ups-heading', level: 2, text: t('followUps', lang) },
    {
      kind: 'table',
      id: 'follow-ups',
      columns: [
        { header: t('colWhen', lang), width: 1.6 },
        { header: t('colDate', lang), width: 2.4 },
        { header: t('colPurpose', lang), width: 4 },
      ],
      rows: a.followUps.map((f) => [
        f.label[lang],
        f.window ? t('dateWindow', lang, { from: f.window.from, to: f.window.to }) : f.date,
        f.purpose[lang],
      ]),
    },
  ];
}

export function noticeBlocks(lang: Locale): Block[] {
  return [
    { kind: 'heading', id: 'notice-heading', level: 2, text: t('notice', lang) },
    { kind: 'paragraph', id: 'legal-notice', style: 'notice', text: t('legalNotice', lang) },
  ];
}

export function footerText(input: ReportInput): string {
  return joinList([input.clinic.name, input.patient.id, input.plan.caseId]);
}

export function buildConsultationReport(input: ReportInput, locale: Locale): DocDefinition {
  const lang = locale;
  const images: ImageSource[] = [];
  const blocks: Block[] = [
    { kind: 'heading', id: 'title', level: 1, text: t('reportTitle', lang) },
    ...visitBlocks(input, lang),
    { kind: 'heading', id: 'findings-heading', level: 1, text: t('findings', lang) },
    ...photoBlocks(input, lang, images),
    ...measurementBlocks(input, lang),
    ...gradeBlocks(input, lang),
    ...candidacyBlocks(input, lang),
    ...planBlocks(input, lang, images),
    ...courseBlocks(input, lang),
    ...riskBlocks(input, lang),
    ...alternativeBlocks(lang),
    ...aftercareSummaryBlocks(input, lang),
    ...warningBlocks(input, lang),
    ...followUpBlocks(input, lang),
    ...noticeBlocks(lang),
    { kind: 'heading', id: 'signatures-heading', level: 2, text: t('signatures', lang) },
    {
      kind: 'signatures',
      id: 'signatures',
      lines: [
        { label: t('signDoctor', lang), name: input.doctor.name },
        { label: t('signPatient', lang) },
        { label: t('signDate', lang) },
      ],
    },
  ];
  return {
    kind: 'consultation-report',
    locale,
    title: t('reportTitle', lang),
    meta: {
      subject: `${input.plan.caseId} ${input.patient.id}`,
      author: input.clinic.name,
      date: input.visitDate,
    },
    header: `${t('reportTitle', lang)} · ${input.patient.id} · ${input.visitDate}`,
    footer: footerText(input),
    blocks,
    images,
  };
}
