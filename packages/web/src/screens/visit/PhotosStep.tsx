import {
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { BURST_SHOTS, MAX_BURST_SHOTS, VIEWS, type View } from '@liftplan/domain';
import { lazy, Suspense, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePhotoAnalysis, useUploadPhoto } from '../../api/hooks.js';
import type { Photo } from '@liftplan/api';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FacePicker } from '../../components/FacePicker.js';
import { QualityLine, useAnalysisErrorText } from '../../components/QualityText.js';
import { earlierPhoto, useVisit } from './context.js';

const CameraCapture = lazy(() => import('../../components/camera/CameraCapture.js'));

export const photoUrl = (p: Photo): string => `/api/photos/${p.id}/original`;

function AnalysisStatus({ photo }: { readonly photo: Photo }) {
  const { t } = useTranslation();
  const a = usePhotoAnalysis(photo);
  const errorText = useAnalysisErrorText();
  if (a.unknown) {
    return (
      <Text size="sm" c="dimmed">
        {t('photos.analysisUnknown')}
      </Text>
    );
  }
  if (a.job?.status === 'failed' && a.job.error?.code === 'ambiguous-subject' && a.job.faces?.length) {
    return <FacePicker photo={photo} faces={a.job.faces} src={photoUrl(photo)} />;
  }
  if (a.job?.status === 'failed') {
    return (
      <Text size="sm" c="red" data-testid={`analysis-failed-${photo.view}`}>
        {t('photos.analysisFailed')}: {errorText(a.job.error?.code)}
      </Text>
    );
  }
  if (a.loading || !a.analysis) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">{t('photos.analysing')}</Text>
      </Group>
    );
  }
  const checks = a.latest?.landmarks.quality ?? [];
  return (
    <Stack gap={4} data-testid={`analysis-done-${photo.view}`}>
      <Badge color={a.analysis.passed ? 'teal' : 'orange'}>
        {a.analysis.passed ? t('photos.qualityPassed') : t('photos.qualityFailed')}
      </Badge>
      {checks
        .filter((c) => c.status !== 'pass')
        .map((c) => (
          <QualityLine key={c.check} check={c} />
        ))}
    </Stack>
  );
}

/** The shots of a burst: each with its gate result; the measurements are the median of those that passed. */
function BurstSummary({ shots }: { readonly shots: readonly Photo[] }) {
  const { t } = useTranslation();
  const analysed = shots.filter((s) => s.passedGate !== null);
  const passed = shots.filter((s) => s.passedGate === true).length;
  return (
    <Stack
      gap={4}
      data-testid={`burst-${shots[0]?.view ?? ''}`}
      data-shots={shots.length}
      data-passed={passed}
    >
      <Text size="sm">
        {analysed.length < shots.length
          ? t('photos.burst.noneAnalysed', { count: shots.length })
          : passed === 0
            ? t('photos.burst.nonePassed', { count: shots.length })
            : t('photos.burst.summary', { count: shots.length, passed })}
      </Text>
      <Group gap={6}>
        {shots.map((s, i) => (
          <div key={s.id} style={{ width: 72 }}>
            <img
              src={photoUrl(s)}
              alt={t('photos.burst.shot', { n: i + 1 })}
              style={{ width: '100%', borderRadius: 4 }}
            />
            <Badge size="xs" color={s.passedGate === null ? 'gray' : s.passedGate ? 'teal' : 'orange'}>
              {s.passedGate === null
                ? '…'
                : s.passedGate
                  ? t('photos.burst.passedShort')
                  : t('photos.burst.failedShort')}
            </Badge>
          </div>
        ))}
      </Group>
    </Stack>
  );
}

