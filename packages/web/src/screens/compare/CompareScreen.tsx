import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  NativeSelect,
  SegmentedControl,
  Slider,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { measureView, type LandmarkSet, type MetricId, type Region } from '@liftplan/domain';
import { useQueries } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { photoAnalysisQuery, useFollowUps, usePatient, usePhotos, useVisits } from '../../api/hooks.js';
import type { FollowUp, Photo } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useImageSize, type ImageSize } from '../../components/face/FaceCanvas.js';
import { formatDate, formatNumber } from '../../lib/format.js';
import { alignByLandmarks, svgMatrix, type Similarity } from './align.js';
import { ScoreForm } from './ScoreForm.js';

const ChangeChart = lazy(() => import('./ChangeChart.js'));

/** The paired metric that speaks for each region; "higher is worse" ones are sign-flipped so up = lift. */
const REGION_METRIC: readonly { region: Region; metric: MetricId; liftSign: 1 | -1; colour: string }[] = [
  { region: 'brow', metric: 'lateral-brow-height', liftSign: 1, colour: '#219ebc' },
  { region: 'midface', metric: 'malar-descent', liftSign: -1, colour: '#fb8500' },
  { region: 'nasolabial', metric: 'nasolabial-length', liftSign: -1, colour: '#8338ec' },
  { region: 'jowl', metric: 'jowl-depth', liftSign: -1, colour: '#e63946' },
  { region: 'marionette', metric: 'commissure-height', liftSign: 1, colour: '#2a9d8f' },
];

interface Analysed {
  readonly photo: Photo;
  readonly date: string;
  readonly landmarks: LandmarkSet;
}

function regionValue(lm: LandmarkSet, metric: MetricId): number | undefined {
  const m = measureView(lm, 'front');
  const vals = m.metrics
    .filter((x) => x.id === metric && (x.side === 'left' || x.side === 'right') && x.status === 'measured')
    .map((x) => (x.status === 'measured' ? x.value : 0));
  return vals.length === 2 ? ((vals[0] ?? 0) + (vals[1] ?? 0)) / 2 : undefined;
}

function Pair(props: {
  readonly mode: 'side' | 'slider' | 'ghost';
  readonly base: Analysed;
  readonly cur: Analysed;
  readonly size: ImageSize;
  readonly align: Similarity;
  readonly amount: number;
}) {
  const { t, i18n } = useTranslation();
  const { base, cur, size, align, amount, mode } = props;
  const baseUrl = `/api/photos/${base.photo.id}/original`;
  const curUrl = `/api/photos/${cur.photo.id}/original`;
  const vb = `0 0 ${size.width} ${size.height}`;
  const before = `${t('compare.before')} · ${formatDate(base.date, i18n.language)}`;
  if (mode === 'side') {
    return (
      <Group grow align="start" data-testid="compare-side">
        <figure style={{ margin: 0 }}>
          <svg className="lp-face" viewBox={vb} role="img" aria-label={before}>
            <image href={baseUrl} width={size.width} height={size.height} />
          </svg>
          <Text size="sm" ta="center">
            {t('compare.before')}
          </Text>
        </figure>
        <figure style={{ margin: 0 }}>
          <svg className="lp-face" viewBox={vb} role="img" aria-label={t('compare.after')}>
            <image href={curUrl} transform={svgMatrix(align)} />
          </svg>
          <Text size="sm" ta="center">
            {t('compare.after')}
          </Text>
        </figure>
      </Group>
    );
  }
  const clipId = 'lp-compare-clip';
  return (
    <div className="lp-face-wrap" data-testid={`compare-${mode}`}>
      <svg className="lp-face" viewBox={vb} role="img" aria-label={t(`compare.modes.${mode}`)}>
        <defs>
          <clipPath id={clipId}>
            <rect x={0} y={0} width={(size.width * amount) / 100} height={size.height} />
          </clipPath>
        </defs>
        <image href={baseUrl} width={size.width} height={size.height} />
        {mode === 'slider' ? (
          <>
            <g clipPath={`url(#${clipId})`}>
              <image href={curUrl} transform={svgMatrix(align)} />
            </g>
            <line
              x1={(size.width * amount) / 100}
              x2={(size.width * amount) / 100}
              y1={0}
              y2={size.height}
              stroke="#fff"
              strokeWidth={size.width / 300}
            />
          </>
        ) : (
          <image href={curUrl} transform={svgMatrix(align)} opacity={amount / 100} />
        )}
      </svg>
    </div>
  );
}

