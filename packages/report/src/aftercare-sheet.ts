/**
 * buildAftercareSheet: the 1–2 page aftercare sheet (pure). Instructions by day and week as a matrix (● where
 * an instruction applies), the common course of healing, the warning signs that need a call to the clinic
 * (with its number), the follow-up dates and the notice. Dates count from the recorded procedure day; before
 * a procedure is recorded the sheet gives days after it instead. Same structure in Korean and English.
 */
import { doctorText, followUpBlocks, footerText, untilText, warningBlocks } from './consultation.js';
import { formatDay, formatShortDay } from './dates.js';
import { joinList } from './format.js';
import { REGION_NAME, SEX, t } from './i18n.js';
import type { Block, DocDefinition, Locale, ReportInput } from './types.js';

export const DOT = '●';

/** Whole days from one calendar day to another (both YYYY-MM-DD). */
const dayNumber = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function buildAftercareSheet(input: ReportInput, locale: Locale): DocDefinition {
  const lang = locale;
  const a = input.aftercare;
  const known = input.procedureDate !== undefined;
  const procedureDay = input.procedureDate ? formatDay(input.procedureDate, lang) : '—';
  const clinicRows = [
    {
      key: t('clinic', lang),
      value: joinList([
        input.clinic.name,
        ...(input.clinic.phone ? [`${t('phone', lang)} ${input.clinic.phone}`] : []),
        ...(input.clinic.address ? [input.clinic.address] : []),
      ]),
    },
    { key: t('doctor', lang), value: doctorText(input, lang) },
  ];
  const blocks: Block[] = [
    { kind: 'heading', id: 'title', level: 1, text: t('aftercareTitle', lang) },
    {
      kind: 'keyValue',
      id: 'visit',
      rows: [
        ...clinicRows,
        {
          key: t('patientId', lang),
          value: `${input.patient.id} (${t('years', lang, { n: input.patient.age })} / ${SEX[input.patient.sex][lang]})`,
        },
        { key: t('sheetProcedureDate', lang), value: procedureDay },
        {
          key: t('sheetTreated', lang),
          value: `${joinList(a.regions.map((r) => REGION_NAME[r][lang])) || '—'}; ${t(a.profile === 'anchored' ? 'sheetAnchored' : 'sheetFloating', lang)}`,
        },
      ],
    },
    {
      kind: 'paragraph',
      id: 'notice-top',
      style: 'notice',
      text: a.notice[lang],
    },
  ];
  if (!a.planned) {
    blocks.push({ kind: 'paragraph', id: 'aftercare-none', text: t('noProcedure', lang) });
  } else {
    const from = (d: string): string =>
      known ? formatShortDay(d, lang) : t('dayN', lang, { n: dayNumber(a.procedureDate, d) + 1 });
    blocks.push(
      { kind: 'heading', id: 'schedule-heading', level: 2, text: t('sheetSchedule', lang) },
      {
        kind: 'paragraph',
        id: 'schedule-intro',
        text: known
          ? t('sheetScheduleIntro', lang)
          : `${t('sheetScheduleIntro', lang)} ${t('aftercareIntroNoDate', lang)}`,
      },
      {
        kind: 'table',
        id: 'schedule',
        columns: [
          // Instruction text gets what the six period columns leave (each period column fits "Weeks 3–4").
          { header: t('colInstruction', lang), width: 5.6 },
          ...a.phases.map((p) => ({
            header: `${p.label[lang]}\n${from(p.from)}`,
            width: 0.85,
            align: 'center' as const,
          })),
          { header: t('colLastDay', lang), width: 1.1, align: 'center' },
        ],
        rows: a.instructions.map((i) => [
          i.text[lang],
          ...a.phases.map((p) => (p.instructionIds.includes(i.id) ? DOT : '')),
          known ? formatShortDay(i.lastDay, lang) : untilText(input, lang, i.days, i.lastDay),
        ]),
      },
      { kind: 'heading', id: 'course-heading', level: 2, text: t('sheetCourse', lang) },
      { kind: 'paragraph', id: 'course', text: a.expectedCourse.map((c) => c.text[lang]).join(' ') },
      // The heading of the warning signs carries the clinic's number.
      ...warningBlocks(input, lang, false),
      ...followUpBlocks(input, lang),
    );
  }
  return {
    kind: 'aftercare-sheet',
    audience: 'patient',
    locale,
    title: t('aftercareTitle', lang),
    meta: {
      subject: `${input.plan.caseId} ${input.patient.id}`,
      author: input.clinic.name,
      date: input.procedureDate ?? input.visitDate,
    },
    header: `${t('aftercareTitle', lang)} · ${input.patient.id} · ${procedureDay}`,
    footer: footerText(input, lang),
    blocks,
    images: [],
  };
}
