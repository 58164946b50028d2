import { Anchor, Card, Group, NativeSelect, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordCopyUrls } from '../../lib/export-reasons.js';

type Lang = 'ko' | 'en' | '';

/**
 * The patient's copy of their own record (Medical Service Act Art. 21), for doctors and admins: the whole record
 * as one PDF in the chosen language and the FHIR file, both audited as the patient's request. The language is
 * chosen each time (nothing pre-chosen).
 */
export function RecordCopyCard({ patientId }: { readonly patientId: string }) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<Lang>('');
  const urls = recordCopyUrls(patientId, lang);
  return (
    <Card withBorder data-testid="record-copy">
      <Title order={4}>{t('records.copyTitle')}</Title>
      <Text size="sm" c="dimmed" style={{ wordBreak: 'keep-all' }}>
        {t('records.copyHint')}
      </Text>
      <Group align="end" mt="xs">
        <NativeSelect
          label={t('records.copyLang')}
          value={lang}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setLang(v === 'ko' || v === 'en' ? v : '');
          }}
          data={[
            { value: '', label: t('records.chooseLang') },
            { value: 'ko', label: '한국어' },
            { value: 'en', label: 'English' },
          ]}
          data-testid="record-copy-lang"
        />
        {urls ? (
          <>
            <Anchor href={urls.pdf} download data-testid="record-copy-pdf">
              {t('records.copyPdf')}
            </Anchor>
            <Anchor href={urls.fhir} download data-testid="record-copy-fhir">
              {t('records.copyFhir')}
            </Anchor>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('records.copyPdf')} · {t('records.copyFhir')}
          </Text>
        )}
      </Group>
    </Card>
  );
}
