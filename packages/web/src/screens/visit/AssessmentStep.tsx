import {
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  ELASTICITY,
  FAT_VOLUME,
  FITZPATRICK,
  GLOGAU,
  REGIONS,
  SIDES,
  SKIN_THICKNESS,
  assessCandidacy,
  type Assessment,
  type Region,
  type Side,
} from '@liftplan/domain';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCorrectAssessment, useSaveAssessment } from '../../api/hooks.js';
import { RecordHistory } from '../../components/RecordHistory.js';
import { CandidacyBanner } from '../../components/CandidacyBanner.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { buildCase } from '../../lib/case.js';
import { draftOf, toAssessment, type AssessmentDraft, type Missing } from './assessment-draft.js';
import { useVisit } from './context.js';

/**
 * The clinician's grades (kept apart from the measurements), per region and side, each grade with its
 * description. Nothing is pre-filled: a grade or value is empty until the clinician chooses it, and saving
 * lists what is still missing.
 */
export function AssessmentStep() {
  const { t } = useTranslation();
  const d = useVisit();
  const navigate = useNavigate();
  const save = useSaveAssessment(d.patient.id);
  const correct = useCorrectAssessment(d.patient.id);
  // A saved assessment is corrected (its previous version kept), with the reason the clinician gives.
  const existing = d.assessment;
  const [reason, setReason] = useState('');
  const [draft, setDraft] = useState<AssessmentDraft>(() => draftOf(d.assessment?.assessment));
  const [showMissing, setShowMissing] = useState(false);
  const built = useMemo(() => toAssessment(draft), [draft]);
  const candidacy = useMemo(
    () =>
      built.ok
        ? assessCandidacy(
            buildCase({
              patient: d.patient,
              visitId: d.visit.id,
              visitDate: d.visit.date,
              intake: d.intake,
              assessment: built.value,
              photos: [],
            }),
          )
        : null,
    [d.patient, d.visit, d.intake, built],
  );
  const setGrade = (r: Region, side: Side, g: number) => {
    setDraft((x) => ({ ...x, sideGrades: { ...x.sideGrades, [side]: { ...x.sideGrades[side], [r]: g } } }));
  };
  const setRegionSkin = (r: Region, v: string) => {
    setDraft((x) => {
      const skin = Object.fromEntries(Object.entries(x.skinByRegion).filter(([k]) => k !== r));
      return {
        ...x,
        skinByRegion: v === '' ? skin : { ...skin, [r]: v as Assessment['skinThickness'] },
      };
    });
  };

  const select = <K extends 'skinThickness' | 'elasticity' | 'fat' | 'glogau' | 'fitzpatrick'>(
    key: K,
    values: readonly Assessment[K][],
  ) => {
    const value = draft.selects[key];
    return (
      <Stack gap={2}>
        <NativeSelect
          label={t(`assessment.${key}`)}
          value={value ?? ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setDraft((x) => ({ ...x, selects: { ...x.selects, [key]: v === '' ? null : v } }));
          }}
          data={[
            { value: '', label: t('assessment.choose') },
            ...values.map((v) => ({ value: v, label: t(`assessment.${key}Values.${v}`) })),
          ]}
          data-testid={`assess-${key}`}
        />
        <Text size="xs" c="dimmed">
          {value === null ? t('assessment.notChosen') : t(`assessment.${key}Desc.${value}`)}
        </Text>
      </Stack>
    );
  };

  const missingText = (m: Missing): string =>
    m.kind === 'grade'
      ? t('assessment.missingGrade', { region: t(`regions.${m.region}`), side: t(`sides.${m.side}`) })
      : t(`assessment.${m.key}`);

  return (
    <Stack>
      <Card withBorder>
        <Title order={3}>{t('assessment.grades')}</Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('assessment.gradesHint')} {t('assessment.perSideHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {REGIONS.map((r) => (
            <Stack key={r} gap={4}>
              <Text fw={600}>{t(`regions.${r}`)}</Text>
              {SIDES.map((side) => {
                const g = draft.sideGrades[side][r];
                return (
                  <Stack key={side} gap={2}>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" w={56}>
                        {t(`sides.${side}`)}
                      </Text>
                      <SegmentedControl
                        value={g === null ? '' : String(g)}
                        onChange={(v) => setGrade(r, side, Number(v))}
                        data={[0, 1, 2, 3, 4].map((n) => ({ value: String(n), label: String(n) }))}
                        aria-label={t('assessment.gradeForSide', {
                          region: t(`regions.${r}`),
                          side: t(`sides.${side}`),
                        })}
                        data-testid={`grade-${r}-${side}`}
                      />
                    </Group>
                    <Text size="xs" c="dimmed" data-testid={`grade-desc-${r}-${side}`}>
                      {g === null ? t('assessment.notChosen') : t(`assessment.gradeDesc.${g}`)}
                    </Text>
                  </Stack>
                );
              })}
              <NativeSelect
                size="xs"
                label={t('assessment.regionSkin')}
                value={draft.skinByRegion[r] ?? ''}
                onChange={(e) => setRegionSkin(r, e.currentTarget.value)}
                data={[
                  { value: '', label: t('assessment.regionSkinSame') },
                  ...SKIN_THICKNESS.map((v) => ({
                    value: v,
                    label: t(`assessment.skinThicknessValues.${v}`),
                  })),
                ]}
                data-testid={`skin-${r}`}
              />
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
      {candidacy ? (
        <CandidacyBanner candidacy={candidacy} />
      ) : (
        <Text size="sm" c="dimmed" data-testid="candidacy-pending">
          {t('assessment.candidacyPending')}
        </Text>
      )}
      {showMissing && !built.ok && (
        <Alert color="orange" title={t('assessment.missingTitle')} data-testid="assessment-missing">
          {built.missing.map(missingText).join(', ')}
        </Alert>
      )}
      {existing && (
        <>
          <TextInput
            label={t('assessment.correctionReason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={showMissing && reason.trim() === '' ? t('assessment.correctionReasonMissing') : undefined}
            data-testid="assessment-reason"
          />
          <RecordHistory entity="assessments" id={existing.id} />
        </>
      )}
      <ErrorAlert error={save.error ?? correct.error} />
      <Group>
        <Button
          loading={save.isPending || correct.isPending}
          onClick={() => {
            if (!built.ok || (existing && reason.trim() === '')) {
              setShowMissing(true);
              return;
            }
            const toPlan = () => void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/plan`);
            if (existing) {
              correct.mutate(
                { id: existing.id, body: { version: existing.version, assessment: built.value, reason } },
                { onSuccess: toPlan },
              );
              return;
            }
            save.mutate({ visitId: d.visit.id, assessment: built.value }, { onSuccess: toPlan });
          }}
          data-testid="assessment-save"
        >
          {t('assessment.saveAndPlan')}
        </Button>
      </Group>
    </Stack>
  );
}
