import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { VIEWS } from '@liftplan/domain';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  useArchivePatient,
  useCreateVisit,
  useFollowUps,
  usePatient,
  usePhotos,
  usePlans,
  useProcedures,
  useVisits,
} from '../api/hooks.js';
import { VISIT_KINDS, type Photo, type Procedure, type VisitKind } from '@liftplan/api';
import { useAuth } from '../auth.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { RecordHistory } from '../components/RecordHistory.js';
import { ageOn, formatDate, formatDateTime, today } from '../lib/format.js';
import { FollowUpTimeline } from './patient/FollowUpTimeline.js';
import { DemographicsCard } from './patient/DemographicsCard.js';
import { RecordCopyCard } from './patient/RecordCopyCard.js';
import { RecordExportCard } from './patient/RecordExportCard.js';

const KINDS = VISIT_KINDS;

const STATUS_COLOUR = { succeeded: 'teal', queued: 'gray', running: 'blue', failed: 'red' } as const;

/** The photo's analysis as the server links it (same in every browser). */
function PhotoAnalysisBadge({ photo }: { readonly photo: Photo }) {
  const { t } = useTranslation();
  const status = photo.jobStatus;
  return (
    <Badge
      size="xs"
      variant="light"
      color={status ? STATUS_COLOUR[status] : 'gray'}
      data-testid="photo-analysis"
      data-status={status ?? 'none'}
    >
      {status === 'succeeded' && photo.analysisId
        ? t('timeline.photoAnalysis.succeeded', { n: photo.landmarkVersion ?? 1 })
        : t(`timeline.photoAnalysis.${status ?? 'none'}`)}
    </Badge>
  );
}

function PhotoFigure({ photo, caption }: { readonly photo: Photo; readonly caption: string }) {
  return (
    <figure style={{ margin: 0 }}>
      <img
        src={`/api/photos/${photo.id}/original`}
        alt={caption}
        loading="lazy"
        style={{ width: '100%', maxWidth: 140, borderRadius: 6 }}
      />
      <Text size="xs" component="figcaption">
        {caption}
      </Text>
      <PhotoAnalysisBadge photo={photo} />
    </figure>
  );
}

/** One procedure: date, every thread with its product and lot, and the events recorded after it. */
function ProcedureCard({ procedure }: { readonly procedure: Procedure }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Card withBorder data-testid="timeline-procedure">
      <Text fw={600}>{formatDate(procedure.performedOn, lang)}</Text>
      <Stack gap={2} mt={4}>
        {procedure.threads.map((th) => (
          <Text size="sm" key={th.id} data-testid="procedure-thread">
            {t('timeline.threadLine', {
              region: t(`regions.${th.region}`),
              side: t(`sides.${th.side}`),
              count: th.count,
              product: th.productName,
              lot: th.lotNumber,
              expiry: formatDate(th.expiryDate, lang),
            })}
            {th.deviations ? ` · ${t('timeline.deviation', { text: th.deviations })}` : ''}
          </Text>
        ))}
      </Stack>
      <Text size="sm" fw={600} mt="xs">
        {t('timeline.events')}
      </Text>
      {procedure.events.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('timeline.noEvents')}
        </Text>
      ) : (
        procedure.events.map((e, i) => (
          <Text size="sm" key={i} data-testid="procedure-event">
            {t('timeline.eventLine', { at: formatDateTime(e.at ?? e.recordedAt ?? '', lang), kind: e.kind })}
            {e.note ? ` · ${e.note}` : ''}
          </Text>
        ))
      )}
      <RecordHistory entity="procedures" id={procedure.id} />
    </Card>
  );
}

