import { DrillDownVisitSchema, OutcomesSchema, REGIONS } from '@liftplan/api';
import { z } from 'zod';
import {
  Alert,
  Anchor,
  Card,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { useDoctors, useProducts } from '../../api/hooks.js';
import { useAuth } from '../../auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDate } from '../../lib/format.js';
import { outcomesQuery, regionCharts, type ChangeGroup, type ScoreCount } from './outcomes-data.js';

const ChangeChart = lazy(() => import('../compare/ChangeChart.js'));
const SIDE_COLOUR: Record<string, string> = { left: '#0b7285', right: '#c2255c' };
const keepAll = { wordBreak: 'keep-all' } as const;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const mm = (x: number): string => x.toFixed(2);

function Distribution({ title, counts }: { readonly title: string; readonly counts: readonly ScoreCount[] }) {
  const { t } = useTranslation();
  const total = counts.reduce((s, c) => s + c.n, 0);
  return (
    <Card withBorder>
      <Text fw={600} style={keepAll}>
        {title}
      </Text>
      {total === 0 ? (
        <Text size="sm" c="dimmed">
          {t('interop.noScores')}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {counts.map((c) => (
              <Table.Tr key={c.score}>
                <Table.Td>{c.score}</Table.Td>
                <Table.Td>
                  <div
                    style={{
                      background: '#0b7285',
                      height: 10,
                      width: `${(100 * c.n) / total}%`,
                      minWidth: 2,
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  {c.n} ({pct(c.n / total)})
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function DrillDown({ group, filter }: { readonly group: ChangeGroup; readonly filter: string }) {
  const { t } = useTranslation();
  const q = new URLSearchParams(filter);
  q.set('region', group.region);
  q.set('side', group.side);
  q.set('metric', group.metric);
  q.set('months', String(group.months));
  const visits = useQuery({
    queryKey: ['outcome-visits', q.toString()],
    queryFn: () => api(`/api/outcomes/visits?${q.toString()}`, z.array(DrillDownVisitSchema)),
  });
  if (visits.isLoading) return <Loader size="sm" />;
  if (!visits.data) return <ErrorAlert error={visits.error} />;
  return (
    <Table data-testid="outcome-visits">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('interop.patient')}</Table.Th>
          <Table.Th>{t('interop.followUpDate')}</Table.Th>
          <Table.Th>{t('interop.change')}</Table.Th>
          <Table.Th>{t('interop.beyondBand')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {visits.data.map((v) => (
          <Table.Tr key={v.visitId}>
            <Table.Td>
              <Anchor component={Link} to={`/patients/${v.patientId}`}>
                {v.chartNumber} · {v.displayName}
              </Anchor>
            </Table.Td>
            <Table.Td>{formatDate(v.followUpDate, 'ko')}</Table.Td>
            <Table.Td>
              {mm(v.change)} {v.mdc === null ? '' : `(±${mm(v.mdc)})`}
            </Table.Td>
            <Table.Td>
              {v.beyondBand === null ? '—' : v.beyondBand ? t('interop.yes') : t('interop.no')}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * What the clinic learns from its own work (doctors and admins): the measured change per region and side over
 * the months after the procedure (median and IQR, the measurement band drawn; only changes beyond it count),
 * GAIS and satisfaction, and complication rates with 95 % intervals next to the published rates. Every number
 * of the change table opens the visits behind it (each patient shown is audited).
 */
export default function OutcomesScreen() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [region, setRegion] = useState('');
  const [doctorId, setDoctor] = useState('');
  const [productId, setProduct] = useState('');
  const doctors = useDoctors();
  const products = useProducts();
  const [open, setOpen] = useState<ChangeGroup | null>(null);
  const filter = outcomesQuery({ from, to, region, doctorId, productId });
  const outcomes = useQuery({
    queryKey: ['outcomes', filter],
    queryFn: () => api(`/api/outcomes${filter ? `?${filter}` : ''}`, OutcomesSchema),
    enabled: user?.role === 'admin' || user?.role === 'doctor',
  });
  if (user?.role !== 'admin' && user?.role !== 'doctor') {
    return <Alert color="orange">{t('interop.outcomesRoles')}</Alert>;
  }
  const o = outcomes.data;
  const charts = o ? regionCharts(o.changes, (m) => t('interop.monthsShort', { count: m })) : [];
  return (
    <Stack>
      <Title order={2}>{t('interop.outcomesTitle')}</Title>
      <Text size="sm" c="dimmed" style={keepAll}>
        {t('interop.outcomesHint')}
      </Text>
      <Group align="end">
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
        <NativeSelect
          label={t('interop.region')}
          value={region}
          onChange={(e) => setRegion(e.currentTarget.value)}
          data={[
            { value: '', label: t('interop.allRegions') },
            ...REGIONS.map((r) => ({ value: r, label: t(`regions.${r}`) })),
          ]}
          data-testid="outcomes-region"
        />
        <NativeSelect
          label={t('interop.doctor')}
          value={doctorId}
          onChange={(e) => setDoctor(e.currentTarget.value)}
          data={[
            { value: '', label: t('interop.allDoctors') },
            ...(doctors.data ?? []).map((d) => ({ value: d.id, label: d.displayName })),
          ]}
          data-testid="outcomes-doctor"
        />
        <NativeSelect
          label={t('interop.product')}
          value={productId}
          onChange={(e) => setProduct(e.currentTarget.value)}
          data={[
            { value: '', label: t('interop.allProducts') },
            ...(products.data ?? []).map((p) => ({ value: p.id, label: p.name })),
          ]}
          data-testid="outcomes-product"
        />
      </Group>
      {outcomes.isLoading && <Loader size="sm" />}
      <ErrorAlert error={outcomes.error} />
      {o && (
        <>
          <Text data-testid="outcomes-totals">
            {t('interop.totals', { procedures: o.procedures, followUps: o.followUps })}
          </Text>
          {charts.length === 0 && <Text c="dimmed">{t('interop.noChanges')}</Text>}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {charts.map((c) => (
              <Card withBorder key={c.key} data-testid="outcome-chart">
                <Text fw={600} style={keepAll}>
                  {t(`regions.${c.region}`)} · {t(`metrics.${c.metric}`)} ({c.unit})
                </Text>
                <Suspense fallback={<Loader size="sm" />}>
                  <ChangeChart
                    rows={c.rows}
                    unit={c.unit}
                    series={c.sides.map((s) => ({
                      key: s,
                      name: t(`sides.${s}`),
                      colour: SIDE_COLOUR[s] ?? '#495057',
                    }))}
                    {...(c.mdc === undefined
                      ? {}
                      : { bands: Object.fromEntries(c.sides.map((s) => [s, c.mdc ?? 0])) })}
                  />
                </Suspense>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('interop.side')}</Table.Th>
                      <Table.Th>{t('interop.months')}</Table.Th>
                      <Table.Th>{t('interop.medianIqr')}</Table.Th>
                      <Table.Th>n</Table.Th>
                      <Table.Th>{t('interop.beyondBand')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.groups.map((g) => (
                      <Table.Tr
                        key={`${g.side}-${g.months}`}
                        onClick={() => setOpen(g)}
                        style={{ cursor: 'pointer' }}
                        data-testid="outcome-group"
                      >
                        <Table.Td>{t(`sides.${g.side}`)}</Table.Td>
                        <Table.Td>{g.months}</Table.Td>
                        <Table.Td>
                          {mm(g.median)} [{mm(g.q1)}, {mm(g.q3)}] {g.mdc === null ? '' : `±${mm(g.mdc)}`}
                        </Table.Td>
                        <Table.Td>{g.n}</Table.Td>
                        <Table.Td>
                          {g.beyondBand}/{g.n}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
            ))}
          </SimpleGrid>
          {open && (
            <Card withBorder>
              <Text fw={600}>
                {t(`regions.${open.region}`)} {t(`sides.${open.side}`)} · {t(`metrics.${open.metric}`)} ·{' '}
                {t('interop.monthsShort', { count: open.months })}
              </Text>
              <DrillDown group={open} filter={filter} />
            </Card>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Distribution title={t('interop.gaisClinician')} counts={o.gaisClinician} />
            <Distribution title={t('interop.gaisPatient')} counts={o.gaisPatient} />
            <Distribution title={t('interop.satisfaction')} counts={o.satisfaction} />
          </SimpleGrid>
          <Card withBorder>
            <Text fw={600}>{t('interop.complications')}</Text>
            <Table data-testid="outcome-complications">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('interop.kind')}</Table.Th>
                  <Table.Th>{t('interop.rate')}</Table.Th>
                  <Table.Th>{t('interop.onsetResolution')}</Table.Th>
                  <Table.Th>{t('interop.published')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.complications.map((c) => (
                  <Table.Tr key={c.kind}>
                    <Table.Td>{c.kind}</Table.Td>
                    <Table.Td>
                      {c.procedures}/{c.of} = {pct(c.rate)} ({pct(c.low)}–{pct(c.high)})
                    </Table.Td>
                    <Table.Td>
                      {t('interop.onsetLine', {
                        onset: c.medianOnsetDays ?? '—',
                        resolved: c.resolved,
                        days: c.medianDaysToResolution ?? '—',
                      })}
                    </Table.Td>
                    <Table.Td style={keepAll}>{c.published ?? t('interop.noPublished')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </>
      )}
    </Stack>
  );
}
