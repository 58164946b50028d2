import { buildAftercareSheet } from './aftercare-sheet.js';
import { prepareImages, type ImageOptions } from './assets.js';
import { buildConsultationReport } from './consultation.js';
import { renderPdf } from './pdf.js';
import type { Audience, DocDefinition, Locale, ReportInput } from './types.js';

export type ReportKind = 'consultation' | 'aftercare';

export interface RenderOptions extends ImageOptions {
  /** Patient copy (default) or clinician copy of the consultation report; the aftercare sheet has one. */
  readonly audience?: Audience;
}

/** Builds and renders one document: the whole path from input to PDF bytes. */
export async function renderReport(
  input: ReportInput,
  kind: ReportKind,
  locale: Locale,
  options: RenderOptions = {},
): Promise<{ def: DocDefinition; pdf: Buffer }> {
  const def =
    kind === 'consultation'
      ? buildConsultationReport(input, locale, options.audience ?? 'patient')
      : buildAftercareSheet(input, locale);
  const assets = await prepareImages(def, input.photos ?? [], options);
  return { def, pdf: await renderPdf(def, assets) };
}
