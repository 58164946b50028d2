import { Anchor, Badge, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import type { View } from '@liftplan/domain';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { useAssessments, usePatient, usePhotos, usePlans, useVisits } from '../../api/hooks.js';
import type { Photo } from '@liftplan/api';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { IntakeState } from '../../lib/case.js';
import { formatDate } from '../../lib/format.js';
import { AnalysisStep } from './AnalysisStep.js';
import { AssessmentStep } from './AssessmentStep.js';
import { ConsentStep } from './ConsentStep.js';
import { ConsultStep } from './ConsultStep.js';
import { VisitContext, type VisitData } from './context.js';
import { IntakeStep } from './IntakeStep.js';
import { PhotosStep } from './PhotosStep.js';
import { PlanStep } from './PlanStep.js';
import { ProcedureStep } from './ProcedureStep.js';

const STEPS = [
  'intake',
  'photos',
  'analysis',
  'assessment',
  'plan',
  'consult',
  'consent',
  'procedure',
] as const;

const isIntake = (v: unknown): v is IntakeState =>
  typeof v === 'object' && v !== null && Array.isArray((v as { concerns?: unknown }).concerns);

/** One visit, step by step: intake -> photos -> analysis -> assessment -> plan -> consultation -> procedure. */
export default function VisitScreen() {
  const { patientId = '', visitId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const patient = usePatient(patientId);
  const visits = useVisits(patientId);
  const photos = usePhotos(patientId);
  const assessments = useAssessments(patientId);
  const plans = usePlans(patientId);
  const [intake, setIntake] = useState<IntakeState | null>(null);

  const visit = visits.data?.find((v) => v.id === visitId);
  const plan = plans.data?.filter((p) => p.visitId === visitId).at(-1);
  const currentVersion = plan?.versions.find((v) => v.number === plan.currentNumber);
  const savedIntake = currentVersion?.payload.intake;
  useEffect(() => {
    if (intake === null && isIntake(savedIntake)) setIntake(savedIntake);
  }, [intake, savedIntake]);

  const data = useMemo<VisitData | null>(() => {
    if (!patient.data || !visit) return null;
    const byView: Partial<Record<View, Photo>> = {};
    for (const p of photos.data ?? []) if (p.visitId === visitId) byView[p.view] = p;
    const assessment = (assessments.data ?? []).filter((a) => a.visitId === visitId).at(-1);
    return {
      patient: patient.data,
      visit,
      visits: visits.data ?? [],
      allPhotos: photos.data ?? [],
      photoByView: byView,
      assessment,
      plan,
      plansLoaded: plans.isSuccess,
      currentVersion,
      // Nothing chosen for the user: no concern and expectations "not assessed" until the intake is saved.
      intake: intake ?? { concerns: [], expectations: 'not-assessed' },
      intakeChosen: intake !== null,
      setIntake,
    };
  }, [
    patient.data,
    visit,
    visits.data,
    photos.data,
    visitId,
    assessments.data,
    plan,
    plans.isSuccess,
    currentVersion,
    intake,
  ]);

  if (patient.isLoading || visits.isLoading) return <Loader size="sm" />;
  if (!data) return <ErrorAlert error={patient.error ?? visits.error ?? new Error(t('visit.notFound'))} />;

  const step = location.pathname.split('/').at(-1) ?? 'intake';
  const base = `/patients/${patientId}/visits/${visitId}`;
  return (
    <VisitContext.Provider value={data}>
      <Stack>
        <Group justify="space-between">
          <div>
            <Anchor component={Link} to={`/patients/${patientId}`} size="sm">
              ← {data.patient.displayName} ({data.patient.chartNumber})
            </Anchor>
            <Title order={2}>
              {t(`visitKind.${data.visit.kind}`)} · {formatDate(data.visit.date, i18n.language)}
            </Title>
          </div>
          {data.currentVersion && (
            <Badge
              size="lg"
              color={data.currentVersion.status === 'signed' ? 'teal' : 'gray'}
              data-testid="plan-status"
            >
              {t('plan.versionN', { n: data.currentVersion.number })} ·{' '}
              {t(`planStatus.${data.currentVersion.status}`)}
            </Badge>
          )}
        </Group>
        <Tabs
          value={(STEPS as readonly string[]).includes(step) ? step : 'intake'}
          onChange={(v) => v && void navigate(`${base}/${v}`)}
        >
          <Tabs.List>
            {STEPS.map((s, i) => (
              <Tabs.Tab key={s} value={s} data-testid={`step-${s}`}>
                {i + 1}. {s === 'consent' ? t('care.consentStep') : t(`steps.${s}`)}
              </Tabs.Tab>
            ))}
            <Tabs.Tab
              value="compare"
              onClick={() => void navigate(`/patients/${patientId}/compare?visit=${visitId}`)}
              data-testid="step-compare"
            >
              {STEPS.length + 1}. {t('steps.followup')}
            </Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <Routes>
          <Route path="intake" element={<IntakeStep />} />
          <Route path="photos" element={<PhotosStep />} />
          <Route path="analysis" element={<AnalysisStep />} />
          <Route path="assessment" element={<AssessmentStep />} />
          <Route path="plan" element={<PlanStep />} />
          <Route path="consult" element={<ConsultStep />} />
          <Route path="consent" element={<ConsentStep />} />
          <Route path="procedure" element={<ProcedureStep />} />
          <Route path="*" element={<Navigate to="intake" replace />} />
        </Routes>
        <Text size="xs" c="dimmed">
          {t('visit.decisionSupport')}
        </Text>
      </Stack>
    </VisitContext.Provider>
  );
}
