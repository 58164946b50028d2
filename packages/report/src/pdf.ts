/**
 * renderPdf: lays out a document definition with pdfkit, in Noto Sans KR (Korean and Latin in one font,
 * subset-embedded by pdfkit so only the glyphs used are stored). Every text that carries risks, side effects
 * or the legal notice is set in the body size; only image captions, band notes and the page header/footer are
 * smaller. Lines break at spaces only (line-break.ts), so a Korean word is never split across lines. A
 * heading is kept on the page with the start of what follows it (never last on a page).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { imageSize } from './image-size.js';
import { wrapWords } from './line-break.js';
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
  warningFill: '#fff1d6',
  warningRule: '#d08b00',
  accent: '#1d4e89',
};

/** Where each image landed: page index (0-based) and rectangle in points (tests render it with pdftoppm). */
export interface ImagePlacement {
  readonly ref: string;
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

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

type FontName = 'regular' | 'bold';

const lineHeight = (doc: Doc, lineGap: number): number => doc.currentLineHeight(true) + lineGap;

/** Line breaks already computed for a document (headings and tables are measured more than once). */
const lineCache = new WeakMap<Doc, Map<string, string[]>>();

/** The lines of a text at a width, in the given font (word-keeping breaks). */
function linesOf(doc: Doc, text: string, width: number, font: FontName, size: number): string[] {
  doc.font(font).fontSize(size);
  let cache = lineCache.get(doc);
  if (!cache) {
    cache = new Map();
    lineCache.set(doc, cache);
  }
  const key = `${font}|${size}|${width}|${text}`;
  let lines = cache.get(key);
  if (!lines) {
    lines = wrapWords(text, width, (s) => doc.widthOfString(s));
    cache.set(key, lines);
  }
  return lines;
}

function textHeight(
  doc: Doc,
  text: string,
  width: number,
  font: FontName,
  size: number,
  lineGap: number = LINE_GAP,
): number {
  return linesOf(doc, text, width, font, size).length * lineHeight(doc, lineGap);
}

/**
 * Sets a text at (x, y) in `width`, line by line (pdfkit never wraps it), and leaves doc.y under it. Font,
 * size and colour are the caller's.
 */
function drawText(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  o: { width: number; font: FontName; size: number; lineGap?: number; align?: 'left' | 'right' | 'center' },
): number {
  const gap = o.lineGap ?? LINE_GAP;
  const lines = linesOf(doc, text, o.width, o.font, o.size);
  const step = lineHeight(doc, gap);
  let yy = y;
  for (const line of lines) {
    const w = doc.widthOfString(line);
    const dx = o.align === 'right' ? o.width - w : o.align === 'center' ? (o.width - w) / 2 : 0;
    if (line.length > 0) doc.text(line, x + Math.max(0, dx), yy, { lineBreak: false });
    yy += step;
  }
  doc.x = x;
  doc.y = yy;
  return yy - y;
}

const headingSize = (level: 1 | 2 | 3): number => (level === 1 ? TYPE.h1 : level === 2 ? TYPE.h2 : TYPE.h3);
const headingSpace = (level: 1 | 2 | 3): number => (level === 1 ? 8 : 5);

/**
 * The height of a block's first piece that must share the page with a heading above it: a short table
 * whole (else its header and first row), a paragraph's first three lines, a list's first item, a row of
 * images, the first key/value row; a heading with what it keeps in turn.
 */
function leadHeight(doc: Doc, blocks: readonly Block[], i: number, assets: ImageAssets): number {
  const b = blocks[i];
  if (!b) return 0;
  switch (b.kind) {
    case 'heading':
      return (
        headingSpace(b.level) +
        textHeight(doc, b.text, CONTENT_WIDTH, 'bold', headingSize(b.level)) +
        3 +
        leadHeight(doc, blocks, i + 1, assets)
      );
    case 'table':
      return tableKeepHeight(doc, b);
    case 'paragraph': {
      const pad = b.style === 'notice' || b.style === 'warning' ? 12 : 0;
      const size = b.style === 'caption' ? TYPE.caption : TYPE.body;
      const h = textHeight(doc, b.text, CONTENT_WIDTH - pad, b.style === 'strong' ? 'bold' : 'regular', size);
      if (pad > 0) return h + pad;
      const three = 3 * lineHeight(doc, LINE_GAP);
      // A short lead-in ("Each numbered line is…") stays with what it introduces, and so does the heading.
      return h <= three ? h + TYPE.margin + leadHeight(doc, blocks, i + 1, assets) : three;
    }
    case 'list':
      return textHeight(doc, b.items[0] ?? '', CONTENT_WIDTH - 12, 'regular', TYPE.body);
    case 'keyValue': {
      const r = b.rows[0];
      return r ? textHeight(doc, r.value, CONTENT_WIDTH - 130, 'regular', TYPE.body) : 0;
    }
    case 'images':
      return imageRowHeight(doc, b, b.items.slice(0, imagesPerRow(b)), assets);
    case 'signatures':
      return 2 * (TYPE.body + LINE_GAP) + 34;
    case 'pageBreak':
      return 0;
  }
}

function drawHeading(doc: Doc, b: Extract<Block, { kind: 'heading' }>, keep: number): void {
  const size = headingSize(b.level);
  const h = textHeight(doc, b.text, CONTENT_WIDTH, 'bold', size);
  if (process.env['DEBUG_PDF']) console.log('H', b.id, Math.round(doc.y), Math.round(keep));
  ensureSpace(doc, headingSpace(b.level) + h + 3 + keep);
  if (doc.y > PAGE.top + 1) doc.y += headingSpace(b.level);
  doc
    .font('bold')
    .fontSize(size)
    .fillColor(b.level === 1 ? COLOURS.accent : COLOURS.text);
  drawText(doc, b.text, PAGE.left, doc.y, { width: CONTENT_WIDTH, font: 'bold', size });
  doc.fillColor(COLOURS.text);
  doc.y += 3;
}

function drawParagraph(doc: Doc, b: Extract<Block, { kind: 'paragraph' }>): void {
  const font = b.style === 'strong' ? 'bold' : 'regular';
  if (b.style === 'notice' || b.style === 'warning') {
    const pad = 6;
    const boxFont: FontName = b.style === 'warning' ? 'bold' : font;
    const h = textHeight(doc, b.text, CONTENT_WIDTH - 2 * pad, boxFont, TYPE.body) + 2 * pad;
    ensureSpace(doc, h);
    const y = doc.y;
    const [fill, rule] =
      b.style === 'warning' ? [COLOURS.warningFill, COLOURS.warningRule] : [COLOURS.noticeFill, COLOURS.rule];
    doc
      .save()
      .lineWidth(b.style === 'warning' ? 1.2 : 1)
      .rect(PAGE.left, y, CONTENT_WIDTH, h)
      .fillAndStroke(fill, rule)
      .restore();
    doc.font(boxFont).fontSize(TYPE.body).fillColor(COLOURS.text);
    drawText(doc, b.text, PAGE.left + pad, y + pad, {
      width: CONTENT_WIDTH - 2 * pad,
      font: boxFont,
      size: TYPE.body,
    });
    doc.y = y + h + TYPE.margin;
    return;
  }
  const size = b.style === 'caption' ? TYPE.caption : TYPE.body;
  const h = textHeight(doc, b.text, CONTENT_WIDTH, font, size);
  ensureSpace(doc, Math.min(h, 3 * lineHeight(doc, LINE_GAP)));
  doc
    .font(font)
    .fontSize(size)
    .fillColor(b.style === 'caption' ? COLOURS.muted : COLOURS.text);
  // A long paragraph may run onto the next page: set it line by line, turning the page where needed.
  const lines = linesOf(doc, b.text, CONTENT_WIDTH, font, size);
  const step = lineHeight(doc, LINE_GAP);
  for (const line of lines) {
    if (doc.y + step > BOTTOM) {
      doc.addPage();
      doc.font(font).fontSize(size);
    }
    if (line.length > 0) doc.text(line, PAGE.left, doc.y, { lineBreak: false });
    doc.x = PAGE.left;
    doc.y += step;
  }
  doc.fillColor(COLOURS.text);
  doc.y += TYPE.margin;
}

function drawList(doc: Doc, b: Extract<Block, { kind: 'list' }>): void {
  const indent = 12;
  for (const item of b.items) {
    const h = textHeight(doc, item, CONTENT_WIDTH - indent, 'regular', TYPE.body);
    ensureSpace(doc, h);
    const y = doc.y;
    doc.font('regular').fontSize(TYPE.body).fillColor(COLOURS.text);
    doc.text('•', PAGE.left + 2, y, { lineBreak: false });
    drawText(doc, item, PAGE.left + indent, y, {
      width: CONTENT_WIDTH - indent,
      font: 'regular',
      size: TYPE.body,
    });
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
    drawText(doc, r.key, PAGE.left, y, { width: keyWidth - 6, font: 'bold', size: TYPE.body });
    doc.font('regular').fillColor(COLOURS.text);
    drawText(doc, r.value, PAGE.left + keyWidth, y, {
      width: CONTENT_WIDTH - keyWidth,
      font: 'regular',
      size: TYPE.body,
    });
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
  font: FontName,
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
  const rowHeight = (cells: readonly string[], font: FontName): number =>
    tableRowHeight(doc, widths, cells, font);
  const drawRow = (cells: readonly string[], font: FontName, fill: string | null): void => {
    const h = rowHeight(cells, font);
    const y = doc.y;
    let x = PAGE.left;
    if (fill) doc.save().rect(PAGE.left, y, CONTENT_WIDTH, h).fill(fill).restore();
    doc.font(font).fontSize(TYPE.body).fillColor(COLOURS.text);
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      const col: TableColumn | undefined = b.columns[i];
      drawText(doc, cell, x + pad, y + pad, {
        width: w - 2 * pad,
        font,
        size: TYPE.body,
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

const IMAGE_GAP = 12;

const imagesPerRow = (b: Extract<Block, { kind: 'images' }>): number =>
  Math.max(1, Math.floor((CONTENT_WIDTH + IMAGE_GAP) / (b.widthPt + IMAGE_GAP)));

function imageHeight(b: Extract<Block, { kind: 'images' }>, ref: string, assets: ImageAssets): number {
  const bytes = assets.get(ref);
  if (!bytes) throw new Error(`image "${ref}" was not prepared (see prepareImages)`);
  const size = imageSize(bytes);
  return (b.widthPt * size.height) / size.width;
}

function imageRowHeight(
  doc: Doc,
  b: Extract<Block, { kind: 'images' }>,
  row: Extract<Block, { kind: 'images' }>['items'],
  assets: ImageAssets,
): number {
  return Math.max(
    0,
    ...row.map(
      (item) =>
        imageHeight(b, item.ref, assets) +
        3 +
        textHeight(doc, item.caption, b.widthPt, 'regular', TYPE.caption, 1),
    ),
  );
}

function drawImages(
  doc: Doc,
  b: Extract<Block, { kind: 'images' }>,
  assets: ImageAssets,
  placed: ImagePlacement[],
): void {
  const perRow = imagesPerRow(b);
  for (let start = 0; start < b.items.length; start += perRow) {
    const row = b.items.slice(start, start + perRow);
    const rowHeight = imageRowHeight(doc, b, row, assets);
    ensureSpace(doc, rowHeight);
    const y = doc.y;
    const page = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
    row.forEach((item, i) => {
      const bytes = assets.get(item.ref) ?? new Uint8Array();
      const height = imageHeight(b, item.ref, assets);
      const x = PAGE.left + i * (b.widthPt + IMAGE_GAP);
      doc.image(Buffer.from(bytes), x, y, { width: b.widthPt, height });
      placed.push({ ref: item.ref, page, x, y, width: b.widthPt, height });
      doc.save().lineWidth(0.5).strokeColor(COLOURS.rule).rect(x, y, b.widthPt, height).stroke().restore();
      doc.font('regular').fontSize(TYPE.caption).fillColor(COLOURS.muted);
      drawText(doc, item.caption, x, y + height + 3, {
        width: b.widthPt,
        font: 'regular',
        size: TYPE.caption,
        lineGap: 1,
      });
    });
    doc.fillColor(COLOURS.text);
    doc.x = PAGE.left;
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
    doc.font('bold').fontSize(TYPE.body).fillColor(COLOURS.muted);
    drawText(doc, l.label, x, y, { width: w, font: 'bold', size: TYPE.body });
    doc
      .save()
      .lineWidth(0.8)
      .strokeColor(COLOURS.text)
      .moveTo(x, y + 40)
      .lineTo(x + w, y + 40)
      .stroke()
      .restore();
    if (l.name) {
      doc.font('regular').fillColor(COLOURS.text);
      drawText(doc, l.name, x, y + 44, { width: w, font: 'regular', size: TYPE.body });
    }
  });
  doc.fillColor(COLOURS.text);
  doc.y = y + height;
}

function drawBlock(
  doc: Doc,
  blocks: readonly Block[],
  i: number,
  assets: ImageAssets,
  placed: ImagePlacement[],
): void {
  const b = blocks[i];
  if (!b) return;
  switch (b.kind) {
    case 'heading':
      drawHeading(doc, b, leadHeight(doc, blocks, i + 1, assets));
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
      drawImages(doc, b, assets, placed);
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
  return (await renderPdfWithLayout(def, assets)).pdf;
}

/** renderPdf, and where each image was placed. */
export async function renderPdfWithLayout(
  def: DocDefinition,
  assets: ImageAssets = new Map(),
): Promise<{ pdf: Buffer; images: readonly ImagePlacement[] }> {
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
  const placed: ImagePlacement[] = [];
  def.blocks.forEach((_, i) => {
    drawBlock(doc, def.blocks, i, assets, placed);
  });
  drawPageFurniture(doc, def);
  doc.end();
  return { pdf: await done, images: placed };
}
