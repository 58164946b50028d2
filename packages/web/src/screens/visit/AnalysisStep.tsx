import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  MESH,
  PAIRED,
  VIEWS,
  measureView,
  type LandmarkSet,
  type MetricResult,
  type View,
} from '@liftplan/domain';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCorrectLandmarks, usePhotoAnalysis } from '../../api/hooks.js';
import type { Photo } from '@liftplan/api';
import { useAnalysisErrorText } from '../../components/QualityText.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { DragHandle, FaceCanvas, useImageSize } from '../../components/face/FaceCanvas.js';
import { faceBox, frameOf, movePoint, unitOf } from '../../components/face/geometry.js';
import { RegionsLayer } from '../../components/face/layers.js';
import { formatNumber } from '../../lib/format.js';
import {
  BandLegend,
  ProvisionalBanner,
  useValueWithBand,
  WithinErrorLines,
} from '../../components/measure/bands.js';
import { useVisit } from './context.js';
import { photoUrl } from './PhotosStep.js';

/** Named landmarks a clinician can move (the ones the metrics, regions and zones are built from). */
const HANDLES: readonly { readonly key: string; readonly index: number; readonly side?: 'left' | 'right' }[] =
  [
    ...Object.entries(MESH).map(([name, index]) => ({ key: name, index })),
    ...Object.entries(PAIRED).flatMap(([name, s]) => [
      { key: name, index: s.left, side: 'left' as const },
      { key: name, index: s.right, side: 'right' as const },
    ]),
  ];

