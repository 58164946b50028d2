/**
 * Error bands and provisional banners, shared by the analysis, plan, consultation and compare screens: every
 * value with its "±SEM" (or "± not measured"), the legend saying what ± means, and the banner for a plan
 * measured from a photo that failed the quality gate.
 */
import { Alert, List, Text } from '@mantine/core';
import type { AsymmetryResult, LandmarkSet, MetricResult, ViewMeasurements } from '@liftplan/domain';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.js';
import { QualityLine } from '../QualityText.js';

/** "12.3 mm ±0.6" in the UI language; `suffix` adds e.g. the estimate label. */
export function useValueWithBand(): (m: MetricResult | undefined, suffix?: string) => string {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (m, suffix = '') => {
    if (!m) return '';
    if (m.status !== 'measured') return t('analysis.notMeasurable');
    const digits = m.unit === 'ratio' ? 2 : 1;
    const unit = m.unit === 'ratio' ? '' : ` ${t(`units.${m.unit}`)}`;
    const band = m.band
      ? t('measure.band', { sem: formatNumber(m.band.sem, lang, digits) })
      : t('measure.bandNotMeasured');
    return `${formatNumber(m.value, lang, digits)}${unit} ${band}${suffix}`;
  };
}

/** What ± means under a table of values: the SEM's source, the number of shots and the scale's share. */
export function BandLegend({ view }: { readonly view: ViewMeasurements }) {
  const { t } = useTranslation();
  const band = view.metrics.flatMap((m) => (m.status === 'measured' && m.band ? [m.band] : []))[0];
  if (!band) {
    return (
      <Text size="xs" c="dimmed" data-testid="band-legend">
        {t('measure.legendNone')}
      </Text>
    );
  }
  const detector = band.source.split(' ')[0] ?? band.source;
  return (
    <Text size="xs" c="dimmed" data-testid="band-legend" title={band.source}>
      {t('measure.legend', {
        detector,
        shots: band.shots > 1 ? t('measure.shotsMany', { n: band.shots }) : t('measure.shotsOne'),
        scale: Math.round(view.calibration.relativeUncertainty * 100),
        scaleSource: t(`measure.scaleSource.${view.calibration.source}`),
      })}
    </Text>
  );
}

/** Differences over the perceptibility threshold that the band does not let through. */
export function WithinErrorLines({ asymmetries }: { readonly asymmetries: readonly AsymmetryResult[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const within = asymmetries.filter((a) => !a.perceptible && a.band && Math.abs(a.difference) > a.threshold);
  return within.map((a) => (
    <Text size="sm" c="dimmed" key={a.id} data-testid="within-error">
      {t('measure.withinError', {
        metric: t(`metrics.${a.id}`),
        value: formatNumber(Math.abs(a.difference), lang),
        threshold: formatNumber(a.threshold, lang),
        mdc: formatNumber(a.band?.mdc ?? NaN, lang),
        unit: t(`units.${a.unit}`),
      })}
    </Text>
  ));
}

/**
 * The banner of a provisional plan: every failed quality check of the photo, in the UI language. Shown
 * when the landmarks carry a failed check or the analysis says the photo did not pass.
 */
export function ProvisionalBanner({
  landmarks,
  passed,
}: {
  readonly landmarks: LandmarkSet | undefined;
  readonly passed: boolean | undefined;
}) {
  const { t } = useTranslation();
  const failed = (landmarks?.quality ?? []).filter((q) => q.status === 'fail');
  if (failed.length === 0 && passed !== false) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      title={t('measure.provisionalTitle')}
      data-testid="provisional-banner"
    >
      {failed.length > 0 ? (
        <List size="sm">
          {failed.map((q) => (
            <List.Item key={q.check}>
              <QualityLine check={q} size="sm" inherit />
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">{t('measure.provisionalUnknown')}</Text>
      )}
      <Text size="sm" mt="xs">
        {t('measure.provisionalBody')}
      </Text>
    </Alert>
  );
}
