/**
 * The photo quality gate's findings and the analysis job's refusals in plain words of the UI language, from
 * their codes (`check` + `status`, the vision error code) and numbers: the sentence says what to do, the
 * number stays in a details line below it. The gate's own sentences are not shown (they carry jargon).
 */
import { Text } from '@mantine/core';
import type { QualityCheck } from '@liftplan/domain';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format.js';

export const QUALITY_CHECKS = [
  'face-count',
  'face-size',
  'pose',
  'roll',
  'sharpness',
  'exposure',
  'expression',
] as const;

/** Analysis failures the UI words (`analysisErrors.*`); the vision package's `VISION_ERROR_CODES`. */
export const ANALYSIS_ERRORS = [
  'read-failed',
  'empty-file',
  'not-an-image',
  'unsupported-format',
  'truncated',
  'too-many-pixels',
  'too-small',
  'decode-failed',
  'no-face',
  'ambiguous-subject',
  'models-not-loaded',
  'detector-failed',
] as const;

/** The details line's number as the check reports it (exposure is a share of the face, shown in %). */
function detailValue(check: string, value: number, lang: string): string {
  if (check === 'exposure') return formatNumber(value * 100, lang, 1);
  const digits = check === 'face-size' ? 0 : check === 'face-count' || check === 'expression' ? 2 : 1;
  return formatNumber(value, lang, digits);
}

export function useQualityText(): (q: QualityCheck) => { text: string; details: string | null } {
  const { t, i18n } = useTranslation();
  return (q) => {
    const known = (QUALITY_CHECKS as readonly string[]).includes(q.check);
    const text = known ? t(`qualityText.${q.check}.${q.status}`) : t(`qualityText.other.${q.status}`);
    const details =
      q.value === undefined || q.status === 'pass'
        ? null
        : t(known ? `qualityText.details.${q.check}` : 'qualityText.details.other', {
            value: detailValue(q.check, q.value, i18n.language),
          });
    return { text, details };
  };
}

/** One finding of the gate: the sentence, and its number in a smaller details line. */
export function QualityLine({
  check,
  size = 'xs',
  inherit = false,
}: {
  readonly check: QualityCheck;
  readonly size?: 'xs' | 'sm';
  /** Keep the surrounding colour (inside a filled alert). */
  readonly inherit?: boolean;
}) {
  const word = useQualityText();
  const w = word(check);
  return (
    <div data-testid="quality-line" data-check={check.check} data-status={check.status}>
      <Text
        size={size}
        c={
          inherit
            ? undefined
            : check.status === 'fail'
              ? 'red'
              : check.status === 'warn'
                ? 'orange'
                : undefined
        }
      >
        {w.text}
      </Text>
      {w.details && (
        <Text
          size="xs"
          c={inherit ? undefined : 'dimmed'}
          opacity={inherit ? 0.85 : undefined}
          data-testid="quality-details"
        >
          {w.details}
        </Text>
      )}
    </div>
  );
}

/** Why the analysis of a photo failed, in the UI language (the English reason stays in the logs). */
export function useAnalysisErrorText(): (code: string | undefined) => string {
  const { t } = useTranslation();
  return (code) =>
    code !== undefined && (ANALYSIS_ERRORS as readonly string[]).includes(code)
      ? t(`analysisErrors.${code}`)
      : t('analysisErrors.other');
}
