import {
  Button,
  Card,
  Group,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  ELASTICITY,
  FAT_VOLUME,
  FITZPATRICK,
  GLOGAU,
  REGIONS,
  SKIN_THICKNESS,
  assessCandidacy,
  type Assessment,
  type Region,
} from '@liftplan/domain';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSaveAssessment } from '../../api/hooks.js';
import { CandidacyBanner } from '../../components/CandidacyBanner.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { buildCase, DEFAULT_ASSESSMENT } from '../../lib/case.js';
import { useVisit } from './context.js';

/** The clinician's grades (kept apart from the measurements), each grade with its description. */
export function AssessmentStep() {
  const { t } = useTranslation();
  const d = useVisit();
  const navigate = useNavigate();
  const save = useSaveAssessment(d.patient.id);
  const [a, setA] = useState<Assessment>(d.assessment?.assessment ?? DEFAULT_ASSESSMENT);
  const candidacy = useMemo(
    () =>
      assessCandidacy(
        buildCase({
          patient: d.patient,
          visitId: d.visit.id,
          visitDate: d.visit.date,
          intake: d.intake,
          assessment: a,
          photos: [],
        }),
      ),
    [d.patient, d.visit, d.intake, a],
  );
  const setGrade = (r: Region, g: number) => {
    setA((x) => ({ ...x, grades: { ...x.grades, [r]: g } }));
  };

  const select = <K extends 'skinThickness' | 'elasticity' | 'fat' | 'glogau' | 'fitzpatrick'>(
    key: K,
    values: readonly Assessment[K][],
  ) => (
    <Stack gap={2}>
      <NativeSelect
        label={t(`assessment.${key}`)}
        value={a[key]}
        onChange={(e) => {
          const v = e.currentTarget.value as Assessment[K];
          setA((x) => ({ ...x, [key]: v }));
        }}
        data={values.map((v) => ({ value: v, label: t(`assessment.${key}Values.${v}`) }))}
        data-testid={`assess-${key}`}
      />
      <Text size="xs" c="dimmed">
        {t(`assessment.${key}Desc.${a[key]}`)}
      </Text>
    </Stack>
  );

  return (
    <Stack>
      <Card withBorder>
        <Title order={3}>{t('assessment.grades')}</Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('assessment.gradesHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {REGIONS.map((r) => (
            <Stack key={r} gap={2}>
              <Text fw={600}>{t(`regions.${r}`)}</Text>
              <SegmentedControl
                value={String(a.grades[r])}
                onChange={(v) => setGrade(r, Number(v))}
                data={[0, 1, 2, 3, 4].map((g) => ({ value: String(g), label: String(g) }))}
                aria-label={t('assessment.gradeFor', { region: t(`regions.${r}`) })}
                data-testid={`grade-${r}`}
              />
              <Text size="xs" c="dimmed" data-testid={`grade-desc-${r}`}>
                {t(`assessment.gradeDesc.${a.grades[r]}`)}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {select('skinThickness', SKIN_THICKNESS)}
          {select('elasticity', ELASTICITY)}
          {select('fat', FAT_VOLUME)}
          {select('glogau', GLOGAU)}
          {select('fitzpatrick', FITZPATRICK)}
        </SimpleGrid>
      </Card>
      <CandidacyBanner candidacy={candidacy} />
      <ErrorAlert error={save.error} />
      <Group>
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              { visitId: d.visit.id, assessment: a },
              { onSuccess: () => void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/plan`) },
            )
          }
          data-testid="assessment-save"
        >
          {t('assessment.saveAndPlan')}
        </Button>
      </Group>
    </Stack>
  );
}
