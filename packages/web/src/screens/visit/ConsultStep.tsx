import { Alert, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { buildAftercareSchedule, measureView, patientRate, projectPlan, verifyPlan } from '@liftplan/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePhotoAnalysis, useProcedures } from '../../api/hooks.js';
import { ClinicDetails } from '../../components/ClinicDetails.js';
import { DocumentDownloads } from '../../components/DocumentDownloads.js';
import { lock, patientModePath } from '../../lib/patient-mode.js';
import { faceCropBox } from '../patient-mode/consultation-data.js';
import { plainFindings } from '../patient-mode/findings.js';
import { FindingsList } from '../patient-mode/FindingsList.js';
import { LanguageSwitch } from '../../App.js';
import { FaceCanvas, useImageSize } from '../../components/face/FaceCanvas.js';
import { unitOf } from '../../components/face/geometry.js';
import { PlanLayer } from '../../components/face/layers.js';
import { pick } from '../../lib/bilingual.js';
import { formatDate, langOf } from '../../lib/format.js';
import { threadCount } from '../../lib/plan.js';
import { savedRecord } from '../../lib/plan-draft.js';
import { useVisit } from './context.js';
import { photoUrl } from './PhotosStep.js';
import { ProvisionalBanner } from '../../components/measure/bands.js';

/**
 * The patient-facing consultation: what was found, the plan on their own photo, expected course, risks with
 * published rates, alternatives, aftercare and the notice. Plain words, large type, no clinician controls.
 * Every fixed sentence here is from `consult.*` in the i18n resources, checked by the wording lint.
 */
export function ConsultStep() {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const d = useVisit();
  const navigate = useNavigate();
  const version = d.currentVersion;
  // The plan as the verified record stands for it (the same `verifyPlan` the server signs and prints with).
  const payload = useMemo(() => {
    const record = savedRecord(version);
    return record ? (verifyPlan(record).plan ?? undefined) : undefined;
  }, [version]);
  const front = d.photoByView.front;
  const a = usePhotoAnalysis(front);
  const size = useImageSize(front ? photoUrl(front) : undefined);
  const lm = a.latest?.landmarks;
  const projected = useMemo(
    () => (payload && lm ? projectPlan({ placements: payload.placements }, lm) : undefined),
    [payload, lm],
  );
  const measured = useMemo(
    () => (lm ? measureView(lm, 'front', d.intake.pupillaryDistanceMm) : undefined),
    [lm, d.intake],
  );
  // Aftercare dates count from the procedure day once it is recorded (until then, from this visit's day).
  const procedures = useProcedures(d.patient.id);
  const procedureDate =
    (procedures.data ?? []).find((p) => p.visitId === d.visit.id)?.performedOn ?? d.visit.date;
  const schedule = useMemo(
    () =>
      payload
        ? buildAftercareSchedule({
            placements: payload.placements,
            procedureDate,
            sex: d.patient.sex,
          })
        : undefined,
    [payload, procedureDate, d.patient.sex],
  );

  if (!payload || !schedule) return <Alert color="gray">{t('consult.noPlan')}</Alert>;
  const signed = version?.status === 'signed';
  const findings = plainFindings(measured?.asymmetries ?? []);

  return (
    <Stack className="lp-consult" data-testid="consultation" maw={960}>
      <Group justify="space-between">
        <Title order={1}>{t('consult.title')}</Title>
        <Group>
          <LanguageSwitch />
          <Button
            onClick={() => {
              const path = patientModePath(d.patient.id, d.visit.id);
              lock(localStorage, path);
              void navigate(path);
            }}
            data-testid="enter-patient-mode"
          >
            {t('patientMode.enter')}
          </Button>
        </Group>
      </Group>
      {!signed && <Alert color="yellow">{t('consult.draftNotice')}</Alert>}
      <ProvisionalBanner landmarks={lm} passed={a.analysis?.passed} />

      <Title order={2}>{t('consult.findings')}</Title>
      <Text>{t(`consult.verdict.${payload.candidacy.verdict}`)}</Text>
      {payload.candidacy.reasons.length > 0 && (
        <List>
          {payload.candidacy.reasons.map((r) => (
            <List.Item key={r.id}>{pick(r.text, lang)}</List.Item>
          ))}
        </List>
      )}
      <Text>{t('consult.measurementsIntro')}</Text>
      <Text size="sm" c="dimmed">
        {t('patientMode.bandExplained')}
      </Text>
      <FindingsList findings={findings} testId="consult-findings" />

      <Title order={2}>{t('consult.plan')}</Title>
      {front && size && projected && lm && (
        <div className="lp-face-wrap">
          <FaceCanvas
            url={photoUrl(front)}
            size={size}
            label={t('consult.planPicture')}
            testId="consult-canvas"
            crop={faceCropBox(lm, size)}
          >
            <PlanLayer plan={projected} u={unitOf(faceCropBox(lm, size).w, faceCropBox(lm, size).h)} />
          </FaceCanvas>
          <Text size="sm" c="dimmed">
            {t('consult.planPicture')}
          </Text>
        </div>
      )}
      {payload.placements.length === 0 ? (
        <Text>{t('consult.noThreads')}</Text>
      ) : (
        <Table>
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
                <Table.Td>
                  {t(`threadKinds.${p.kind}`)} · {t(`fixations.${p.fixation}`)}
                </Table.Td>
                <Table.Td>{p.count}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text>{t('consult.total', { count: threadCount(payload.placements) })}</Text>
      <Text>{t('consult.planNote')}</Text>

      <Title order={2}>{t('consult.course')}</Title>
      <Text>{t('consult.durability')}</Text>
      <List>
        {schedule.expectedCourse.map((c) => (
          <List.Item key={c.id}>{pick(c.text, lang)}</List.Item>
        ))}
      </List>

      <Title order={2}>{t('consult.risks')}</Title>
      <Text>{t('consult.risksIntro')}</Text>
      <Table data-testid="consult-risks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('consult.col.sideEffect')}</Table.Th>
            <Table.Th>{t('consult.col.rate')}</Table.Th>
            <Table.Th>{t('consult.col.forYou')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payload.risks.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{t(`risks.${r.id}`)}</Table.Td>
              <Table.Td>{patientRate(r, lang)}</Table.Td>
              <Table.Td>{t(`consult.level.${r.level}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text>{t('consult.risksSerious')}</Text>

      <Title order={2}>{t('consult.alternatives')}</Title>
      <Text>{t('consult.alternativesIntro')}</Text>
      <List>
        <List.Item>{t('consult.altSurgery')}</List.Item>
        <List.Item>{t('consult.altFillers')}</List.Item>
        <List.Item>{t('consult.altDevices')}</List.Item>
        <List.Item>{t('consult.altNone')}</List.Item>
      </List>

      <Title order={2}>{t('consult.aftercare')}</Title>
      <Text>{t('consult.aftercareIntro', { date: formatDate(schedule.procedureDate, lang) })}</Text>
      <List>
        {schedule.instructions.map((ins) => (
          <List.Item key={ins.id}>
            {pick(ins.text, lang)} (
            {t('consult.untilDay', { date: formatDate(ins.lastDay, lang), count: ins.days })})
          </List.Item>
        ))}
      </List>
      <Title order={3}>{t('consult.warningSigns')}</Title>
      <List>
        {schedule.warningSigns.map((w) => (
          <List.Item key={w.id}>{pick(w.text, lang)}</List.Item>
        ))}
      </List>
      <ClinicDetails doctorId={version?.signedBy ?? null} size="md" />
      <Title order={3}>{t('consult.followUps')}</Title>
      <List>
        {schedule.followUps.map((f) => (
          <List.Item key={f.id}>
            {pick(f.label, lang)}: {formatDate(f.date, lang)} ({pick(f.purpose, lang)})
          </List.Item>
        ))}
      </List>
      <Text>{pick(schedule.notice, lang)}</Text>

      <Card withBorder>
        <Title order={3}>{t('consult.notice')}</Title>
        <Text size="sm">{t('consult.legalNotice')}</Text>
      </Card>

      <Group>
        {signed ? (
          <DocumentDownloads
            testId="visit-documents"
            links={[
              {
                label: t('consult.reportPdf'),
                path: `/api/visits/${d.visit.id}/report.pdf`,
                params: { lang },
                testId: 'report-pdf',
              },
              {
                label: t('consult.aftercarePdf'),
                path: `/api/visits/${d.visit.id}/aftercare.pdf`,
                params: { lang },
                testId: 'aftercare-pdf',
              },
            ]}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t('consult.pdfAfterSigning')}
          </Text>
        )}
        <Button
          variant="light"
          onClick={() => void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/procedure`)}
          disabled={!signed}
          data-testid="to-procedure"
        >
          {t('consult.toProcedure')}
        </Button>
      </Group>
    </Stack>
  );
}
