import {
  Alert,
  Button,
  Card,
  Checkbox,
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
import {
  keys,
  useBookFollowUp,
  useConsentStatus,
  useDoctors,
  useProducts,
  useRecordProcedure,
} from '../../api/hooks.js';
import { ANAESTHESIA_KINDS, LotSchema, type AnaesthesiaKind, type Lot, type Procedure } from '@liftplan/api';
import { z } from 'zod';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDate, today } from '../../lib/format.js';
import { isPlanPayload } from '../../lib/plan.js';
import { lotFromScan, planDifferences, type LotChoice } from '../../lib/procedure.js';
import { useVisit } from './context.js';

type Anaesthesia = AnaesthesiaKind;

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
      queryFn: () => api(`/api/products/${p.id}/lots`, z.array(LotSchema)),
    })),
  });
  const record = useRecordProcedure(d.patient.id);
  const book = useBookFollowUp(d.patient.id);
  const version = d.currentVersion;
  const payload = version && isPlanPayload(version.payload) ? version.payload : undefined;
  const [performedOn, setPerformedOn] = useState(today());
  // Nothing pre-chosen: the anaesthetic, the performer and every lot are entered by the user.
  const [anaesthesia, setAnaesthesia] = useState<Anaesthesia | ''>('');
  const [agent, setAgent] = useState('');
  const [dose, setDose] = useState('');
  const [performedBy, setPerformedBy] = useState('');
  const [lots, setLots] = useState<Record<string, string>>({});
  const [scans, setScans] = useState<Record<string, string>>({});
  const [scanErrors, setScanErrors] = useState<Record<string, string>>({});
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [deviations, setDeviations] = useState<Record<string, string>>({});
  const [skipped, setSkipped] = useState<Record<string, string>>({});
  const doctors = useDoctors();
  const consent = useConsentStatus(version?.status === 'signed' ? version.id : undefined);
  const [done, setDone] = useState<{ procedure: Procedure; followUps: string[] } | null>(null);

  const allLots = useMemo(() => {
    const out: LotChoice[] = [];
    (products.data ?? []).forEach((p, i) => {
      for (const lot of lotQueries[i]?.data ?? []) out.push({ lot, product: p });
    });
    return out;
  }, [products.data, lotQueries]);

  if (!payload || version?.status !== 'signed') {
    return <Alert color="gray">{t('procedure.needSigned')}</Alert>;
  }
  if (consent.data?.status === 'missing') {
    return (
      <Alert color="orange" data-testid="procedure-needs-consent">
        <Text size="sm">{t('care.consentMissingForProcedure')}</Text>
        <Button
          mt="xs"
          size="xs"
          onClick={() => void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/consent`)}
          data-testid="procedure-to-consent"
        >
          {t('care.toConsent')}
        </Button>
      </Alert>
    );
  }
  const placements = payload.placements;
  const lang2 = lang === 'en' ? 'en' : 'ko';
  const entries = Object.fromEntries(
    placements.map((p) => [
      p.id,
      {
        lot: allLots.find((x) => x.lot.id === lots[p.id]),
        count: Number(counts[p.id] ?? p.count) || p.count,
        deviation: deviations[p.id] ?? '',
      },
    ]),
  );
  const notPlaced = Object.fromEntries(Object.entries(skipped).filter(([, r]) => r !== undefined));
  const differences = planDifferences(placements, entries, notPlaced);
  const unexplained = differences.filter((m) => !m.explained);
  const scan = (placementId: string, code: string) => {
    const r = lotFromScan(code, allLots, today());
    if (r.ok) {
      setLots((l) => ({ ...l, [placementId]: r.lot.lot.id }));
      setScanErrors((x) => ({ ...x, [placementId]: '' }));
    } else {
      setScanErrors((x) => ({ ...x, [placementId]: r.error[lang2] }));
    }
  };
  const injected = anaesthesia === 'local-infiltration' || anaesthesia === 'nerve-block';
  const anaesthesiaOk =
    anaesthesia === 'none' || (anaesthesia !== '' && agent.trim() !== '' && (!injected || Number(dose) > 0));
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
  const complete =
    placements.every((p) => (lots[p.id] ?? '') !== '' || skipped[p.id] !== undefined) &&
    performedBy !== '' &&
    anaesthesiaOk &&
    unexplained.length === 0;
  const used = placements.filter((p) => skipped[p.id] === undefined);

  const submit = async () => {
    const procedure = await record.mutateAsync({
      visitId: d.visit.id,
      planVersionId: version.id,
      performedBy,
      performedOn,
      anaesthesia: {
        kind: anaesthesia === '' ? 'none' : anaesthesia,
        agent: anaesthesia === 'none' ? null : agent.trim(),
        doseMl: dose === '' ? null : Number(dose),
      },
      threads: used.map((p) => ({
        placementId: p.id,
        region: p.region,
        side: p.side,
        lotId: lots[p.id] ?? null,
        barcode: (scans[p.id] ?? '').trim() || null,
        count: Number(counts[p.id] ?? p.count) || p.count,
        deviations: (deviations[p.id] ?? '').trim() || null,
      })),
      notPlaced: Object.entries(notPlaced).map(([placementId, reason]) => ({ placementId, reason })),
      notes: null,
    });
    const schedule = buildAftercareSchedule({
      placements: used,
      procedureDate: performedOn,
      sex: d.patient.sex,
    });
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
            label={t('care.performedBy')}
            value={performedBy}
            onChange={(e) => setPerformedBy(e.currentTarget.value)}
            data={[
              { value: '', label: t('care.choose') },
              ...(doctors.data ?? []).map((u) => ({ value: u.id, label: u.displayName })),
            ]}
            data-testid="performed-by"
          />
          <NativeSelect
            label={t('procedure.anaesthesia')}
            value={anaesthesia}
            onChange={(e) => setAnaesthesia(e.currentTarget.value as Anaesthesia | '')}
            data={[
              { value: '', label: t('care.choose') },
              ...ANAESTHESIA_KINDS.map((k) => ({
                value: k,
                label: t(`procedure.anaesthesiaKinds.${k}`),
              })),
            ]}
            data-testid="anaesthesia-kind"
          />
          {anaesthesia !== '' && anaesthesia !== 'none' && (
            <TextInput
              label={t('care.anaesthesiaAgent')}
              value={agent}
              onChange={(e) => setAgent(e.currentTarget.value)}
              data-testid="anaesthesia-agent"
            />
          )}
          {anaesthesia !== '' && anaesthesia !== 'none' && (
            <TextInput
              w={110}
              type="number"
              min={0}
              step={0.1}
              label={t('care.anaesthesiaDose')}
              value={dose}
              onChange={(e) => setDose(e.currentTarget.value)}
              data-testid="anaesthesia-dose"
            />
          )}
        </Group>
      </Card>
      {allLots.length === 0 && !products.isLoading && <Alert color="orange">{t('procedure.noLots')}</Alert>}
      <Table striped data-testid="procedure-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('plan.col.region')}</Table.Th>
            <Table.Th>{t('care.planned')}</Table.Th>
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
                {p.material} {t(`threadKinds.${p.kind}`)} {p.gauge} · {p.lengthMm} mm × {p.count}
                <Checkbox
                  mt={4}
                  size="xs"
                  label={t('care.notPlaced')}
                  checked={skipped[p.id] !== undefined}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setSkipped((x) =>
                      on
                        ? { ...x, [p.id]: '' }
                        : Object.fromEntries(Object.entries(x).filter(([k]) => k !== p.id)),
                    );
                  }}
                />
                {skipped[p.id] !== undefined && (
                  <TextInput
                    size="xs"
                    mt={4}
                    aria-label={t('care.notPlacedReason')}
                    placeholder={t('care.notPlacedReason')}
                    value={skipped[p.id] ?? ''}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setSkipped((x) => ({ ...x, [p.id]: v }));
                    }}
                  />
                )}
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
                <TextInput
                  mt={4}
                  size="xs"
                  aria-label={t('care.scan')}
                  placeholder={t('care.scan')}
                  title={t('care.scanHint')}
                  value={scans[p.id] ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setScans((x) => ({ ...x, [p.id]: v }));
                  }}
                  onKeyDown={(e) => {
                    // Scanners end with Enter: the scan is read at once.
                    if (e.key === 'Enter') scan(p.id, e.currentTarget.value);
                  }}
                  onBlur={(e) => {
                    if (e.currentTarget.value.trim() !== '') scan(p.id, e.currentTarget.value);
                  }}
                  error={scanErrors[p.id] || undefined}
                  data-testid={`scan-${p.id}`}
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
                {differences
                  .filter((m) => m.placementId === p.id && m.thread !== null)
                  .map((m) => (
                    <Text key={m.field} size="xs" c={m.explained ? 'dimmed' : 'red'}>
                      {m.text[lang2]}
                    </Text>
                  ))}
                <TextInput
                  aria-label={t('procedure.deviations')}
                  placeholder={
                    differences.some((m) => m.placementId === p.id && m.thread !== null)
                      ? t('care.deviationRequired')
                      : ''
                  }
                  error={unexplained.some((m) => m.placementId === p.id && m.thread !== null) || undefined}
                  data-testid={`deviation-${p.id}`}
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
      {unexplained.length > 0 && (
        <Alert color="orange" title={t('care.differences')} data-testid="plan-differences">
          {unexplained.map((m) => (
            <Text size="sm" key={`${m.placementId ?? ''}:${m.field}`}>
              {m.text[lang2]}
            </Text>
          ))}
        </Alert>
      )}
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
