import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ERROR_DETAIL_CODES, isErrorCode } from '@liftplan/api';
import { ApiError } from '../api/client.js';

/** Server detail codes the UI words (`serverErrors.*`): the API contract's `ERROR_DETAIL_CODES`. */
export const DETAIL_CODES = ERROR_DETAIL_CODES;

/** Entities a `not_found` detail may name (others are worded generically). */
const ENTITIES = [
  'patient',
  'visit',
  'photo',
  'plan',
  'procedure',
  'follow-up',
  'analysis',
  'user',
  'organisation',
];

/**
 * An API or network error, in the UI language only: a headline from the error code and a sentence from the
 * detail code and its parameters. The server's English text (and field paths) stay in a folded technical
 * note for staff, marked as English, never inside a Korean sentence.
 */
export function ErrorAlert({ error }: { readonly error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const english = !i18n.language.startsWith('ko');
  const api = error instanceof ApiError ? error : undefined;
  const code = api && isErrorCode(api.code) ? api.code : 'network';
  const d = api?.detail;
  let sentence: string | null = null;
  if (d && (DETAIL_CODES as readonly string[]).includes(d.code)) {
    const what = typeof d.params.what === 'string' && ENTITIES.includes(d.params.what) ? d.params.what : null;
    sentence = t(`serverErrors.${d.code}`, {
      ...d.params,
      what: what ? t(`serverErrors.entity.${what}`) : t('serverErrors.entity.record'),
    });
  }
  const technical = [
    error instanceof Error ? error.message : '',
    ...(api?.fields.map((f) => `${f.path}: ${f.message}`) ?? []),
  ].filter((x) => x.length > 0);
  return (
    <Alert color="red" role="alert" title={t(`errors.${code}`)} data-testid="error">
      {sentence && <Text size="sm">{sentence}</Text>}
      {!sentence && english && error instanceof Error && error.message && (
        <Text size="sm">{error.message}</Text>
      )}
      {api && api.fields.length > 0 && (
        <Text size="sm">{t('serverErrors.fieldCount', { count: api.fields.length })}</Text>
      )}
      {technical.length > 0 && (
        <details className="lp-technical">
          <summary>{t('serverErrors.technical')}</summary>
          <Text size="xs" lang="en" translate="no" component="div">
            {technical.map((x) => (
              <div key={x}>{x}</div>
            ))}
          </Text>
        </details>
      )}
    </Alert>
  );
}