function ViewCard({ view }: { readonly view: View }) {
  const { t } = useTranslation();
  const d = useVisit();
  const upload = useUploadPhoto(d.patient.id);
  const [camera, setCamera] = useState(false);
  const [ghost, setGhost] = useState(true);
  const photo = d.photoByView[view];
  const shots = d.shotsByView[view] ?? [];
  const earlier = earlierPhoto(d, view);
  /** The camera's burst in progress: its id and how many shots are taken. */
  const [burst, setBurst] = useState<{ id: string; taken: number } | null>(null);
  const [tooMany, setTooMany] = useState(false);

  const send = (file: Blob | null, name: string, burstId?: string) => {
    if (!file) return;
    upload.mutate({ view, visitId: d.visit.id, file, name, ...(burstId ? { burstId } : {}) });
  };
  /** Several files chosen at once: one burst, uploaded one after another in the order chosen. */
  const sendBurst = async (files: readonly File[]) => {
    setTooMany(files.length > MAX_BURST_SHOTS);
    if (files.length === 0 || files.length > MAX_BURST_SHOTS) return;
    const burstId = files.length > 1 ? crypto.randomUUID() : undefined;
    for (const f of files) {
      await upload.mutateAsync({
        view,
        visitId: d.visit.id,
        file: f,
        name: f.name,
        ...(burstId ? { burstId } : {}),
      });
    }
  };

  return (
    <Card withBorder data-testid={`view-${view}`}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t(`views.${view}`)}</Title>
        {earlier && (
          <Switch
            size="xs"
            label={t('photos.ghost')}
            checked={ghost}
            onChange={(e) => setGhost(e.currentTarget.checked)}
          />
        )}
      </Group>
      {photo ? (
        <div className="lp-video-wrap">
          <img src={photoUrl(photo)} alt={t(`views.${view}`)} style={{ width: '100%', borderRadius: 8 }} />
          {earlier && ghost && (
            <img className="ghost" src={photoUrl(earlier)} alt="" data-testid={`ghost-${view}`} />
          )}
        </div>
      ) : earlier && ghost ? (
        <div className="lp-video-wrap">
          <img
            src={photoUrl(earlier)}
            alt={t('photos.earlierPhoto')}
            style={{ width: '100%', borderRadius: 8, opacity: 0.35 }}
          />
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          {t('photos.none')}
        </Text>
      )}
      {photo && <AnalysisStatus photo={photo} />}
      {shots.length > 1 && <BurstSummary shots={shots} />}
      {camera && (
        <Suspense fallback={<Loader size="xs" />}>
          {burst && (
            <Text size="sm" fw={600} data-testid={`burst-progress-${view}`}>
              {t('photos.burst.taking', { taken: burst.taken + 1, n: BURST_SHOTS })}
            </Text>
          )}
          <CameraCapture
            view={view}
            {...(earlier && ghost ? { ghostUrl: photoUrl(earlier) } : {})}
            onCapture={(blob) => {
              if (burst) {
                send(blob, `${view}-${burst.taken + 1}.jpg`, burst.id);
                const taken = burst.taken + 1;
                if (taken >= BURST_SHOTS) {
                  setBurst(null);
                  setCamera(false);
                } else setBurst({ ...burst, taken });
                return;
              }
              setCamera(false);
              send(blob, `${view}.jpg`);
            }}
            onClose={() => {
              setBurst(null);
              setCamera(false);
            }}
          />
        </Suspense>
      )}
      {tooMany && (
        <Text size="sm" c="red" role="alert">
          {t('photos.burst.tooMany', { max: MAX_BURST_SHOTS, n: BURST_SHOTS })}
        </Text>
      )}
      <ErrorAlert error={upload.error} />
      <Group mt="sm" gap="xs">
        <FileButton
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
          onChange={(f) => send(f, f?.name ?? `${view}.jpg`)}
          inputProps={{ 'data-testid': `upload-${view}` } as ComponentProps<'input'>}
        >
          {(props) => (
            <Button size="xs" loading={upload.isPending} {...props}>
              {photo ? t('photos.replace') : t('photos.upload')}
            </Button>
          )}
        </FileButton>
        <Button
          size="xs"
          variant="light"
          onClick={() => setCamera(true)}
          disabled={camera}
          data-testid={`camera-${view}`}
        >
          {t('photos.camera')}
        </Button>
        <FileButton
          multiple
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
          onChange={(files) => void sendBurst(files)}
          inputProps={{ 'data-testid': `upload-burst-${view}` } as ComponentProps<'input'>}
        >
          {(props) => (
            <Button size="xs" variant="light" loading={upload.isPending} {...props}>
              {t('photos.burst.upload', { n: BURST_SHOTS })}
            </Button>
          )}
        </FileButton>
        <Button
          size="xs"
          variant="light"
          onClick={() => {
            setBurst({ id: crypto.randomUUID(), taken: 0 });
            setCamera(true);
          }}
          disabled={camera}
          data-testid={`camera-burst-${view}`}
        >
          {t('photos.burst.camera', { n: BURST_SHOTS })}
        </Button>
      </Group>
    </Card>
  );
}

/** Standard views: upload or the device camera, analysis status and the quality gate's advice. */
export function PhotosStep() {
  const { t } = useTranslation();
  const d = useVisit();
  const navigate = useNavigate();
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('photos.hint')} {t('photos.burst.hint')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {VIEWS.map((v) => (
          <ViewCard key={v} view={v} />
        ))}
      </SimpleGrid>
      <Group>
        <Button
          onClick={() => void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/analysis`)}
          disabled={!d.photoByView.front}
          data-testid="photos-next"
        >
          {t('photos.toAnalysis')}
        </Button>
      </Group>
    </Stack>
  );
}
