import { Anchor, Button, Card, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportReasonSelect } from '../../components/ExportReasonSelect.js';
import type { ExportReason } from '../../lib/export-reasons.js';

/**
 * The de-identified research CSV of the patients whose consent gives the research scope, and its data
 * dictionary. The reason is chosen by the user (kept in the access log); the download stays off until then.
 */
export function ResearchExportCard() {
  const { t } = useTranslation();
  const [reason, setReason] = useState<ExportReason | ''>('');
  return (
    <Card withBorder data-testid="research-export">
      <Title order={4}>{t('interop.researchTitle')}</Title>
      <Text size="sm" c="dimmed" style={{ wordBreak: 'keep-all' }}>
        {t('interop.researchHint')}
      </Text>
      <Group align="end" mt="xs">
        <ExportReasonSelect value={reason} onChange={setReason} testId="research-reason" />
        <Button
          component="a"
          href={
            reason === ''
              ? undefined
              : `/api/exports/research.csv?${new URLSearchParams({ reason }).toString()}`
          }
          download
          disabled={reason === ''}
          data-testid="export-research"
        >
          {t('interop.downloadResearch')}
        </Button>
        <Anchor href="/api/exports/research-dictionary.csv" download>
          {t('interop.dictionary')}
        </Anchor>
      </Group>
    </Card>
  );
}
