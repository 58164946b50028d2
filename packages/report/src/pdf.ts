/**
 * renderPdf: lays out a document definition with pdfkit, in Noto Sans KR (Korean and Latin in one font,
 * subset-embedded by pdfkit so only the glyphs used are stored). Every text that carries risks, side effects
 * or the legal notice is set in the body size; only image captions and the page header/footer are smaller.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { imageSize } from './image-size.js';
import type { Block, DocDefinition, ImageAssets, TableColumn } from './types.js';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf'),
} as const;

/** Type sizes in points. Risks, side effects and the legal notice use BODY like every paragraph and table. */
export const TYPE = { body: 10, h1: 15, h2: 12, h3: 11, caption: 8.5, margin: 7.5 } as const;

const PAGE = { size: 'A4' as const, width: 595.28, height: 841.89, left: 50, right: 50, top: 58, bottom: 58 };
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const BOTTOM = PAGE.height - PAGE.bottom;
const LINE_GAP = 2;
const COLOURS = {
  text: '#1b1b1b',
  muted: '#555555',
  rule: '#c8ccd2',
  headerFill: '#eef1f5',
  highlight: '#fff3dc',
  noticeFill: '#f6f8fa',
  accent: '#1d4e89',
};

let fontCache: Promise<{ regular: Buffer; bold: Buffer }> | undefined;
/** The two TTFs, read once per process (6 MB each; pdfkit subsets what a document uses). */
function fonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  fontCache ??= Promise.all([readFile(FONT_FILES.regular), readFile(FONT_FILES.bold)]).then(
    ([regular, bold]) => ({
      regular,
      bold,
    }),
  );
  return fontCache;
}

type Doc = PDFKit.PDFDocument;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage();
}

function textHeight(
  doc: Doc,
  text: string,
  width: number,
  font: 'regular' | 'bold',
  size: number,
  lineGap: number = LINE_GAP,
): number {
  doc.font(font).fontSize(size);
  return doc.heightOfString(text, { width, lineGap });
}

function drawHeading(doc: Doc, b: Extract<Block, { kind: 'heading' }>, next: Block | undefined): void {
  const size = b.level === 1 ? TYPE.h1 : b.level === 2 ? TYPE.h2 : TYPE.h3;
  const h = textHeight(doc, b.text, CONTENT_WIDTH, 'bold', size);
  // Keep a heading with what follows: a short table whole, otherwise a few lines.
  const follow = next?.kind === 'table' ? tableKeepHeight(doc, next) : 4 * (TYPE.body + LINE_GAP);
  ensureSpace(doc, h + 10 + follow);
  if (doc.y > PAGE.top + 1) doc.y += b.level === 1 ? 8 : 5;
  doc
    .font('bold')
    .fontSize(size)
    .fillColor(b.level === 1 ? COLOURS.accent : COLOURS.text);
  doc.text(b.text, PAGE.left, doc.y, { width: CONTENT_WIDTH, lineGap: LINE_GAP });
  doc.fillColor(COLOURS.text);
  doc.y += 3;
}

function drawParagraph(doc: Doc, b: Extract<Block, { kind: 'paragraph' }>): void {
  const font = b.style === 'strong' ? 'bold' : 'regular';
  if (b.style === 'notice') {
    const pad = 6;
    const h = textHeight(doc, b.text, CONTENT_WIDTH - 2 * pad, font, TYPE.body) + 2 * pad;
    ensureSpace(doc, h);
    const y = doc.y;
    doc.save().rect(PAGE.left, y, CONTENT_WIDTH, h).fillAndStroke(COLOURS.noticeFill, COLOURS.rule).restore();
    doc.font(font).fontSize(TYPE.body).fillColor(COLOURS.text);
    doc.text(b.text, PAGE.left + pad, y + pad, { width: CONTENT_WIDTH - 2 * pad, lineGap: LINE_GAP });
    doc.y = y + h + TYPE.margin;
    return;
  }
  const h = textHeight(doc, b.text, CONTENT_WIDTH, font, TYPE.body);
  ensureSpace(doc, Math.min(h, 3 * (TYPE.body + LINE_GAP)));
  doc.font(font).fontSize(TYPE.body).fillColor(COLOURS.text);
  doc.text(b.text, PAGE.left, doc.y, { width: CONTENT_WIDTH, lineGap: LINE_GAP });
  doc.y += TYPE.margin;
}

function drawList(doc: Doc, b: Extract<Block, { kind: 'list' }>): void {
  const indent = 12;
  for (const item of b.items) {
    const h = textHeight(doc, item, CONTENT_WIDTH - indent, 'regular', TYPE.body);
    ensureSpace(doc, h);
    const y = doc.y;
    doc.font('regular').fontSize(TYPE.body).fillColor(COLOURS.text);
    doc.text('•', PAGE.left + 2, y, { width: indent, lineBreak: false });
    doc.text(item, PAGE.left + indent, y, { width: CONTENT_WIDTH - indent, lineGap: LINE_GAP });
    doc.y += 1;
  }
  doc.y += TYPE.margin - 1;
}

