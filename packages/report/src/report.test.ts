import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { CaseFileSchema, RISK_TEMPLATES, type MetricResult } from '@liftplan/domain';
import { lintFragment, lintText } from '../../domain/src/wording/lint.js';
import { anchoredCase, CLINIC, FACE_FILL, reportInput, THREE_VIEWS } from '../bench/fixture.js';
import { buildAftercareSheet } from './aftercare-sheet.js';
import { prepareImages } from './assets.js';
import { buildConsultationReport } from './consultation.js';
import { RISK_TEXT_KO, T, riskTextKo } from './i18n.js';
import { imageSize } from './image-size.js';
import { brokenKoreanWords } from './line-break.js';
import { renderPdfWithLayout, type ImagePlacement } from './pdf.js';
import { reportFileName } from './file-name.js';
import { PATIENT_RATE, PATIENT_REASON } from './risk-plain.js';
import { documentStructure, documentText } from './text.js';
import type { Audience, Block, DocDefinition, Locale, ReportInput } from './types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const artifacts = path.join(root, 'test-artifacts', 'report');
const LOCALES: readonly Locale[] = ['en', 'ko'];
const AUDIENCES: readonly Audience[] = ['patient', 'clinician'];

/** Citation shorthand a patient should never read: author-year, "MA"/"SR", "144 pts", "n = 3", citation keys. */
const CITATION_SHORTHAND =
  /\b(Niu|Zhou|Zhuang|Yeo|Wang|Kang|Hong|Bertossi)\b|\b(MA|SR|pts)\b|\bn = \d|\d{4} 메타분석|pooled-|-rates/;

/** The same input with an error band on every measured value (SEM in the metric's unit). */
function withBands(inp: ReportInput, sem: (m: MetricResult) => number): ReportInput {
  const m = inp.plan.measurements;
  if (!m) throw new Error('no measurements');
  return {
    ...inp,
    plan: {
      ...inp.plan,
      measurements: {
        ...m,
        metrics: m.metrics.map((x) =>
          x.status === 'measured'
            ? { ...x, band: { sem: sem(x), mdc: 2.77 * sem(x), shots: 5, source: 'test' } }
            : x,
        ),
      },
    },
  };
}

/** 해요체 sentence endings (세요, 어요, 해요, 네요, …) before punctuation or the end. */
const HAEYO = /(세|어|아|해|에|예|지|네|군|까|래|게|데|나|워|와|줘|봐|돼)요([.!?)]|\s|$)/;

const blockById = (def: DocDefinition, id: string): Block | undefined => def.blocks.find((b) => b.id === id);

/** pdftotext output with all whitespace runs collapsed, so wrapped table cells still match. */
function pdfText(pdf: Buffer, name: string): string {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}
const flat = (s: string): string => s.replace(/\s+/g, ' ');

