/**
 * PDF file names: `chart-date-kind-lang.pdf`, e.g. `C-0042-2026-03-04-report-patient-ko.pdf`. The chart
 * number is kept to letters, digits, '-' and '_' so the name is safe in a header and on every file system.
 */
import type { Audience, Locale } from './types.js';
import type { ReportKind } from './render.js';

export function reportFileName(o: {
  readonly chart: string;
  readonly date: string;
  readonly kind: ReportKind;
  readonly audience?: Audience;
  readonly lang: Locale;
}): string {
  const chart = o.chart.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'patient';
  const kind = o.kind === 'aftercare' ? 'aftercare' : `report-${o.audience ?? 'patient'}`;
  return `${chart}-${o.date}-${kind}-${o.lang}.pdf`;
}
