import { Button, Group, Loader, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePatients } from '../api/hooks.js';
import { useAuth } from '../auth.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { ageOn, formatDate, today } from '../lib/format.js';

export function PatientListScreen() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const patients = usePatients();
  const [q, setQ] = useState('');
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = patients.data ?? [];
    if (!needle) return all;
    return all.filter(
      (p) => p.displayName.toLowerCase().includes(needle) || p.chartNumber.toLowerCase().includes(needle),
    );
  }, [patients.data, q]);
  const now = today();

  return (
    <section aria-labelledby="patients-title">
      <Group justify="space-between" mb="md">
        <Title order={2} id="patients-title">
          {t('patients.title')}
        </Title>
        {user?.role !== 'admin' && (
          <Button component={Link} to="/patients/new" data-testid="new-patient">
            {t('patients.newPatient')}
          </Button>
        )}
      </Group>
      <TextInput
        placeholder={t('patients.search')}
        aria-label={t('patients.search')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        mb="md"
        maw={420}
        data-testid="patient-search"
      />
      <ErrorAlert error={patients.error} />
      {patients.isLoading ? (
        <Loader size="sm" />
      ) : shown.length === 0 ? (
        <Text c="dimmed">{t('patients.empty')}</Text>
      ) : (
        <Table striped highlightOnHover data-testid="patient-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('patients.chart')}</Table.Th>
              <Table.Th>{t('patients.name')}</Table.Th>
              <Table.Th>{t('patients.birthDate')}</Table.Th>
              <Table.Th>{t('patients.age')}</Table.Th>
              <Table.Th>{t('patients.sex')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((p) => (
              <Table.Tr
                key={p.id}
                tabIndex={0}
                style={{ cursor: 'pointer' }}
                onClick={() => void navigate(`/patients/${p.id}`)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void navigate(`/patients/${p.id}`);
                }}
              >
                <Table.Td>{p.chartNumber}</Table.Td>
                <Table.Td>
                  <Link to={`/patients/${p.id}`}>{p.displayName}</Link>
                </Table.Td>
                <Table.Td>{formatDate(p.birthDate, i18n.language)}</Table.Td>
                <Table.Td>{t('patients.years', { count: ageOn(p.birthDate, now) })}</Table.Td>
                <Table.Td>{t(`sex.${p.sex}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