/** A patient's timeline: visits with their photos by view, plans and their versions, follow-ups. */
export default function PatientScreen() {
  const { patientId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const patient = usePatient(patientId);
  const visits = useVisits(patientId);
  const photos = usePhotos(patientId);
  const plans = usePlans(patientId);
  const followUps = useFollowUps(patientId);
  const procedures = useProcedures(patientId);
  const createVisit = useCreateVisit(patientId);
  const archive = useArchivePatient(patientId);
  const [kind, setKind] = useState<VisitKind>('consultation');
  const [date, setDate] = useState(today());
  const lang = i18n.language;

  if (patient.isLoading) return <Loader size="sm" />;
  if (!patient.data) return <ErrorAlert error={patient.error} />;
  const p = patient.data;
  const archived = p.archivedAt !== null;

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    createVisit.mutate(
      { kind, date, notes: null },
      { onSuccess: (v) => void navigate(`/patients/${patientId}/visits/${v.id}/intake`) },
    );
  };

  const sortedVisits = [...(visits.data ?? [])].sort((a, b) =>
    a.date < b.date ? 1 : a.date > b.date ? -1 : 0,
  );
  const unlinkedPhotos = (photos.data ?? []).filter((ph) => ph.visitId === null);

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2} data-testid="patient-title">
            {p.displayName}
          </Title>
          <Text c="dimmed">
            {t('patients.chart')} {p.chartNumber} · {formatDate(p.birthDate, lang)} (
            {t('patients.years', { count: ageOn(p.birthDate, today()) })}) · {t(`sex.${p.sex}`)}
          </Text>
        </div>
        <Group>
          {user?.role === 'admin' && (
            <Button
              variant="default"
              loading={archive.isPending}
              onClick={() => archive.mutate(archived ? 'restore' : 'archive')}
              data-testid={archived ? 'restore-patient' : 'archive-patient'}
            >
              {archived ? t('records.restore') : t('records.archive')}
            </Button>
          )}
          <Button
            variant="light"
            component={Link}
            to={`/patients/${patientId}/compare`}
            data-testid="open-compare"
          >
            {t('timeline.compare')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={archive.error} />
      {p.archivedAt !== null && (
        <Alert color="gray" data-testid="patient-archived">
          <Badge color="gray" mr="xs">
            {t('records.archived')}
          </Badge>
          {t('records.archivedNotice', { date: formatDateTime(p.archivedAt, lang) })}
        </Alert>
      )}

      <DemographicsCard key={p.version} patient={p} canEdit={user?.role !== 'admin' && !archived} />

      {(user?.role === 'admin' || user?.role === 'doctor') && <RecordCopyCard patientId={p.id} />}
      {(user?.role === 'admin' || user?.role === 'doctor') && <RecordExportCard patientId={p.id} />}

      {user?.role !== 'admin' && !archived && (
        <Card withBorder>
          <form onSubmit={submit}>
            <Group align="end">
              <NativeSelect
                label={t('timeline.visitKind')}
                value={kind}
                onChange={(e) => setKind(e.currentTarget.value as VisitKind)}
                data={KINDS.map((k) => ({ value: k, label: t(`visitKind.${k}`) }))}
                data-testid="visit-kind"
              />
              <TextInput
                label={t('timeline.visitDate')}
                type="date"
                value={date}
                onChange={(e) => setDate(e.currentTarget.value)}
                required
                data-testid="visit-date"
              />
              <Button type="submit" loading={createVisit.isPending} data-testid="new-visit">
                {t('timeline.newVisit')}
              </Button>
            </Group>
            <ErrorAlert error={createVisit.error} />
          </form>
        </Card>
      )}

      <Title order={3}>{t('timeline.visits')}</Title>
      {sortedVisits.length === 0 && <Text c="dimmed">{t('timeline.noVisits')}</Text>}
      {sortedVisits.map((v) => {
        const vPhotos = (photos.data ?? []).filter((ph) => ph.visitId === v.id);
        const vPlans = (plans.data ?? []).filter((pl) => pl.visitId === v.id);
        return (
          <Card withBorder key={v.id} data-testid="timeline-visit">
            <Group justify="space-between">
              <Group>
                <Text fw={600}>{formatDate(v.date, lang)}</Text>
                <Badge variant="light">{t(`visitKind.${v.kind}`)}</Badge>
              </Group>
              <Anchor component={Link} to={`/patients/${patientId}/visits/${v.id}/intake`}>
                {t('timeline.openVisit')}
              </Anchor>
            </Group>
            {vPhotos.length > 0 && (
              <SimpleGrid cols={{ base: 3, sm: 5 }} mt="sm">
                {VIEWS.map((view) => {
                  const ph = vPhotos.filter((x) => x.view === view).at(-1);
                  return ph ? <PhotoFigure key={view} photo={ph} caption={t(`views.${view}`)} /> : null;
                })}
              </SimpleGrid>
            )}
            {vPlans.map((pl) => (
              <Stack key={pl.id} gap={2} mt="sm">
                <Text size="sm" fw={600}>
                  {t('timeline.plan')}
                </Text>
                {pl.versions.map((ver) => (
                  <Text size="sm" key={ver.id}>
                    {t('plan.versionN', { n: ver.number })} · {t(`planStatus.${ver.status}`)} ·{' '}
                    {formatDateTime(ver.signedAt ?? ver.createdAt, lang)}
                    {ver.diff.length > 0 && ` · ${t('plan.changes', { count: ver.diff.length })}`}
                  </Text>
                ))}
              </Stack>
            ))}
          </Card>
        );
      })}

      {unlinkedPhotos.length > 0 && (
        <Card withBorder>
          <Title order={4}>{t('timeline.otherPhotos')}</Title>
          <SimpleGrid cols={{ base: 3, sm: 5 }} mt="sm">
            {unlinkedPhotos.map((ph) => (
              <PhotoFigure
                key={ph.id}
                photo={ph}
                caption={`${t(`views.${ph.view}`)} · ${formatDate(ph.createdAt, lang)}`}
              />
            ))}
          </SimpleGrid>
        </Card>
      )}

      <Title order={3}>{t('timeline.procedures')}</Title>
      <ErrorAlert error={procedures.error} />
      {(procedures.data ?? []).length === 0 ? (
        <Text c="dimmed">{t('timeline.noProcedures')}</Text>
      ) : (
        (procedures.data ?? []).map((pr) => <ProcedureCard key={pr.id} procedure={pr} />)
      )}

      <Title order={3}>{t('timeline.followUps')}</Title>
      <FollowUpTimeline
        patientId={patientId}
        followUps={followUps.data ?? []}
        procedures={procedures.data ?? []}
        visits={visits.data ?? []}
        canStart={user?.role !== 'admin'}
      />
    </Stack>
  );
}
