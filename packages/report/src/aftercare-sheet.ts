/**
 * buildAftercareSheet: the 1–2 page aftercare sheet (pure). Instructions by day and week as a matrix (● where
 * an instruction applies), the common course of healing, the warning signs that need a call to the clinic,
 * the follow-up dates and the notice. Same structure in Korean and English.
 */
import { followUpBlocks, footerText, warningBlocks } from './consultation.js';
import { joinList } from './format.js';
import { REGION_NAME, SEX, t } from './i18n.js';
import type { Block, DocDefinition, Locale, ReportInput } from './types.js';

export const DOT = '●';

export function buildAftercareSheet(input: ReportInput, locale: Locale): DocDefinition {
  const lang = locale;
  const a = input.aftercare;
  const blocks: Block[] = [
    { kind: 'heading', id: 'title', level: 1, text: t('aftercareTitle', lang) },
    {
      kind: 'keyValue',
      id: 'visit',
      rows: [
        {
          key: t('clinic', lang),
          value: joinList([
            input.clinic.name,
            ...(input.clinic.phone ? [input.clinic.phone] : []),
            input.doctor.name,
          ]),
        },
        {
          key: t('patientId', lang),
          value: `${input.patient.id} (${t('years', lang, { n: input.patient.age })} / ${SEX[input.patient.sex][lang]})`,
        },
        { key: t('sheetProcedureDate', lang), value: a.procedureDate },
        {
          key: t('sheetTreated', lang),
          value: `${joinList(a.regions.map((r) => REGION_NAME[r][lang])) || '—'}; ${t(a.profile === 'anchored' ? 'sheetAnchored' : 'sheetFloating', lang)}`,
        },
      ],
    },
    { kind: 'paragraph', id: 'notice-top', style: 'notice', text: a.notice[lang] },
  ];
  if (!a.planned) {
    blocks.push({ kind: 'paragraph', id: 'aftercare-none', text: t('noProcedure', lang) });
  } else {
    blocks.push(
      { kind: 'heading', id: 'schedule-heading', level: 2, text: t('sheetSchedule', lang) },
      { kind: 'paragraph', id: 'schedule-intro', text: t('sheetScheduleIntro', lang) },
      {
        kind: 'table',
        id: 'schedule',
        columns: [
          // Instruction text gets what the six period columns leave (each period column fits "Weeks 3–4").
          { header: t('colInstruction', lang), width: 5.3 },
          ...a.phases.map((p) => ({
            header: `${p.label[lang]}\n${p.from.slice(5)}`,
            width: 0.85,
            align: 'center' as const,
          })),
          { header: t('colLastDay', lang), width: 0.95, align: 'center' },
        ],
        rows: a.instructions.map((i) => [
          i.text[lang],
          ...a.phases.map((p) => (p.instructionIds.includes(i.id) ? DOT : '')),
          i.lastDay.slice(5),
        ]),
      },
      { kind: 'heading', id: 'course-heading', level: 2, text: t('sheetCourse', lang) },
      { kind: 'paragraph', id: 'course', text: a.expectedCourse.map((c) => c.text[lang]).join(' ') },
      ...warningBlocks(input, lang),
      ...followUpBlocks(input, lang),
    );
  }
  return {
    kind: 'aftercare-sheet',
    locale,
    title: t('aftercareTitle', lang),
    meta: {
      subject: `${input.plan.caseId} ${input.patient.id}`,
      author: input.clinic.name,
      date: a.procedureDate,
    },
    header: `${t('aftercareTitle', lang)} · ${input.patient.id} · ${a.procedureDate}`,
    footer: footerText(input),
    blocks,
    images: [],
  };
}