function drawKeyValue(doc: Doc, b: Extract<Block, { kind: 'keyValue' }>): void {
  const keyWidth = 130;
  for (const r of b.rows) {
    const h = Math.max(
      textHeight(doc, r.key, keyWidth - 6, 'bold', TYPE.body),
      textHeight(doc, r.value, CONTENT_WIDTH - keyWidth, 'regular', TYPE.body),
    );
    ensureSpace(doc, h);
    const y = doc.y;
    doc.font('bold').fontSize(TYPE.body).fillColor(COLOURS.muted);
    doc.text(r.key, PAGE.left, y, { width: keyWidth - 6, lineGap: LINE_GAP });
    doc.font('regular').fillColor(COLOURS.text);
    doc.text(r.value, PAGE.left + keyWidth, y, { width: CONTENT_WIDTH - keyWidth, lineGap: LINE_GAP });
    doc.y = y + h + 1;
  }
  doc.y += TYPE.margin;
}

/** Table cells are set tighter than paragraphs (same type size). */
const CELL_LINE_GAP = 1;

const CELL_PAD = 2.5;

function tableWidths(b: Extract<Block, { kind: 'table' }>): number[] {
  const total = b.columns.reduce((s, c) => s + c.width, 0);
  return b.columns.map((c) => (c.width / total) * CONTENT_WIDTH);
}

function tableRowHeight(
  doc: Doc,
  widths: readonly number[],
  cells: readonly string[],
  font: 'regular' | 'bold',
): number {
  const heights = cells.map((c, i) =>
    textHeight(doc, c, (widths[i] ?? 0) - 2 * CELL_PAD, font, TYPE.body, CELL_LINE_GAP),
  );
  return Math.max(...heights) + 2 * CELL_PAD;
}

/** Height a table needs on the current page: short tables stay whole, long ones need header and first row. */
function tableKeepHeight(doc: Doc, b: Extract<Block, { kind: 'table' }>): number {
  const widths = tableWidths(b);
  const header = tableRowHeight(
    doc,
    widths,
    b.columns.map((c) => c.header),
    'bold',
  );
  const rows = b.rows.map((r) => tableRowHeight(doc, widths, r, 'regular'));
  const whole = header + rows.reduce((s, h) => s + h, 0);
  return b.rows.length <= 8 && whole < 240 ? whole : header + (rows[0] ?? 0);
}

function drawTable(doc: Doc, b: Extract<Block, { kind: 'table' }>): void {
  const pad = CELL_PAD;
  const widths = tableWidths(b);
  const highlight = new Set(b.highlight ?? []);
  const rowHeight = (cells: readonly string[], font: 'regular' | 'bold'): number =>
    tableRowHeight(doc, widths, cells, font);
  const drawRow = (cells: readonly string[], font: 'regular' | 'bold', fill: string | null): void => {
    const h = rowHeight(cells, font);
    const y = doc.y;
    let x = PAGE.left;
    if (fill) doc.save().rect(PAGE.left, y, CONTENT_WIDTH, h).fill(fill).restore();
    doc.font(font).fontSize(TYPE.body).fillColor(COLOURS.text);
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      const col: TableColumn | undefined = b.columns[i];
      doc.text(cell, x + pad, y + pad, {
        width: w - 2 * pad,
        align: col?.align ?? 'left',
        lineGap: CELL_LINE_GAP,
      });
      x += w;
    });
    doc.save().lineWidth(0.5).strokeColor(COLOURS.rule);
    doc.rect(PAGE.left, y, CONTENT_WIDTH, h).stroke();
    x = PAGE.left;
    for (const w of widths.slice(0, -1)) {
      x += w;
      doc
        .moveTo(x, y)
        .lineTo(x, y + h)
        .stroke();
    }
    doc.restore();
    doc.y = y + h;
  };
  const header = b.columns.map((c) => c.header);
  ensureSpace(doc, tableKeepHeight(doc, b));
  drawRow(header, 'bold', COLOURS.headerFill);
  b.rows.forEach((row, i) => {
    if (doc.y + rowHeight(row, 'regular') > BOTTOM) {
      doc.addPage();
      drawRow(header, 'bold', COLOURS.headerFill);
    }
    drawRow(row, 'regular', highlight.has(i) ? COLOURS.highlight : null);
  });
  doc.y += TYPE.margin;
}

