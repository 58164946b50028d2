import {
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { buildAftercareSchedule } from '@liftplan/domain';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { keys, useBookFollowUp, useProducts, useRecordProcedure } from '../../api/hooks.js';
import type { Lot, Procedure, Product } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDate, today } from '../../lib/format.js';
import { isPlanPayload } from '../../lib/plan.js';
import { useVisit } from './context.js';

type Anaesthesia = 'topical' | 'local-infiltration' | 'nerve-block' | 'none';

/**
 * What was actually used, per planned thread: the lot (expired lots are shown but cannot be chosen; the
 * server refuses them too), count and deviations; then the follow-ups from the aftercare schedule are booked.
 */
export function ProcedureStep() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = useVisit();
  const navigate = useNavigate();
  const products = useProducts();
  const lotQueries = useQueries({
    queries: (products.data ?? []).map((p) => ({
      queryKey: keys.lots(p.id),
      queryFn: () => api<Lot[]>(`/api/products/${p.id}/lots`),
    })),
  });
  const record = useRecordProcedure(d.patient.id);
  const book = useBookFollowUp(d.patient.id);
  const version = d.currentVersion;
  const payload = version && isPlanPayload(version.payload) ? version.payload : undefined;
  const [performedOn, setPerformedOn] = useState(today());
  const [anaesthesia, setAnaesthesia] = useState<Anaesthesia>('local-infiltration');
  const [lots, setLots] = useState<Record<string, string>>({});
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [deviations, setDeviations] = useState<Record<string, string>>({});
  const [done, setDone] = useState<{ procedure: Procedure; followUps: string[] } | null>(null);

  const allLots = useMemo(() => {
    const out: { lot: Lot; product: Product }[] = [];
    (products.data ?? []).forEach((p, i) => {
      for (const lot of lotQueries[i]?.data ?? []) out.push({ lot, product: p });
    });
    return out;
  }, [products.data, lotQueries]);

  if (!payload || version?.status !== 'signed') {
    return <Alert color="gray">{t('procedure.needSigned')}</Alert>;
  }
  const placements = payload.placements;
  const expired = (l: Lot) => l.expiryDate < performedOn;
  const options = [
    { value: '', label: t('procedure.chooseLot') },
    ...allLots.map(({ lot, product }) => ({
      value: lot.id,
      label: `${product.name} ${product.gauge} · ${t('procedure.lot')} ${lot.lotNumber} · ${t('procedure.expires', { date: formatDate(lot.expiryDate, lang) })} · ${t('procedure.stock', { count: lot.stock })}${expired(lot) ? ` — ${t('procedure.expired')}` : ''}`,
      disabled: expired(lot) || lot.stock <= 0,
    })),
  ];
  const chosenExpired = placements.some((p) => {
    const l = allLots.find((x) => x.lot.id === lots[p.id]);
    return l !== undefined && expired(l.lot);
  });
  const complete = placements.every((p) => (lots[p.id] ?? '') !== '');

  const submit = async () => {
    const procedure = await record.mutateAsync({
      visitId: d.visit.id,
      planVersionId: version.id,
      performedOn,
      anaesthesia: { kind: anaesthesia, agent: null, doseMl: null },
      threads: placements.map((p) => ({
        placementId: p.id,
        region: p.region,
        side: p.side,
        lotId: lots[p.id] ?? '',
        count: Number(counts[p.id] ?? p.count) || p.count,
        deviations: (deviations[p.id] ?? '').trim() || null,
      })),
      notes: null,
    });
    const schedule = buildAftercareSchedule({ placements, procedureDate: performedOn, sex: d.patient.sex });
    const booked: string[] = [];
    for (const f of schedule.followUps) {
      await book.mutateAsync({ procedureId: procedure.id, dueDate: f.date });
      booked.push(f.date);
    }
    setDone({ procedure, followUps: booked });
  };

  return (
    <Stack>
      <Card withBorder>
        <Group align="end">
          <TextInput
            label={t('procedure.performedOn')}
            type="date"
            value={performedOn}
            onChange={(e) => setPerformedOn(e.currentTarget.value)}
          />
          <NativeSelect
            label={t('procedure.anaesthesia')}
            value={anaesthesia}
            onChange={(e) => setAnaesthesia(e.currentTarget.value as Anaesthesia)}
            data={(['topical', 'local-infiltration', 'nerve-block', 'none'] as const).map((k) => ({
              value: k,
              label: t(`procedure.anaesthesiaKinds.${k}`),
            }))}
          />
        </Group>
      </Card>
      {allLots.length === 0 && !products.isLoading && <Alert color="orange">{t('procedure.noLots')}</Alert>}
      <Table striped data-testid="procedure-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('plan.col.region')}</Table.Th>
            <Table.Th>{t('plan.col.kind')}</Table.Th>
            <Table.Th>{t('procedure.lot')}</Table.Th>
            <Table.Th>{t('plan.col.count')}</Table.Th>
            <Table.Th>{t('procedure.deviations')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {placements.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                {t(`regions.${p.region}`)} ({t(`sides.${p.side}`)})
              </Table.Td>
              <Table.Td>
                {t(`threadKinds.${p.kind}`)} {p.gauge}
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={t('procedure.lotFor', {
                    region: t(`regions.${p.region}`),
                    side: t(`sides.${p.side}`),
                  })}
                  value={lots[p.id] ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setLots((l) => ({ ...l, [p.id]: v }));
                  }}
                  data={options}
                  data-testid={`lot-${p.id}`}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  w={70}
                  type="number"
                  min={1}
                  aria-label={t('plan.col.count')}
                  value={counts[p.id] ?? String(p.count)}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setCounts((c) => ({ ...c, [p.id]: v }));
                  }}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={t('procedure.deviations')}
                  value={deviations[p.id] ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setDeviations((x) => ({ ...x, [p.id]: v }));
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {chosenExpired && <Alert color="red">{t('procedure.expiredRefused')}</Alert>}
      <ErrorAlert error={record.error ?? book.error} />
      {done ? (
        <Alert color="teal" title={t('procedure.recorded')} data-testid="procedure-done">
          <Text size="sm">
            {t('procedure.lotsRecorded', { count: done.procedure.threads.length })}{' '}
            {done.procedure.threads
              .map((th) => th.lotNumber)
              .filter(Boolean)
              .join(', ')}
          </Text>
          <Text size="sm">
            {t('procedure.followUpsBooked')}: {done.followUps.map((x) => formatDate(x, lang)).join(', ')}
          </Text>
          <Button
            mt="sm"
            size="xs"
            variant="light"
            onClick={() => void navigate(`/patients/${d.patient.id}`)}
            data-testid="back-to-patient"
          >
            {t('procedure.backToPatient')}
          </Button>
        </Alert>
      ) : (
        <Group>
          <Button
            onClick={() => void submit()}
            loading={record.isPending || book.isPending}
            disabled={!complete || chosenExpired}
            data-testid="procedure-save"
          >
            {t('procedure.record')}
          </Button>
        </Group>
      )}
      <Title order={6} c="dimmed">
        {t('procedure.recallNote')}
      </Title>
    </Stack>
  );
}