/** Follow-up comparison: before/after aligned by landmarks (side by side, slider, ghost) and change over time. */
export default function CompareScreen() {
  const { patientId = '' } = useParams();
  const [search] = useSearchParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const patient = usePatient(patientId);
  const photos = usePhotos(patientId);
  const visits = useVisits(patientId);
  const followUps = useFollowUps(patientId);
  const [mode, setMode] = useState<'side' | 'slider' | 'ghost'>('slider');
  const [amount, setAmount] = useState(50);

  const fronts = useMemo(() => {
    const date = new Map((visits.data ?? []).map((v) => [v.id, v.date]));
    return (photos.data ?? [])
      .filter((p) => p.view === 'front')
      .map((p) => ({
        photo: p,
        date: (p.visitId ? date.get(p.visitId) : undefined) ?? p.createdAt.slice(0, 10),
      }))
      .sort((a, b) =>
        a.date === b.date ? (a.photo.createdAt < b.photo.createdAt ? -1 : 1) : a.date < b.date ? -1 : 1,
      );
  }, [photos.data, visits.data]);

  const analyses = useQueries({ queries: fronts.map(({ photo }) => photoAnalysisQuery(photo.id)) });
  const analysed: Analysed[] = fronts.flatMap((f, i) => {
    const lm = analyses[i]?.data?.analysis?.landmarkVersions.at(-1)?.landmarks;
    return lm ? [{ photo: f.photo, date: f.date, landmarks: lm }] : [];
  });

  const wanted = search.get('visit');
  const [curId, setCurId] = useState<string | null>(null);
  const base = analysed[0];
  const cur =
    analysed.find((a) => a.photo.id === curId) ??
    [...analysed].reverse().find((a) => a.photo.visitId === wanted) ??
    analysed.at(-1);
  const size = useImageSize(base ? `/api/photos/${base.photo.id}/original` : undefined);
  const align = useMemo(
    () => (base && cur ? alignByLandmarks(cur.landmarks, base.landmarks) : undefined),
    [base, cur],
  );

  const chart = useMemo(() => {
    if (!base) return [];
    const b = Object.fromEntries(REGION_METRIC.map((r) => [r.region, regionValue(base.landmarks, r.metric)]));
    return analysed.map((a) => {
      const row: Record<string, number | string> = { label: formatDate(a.date, lang) };
      for (const r of REGION_METRIC) {
        const v = regionValue(a.landmarks, r.metric);
        const b0 = b[r.region];
        if (v !== undefined && b0 !== undefined) row[r.region] = Math.round(r.liftSign * (v - b0) * 10) / 10;
      }
      return row as { label: string; [k: string]: number | string };
    });
  }, [analysed, base, lang]);

  const scheduled: FollowUp[] = (followUps.data ?? []).filter((f) => f.status === 'scheduled');

  return (
    <Stack>
      <Anchor component={Link} to={`/patients/${patientId}`} size="sm">
        ← {patient.data?.displayName ?? ''}
      </Anchor>
      <Title order={2}>{t('compare.title')}</Title>
      <ErrorAlert error={photos.error ?? visits.error} />
      {analysed.length < 2 || !base || !cur || !size || !align ? (
        <Alert color="gray" data-testid="compare-empty">
          {t('compare.needTwo')}
        </Alert>
      ) : (
        <>
          <Group align="end">
            <NativeSelect
              label={t('compare.after')}
              value={cur.photo.id}
              onChange={(e) => setCurId(e.currentTarget.value)}
              data={analysed.slice(1).map((a) => ({ value: a.photo.id, label: formatDate(a.date, lang) }))}
            />
            <SegmentedControl
              value={mode}
              onChange={(v) => setMode(v)}
              data={(['side', 'slider', 'ghost'] as const).map((m) => ({
                value: m,
                label: t(`compare.modes.${m}`),
              }))}
              data-testid="compare-mode"
            />
          </Group>
          <Text size="sm" c="dimmed">
            {t('compare.pair', { before: formatDate(base.date, lang), after: formatDate(cur.date, lang) })} ·{' '}
            {t('compare.aligned', { scale: formatNumber(Math.hypot(align.a, align.b), lang, 3) })}
          </Text>
          <Pair mode={mode} base={base} cur={cur} size={size} align={align} amount={amount} />
          {mode !== 'side' && (
            <Slider
              maw={720}
              value={amount}
              onChange={setAmount}
              label={(v) => `${v}%`}
              aria-label={mode === 'slider' ? t('compare.sliderPosition') : t('compare.ghostOpacity')}
              data-testid="compare-amount"
            />
          )}
          <Card withBorder>
            <Title order={4}>{t('compare.chartTitle')}</Title>
            <Text size="xs" c="dimmed">
              {t('compare.chartHint')}
            </Text>
            <Suspense fallback={null}>
              <div data-testid="change-chart">
                <ChangeChart
                  rows={chart}
                  unit={t('units.mm')}
                  series={REGION_METRIC.map((r) => ({
                    key: r.region,
                    name: t(`regions.${r.region}`),
                    colour: r.colour,
                  }))}
                />
              </div>
            </Suspense>
            <Table mt="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('compare.date')}</Table.Th>
                  {REGION_METRIC.map((r) => (
                    <Table.Th key={r.region}>{t(`regions.${r.region}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {chart.map((row, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{row.label}</Table.Td>
                    {REGION_METRIC.map((r) => {
                      const v = row[r.region];
                      return (
                        <Table.Td key={r.region}>
                          {typeof v === 'number' ? `${formatNumber(v, lang)} ${t('units.mm')}` : '—'}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </>
      )}
      {scheduled.length > 0 && (
        <ScoreForm followUps={scheduled} visitId={cur?.photo.visitId ?? null} patientId={patientId} />
      )}
      <Group>
        <Button variant="default" component={Link} to={`/patients/${patientId}`}>
          {t('common.back')}
        </Button>
      </Group>
    </Stack>
  );
}
