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
import {
  faceCrop,
  compareFollowUp,
  type FollowUpComparison,
  type LandmarkSet,
  type MetricId,
  type Region,
} from '@liftplan/domain';
import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { photoAnalysisQuery, useFollowUps, usePatient, usePhotos, useVisits } from '../../api/hooks.js';
import { ComparisonSchema, type FollowUp, type Photo } from '@liftplan/api';
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

/**
 * A region's change (mean of both sides, sign-flipped so up = lift) and the MDC of that mean (the sides'
 * errors are independent: MDC/√2), from the domain's comparison in the baseline's frame.
 */
export function regionChange(
  c: FollowUpComparison,
  metric: MetricId,
  liftSign: 1 | -1,
): { change: number; mdc: number | null } | undefined {
  if (!c.ok) return undefined;
  const sides = c.changes.filter((x) => x.id === metric && (x.side === 'left' || x.side === 'right'));
  if (sides.length !== 2) return undefined;
  const change = (liftSign * ((sides[0]?.change ?? 0) + (sides[1]?.change ?? 0))) / 2;
  const mdcs = sides.map((x) => x.mdc);
  const mdc = mdcs.every((m) => m !== null) ? Math.hypot(...mdcs.map((m) => m ?? 0)) / 2 : null;
  return { change, mdc };
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
  // Both photos at face size: the baseline's face crop (the follow-up is drawn in the baseline's frame).
  const crop = faceCrop(base.landmarks, size);
  const vb = `${crop.x} ${crop.y} ${crop.width} ${crop.height}`;
  const before = `${t('compare.before')} · ${formatDate(base.date, i18n.language)}`;
  const after = `${t('compare.after')} · ${formatDate(cur.date, i18n.language)}`;
  const split = crop.x + (crop.width * amount) / 100;
  const fontSize = crop.width / 26;
  /** A label on the picture itself, so each half of the slider says what it shows. */
  const label = (text: string, x: number, anchor: 'start' | 'end', testId: string) => (
    <text
      x={x}
      y={crop.y + fontSize * 1.4}
      fontSize={fontSize}
      textAnchor={anchor}
      fill="#fff"
      stroke="rgba(0,0,0,0.6)"
      strokeWidth={fontSize / 8}
      paintOrder="stroke"
      data-testid={testId}
    >
      {text}
    </text>
  );
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
          <svg className="lp-face" viewBox={vb} role="img" aria-label={after}>
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
            <rect x={crop.x} y={crop.y} width={split - crop.x} height={crop.height} />
          </clipPath>
        </defs>
        <image href={baseUrl} width={size.width} height={size.height} />
        {mode === 'slider' ? (
          <>
            <g clipPath={`url(#${clipId})`}>
              <image href={curUrl} transform={svgMatrix(align)} />
            </g>
            <line
              x1={split}
              x2={split}
              y1={crop.y}
              y2={crop.y + crop.height}
              stroke="#fff"
              strokeWidth={crop.width / 300}
            />
            {label(after, crop.x + fontSize * 0.5, 'start', 'compare-label-after')}
            {label(before, crop.x + crop.width - fontSize * 0.5, 'end', 'compare-label-before')}
          </>
        ) : (
          <>
            <image href={curUrl} transform={svgMatrix(align)} opacity={amount / 100} />
            {label(`${before} + ${after}`, crop.x + fontSize * 0.5, 'start', 'compare-label-ghost')}
          </>
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
  // The server measures the selected pair too and refuses a face that does not match (face_mismatch).
  const served = useQuery({
    queryKey: ['compare', patientId, base?.photo.id, cur?.photo.id],
    queryFn: () =>
      // The server's comparison of the selected pair (same code; it refuses a mismatched face with 422).
      api(
        `/api/patients/${patientId}/compare?baseline=${base?.photo.id ?? ''}&followUp=${cur?.photo.id ?? ''}`,
        ComparisonSchema,
      ),
    enabled: base !== undefined && cur !== undefined && base.photo.id !== cur.photo.id,
    retry: false,
  });

  const comparisons = useMemo(
    () => (base ? analysed.map((a) => ({ a, c: compareFollowUp(base.landmarks, a.landmarks) })) : []),
    [analysed, base],
  );
  const bands = useMemo(() => {
    const out: Record<string, number> = {};
    for (const { c } of comparisons) {
      for (const r of REGION_METRIC) {
        const m = regionChange(c, r.metric, r.liftSign)?.mdc;
        if (m !== null && m !== undefined) out[r.region] = m;
      }
    }
    return out;
  }, [comparisons]);
  const chart = useMemo(
    () =>
      comparisons.map(({ a, c }) => {
        const row: Record<string, number | string> = { label: formatDate(a.date, lang) };
        for (const r of REGION_METRIC) {
          const v = regionChange(c, r.metric, r.liftSign);
          if (v) row[r.region] = Math.round(v.change * 10) / 10;
        }
        return row as { label: string; [k: string]: number | string };
      }),
    [comparisons, lang],
  );
  const selected = comparisons.find((x) => x.a.photo.id === cur?.photo.id)?.c;

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
          {selected && !selected.ok && (
            <Alert color="red" title={t('measure.faceMismatchTitle')} data-testid="face-mismatch">
              {t('measure.faceMismatch', {
                distance: formatNumber(selected.consistency.distance * 100, lang),
              })}
            </Alert>
          )}
          <ErrorAlert error={served.error} />
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
                  bands={bands}
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
                      const c = comparisons[i]?.c;
                      const v = c ? regionChange(c, r.metric, r.liftSign) : undefined;
                      if (i === 0) return <Table.Td key={r.region}>{t('measure.baseline')}</Table.Td>;
                      if (c && !c.ok) return <Table.Td key={r.region}>{t('measure.refused')}</Table.Td>;
                      if (!v) return <Table.Td key={r.region}>—</Table.Td>;
                      const within = v.mdc !== null && Math.abs(v.change) <= v.mdc;
                      return (
                        <Table.Td
                          key={r.region}
                          data-region={r.region}
                          data-verdict={v.mdc === null ? 'no-band' : within ? 'within-error' : 'change'}
                        >
                          {`${formatNumber(v.change, lang)} ${t('units.mm')}`}{' '}
                          {v.mdc === null
                            ? `(${t('measure.bandNotMeasured')})`
                            : `(${t('measure.mdc', { value: formatNumber(v.mdc, lang), unit: t('units.mm') })})`}
                          {within && (
                            <Text size="xs" c="dimmed">
                              {t('measure.withinMeasurementError')}
                            </Text>
                          )}
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
