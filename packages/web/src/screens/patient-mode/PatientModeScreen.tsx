/**
 * Patient mode: the consultation on a tablet turned toward the patient. Full screen (no staff header, tabs or
 * names), large type, a language toggle, and four steps: what was found → the plan on their own face →
 * side effects and how often they happen, in words → aftercare, with the clinic's phone and the legal notice.
 * Leaving needs the signed-in staff member's password, checked again by the server (lib/patient-mode.ts
 * keeps every other route pointing here until then).
 */
import {
  Alert,
  Box,
  Button,
  Card,
  Center,
  Group,
  List,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { patientRate, patientReason } from '@liftplan/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { usePatient, usePhotos, usePlans, useProcedures, useVisits } from '../../api/hooks.js';
import { LanguageSwitch } from '../../App.js';
import { ClinicDetails } from '../../components/ClinicDetails.js';
import { FaceCanvas } from '../../components/face/FaceCanvas.js';
import { unitOf } from '../../components/face/geometry.js';
import { PlanLayer } from '../../components/face/layers.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { pick } from '../../lib/bilingual.js';
import { formatDate, langOf } from '../../lib/format.js';
import { threadCount } from '../../lib/plan.js';
import { unlock } from '../../lib/patient-mode.js';
import { photoUrl } from '../visit/PhotosStep.js';
import { faceCropBox, useConsultationData } from './consultation-data.js';
import { plainFindings } from './findings.js';
import { FindingsList } from './FindingsList.js';
import { UnlockDialog } from './UnlockDialog.js';

export const PATIENT_STEPS = ['findings', 'plan', 'risks', 'aftercare'] as const;
type Step = (typeof PATIENT_STEPS)[number];

export default function PatientModeScreen() {
  const { patientId = '', visitId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const navigate = useNavigate();
  const patient = usePatient(patientId);
  const visits = useVisits(patientId);
  const photos = usePhotos(patientId);
  const plans = usePlans(patientId);
  const procedures = useProcedures(patientId);
  const [step, setStep] = useState<Step>('findings');
  const [unlocking, setUnlocking] = useState(false);

  const visit = visits.data?.find((v) => v.id === visitId);
  const plan = plans.data?.filter((p) => p.visitId === visitId).at(-1);
  const version = plan?.versions.find((v) => v.number === plan.currentNumber);
  const front = (photos.data ?? []).filter((p) => p.visitId === visitId && p.view === 'front').at(-1);
  const procedure = (procedures.data ?? []).find((p) => p.visitId === visitId);

  const leave = () => {
    unlock(localStorage);
    setUnlocking(false);
    void navigate(`/patients/${patientId}/visits/${visitId}/consult`, { replace: true });
  };

  return (
    <div className="lp-patient-mode" data-testid="patient-mode" lang={lang}>
      <header className="lp-patient-mode-bar">
        <Text fw={700} size="xl">
          {t('patientMode.title')}
        </Text>
        <Group gap="md" wrap="nowrap">
          <LanguageSwitch size="lg" />
          <Button
            variant="subtle"
            color="gray"
            size="md"
            onClick={() => setUnlocking(true)}
            data-testid="patient-mode-exit"
          >
            {t('patientMode.exit')}
          </Button>
        </Group>
      </header>
      <UnlockDialog opened={unlocking} onClose={() => setUnlocking(false)} onUnlocked={leave} />
      <main className="lp-patient-mode-body">
        {patient.isLoading || visits.isLoading || plans.isLoading ? (
          <Center p="xl">
            <Loader />
          </Center>
        ) : !patient.data || !visit ? (
          <ErrorAlert error={patient.error ?? visits.error ?? new Error(t('visit.notFound'))} />
        ) : (
          <PatientModeContent
            step={step}
            setStep={setStep}
            data={{
              patient: patient.data,
              visitDate: visit.date,
              front,
              version,
              procedureDate: procedure?.performedOn,
            }}
            doctorId={version?.signedBy ?? null}
          />
        )}
      </main>
    </div>
  );
}

function PatientModeContent(props: {
  readonly step: Step;
  readonly setStep: (s: Step) => void;
  readonly data: Parameters<typeof useConsultationData>[0];
  readonly doctorId: string | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const c = useConsultationData(props.data);
  const idx = PATIENT_STEPS.indexOf(props.step);
  if (!c.payload || !c.schedule) return <Alert color="gray">{t('consult.noPlan')}</Alert>;
  const payload = c.payload;
  const schedule = c.schedule;
  const signed = props.data.version?.status === 'signed';
  const findings = c.measured ? plainFindings(c.measured.asymmetries) : [];

  return (
    <Stack gap="lg">
      <nav className="lp-patient-steps" aria-label={t('patientMode.steps')}>
        {PATIENT_STEPS.map((s, i) => (
          <Button
            key={s}
            size="lg"
            variant={s === props.step ? 'filled' : 'light'}
            onClick={() => props.setStep(s)}
            aria-current={s === props.step ? 'step' : undefined}
            data-testid={`pm-step-${s}`}
          >
            {i + 1}. {t(`patientMode.step.${s}`)}
          </Button>
        ))}
      </nav>
      {!signed && <Alert color="yellow">{t('patientMode.draftNotice')}</Alert>}

      {props.step === 'findings' && (
        <Stack data-testid="pm-findings">
          <Title order={2}>{t('patientMode.step.findings')}</Title>
          <Text>{t(`consult.verdict.${payload.candidacy.verdict}`)}</Text>
          {payload.candidacy.reasons.length > 0 && (
            <List>
              {payload.candidacy.reasons.map((r) => (
                <List.Item key={r.id}>{pick(r.text, lang)}</List.Item>
              ))}
            </List>
          )}
          <Text>{t('patientMode.findingsIntro')}</Text>
          <FindingsList findings={findings} testId="pm-findings-list" />
          <Text size="md" c="dimmed">
            {t('patientMode.bandExplained')}
          </Text>
        </Stack>
      )}

      {props.step === 'plan' && (
        <Stack data-testid="pm-plan">
          <Title order={2}>{t('patientMode.step.plan')}</Title>
          <div className="lp-patient-plan">
            {props.data.front && c.size && c.projected && c.lm && (
              <Box className="lp-patient-picture">
                <FaceCanvas
                  url={photoUrl(props.data.front)}
                  size={c.size}
                  label={t('consult.planPicture')}
                  testId="pm-canvas"
                  crop={faceCropBox(c.lm, c.size)}
                >
                  <PlanLayer
                    plan={c.projected}
                    u={unitOf(faceCropBox(c.lm, c.size).w, faceCropBox(c.lm, c.size).h)}
                  />
                </FaceCanvas>
                <Text size="md" c="dimmed">
                  {t('consult.planPicture')}
                </Text>
              </Box>
            )}
            <Stack>
              {payload.placements.length === 0 ? (
                <Text>{t('consult.noThreads')}</Text>
              ) : (
                <Table fz="lg">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('consult.col.area')}</Table.Th>
                      <Table.Th>{t('consult.col.thread')}</Table.Th>
                      <Table.Th>{t('consult.col.count')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {payload.placements.map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td>
                          {t(`regions.${p.region}`)} ({t(`sides.${p.side}`)})
                        </Table.Td>
                        <Table.Td>{t(`threadKinds.${p.kind}`)}</Table.Td>
                        <Table.Td>{p.count}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              <Text>{t('consult.total', { count: threadCount(payload.placements) })}</Text>
              <Text>{t('consult.planNote')}</Text>
              <Title order={3}>{t('consult.course')}</Title>
              <Text>{t('consult.durability')}</Text>
              <List>
                {schedule.expectedCourse.map((x) => (
                  <List.Item key={x.id}>{pick(x.text, lang)}</List.Item>
                ))}
              </List>
            </Stack>
          </div>
        </Stack>
      )}

      {props.step === 'risks' && (
        <Stack data-testid="pm-risks">
          <Title order={2}>{t('patientMode.step.risks')}</Title>
          <Text>{t('consult.risksIntro')}</Text>
          <Stack gap="md">
            {payload.risks.map((r) => {
              const reason = patientReason(r, lang);
              return (
                <Card withBorder key={r.id} data-testid="pm-risk">
                  <Text fw={700}>
                    {t(`risks.${r.id}`)}
                    {r.level === 'elevated' ? ` · ${t('patientMode.higherForYou')}` : ''}
                  </Text>
                  <Text>{patientRate(r, lang)}</Text>
                  {reason && <Text c="dimmed">{reason}</Text>}
                </Card>
              );
            })}
          </Stack>
          <Text>{t('consult.risksSerious')}</Text>
          <Title order={3}>{t('consult.alternatives')}</Title>
          <List>
            <List.Item>{t('consult.altSurgery')}</List.Item>
            <List.Item>{t('consult.altFillers')}</List.Item>
            <List.Item>{t('consult.altDevices')}</List.Item>
            <List.Item>{t('consult.altNone')}</List.Item>
          </List>
        </Stack>
      )}

      {props.step === 'aftercare' && (
        <Stack data-testid="pm-aftercare">
          <Title order={2}>{t('patientMode.step.aftercare')}</Title>
          <Text>{t('consult.aftercareIntro', { date: formatDate(schedule.procedureDate, lang) })}</Text>
          <List spacing="xs">
            {schedule.instructions.map((ins) => (
              <List.Item key={ins.id}>
                {pick(ins.text, lang)} (
                {t('consult.untilDay', { date: formatDate(ins.lastDay, lang), count: ins.days })})
              </List.Item>
            ))}
          </List>
          <Title order={3}>{t('consult.warningSigns')}</Title>
          <List spacing="xs">
            {schedule.warningSigns.map((w) => (
              <List.Item key={w.id}>{pick(w.text, lang)}</List.Item>
            ))}
          </List>
          <Card withBorder>
            <ClinicDetails doctorId={props.doctorId} size="lg" />
          </Card>
          <Title order={3}>{t('consult.followUps')}</Title>
          <List spacing="xs">
            {schedule.followUps.map((f) => (
              <List.Item key={f.id}>
                {pick(f.label, lang)}: {formatDate(f.date, lang)} ({pick(f.purpose, lang)})
              </List.Item>
            ))}
          </List>
          <Card withBorder data-testid="pm-legal-notice">
            <Title order={3}>{t('consult.notice')}</Title>
            <Text>{t('consult.legalNotice')}</Text>
          </Card>
        </Stack>
      )}

      <Group justify="space-between" className="lp-patient-nav">
        <Button
          size="xl"
          variant="default"
          disabled={idx <= 0}
          onClick={() => props.setStep(PATIENT_STEPS[idx - 1] ?? 'findings')}
          data-testid="pm-prev"
        >
          {t('patientMode.prev')}
        </Button>
        <Button
          size="xl"
          disabled={idx >= PATIENT_STEPS.length - 1}
          onClick={() => props.setStep(PATIENT_STEPS[idx + 1] ?? 'aftercare')}
          data-testid="pm-next"
        >
          {t('patientMode.next')}
        </Button>
      </Group>
    </Stack>
  );
}
