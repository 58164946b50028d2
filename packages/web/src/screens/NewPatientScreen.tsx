import { Button, Card, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreatePatient } from '../api/hooks.js';
import { SEXES, type Sex } from '@liftplan/api';
import { birthDateProblem } from '@liftplan/domain';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { today } from '../lib/format.js';

export function NewPatientScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const navigate = useNavigate();
  const create = useCreatePatient();
  const [chartNumber, setChart] = useState('');
  const [displayName, setName] = useState('');
  const [birthDate, setBirth] = useState('');
  // Chosen by the user, never pre-selected.
  const [sex, setSex] = useState<Sex | ''>('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const birthProblem = birthDate === '' ? null : birthDateProblem(birthDate, today());

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (sex === '' || birthProblem) return;
    create.mutate(
      {
        chartNumber,
        displayName,
        birthDate,
        sex,
        history: {},
        notes: null,
        phone: phone.trim() === '' ? null : phone,
        email: email.trim() === '' ? null : email,
      },
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
            error={birthProblem?.[lang]}
            data-testid="patient-birth"
          />
          <NativeSelect
            label={t('patients.sex')}
            required
            value={sex}
            onChange={(e) => setSex(e.currentTarget.value as Sex | '')}
            data={[
              { value: '', label: t('care.choose') },
              ...SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) })),
            ]}
            data-testid="patient-sex"
          />
          <TextInput
            label={t('care.phone')}
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
          />
          <TextInput
            label={t('care.email')}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
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
