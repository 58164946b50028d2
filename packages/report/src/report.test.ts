import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseFileSchema, RISK_TEMPLATES } from '@liftplan/domain';
import { lintFragment, lintText } from '../../domain/src/wording/lint.js';
import { anchoredCase, CLINIC, reportInput, THREE_VIEWS } from '../bench/fixture.js';
import { buildAftercareSheet } from './aftercare-sheet.js';
import { prepareImages } from './assets.js';
import { buildConsultationReport } from './consultation.js';
import { RISK_TEXT_KO, T, riskTextKo } from './i18n.js';
import { imageSize } from './image-size.js';
import { renderPdf } from './pdf.js';
import { documentStructure, documentText } from './text.js';
import type { DocDefinition, Locale, ReportInput } from './types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const artifacts = path.join(root, 'test-artifacts', 'report');
const LOCALES: readonly Locale[] = ['en', 'ko'];

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
});

describe('document definitions', () => {
  it('the same data gives the same structure in Korean and English', () => {
    for (const inp of [input, bare]) {
      const [en, ko] = LOCALES.map((l) => buildConsultationReport(inp, l));
      expect(documentStructure(ko!)).toEqual(documentStructure(en!));
      expect(ko!.images.map((i) => i.ref)).toEqual(en!.images.map((i) => i.ref));
      const [sen, sko] = LOCALES.map((l) => buildAftercareSheet(inp, l));
      expect(documentStructure(sko!)).toEqual(documentStructure(sen!));
    }
  });

  it('contains every section the consultation report needs, in order', () => {
    const ids = buildConsultationReport(input, 'en').blocks.map((b) => b.id);
    const order = [
      'visit',
      'photos',
      'measurements-table',
      'grades-table',
      'candidacy-verdict',
      'plan-overlays',
      'plan-threads',
      'course',
      'durability-table',
      'risks-table',
      'alternatives',
      'aftercare-table',
      'warning-signs',
      'follow-ups',
      'legal-notice',
      'signatures',
    ];
    const at = order.map((id) => ids.indexOf(id));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(order.filter((_, k) => (at[k] ?? -1) < 0)),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('draws the plan over all three photos, and over a plain outline without photo files', () => {
    expect(
      buildConsultationReport(input, 'en').images.map(
        (i) => `${i.ref}:${i.type === 'overlay' ? i.background : ''}`,
      ),
    ).toEqual([
      'photo:front:',
      'photo:oblique-left:',
      'photo:oblique-right:',
      'overlay:front:photo',
      'overlay:oblique-left:photo',
      'overlay:oblique-right:photo',
    ]);
    expect(buildConsultationReport(bare, 'en').images.map((i) => i.ref)).toEqual(['overlay:front']);
  });

  it('flags a noticeable asymmetry in the measurements (asymmetric-jowl example), in both languages', async () => {
    const file = path.join(root, 'examples', 'asymmetric-jowl.case.json');
    const caseFile = CaseFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const asym = await reportInput({ caseFile });
    for (const l of LOCALES) {
      const table = buildConsultationReport(asym, l).blocks.find((b) => b.id === 'measurements-table');
      if (table?.kind !== 'table') throw new Error('no measurements table');
      expect(table.highlight?.length).toBeGreaterThan(0);
      const row = table.rows[table.highlight?.[0] ?? -1];
      expect(row?.[5]).toMatch(
        l === 'en' ? /noticeable difference; left side lower/ : /눈에 띄는 좌우 차이, 왼쪽이 더 처짐/,
      );
    }
  });

  it('is pure: the same input builds the same definition', () => {
    expect(buildConsultationReport(input, 'ko')).toEqual(buildConsultationReport(input, 'ko'));
  });

  it('matches the snapshots (aftercare sheets in full, report structure)', () => {
    for (const l of LOCALES) {
      expect(forSnapshot(buildAftercareSheet(input, l))).toMatchSnapshot(`aftercare-${l}`);
      expect(documentStructure(buildConsultationReport(input, l))).toMatchSnapshot('report-structure');
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
        for (const def of [buildConsultationReport(inp, l), buildAftercareSheet(inp, l)]) {
          const found = lintText(documentText(def), { locale: l });
          expect(found, `${inp.plan.caseId} ${def.kind} ${l}`).toEqual([]);
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
});

describe('PDF rendering', () => {
  const rendered = new Map<string, { pdf: Buffer; text: string }>();

  beforeAll(async () => {
    for (const l of LOCALES) {
      const report = buildConsultationReport(input, l);
      const pdf = await renderPdf(report, await prepareImages(report, input.photos));
      rendered.set(`report-${l}`, { pdf, text: pdfText(pdf, `report-${l}`) });
      const sheet = buildAftercareSheet(input, l);
      const sheetPdf = await renderPdf(sheet);
      rendered.set(`aftercare-${l}`, { pdf: sheetPdf, text: pdfText(sheetPdf, `aftercare-${l}`) });
    }
    const plain = buildConsultationReport(bare, 'ko');
    const pdf = await renderPdf(plain, await prepareImages(plain, []));
    rendered.set('report-ko-no-photos', { pdf, text: pdfText(pdf, 'report-ko-no-photos') });
  });

  const get = (name: string): { pdf: Buffer; text: string } => {
    const r = rendered.get(name);
    if (!r) throw new Error(`not rendered: ${name}`);
    return r;
  };

  it('the English report contains the phrases and values of the case', () => {
    const text = flat(get('report-en').text);
    const m = input.plan.measurements;
    const jowl = m?.metrics.find((x) => x.id === 'jowl-depth' && x.side === 'left');
    expect(jowl?.status).toBe('measured');
    for (const s of [
      'Thread-lift consultation report',
      CLINIC.name,
      input.patient.id,
      input.plan.caseId,
      '2026-03-04',
      'Jowl depth',
      jowl?.status === 'measured' ? jowl.value.toFixed(1) : 'missing',
      input.plan.candidacy.label.en,
      'anchored at the temple',
      'Side effects can occur after a thread lift',
      'dimpling 16 % over 50 vs 5.6 %',
      'Surgical facelift',
      'Energy-based devices',
      'results and side effects vary from person to person',
      'Medical Service Act',
      '2026-04-02', // last day of the 1-month restrictions (anchored)
      '2026-09-04', // 6-month follow-up
      'Patient (or representative)',
    ]) {
      expect(text, s).toContain(s);
    }
  });

  it('the Korean report contains the Korean phrases and the same values', () => {
    const text = flat(get('report-ko').text);
    for (const s of [
      '실리프팅 상담 보고서',
      '서울 예시 의원',
      input.patient.id,
      '턱살 처짐 깊이',
      input.plan.candidacy.label.ko,
      '측두근막 고정',
      '실리프팅 후 부작용이 발생할 수 있습니다',
      '50세 초과 16 %',
      '안면거상술',
      '개인에 따라 결과와 부작용에 차이가 있을 수 있습니다',
      '의료법 제56조',
      '2026-04-02',
      '2026-09-04',
      '환자 (또는 보호자)',
    ]) {
      expect(text, s).toContain(s);
    }
  });

  it('the aftercare sheets hold the schedule, warning signs and follow-ups on 1–2 pages', () => {
    const en = flat(get('aftercare-en').text);
    const ko = flat(get('aftercare-ko').text);
    for (const s of ['Avoid saunas', 'Call the clinic', CLINIC.phone, '2026-03-11', '2026-06-04', '●']) {
      expect(en).toContain(s);
    }
    for (const s of ['사우나', '병원에 연락하십시오', '2026-03-11', '2026-06-04', '개인에 따라']) {
      expect(ko).toContain(s);
    }
    for (const l of LOCALES) expect(pages(`aftercare-${l}`)).toBeLessThanOrEqual(2);
  });

  it('the text extracted from every PDF passes the wording lint', () => {
    for (const l of LOCALES) {
      for (const kind of ['report', 'aftercare']) {
        expect(lintText(get(`${kind}-${l}`).text, { locale: l }), `${kind}-${l}`).toEqual([]);
      }
    }
  });

  it('embeds the photos and plan overlays as images, within the size target', () => {
    const list = execFileSync('pdfimages', ['-list', path.join(artifacts, 'report-en.pdf')], {
      encoding: 'utf8',
    });
    const rows = list
      .split('\n')
      .slice(2)
      .filter((l) => l.trim().length > 0);
    expect(rows.length).toBe(6);
    expect(
      get('report-en')
        .pdf.toString('latin1')
        .match(/\/Subtype \/Image/g)?.length,
    ).toBe(6);
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

  it('writes page images as test artifacts', () => {
    const pngs = toPngs('report-ko');
    expect(pngs.length).toBe(pages('report-ko'));
    toPngs('aftercare-en');
    const first = readFileSync(path.join(artifacts, pngs.sort()[0] ?? ''));
    expect(imageSize(first).width).toBeGreaterThan(300);
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
