import { Button, Card, Group, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportReasonSelect } from '../../components/ExportReasonSelect.js';
import { fhirDownloadUrl, type ExportReason } from '../../lib/export-reasons.js';

/**
 * The patient's record as a FHIR R4 Bundle (admins and doctors): the user chooses why it leaves the clinic
 * (kept in the access log) and, optionally, a date range. Nothing is pre-chosen; the download stays off until a
 * reason is picked.
 */
export function RecordExportCard({ patientId }: { readonly patientId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<ExportReason | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return (
    <Card withBorder data-testid="record-export">
      <Title order={4}>{t('interop.exportTitle')}</Title>
      <Text size="sm" c="dimmed" style={{ wordBreak: 'keep-all' }}>
        {t('interop.exportHint')}
      </Text>
      <Group align="end" mt="xs">
        <ExportReasonSelect value={reason} onChange={setReason} testId="export-reason" />
        <TextInput
          label={t('interop.from')}
          type="date"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          label={t('interop.to')}
          type="date"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Button
          component="a"
          href={reason === '' ? undefined : fhirDownloadUrl(patientId, reason, { from, to })}
          download
          disabled={reason === ''}
          data-testid="export-fhir"
        >
          {t('interop.downloadFhir')}
        </Button>
      </Group>
    </Card>
  );
}
