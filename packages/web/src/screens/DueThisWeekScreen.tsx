import { Anchor, Badge, Card, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDueThisWeek } from '../api/care-hooks.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { formatDate } from '../lib/format.js';

/** For coordinators: who is due for a follow-up this week (and who is overdue), to call and book. */
export default function DueThisWeekScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const due = useDueThisWeek();
  if (due.isLoading) return <Loader size="sm" />;
  if (!due.data) return <ErrorAlert error={due.error} />;
  const d = due.data;
  return (
    <Stack data-testid="due-this-week">
      <Title order={2}>{t('followUpCare.dueTitle')}</Title>
      <Text c="dimmed">
        {t('followUpCare.dueRange', { from: formatDate(d.from, lang), to: formatDate(d.to, lang) })}
      </Text>
      {d.items.length === 0 ? (
        <Card withBorder>
          <Text>{t('followUpCare.noneDue')}</Text>
        </Card>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('followUpCare.col.due')}</Table.Th>
              <Table.Th>{t('patients.chart')}</Table.Th>
              <Table.Th>{t('patients.name')}</Table.Th>
              <Table.Th>{t('care.phone')}</Table.Th>
              <Table.Th>{t('followUpCare.col.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.items.map((f) => (
              <Table.Tr key={f.id} data-testid="due-row">
                <Table.Td>{formatDate(f.dueDate, lang)}</Table.Td>
                <Table.Td translate="no">{f.chartNumber}</Table.Td>
                <Table.Td translate="no">
                  <Anchor component={Link} to={`/patients/${f.patientId}`}>
                    {f.displayName}
                  </Anchor>
                </Table.Td>
                <Table.Td translate="no">{f.phone ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge color={f.overdue ? 'red' : 'gray'} variant="light">
                    {f.overdue ? t('followUpCare.overdue') : t('followUpStatus.scheduled')}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