function drawImages(doc: Doc, b: Extract<Block, { kind: 'images' }>, assets: ImageAssets): void {
  const gap = 12;
  const perRow = Math.max(1, Math.floor((CONTENT_WIDTH + gap) / (b.widthPt + gap)));
  for (let start = 0; start < b.items.length; start += perRow) {
    const row = b.items.slice(start, start + perRow);
    const placed = row.map((item) => {
      const bytes = assets.get(item.ref);
      if (!bytes) throw new Error(`image "${item.ref}" was not prepared (see prepareImages)`);
      const size = imageSize(bytes);
      const height = (b.widthPt * size.height) / size.width;
      const caption = textHeight(doc, item.caption, b.widthPt, 'regular', TYPE.caption);
      return { item, bytes, height, caption };
    });
    const rowHeight = Math.max(...placed.map((p) => p.height + 3 + p.caption));
    ensureSpace(doc, rowHeight);
    const y = doc.y;
    placed.forEach((p, i) => {
      const x = PAGE.left + i * (b.widthPt + gap);
      doc.image(Buffer.from(p.bytes), x, y, { width: b.widthPt, height: p.height });
      doc.save().lineWidth(0.5).strokeColor(COLOURS.rule).rect(x, y, b.widthPt, p.height).stroke().restore();
      doc.font('regular').fontSize(TYPE.caption).fillColor(COLOURS.muted);
      doc.text(p.item.caption, x, y + p.height + 3, { width: b.widthPt, lineGap: 1 });
    });
    doc.fillColor(COLOURS.text);
    doc.y = y + rowHeight + TYPE.margin;
  }
}

function drawSignatures(doc: Doc, b: Extract<Block, { kind: 'signatures' }>): void {
  const gap = 18;
  const w = (CONTENT_WIDTH - gap * (b.lines.length - 1)) / b.lines.length;
  const height = 2 * (TYPE.body + LINE_GAP) + 34;
  ensureSpace(doc, height);
  const y = doc.y;
  b.lines.forEach((l, i) => {
    const x = PAGE.left + i * (w + gap);
    doc.font('bold').fontSize(TYPE.body).fillColor(COLOURS.muted).text(l.label, x, y, { width: w });
    doc
      .save()
      .lineWidth(0.8)
      .strokeColor(COLOURS.text)
      .moveTo(x, y + 40)
      .lineTo(x + w, y + 40)
      .stroke()
      .restore();
    if (l.name) {
      doc
        .font('regular')
        .fillColor(COLOURS.text)
        .text(l.name, x, y + 44, { width: w });
    }
  });
  doc.fillColor(COLOURS.text);
  doc.y = y + height;
}

function drawBlock(doc: Doc, b: Block, next: Block | undefined, assets: ImageAssets): void {
  switch (b.kind) {
    case 'heading':
      drawHeading(doc, b, next);
      return;
    case 'paragraph':
      drawParagraph(doc, b);
      return;
    case 'list':
      drawList(doc, b);
      return;
    case 'keyValue':
      drawKeyValue(doc, b);
      return;
    case 'table':
      drawTable(doc, b);
      return;
    case 'images':
      drawImages(doc, b, assets);
      return;
    case 'signatures':
      drawSignatures(doc, b);
      return;
    case 'pageBreak':
      doc.addPage();
      return;
  }
}

function drawPageFurniture(doc: Doc, def: DocDefinition): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing outside the margins would start a new page: lift the bottom margin while drawing.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    doc.font('regular').fontSize(TYPE.caption).fillColor(COLOURS.muted);
    doc.text(def.header, PAGE.left, 26, { width: CONTENT_WIDTH, lineBreak: false, ellipsis: true });
    doc
      .save()
      .lineWidth(0.5)
      .strokeColor(COLOURS.rule)
      .moveTo(PAGE.left, 40)
      .lineTo(PAGE.width - PAGE.right, 40)
      .stroke()
      .restore();
    const pageNo = `${i + 1} / ${range.count}`;
    doc.text(def.footer, PAGE.left, PAGE.height - 36, {
      width: CONTENT_WIDTH - 60,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(pageNo, PAGE.width - PAGE.right - 60, PAGE.height - 36, {
      width: 60,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
}

/** Renders a document definition to PDF bytes. `assets` holds the image bytes (see prepareImages). */
export async function renderPdf(def: DocDefinition, assets: ImageAssets = new Map()): Promise<Buffer> {
  const f = await fonts();
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    bufferPages: true,
    lang: def.locale === 'ko' ? 'ko-KR' : 'en',
    displayTitle: true,
    info: {
      Title: def.title,
      Author: def.meta.author,
      Subject: def.meta.subject,
      Creator: 'liftplan',
      // A fixed date from the data keeps the output reproducible.
      CreationDate: new Date(`${def.meta.date}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  doc.font('regular').fontSize(TYPE.body).fillColor(COLOURS.text);
  def.blocks.forEach((b, i) => {
    drawBlock(doc, b, def.blocks[i + 1], assets);
  });
  drawPageFurniture(doc, def);
  doc.end();
  return done;
}