function pages(name: string): number {
  const info = execFileSync('pdfinfo', [path.join(artifacts, `${name}.pdf`)], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

function toPngs(name: string): string[] {
  for (const f of readdirSync(artifacts)) {
    if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(path.join(artifacts, f));
  }
  execFileSync('pdftoppm', [
    '-r',
    '50',
    '-png',
    path.join(artifacts, `${name}.pdf`),
    path.join(artifacts, name),
  ]);
  return readdirSync(artifacts).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
}

/** The definition with overlay SVGs shortened, for readable snapshots. */
const forSnapshot = (def: DocDefinition): unknown => ({
  ...def,
  images: def.images.map((i) => (i.type === 'overlay' ? { ...i, svg: `<svg …${i.svg.length} chars>` } : i)),
});

let input: ReportInput;
let bare: ReportInput;

beforeAll(async () => {
  input = await reportInput({ photoViews: THREE_VIEWS });
  bare = await reportInput();
});

describe('fixed phrases', () => {
  it('every phrase exists in both languages and uses no banned wording', () => {
    for (const [id, p] of Object.entries(T)) {
      expect(p.en.length * p.ko.length, id).toBeGreaterThan(0);
      expect(lintFragment(p.en, { locale: 'en' }), `${id} (en)`).toEqual([]);
      expect(lintFragment(p.ko, { locale: 'ko' }), `${id} (ko)`).toEqual([]);
    }
    for (const [, ko] of RISK_TEXT_KO) expect(lintFragment(ko, { locale: 'ko' }), ko).toEqual([]);
  });

  it('translates every published rate and reason of the planner into Korean', () => {
    for (const [id, r] of Object.entries(RISK_TEMPLATES)) {
      expect(riskTextKo(r.rate), `${id} rate`).not.toMatch(/\b(MA|SR|pts|vs|over|with|no rate)\b/);
      expect(riskTextKo(r.reason), `${id} reason`).not.toMatch(/[a-z]{3,}/);
    }
  });

  it('has a plain-words rate and reason for every risk template, free of citation shorthand', () => {
    for (const [id, r] of Object.entries(RISK_TEMPLATES)) {
      const rate = PATIENT_RATE[id as keyof typeof PATIENT_RATE];
      expect(rate, id).toBeDefined();
      expect(PATIENT_REASON[r.reason], `${id} reason "${r.reason}"`).toBeDefined();
      for (const l of LOCALES) {
        expect(rate[l], `${id} ${l}`).not.toMatch(CITATION_SHORTHAND);
        expect(lintFragment(rate[l], { locale: l }), `${id} ${l}`).toEqual([]);
      }
    }
  });

  it('writes patient Korean in one politeness level (합쇼체: no 해요체 sentence endings)', () => {
    for (const [id, p] of Object.entries(T)) {
      expect(p.ko, id).not.toMatch(HAEYO);
    }
    for (const p of Object.values(PATIENT_RATE)) expect(p.ko).not.toMatch(HAEYO);
  });
});

describe('document definitions', () => {
  it('the same data gives the same structure in Korean and English, for both copies', () => {
    // The clinician trace shows the planner's English reasons in the English copy only.
    const shape = (d: DocDefinition): string[] =>
      documentStructure(d).filter((x) => !x.startsWith('table:trace:'));
    for (const inp of [input, bare]) {
      for (const a of AUDIENCES) {
        const [en, ko] = LOCALES.map((l) => buildConsultationReport(inp, l, a));
        expect(shape(ko!)).toEqual(shape(en!));
        expect(ko!.images.map((i) => i.ref)).toEqual(en!.images.map((i) => i.ref));
      }
      const [sen, sko] = LOCALES.map((l) => buildAftercareSheet(inp, l));
      expect(documentStructure(sko!)).toEqual(documentStructure(sen!));
    }
  });

  it('contains every section each copy needs, in order', () => {
    const common = [
      'visit',
      'photos',
      'grades-table',
      'candidacy-verdict',
      'plan-front',
      'plan-obliques',
      'plan-threads',
      'course',
      'durability-table',
      'risks-table',
      'alternatives',
      'aftercare-table',
      'warning-signs',
      'call-clinic',
      'follow-ups',
      'legal-notice',
      'signatures',
    ];
    const patient = [...common.slice(0, 2), 'findings-plain', ...common.slice(2)];
    const clinician = [
      ...common.slice(0, 2),
      'measurements-table',
      ...common.slice(2, 7),
      'zones-table',
      'plan-findings',
      ...common.slice(7, 15),
      'trace',
      'citations',
      ...common.slice(15),
    ];
    for (const [a, order] of [
      ['patient', patient],
      ['clinician', clinician],
    ] as const) {
      const ids = buildConsultationReport(input, 'en', a).blocks.map((b) => b.id);
      const at = order.map((id) => ids.indexOf(id));
      expect(
        at.every((i) => i >= 0),
        `${a}: ${JSON.stringify(order.filter((_, k) => (at[k] ?? -1) < 0))}`,
      ).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
    }
    const patientIds = buildConsultationReport(input, 'en', 'patient').blocks.map((b) => b.id);
    for (const id of ['measurements-table', 'zones-table', 'plan-findings', 'trace', 'citations']) {
      expect(patientIds, id).not.toContain(id);
    }
  });

  it('draws the plan over face crops of all three photos, and over a plain outline without photo files', () => {
    const def = buildConsultationReport(input, 'en');
    expect(def.images.map((i) => `${i.ref}:${i.type === 'overlay' ? i.background : ''}`)).toEqual([
      'photo:front:',
      'photo:oblique-left:',
      'photo:oblique-right:',
      'overlay:front:photo',
      'overlay:oblique-left:photo',
      'overlay:oblique-right:photo',
    ]);
    // Photo and plan picture of a view share one crop (one decode), all crops the same 4:5 shape.
    for (const v of THREE_VIEWS) {
      const [photo, overlay] = [`photo:${v}`, `overlay:${v}`].map((r) => def.images.find((i) => i.ref === r));
      expect(photo?.crop).toEqual(overlay?.crop);
      expect((photo?.crop.width ?? 0) / (photo?.crop.height ?? 1)).toBeCloseTo(0.8, 2);
      expect(photo?.crop.width).toBeLessThan(photo?.width ?? 0);
    }
    expect(buildConsultationReport(bare, 'en').images.map((i) => i.ref)).toEqual(['overlay:front']);
  });

  it('numbers every thread on the pictures and in the table; zones only in the clinician copy', () => {
    for (const a of AUDIENCES) {
      const def = buildConsultationReport(input, 'en', a);
      const table = blockById(def, 'plan-threads');
      if (table?.kind !== 'table') throw new Error('no thread table');
      expect(table.rows.map((r) => r[0])).toEqual(input.plan.placements.map((_, i) => String(i + 1)));
      const front = def.images.find((i) => i.ref === 'overlay:front');
      if (front?.type !== 'overlay') throw new Error('no front overlay');
      const drawn = [...front.svg.matchAll(/data-number="(\d+)"/g)].map((m) => m[1]);
      expect(drawn).toEqual(input.plan.placements.map((_, i) => String(i + 1)));
      expect(front.svg.includes('class="zone"'), a).toBe(a === 'clinician');
      // Oblique views draw only the near side's threads.
      const left = def.images.find((i) => i.ref === 'overlay:oblique-left');
      if (left?.type !== 'overlay') throw new Error('no oblique overlay');
      const leftNumbers = input.plan.placements.flatMap((p, i) => (p.side === 'left' ? [String(i + 1)] : []));
      expect([...left.svg.matchAll(/data-number="(\d+)"/g)].map((m) => m[1])).toEqual(leftNumbers);
    }
  });

  it('flags a noticeable asymmetry (asymmetric-jowl example) in both copies and languages', async () => {
    const file = path.join(root, 'examples', 'asymmetric-jowl.case.json');
    const caseFile = CaseFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const asym = await reportInput({ caseFile });
    for (const l of LOCALES) {
      const table = blockById(buildConsultationReport(asym, l, 'clinician'), 'measurements-table');
      if (table?.kind !== 'table') throw new Error('no measurements table');
      expect(table.highlight?.length).toBeGreaterThan(0);
      const row = table.rows[table.highlight?.[0] ?? -1];
      expect(row?.[5]).toMatch(
        l === 'en' ? /noticeable difference; left side lower/ : /눈에 띄는 좌우 차이, 왼쪽이 더 처짐/,
      );
      const plain = blockById(buildConsultationReport(asym, l), 'findings-plain');
      if (plain?.kind !== 'list') throw new Error('no plain findings');
      const text = plain.items.join('\n');
      expect(text).toMatch(
        l === 'en' ? /the left side is [\d.]+ mm lower/ : /왼쪽이 반대쪽보다 [\d.]+ mm 낮습니다/,
      );
      expect(text).toMatch(l === 'en' ? /error band not measured/ : /오차 범위 미측정/);
    }
  });

  it('shows the error band with every value, and says "within measurement error" inside it', async () => {
    const file = path.join(root, 'examples', 'asymmetric-jowl.case.json');
    const asym = await reportInput({
      caseFile: CaseFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))),
    });
    // A wide band (SEM 5 mm / 5°) swallows every difference; a narrow one (0.1) none.
    const wide = withBands(asym, () => 5);
    const narrow = withBands(asym, () => 0.1);
    const plainText = (inp: ReportInput, l: Locale): string => {
      const b = blockById(buildConsultationReport(inp, l), 'findings-plain');
      return b?.kind === 'list' ? b.items.join('\n') : '';
    };
    expect(plainText(wide, 'en')).toMatch(/within measurement error/);
    expect(plainText(wide, 'en')).not.toMatch(/usually noticeable/);
    expect(plainText(wide, 'en')).toMatch(/error band ± 13\.9 mm/); // 1.96 · √(5² + 5²)
    expect(plainText(wide, 'ko')).toMatch(/측정 오차 범위 안의 차이/);
    // A narrow band leaves the noticeable jowl difference outside it.
    const jowl = plainText(narrow, 'en')
      .split('\n')
      .find((x) => x.startsWith('Jowl depth'));
    expect(jowl).toMatch(/usually noticeable/);
    expect(jowl).not.toMatch(/within measurement error/);
    const table = blockById(buildConsultationReport(wide, 'en', 'clinician'), 'measurements-table');
    if (table?.kind !== 'table') throw new Error('no table');
    for (const r of table.rows) {
      for (const cell of r.slice(2, 5)) {
        if (/mm|°/.test(cell)) expect(cell).toMatch(/± [\d.]+ ?(mm|°)/);
      }
    }
    expect(table.highlight).toEqual([]);
    // Without bands every value carries the mark and the note says the band was not measured.
    const none = buildConsultationReport(input, 'en', 'clinician');
    const t2 = blockById(none, 'measurements-table');
    if (t2?.kind !== 'table') throw new Error('no table');
    expect(
      t2.rows
        .flatMap((r) => r.slice(2, 5))
        .filter((c) => /mm/.test(c))
        .every((c) => c.includes('†')),
    ).toBe(true);
    expect(blockById(none, 'band-note')).toMatchObject({
      text: expect.stringMatching(/not been measured yet/),
    });
  });

  it('shows a provisional banner when the plan is provisional, with reasons in the clinician copy', () => {
    const prov: ReportInput = {
      ...input,
      plan: {
        ...input.plan,
        provisional: { reasons: ['front:sharpness', 'oblique-left:pose', 'odd thing'] },
      },
    };
    expect(blockById(buildConsultationReport(input, 'en'), 'provisional')).toBeUndefined();
    const ko = blockById(buildConsultationReport(prov, 'ko', 'clinician'), 'provisional');
    expect(ko).toMatchObject({ style: 'warning' });
    expect(ko?.kind === 'paragraph' ? ko.text : '').toMatch(
      /잠정.*정면: 사진이 충분히 선명하지 않음.*기타 사유 1건/,
    );
    expect(ko?.kind === 'paragraph' ? ko.text : '').not.toMatch(/[A-Za-z]{3,}/);
    const en = blockById(buildConsultationReport(prov, 'en'), 'provisional');
    expect(en?.kind === 'paragraph' ? en.text : '').toMatch(/^Provisional measurements: /);
    const ids = buildConsultationReport(prov, 'en').blocks.map((b) => b.id);
    expect(ids.indexOf('provisional')).toBe(1);
  });

  it('says there were no cautions when no candidacy criterion applies', async () => {
    const file = path.join(root, 'examples', 'mild-symmetric.case.json');
    const mild = await reportInput({
      caseFile: CaseFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))),
    });
    expect(mild.plan.candidacy.reasons).toEqual([]);
    expect(blockById(buildConsultationReport(mild, 'en'), 'candidacy-reasons')).toMatchObject({
      text: expect.stringMatching(/^No cautions/),
    });
    expect(blockById(buildConsultationReport(mild, 'ko'), 'candidacy-reasons')).toMatchObject({
      text: expect.stringMatching(/^주의 사항이 없습니다/),
    });
  });

  it('prints times in the clinic time zone, per language, and aftercare dates only from a procedure date', async () => {
    const visit = (d: DocDefinition): string => {
      const b = blockById(d, 'visit');
      return b?.kind === 'keyValue' ? b.rows.map((r) => r.value).join('\n') : '';
    };
    expect(visit(buildConsultationReport(input, 'ko'))).toContain('2026년 3월 4일 15:20 (한국 표준시)');
    expect(visit(buildConsultationReport(input, 'en'))).toContain(
      '4 March 2026 at 15:20 (Korean Standard Time)',
    );
    const utc = { ...input, clinic: { ...input.clinic, timeZone: 'UTC' } };
    expect(visit(buildConsultationReport(utc, 'en'))).toContain('4 March 2026 at 06:20');
    expect(() =>
      buildConsultationReport({ ...input, clinic: { ...input.clinic, timeZone: 'Nowhere/City' } }, 'en'),
    ).toThrow(/unknown time zone/);
    const before = await reportInput({ procedureDate: null });
    const table = blockById(buildConsultationReport(before, 'en'), 'aftercare-table');
    if (table?.kind !== 'table') throw new Error('no aftercare table');
    expect(table.rows.every((r) => /^day \d+ after the procedure$/.test(r[1] ?? ''))).toBe(true);
    expect(documentText(buildAftercareSheet(before, 'en'))).not.toMatch(/2026/);
    // With a procedure date, restrictions count from it (not from the consultation day).
    const later = await reportInput({ procedureDate: '2026-03-20' });
    const t2 = blockById(buildConsultationReport(later, 'en'), 'aftercare-table');
    expect(t2?.kind === 'table' ? t2.rows.map((r) => r[1]).join(' ') : '').toMatch(/April 2026/);
    expect(documentText(buildAftercareSheet(later, 'en'))).toContain('20 March 2026');
  });

  it('puts the clinic phone where patients need it', () => {
    for (const l of LOCALES) {
      const report = buildConsultationReport(input, l);
      const call = blockById(report, 'call-clinic');
      expect(call?.kind === 'paragraph' ? call.text : '').toContain(CLINIC.phone);
      const sheet = buildAftercareSheet(input, l);
      expect(blockById(sheet, 'warning-heading')).toMatchObject({
        text: expect.stringContaining(CLINIC.phone),
      });
      for (const def of [report, sheet]) expect(def.footer).toContain(CLINIC.phone);
    }
    expect(documentText(buildConsultationReport(input, 'ko'))).toContain('면허 번호 12345');
  });

  it('is pure: the same input builds the same definition', () => {
    expect(buildConsultationReport(input, 'ko')).toEqual(buildConsultationReport(input, 'ko'));
  });

  it('matches the snapshots (aftercare sheets in full, report structure)', () => {
    for (const l of LOCALES) {
      expect(forSnapshot(buildAftercareSheet(input, l))).toMatchSnapshot(`aftercare-${l}`);
      for (const a of AUDIENCES) {
        expect(documentStructure(buildConsultationReport(input, l, a))).toMatchSnapshot(
          `report-structure-${a}`,
        );
      }
    }
  });

  it('every generated text passes the wording lint, for the fixture and every example case', async () => {
    const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.case.json'));
    expect(examples.length).toBeGreaterThan(0);
    const inputs = [input, bare];
    for (const f of examples) {
      const caseFile = CaseFileSchema.parse(JSON.parse(readFileSync(path.join(root, 'examples', f), 'utf8')));
      inputs.push(await reportInput({ caseFile }));
    }
    for (const inp of inputs) {
      for (const l of LOCALES) {
        for (const def of [
          buildConsultationReport(inp, l, 'patient'),
          buildConsultationReport(inp, l, 'clinician'),
          buildAftercareSheet(inp, l),
        ]) {
          const found = lintText(documentText(def), { locale: l });
          expect(found, `${inp.plan.caseId} ${def.kind} ${def.audience} ${l}`).toEqual([]);
          if (def.audience === 'patient') {
            expect(documentText(def), `${inp.plan.caseId} ${def.kind} ${l}`).not.toMatch(CITATION_SHORTHAND);
          }
        }
      }
    }
  });

  it('fails the lint when a bad sentence is seeded into a report', () => {
    const def = buildConsultationReport(input, 'ko');
    const seeded: DocDefinition = {
      ...def,
      blocks: [...def.blocks, { kind: 'paragraph', id: 'x', text: '부작용 없이 최고의 결과를 보장합니다.' }],
    };
    expect(lintText(documentText(seeded), { locale: 'ko' }).map((f) => f.rule)).toEqual([
      'absolute-claim',
      'superlative',
      'guarantee',
    ]);
  });

  it('names PDF files chart-date-kind-lang', () => {
    expect(reportFileName({ chart: 'C-0042', date: '2026-03-04', kind: 'consultation', lang: 'ko' })).toBe(
      'C-0042-2026-03-04-report-patient-ko.pdf',
    );
    expect(
      reportFileName({
        chart: 'A/12 "x"',
        date: '2026-03-04',
        kind: 'consultation',
        audience: 'clinician',
        lang: 'en',
      }),
    ).toBe('A-12-x-2026-03-04-report-clinician-en.pdf');
    expect(reportFileName({ chart: 'C-1', date: '2026-03-04', kind: 'aftercare', lang: 'en' })).toBe(
      'C-1-2026-03-04-aftercare-en.pdf',
    );
  });
});

