import {
  AccessReviewDoneSchema,
  AccessReviewSchema,
  PurgeResultSchema,
  RetentionLineSchema,
} from '@liftplan/api';
import { z } from 'zod';
import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDate, formatDateTime, today } from '../../lib/format.js';

const keepAll = { wordBreak: 'keep-all' } as const;

/** The previous calendar month (the one to review), as YYYY-MM. */
export function previousMonth(isoDay: string): string {
  const [y = 0, m = 1] = isoDay.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Admin: the monthly access review (completion recorded) and the retention report. */
export function CompliancePanel() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [month, setMonth] = useState(previousMonth(today()));
  const [note, setNote] = useState('');
  const review = useQuery({
    queryKey: ['access-review', month],
    queryFn: () => api(`/api/access-review/${month}`, AccessReviewSchema),
    enabled: /^\d{4}-\d{2}$/.test(month),
  });
  const retention = useQuery({
    queryKey: ['retention'],
    queryFn: () => api('/api/retention', z.array(RetentionLineSchema)),
  });
  const complete = useMutation({
    mutationFn: () =>
      api('/api/access-review', AccessReviewDoneSchema, {
        method: 'POST',
        body: { month, note: note.trim() || null },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['access-review', month] }),
  });
  // A purge deletes every row of the patient: asked once more for the one patient chosen.
  const [confirming, setConfirming] = useState<string | null>(null);
  const purge = useMutation({
    mutationFn: (patientId: string) =>
      api(`/api/patients/${patientId}`, PurgeResultSchema, { method: 'DELETE' }),
    onSuccess: () => {
      setConfirming(null);
      return qc.invalidateQueries({ queryKey: ['retention'] });
    },
  });
  const r = review.data;
  return (
    <Stack>
      <Card withBorder data-testid="access-review">
        <Title order={4}>{t('interop.reviewTitle')}</Title>
        <Text size="sm" c="dimmed" style={keepAll}>
          {t('interop.reviewHint')}
        </Text>
        <Group align="end" mt="xs">
          <TextInput
            label={t('interop.month')}
            type="month"
            value={month}
            onChange={(e) => setMonth(e.currentTarget.value)}
          />
        </Group>
        <ErrorAlert error={review.error} />
        {r && (
          <>
            <Table striped mt="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('interop.user')}</Table.Th>
                  <Table.Th>{t('interop.patientsOpened')}</Table.Th>
                  <Table.Th>{t('interop.events')}</Table.Th>
                  <Table.Th>{t('interop.exports')}</Table.Th>
                  <Table.Th>{t('interop.unusual')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.lines.map((l) => (
                  <Table.Tr key={l.actor} data-testid="review-line" data-unusual={l.flags.length > 0}>
                    <Table.Td>{l.actorName ?? l.actor}</Table.Td>
                    <Table.Td>{l.patients}</Table.Td>
                    <Table.Td>{l.events}</Table.Td>
                    <Table.Td>
                      {l.exports}{' '}
                      {Object.entries(l.exportReasons)
                        .map(([k, n]) => `${k} ${n}`)
                        .join(', ')}
                    </Table.Td>
                    <Table.Td>
                      {l.flags.map((f) => (
                        <Badge
                          key={f.code}
                          color="orange"
                          variant="light"
                          style={{ whiteSpace: 'normal', ...keepAll }}
                        >
                          {f.code === 'many-patients'
                            ? t('interop.flagPatients', { patients: f.patients, median: f.median })
                            : t('interop.flagExports', { exports: f.exports })}
                        </Badge>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {r.lines.length === 0 && <Text c="dimmed">{t('interop.noAccess')}</Text>}
            {r.completed ? (
              <Text mt="xs" data-testid="review-done">
                {t('interop.reviewDone', { at: formatDateTime(r.completed.at, i18n.language) })}
                {r.completed.note ? ` · ${r.completed.note}` : ''}
              </Text>
            ) : (
              <Group align="end" mt="xs">
                <TextInput
                  label={t('interop.reviewNote')}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                />
                <Button
                  onClick={() => complete.mutate()}
                  loading={complete.isPending}
                  data-testid="complete-review"
                >
                  {t('interop.completeReview')}
                </Button>
              </Group>
            )}
            <ErrorAlert error={complete.error} />
          </>
        )}
      </Card>
      <Card withBorder data-testid="retention-report">
        <Title order={4}>{t('interop.retentionTitle')}</Title>
        <Text size="sm" c="dimmed" style={keepAll}>
          {t('interop.retentionHint')}
        </Text>
        <ErrorAlert error={retention.error ?? purge.error} />
        {retention.data && retention.data.length === 0 && (
          <Text c="dimmed">{t('interop.retentionNone')}</Text>
        )}
        {retention.data && retention.data.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('patients.chart')}</Table.Th>
                <Table.Th>{t('interop.lastRecord')}</Table.Th>
                <Table.Th>{t('interop.keptUntil')}</Table.Th>
                <Table.Th />
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {retention.data.map((l) => (
                <Table.Tr key={l.patientId}>
                  <Table.Td>{l.chartNumber}</Table.Td>
                  <Table.Td>{formatDate(l.lastRecord, i18n.language)}</Table.Td>
                  <Table.Td>{formatDate(l.keptUntil, i18n.language)}</Table.Td>
                  <Table.Td>{l.deletable ? t('interop.deletable') : t('interop.deletableSoon')}</Table.Td>
                  <Table.Td>
                    {l.deletable &&
                      (confirming === l.patientId ? (
                        <Button
                          size="xs"
                          color="red"
                          loading={purge.isPending}
                          onClick={() => purge.mutate(l.patientId)}
                          data-testid="purge-confirm"
                        >
                          {t('interop.purgeConfirm', { chart: l.chartNumber })}
                        </Button>
                      ) : (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setConfirming(l.patientId)}
                          data-testid="purge"
                        >
                          {t('interop.purge')}
                        </Button>
                      ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
