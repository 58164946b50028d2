import { Alert, List, Text } from '@mantine/core';
import type { Candidacy } from '@liftplan/domain';
import { useTranslation } from 'react-i18next';
import { pick } from '../lib/bilingual.js';

const COLOUR = {
  good: 'teal',
  caution: 'yellow',
  'refer-surgical': 'orange',
  defer: 'orange',
  contraindicated: 'red',
} as const;

/** The candidacy verdict with its reasons (and their citation keys) from the domain's criteria. */
export function CandidacyBanner({ candidacy }: { readonly candidacy: Candidacy }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert
      color={COLOUR[candidacy.verdict]}
      title={`${t('candidacy.title')}: ${t(`candidacy.verdict.${candidacy.verdict}`)}`}
      data-testid="candidacy"
      data-verdict={candidacy.verdict}
    >
      {candidacy.reasons.length === 0 ? (
        <Text size="sm">{t('candidacy.noReasons')}</Text>
      ) : (
        <List size="sm">
          {candidacy.reasons.map((r) => (
            <List.Item key={r.id}>
              {pick(r.text, i18n.language)}{' '}
              <Text span size="xs" c="dimmed">
                [{r.cite.join(', ')}]
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
