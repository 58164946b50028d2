import { Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { birthDateProblem } from '@liftplan/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePatientVersions, useUpdatePatient } from '../../api/hooks.js';
import { SEXES, type Patient, type Sex } from '@liftplan/api';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime, today } from '../../lib/format.js';

/**
 * Demographics and contact details, editable: each save is a new version on the server (the original kept,
 * audited), listed below with who changed what and when.
 */
export function DemographicsCard({
  patient,
  canEdit,
}: {
  readonly patient: Patient;
  readonly canEdit: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const versions = usePatientVersions(patient.id);
  const update = useUpdatePatient(patient.id);
  const [editing, setEditing] = useState(false);
  const [displayName, setName] = useState(patient.displayName);
  const [birthDate, setBirth] = useState(patient.birthDate);
  const [sex, setSex] = useState<Sex>(patient.sex);
  const [phone, setPhone] = useState(patient.phone ?? '');
  const [email, setEmail] = useState(patient.email ?? '');
  const [address, setAddress] = useState(patient.address ?? '');
  const [reason, setReason] = useState('');
  const birthProblem = birthDate === '' ? null : birthDateProblem(birthDate, today());

  const start = () => {
    setName(patient.displayName);
    setBirth(patient.birthDate);
    setSex(patient.sex);
    setPhone(patient.phone ?? '');
    setEmail(patient.email ?? '');
    setAddress(patient.address ?? '');
    setReason('');
    setEditing(true);
  };
  const save = () => {
    update.mutate(
      {
        version: patient.version,
        displayName,
        birthDate,
        sex,
        phone: phone.trim() === '' ? null : phone,
        email: email.trim() === '' ? null : email,
        address: address.trim() === '' ? null : address,
        reason: reason.trim() === '' ? null : reason,
      },
      { onSuccess: () => setEditing(false) },
    );
  };
  const field = (k: string): string =>
    k === 'created'
      ? t('care.created')
      : k === 'displayName'
        ? t('patients.name')
        : k === 'birthDate'
          ? t('patients.birthDate')
          : k === 'sex'
            ? t('patients.sex')
            : t(`care.${k}`);

  return (
    <Card withBorder data-testid="demographics">
      <Group justify="space-between">
        <Title order={4}>{t('care.demographics')}</Title>
        {canEdit && !editing && (
          <Button size="xs" variant="light" onClick={start} data-testid="demographics-edit">
            {t('care.edit')}
          </Button>
        )}
      </Group>
      {editing ? (
        <Stack mt="sm">
          <Group grow>
            <TextInput
              label={t('patients.name')}
              value={displayName}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="demo-name"
            />
            <TextInput
              label={t('patients.birthDate')}
              type="date"
              value={birthDate}
              onChange={(e) => setBirth(e.currentTarget.value)}
              error={birthProblem?.[lang]}
              data-testid="demo-birth"
            />
            <NativeSelect
              label={t('patients.sex')}
              value={sex}
              onChange={(e) => setSex(e.currentTarget.value as Sex)}
              data={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
            />
          </Group>
          <Group grow>
            <TextInput
              label={t('care.phone')}
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              data-testid="demo-phone"
            />
            <TextInput
              label={t('care.email')}
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-testid="demo-email"
            />
          </Group>
          <TextInput
            label={t('care.address')}
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
          />
          <TextInput
            label={t('care.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="demo-reason"
          />
          <ErrorAlert error={update.error} />
          <Group>
            <Button
              onClick={save}
              loading={update.isPending}
              disabled={birthProblem !== null}
              data-testid="demographics-save"
            >
              {t('care.save')}
            </Button>
            <Button variant="default" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text size="sm" mt={4}>
          {t('care.phone')}: {patient.phone ?? '—'} · {t('care.email')}: {patient.email ?? '—'} ·{' '}
          {t('care.address')}: {patient.address ?? '—'}
        </Text>
      )}
      {(versions.data?.length ?? 0) > 0 && (
        <Table mt="sm" withTableBorder data-testid="patient-versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('care.versions')}</Table.Th>
              <Table.Th>{t('care.changed')}</Table.Th>
              <Table.Th>{t('care.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(versions.data ?? []).map((v) => (
              <Table.Tr key={v.number}>
                <Table.Td>
                  {t('care.versionLine', {
                    n: v.number,
                    when: formatDateTime(v.changedAt, i18n.language),
                    who: v.changedByName ?? v.changedBy,
                  })}
                </Table.Td>
                <Table.Td>{v.changed.map(field).join(', ')}</Table.Td>
                <Table.Td>{v.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
