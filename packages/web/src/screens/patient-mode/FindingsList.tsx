import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.js';
import type { PlainFinding } from './findings.js';

const KEY: Record<PlainFinding['kind'], (f: PlainFinding) => string> = {
  noticeable: () => 'patientMode.findingNoticeable',
  'within-error': () => 'patientMode.findingWithinError',
  small: (f) => (f.withinError ? 'patientMode.findingSmallWithinError' : 'patientMode.findingSmall'),
};

/**
 * The measured left–right differences in plain words, each with its error band; first a sentence saying
 * whether any is one people usually notice. Shared by the consultation and patient mode.
 */
export function FindingsList({
  findings,
  testId,
}: {
  readonly findings: readonly PlainFinding[];
  readonly testId: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const noticeable = findings.some((f) => f.kind === 'noticeable');
  return (
    <>
      {!noticeable && <Text>{t('patientMode.noFindings')}</Text>}
      {findings.length > 0 && (
        <List spacing="xs" data-testid={testId}>
          {findings.map((f) => {
            // "2.2°" but "0.8 mm": the degree sign sits on the number.
            const withUnit = (v: number): string =>
              f.unit === 'deg'
                ? `${formatNumber(v, lang)}${t('units.deg')}`
                : `${formatNumber(v, lang)} ${t('units.mm')}`;
            return (
              <List.Item key={f.id} data-testid={`finding-${f.kind}`}>
                {t(KEY[f.kind](f), {
                  metric: t(`metrics.${f.id}`),
                  amount: withUnit(f.value),
                  band:
                    f.sem === null
                      ? t('patientMode.noBand')
                      : t('patientMode.band', { sem: withUnit(f.sem) }),
                })}
              </List.Item>
            );
          })}
        </List>
      )}
    </>
  );
}