describe('PDF rendering', () => {
  interface Rendered {
    readonly def: DocDefinition;
    readonly pdf: Buffer;
    readonly text: string;
    readonly images: readonly ImagePlacement[];
  }
  const rendered = new Map<string, Rendered>();

  beforeAll(async () => {
    const one = async (name: string, def: DocDefinition, photos: ReportInput['photos']): Promise<void> => {
      const { pdf, images } = await renderPdfWithLayout(def, await prepareImages(def, photos));
      rendered.set(name, { def, pdf, text: pdfText(pdf, name), images });
    };
    for (const l of LOCALES) {
      await one(`report-${l}`, buildConsultationReport(input, l, 'patient'), input.photos);
      await one(`report-clinician-${l}`, buildConsultationReport(input, l, 'clinician'), input.photos);
      await one(`aftercare-${l}`, buildAftercareSheet(input, l), []);
    }
    await one('report-ko-no-photos', buildConsultationReport(bare, 'ko'), []);
  }, 120_000);

  const get = (name: string): Rendered => {
    const r = rendered.get(name);
    if (!r) throw new Error(`not rendered: ${name}`);
    return r;
  };

  it('the English report contains the phrases and values of the case', () => {
    const text = flat(get('report-en').text);
    for (const s of [
      'Thread-lift consultation report (patient copy)',
      CLINIC.name,
      CLINIC.phone,
      input.patient.id,
      input.plan.caseId,
      '4 March 2026',
      'Mouth-corner height',
      input.plan.candidacy.label.en,
      'anchored at the temple',
      'Side effects can occur after a thread lift',
      'Higher over 50:',
      'Surgical facelift',
      'Energy-based devices',
      'results and side effects vary from person to person',
      'Medical Service Act',
      '2 April 2026', // last day of the 1-month restrictions (anchored)
      '4 September 2026', // 6-month follow-up
      'Patient (or representative)',
    ]) {
      expect(text, s).toContain(s);
    }
    const clinician = flat(get('report-clinician-en').text);
    for (const s of ['Jowl depth', 'Niu 2021 MA', 'Rules that fired', 'Citations', 'Danger zones drawn']) {
      expect(clinician, s).toContain(s);
    }
  });

  it('the Korean report contains the Korean phrases and the same values', () => {
    const text = flat(get('report-ko').text);
    for (const s of [
      '실리프팅 상담 보고서 (환자용)',
      '서울 예시 의원',
      input.patient.id,
      '입꼬리 높이',
      input.plan.candidacy.label.ko,
      '측두근막 고정',
      '실리프팅 후 부작용이 발생할 수 있습니다',
      '50세 초과에서 더 높습니다',
      '안면거상술',
      '개인에 따라 결과와 부작용에 차이가 있을 수 있습니다',
      '의료법 제56조',
      '2026년 4월 2일',
      '2026년 9월 4일',
      '환자 (또는 보호자)',
    ]) {
      expect(text, s).toContain(s);
    }
  });

  it('no citation shorthand in the patient copies; the clinician copies keep it', () => {
    for (const l of LOCALES) {
      expect(flat(get(`report-${l}`).text), l).not.toMatch(CITATION_SHORTHAND);
      expect(flat(get(`aftercare-${l}`).text), l).not.toMatch(CITATION_SHORTHAND);
    }
    expect(flat(get('report-clinician-en').text)).toMatch(/Niu 2021 MA/);
  });

  it('breaks no Korean word across lines', () => {
    for (const name of ['report-ko', 'report-clinician-ko', 'aftercare-ko', 'report-ko-no-photos']) {
      const r = get(name);
      expect(brokenKoreanWords(r.text, documentText(r.def)), name).toEqual([]);
    }
  });

  it('never leaves a heading last on a page', () => {
    for (const [name, r] of rendered) {
      const headings = new Set(
        r.def.blocks.flatMap((b) => (b.kind === 'heading' ? [b.text.replace(/\s+/g, ' ').trim()] : [])),
      );
      const n = pages(name);
      for (let p = 1; p <= n; p++) {
        const text = execFileSync(
          'pdftotext',
          ['-enc', 'UTF-8', '-f', String(p), '-l', String(p), path.join(artifacts, `${name}.pdf`), '-'],
          { encoding: 'utf8' },
        );
        const lines = text
          .split('\n')
          .map((l) => l.replace(/\s+/g, ' ').trim())
          .filter((l) => l.length > 0 && l !== r.def.header && l !== r.def.footer && !/^\d+ \/ \d+$/.test(l));
        const last = lines.at(-1) ?? '';
        expect(headings.has(last), `${name} page ${p} ends with the heading "${last}"`).toBe(false);
      }
    }
  });

  it('the face fills most of its picture (measured on the rendered page)', async () => {
    const r = get('report-en');
    const at = r.images.find((i) => i.ref === 'photo:front');
    if (!at) throw new Error('front photo not placed');
    const dpi = 100;
    const px = (v: number): string => String(Math.round((v * dpi) / 72));
    const out = path.join(artifacts, 'face-fill');
    execFileSync('pdftoppm', [
      ...['-f', String(at.page + 1), '-l', String(at.page + 1), '-r', String(dpi)],
      ...['-x', px(at.x + 1), '-y', px(at.y + 1), '-W', px(at.width - 2), '-H', px(at.height - 2)],
      ...['-png', '-singlefile', path.join(artifacts, 'report-en.pdf'), out],
    ]);
    const { data, info } = await sharp(`${out}.png`)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    // The stand-in photo is a lighter face (its oval filled) on a darker ground: rows with face pixels.
    const [fr, fg, fb] = [FACE_FILL.r, FACE_FILL.g, FACE_FILL.b];
    const faceRows: number[] = [];
    for (let y = 0; y < info.height; y++) {
      let hits = 0;
      for (let x = 0; x < info.width; x++) {
        const i = (y * info.width + x) * 3;
        const d =
          Math.abs((data[i] ?? 0) - fr) +
          Math.abs((data[i + 1] ?? 0) - fg) +
          Math.abs((data[i + 2] ?? 0) - fb);
        if (d < 40) hits++;
      }
      if (hits >= 0.05 * info.width) faceRows.push(y);
    }
    const fill = ((faceRows.at(-1) ?? 0) - (faceRows[0] ?? 0)) / info.height;
    expect(fill).toBeGreaterThan(0.6);
    // The page holds the picture at a legible size: the front plan picture is more than half the text width.
    const plan = r.images.find((i) => i.ref === 'overlay:front');
    expect(plan?.width).toBeGreaterThan(495 / 2);
  });

  it('the aftercare sheets hold the schedule, warning signs and follow-ups on 1–2 pages', () => {
    const en = flat(get('aftercare-en').text);
    const ko = flat(get('aftercare-ko').text);
    for (const s of ['Avoid saunas', 'Call the clinic', CLINIC.phone, '11 March 2026', '4 June 2026', '●']) {
      expect(en).toContain(s);
    }
    for (const s of [
      '사우나',
      '병원에 연락하십시오',
      '2026년 3월 11일',
      '2026년 6월 4일',
      '개인에 따라',
      CLINIC.phone,
    ]) {
      expect(ko).toContain(s);
    }
    for (const l of LOCALES) expect(pages(`aftercare-${l}`)).toBeLessThanOrEqual(2);
  });

  it('the text extracted from every PDF passes the wording lint', () => {
    // The wording rules are for what patients read; the clinician copy's definition is linted above.
    for (const [name, r] of rendered) {
      if (r.def.audience === 'patient') expect(lintText(r.text, { locale: r.def.locale }), name).toEqual([]);
    }
  });

  it('embeds the photos and plan pictures as images, within the size target', () => {
    const list = execFileSync('pdfimages', ['-list', path.join(artifacts, 'report-en.pdf')], {
      encoding: 'utf8',
    });
    const rows = list
      .split('\n')
      .slice(2)
      .filter((l) => l.trim().length > 0);
    expect(rows.length).toBe(6);
    expect(
      get('report-ko-no-photos')
        .pdf.toString('latin1')
        .match(/\/Subtype \/Image/g)?.length,
    ).toBe(1);
    for (const [name, r] of rendered) expect(r.pdf.length, name).toBeLessThan(2 * 1024 * 1024);
  });

  it('embeds a subset of the Korean font, not the whole 6 MB file', () => {
    const fonts = execFileSync('pdffonts', [path.join(artifacts, 'report-ko.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansKR/);
    expect(
      fonts
        .split('\n')
        .slice(2)
        .filter((l) => l.includes('NotoSansKR'))
        .every((l) => / yes +yes +yes /.test(l)),
    ).toBe(true);
  });

  it('sets risks in the same type size as body text', () => {
    // Word boxes from pdftotext: a risk-table word and an introduction word have the same height.
    const file = path.join(artifacts, 'report-en.pdf');
    const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    const height = (word: string): number => {
      const m = new RegExp(`yMin="([\\d.]+)" xMax="[\\d.]+" yMax="([\\d.]+)">(?:${word})</word>`).exec(html);
      if (!m) throw new Error(`word not found: ${word}`);
      return Number(m[2]) - Number(m[1]);
    };
    expect(height('Numbness')).toBeCloseTo(height('randomised'), 1);
    expect(height('Infection')).toBeCloseTo(height('judgement'), 1);
  });

  it('writes an image of every page of every PDF as test artifacts', () => {
    for (const name of rendered.keys()) {
      const pngs = toPngs(name);
      expect(pngs.length, name).toBe(pages(name));
      const first = readFileSync(path.join(artifacts, pngs.sort()[0] ?? ''));
      expect(imageSize(first).width).toBeGreaterThan(300);
    }
  });
});

describe('anchored fixture', () => {
  it('is a candidate with anchored threads, so the aftercare takes the long durations', () => {
    const c = anchoredCase();
    expect(c.patient.age).toBeGreaterThan(50);
    expect(input.plan.placements.some((p) => p.fixation === 'anchored-deep-temporal-fascia')).toBe(true);
    expect(input.aftercare.profile).toBe('anchored');
  });
});
