import { Button, Card, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreatePatient } from '../api/hooks.js';
import type { Sex } from '../api/types.js';
import { ErrorAlert } from '../components/ErrorAlert.js';

export function NewPatientScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreatePatient();
  const [chartNumber, setChart] = useState('');
  const [displayName, setName] = useState('');
  const [birthDate, setBirth] = useState('');
  const [sex, setSex] = useState<Sex>('female');

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    create.mutate(
      { chartNumber, displayName, birthDate, sex, history: {}, notes: null },
      { onSuccess: (p) => void navigate(`/patients/${p.id}`) },
    );
  };

  return (
    <Card withBorder maw={560} p="lg">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2}>{t('patients.newPatient')}</Title>
          <TextInput
            label={t('patients.chart')}
            required
            value={chartNumber}
            onChange={(e) => setChart(e.currentTarget.value)}
            data-testid="patient-chart"
          />
          <TextInput
            label={t('patients.name')}
            required
            value={displayName}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="patient-name"
          />
          <TextInput
            label={t('patients.birthDate')}
            type="date"
            required
            value={birthDate}
            onChange={(e) => setBirth(e.currentTarget.value)}
            data-testid="patient-birth"
          />
          <NativeSelect
            label={t('patients.sex')}
            value={sex}
            onChange={(e) => setSex(e.currentTarget.value as Sex)}
            data={(['female', 'male', 'other'] as const).map((s) => ({ value: s, label: t(`sex.${s}`) }))}
            data-testid="patient-sex"
          />
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="patient-create">
              {t('patients.create')}
            </Button>
            <Button variant="default" onClick={() => void navigate('/')}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