function MetricsTable({ rows }: { readonly rows: readonly MetricResult[] }) {
  const { t } = useTranslation();
  const withBand = useValueWithBand();
  const value = (m: MetricResult | undefined): string =>
    withBand(m, m?.status === 'measured' && m.estimate ? ` (${t('analysis.estimate')})` : '');
  const ids = [...new Set(rows.map((r) => r.id))];
  return (
    <Table striped data-testid="metrics">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('analysis.metric')}</Table.Th>
          <Table.Th>{t('sides.right')}</Table.Th>
          <Table.Th>{t('sides.left')}</Table.Th>
          <Table.Th>{t('analysis.bilateral')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {ids.map((id) => {
          const of = (side: string) => rows.find((r) => r.id === id && r.side === side);
          return (
            <Table.Tr key={id} data-metric={id}>
              <Table.Td>{t(`metrics.${id}`)}</Table.Td>
              <Table.Td data-side="right">{value(of('right'))}</Table.Td>
              <Table.Td data-side="left">{value(of('left'))}</Table.Td>
              <Table.Td>{value(of('bilateral'))}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function AnalysisEditor({ photo, view }: { readonly photo: Photo; readonly view: View }) {
  const { t, i18n } = useTranslation();
  const d = useVisit();
  const a = usePhotoAnalysis(photo);
  const errorText = useAnalysisErrorText();
  const size = useImageSize(photoUrl(photo));
  const correct = useCorrectLandmarks(a.analysis?.id ?? '', photo.id);
  const [lm, setLm] = useState<LandmarkSet | undefined>(undefined);
  const [showRegions, setShowRegions] = useState(true);
  const [dirty, setDirty] = useState(false);
  const latest = a.latest;
  useEffect(() => {
    if (latest && !dirty) setLm(latest.landmarks);
  }, [latest, dirty]);

  const pd = d.intake.pupillaryDistanceMm;
  const measured = useMemo(() => (lm ? measureView(lm, view, pd) : undefined), [lm, view, pd]);
  const frame = useMemo(() => (lm ? frameOf(lm, pd) : undefined), [lm, pd]);

  if (a.unknown) return <Alert color="gray">{t('photos.analysisUnknown')}</Alert>;
  if (a.job?.status === 'failed') return <Alert color="red">{errorText(a.job.error?.code)}</Alert>;
  if (!lm || !size || !frame || !measured || !latest) return <Text>{t('photos.analysing')}</Text>;
  const crop = faceBox(latest.landmarks, size);
  const u = unitOf(crop.w, crop.h);
  const lang = i18n.language;

  const save = () => {
    correct.mutate(
      { baseNumber: latest.number, landmarks: lm, note: null },
      { onSuccess: () => setDirty(false) },
    );
  };

  return (
    <div className="lp-two">
      <Stack>
        <div className="lp-face-wrap">
          <FaceCanvas
            url={photoUrl(photo)}
            size={size}
            label={t('analysis.canvasLabel', { view: t(`views.${view}`) })}
            testId="analysis-canvas"
            crop={crop}
          >
            {showRegions && <RegionsLayer landmarks={lm} frame={frame} u={u} />}
            {HANDLES.map((h) => {
              const p = lm.mesh[h.index];
              if (!p) return null;
              const name = `${t(`landmarks.${h.key}`)}${h.side ? ` (${t(`sides.${h.side}`)})` : ''}`;
              return (
                <DragHandle
                  key={`${h.key}:${h.side ?? ''}`}
                  x={p[0]}
                  y={p[1]}
                  r={2.2 * u}
                  unit={u}
                  fill={lm.correctedIndices?.includes(h.index) ? '#ffb703' : '#00b4d8'}
                  label={name}
                  testId={`lm-${h.key}${h.side ? `-${h.side}` : ''}`}
                  showName
                  onMove={(x, y) => {
                    setDirty(true);
                    setLm((cur) => (cur ? movePoint(cur, h.index, [x, y]) : cur));
                  }}
                />
              );
            })}
          </FaceCanvas>
        </div>
        <Group>
          <Switch
            label={t('analysis.showRegions')}
            checked={showRegions}
            onChange={(e) => setShowRegions(e.currentTarget.checked)}
          />
          <Text size="xs" c="dimmed">
            {t('analysis.dragHint')}
          </Text>
        </Group>
      </Stack>
      <Stack>
        <ProvisionalBanner landmarks={lm} passed={a.analysis?.passed} />
        <Group gap="xs">
          <Badge variant="light">{t('analysis.versionN', { n: latest.number })}</Badge>
          <Badge variant="light" color={latest.source === 'clinician' ? 'yellow' : 'blue'}>
            {t(`analysis.source.${latest.source}`)}
          </Badge>
          {dirty && (
            <Badge color="orange" data-testid="unsaved">
              {t('analysis.unsaved')}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {t(`analysis.calibration.${measured.calibration.method}`)} ·{' '}
          {t('analysis.roll', { deg: formatNumber(measured.rollDeg, lang) })}
        </Text>
        {measured.calibration.estimate && <Alert color="orange">{t('analysis.estimateWarning')}</Alert>}
        <MetricsTable rows={measured.metrics} />
        <BandLegend view={measured} />
        <Title order={5}>{t('analysis.asymmetry')}</Title>
        {measured.asymmetries.filter((x) => x.perceptible).length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('analysis.noPerceptible')}
          </Text>
        ) : (
          measured.asymmetries
            .filter((x) => x.perceptible)
            .map((x) => (
              <Text size="sm" key={x.id} data-testid="asymmetry">
                {t('analysis.asymmetryLine', {
                  metric: t(`metrics.${x.id}`),
                  value: formatNumber(Math.abs(x.difference), lang),
                  unit: t(`units.${x.unit}`),
                  side: x.moreAffectedSide ? t(`sides.${x.moreAffectedSide}`) : '',
                })}
              </Text>
            ))
        )}
        <WithinErrorLines asymmetries={measured.asymmetries} />
        <ErrorAlert error={correct.error} />
        <Group>
          <Button onClick={save} disabled={!dirty} loading={correct.isPending} data-testid="save-landmarks">
            {t('analysis.saveCorrection')}
          </Button>
          <Button
            variant="default"
            disabled={!dirty}
            onClick={() => {
              setDirty(false);
              setLm(latest.landmarks);
            }}
          >
            {t('analysis.reset')}
          </Button>
        </Group>
        {correct.isSuccess && !dirty && (
          <Text size="sm" c="teal" data-testid="landmarks-saved">
            {t('analysis.saved', { n: correct.data.number })}
          </Text>
        )}
      </Stack>
    </div>
  );
}

/** Landmarks, regions and metrics of one photo; dragging a landmark recomputes every metric at once. */
export function AnalysisStep() {
  const { t } = useTranslation();
  const d = useVisit();
  const navigate = useNavigate();
  const views = VIEWS.filter((v) => d.photoByView[v]);
  const [view, setView] = useState<View>(views[0] ?? 'front');
  const photo = d.photoByView[view];
  return (
    <Stack>
      {views.length > 1 && (
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v)}
          data={views.map((v) => ({ value: v, label: t(`views.${v}`) }))}
        />
      )}
      {photo ? (
        <AnalysisEditor key={photo.id} photo={photo} view={view} />
      ) : (
        <Text c="dimmed">{t('analysis.noPhoto')}</Text>
      )}
      <Group>
        <Button
          onClick={() => void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/assessment`)}
          data-testid="analysis-next"
        >
          {t('analysis.toAssessment')}
        </Button>
      </Group>
      <Card withBorder>
        <Text size="xs" c="dimmed">
          {t('analysis.measuredVsGraded')}
        </Text>
      </Card>
    </Stack>
  );
}
