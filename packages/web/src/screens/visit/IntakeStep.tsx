import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  HISTORY_FLAGS,
  REGIONS,
  type HistoryFlag,
  type Patient as CasePatient,
  type Region,
} from '@liftplan/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useUpdatePatient } from '../../api/hooks.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { caseAgeRefusal, historyOf } from '../../lib/case.js';
import { intakeMissing } from '../../lib/choices.js';
import { MissingList } from './MissingList.js';
import { useVisit } from './context.js';

type ConcernSide = 'left' | 'right' | 'both';
const EXPECTATIONS = ['realistic', 'unrealistic', 'not-assessed'] as const;

/** Intake: the contraindication checklist (saved on the patient), concerns by region, expectations, consent. */
export function IntakeStep() {
  const { t, i18n } = useTranslation();
  const d = useVisit();
  const navigate = useNavigate();
  const update = useUpdatePatient(d.patient.id);
  const [history, setHistory] = useState<Record<HistoryFlag, boolean>>(historyOf(d.patient));
  const [concerns, setConcerns] = useState<Partial<Record<Region, ConcernSide>>>(
    Object.fromEntries(d.intake.concerns.map((c) => [c.region, c.side])),
  );
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const [expectations, setExpectations] = useState<CasePatient['expectations'] | null>(
    d.intakeChosen ? d.intake.expectations : null,
  );
  const [pd, setPd] = useState<number | ''>(d.intake.pupillaryDistanceMm ?? '');
  // Asked, never assumed: null until the patient answers.
  const [consent, setConsent] = useState<boolean | null>(null);
  const [tried, setTried] = useState(false);
  const flagged = HISTORY_FLAGS.filter((f) => history[f]);
  const refusal = caseAgeRefusal(d.patient, d.visit.date);
  const missing = intakeMissing({
    concernsChosen: Object.keys(concerns).length,
    expectations,
    photoRecordConsent: consent,
  });

  const save = () => {
    setTried(true);
    if (missing.length > 0 || expectations === null) return;
    const list = REGIONS.flatMap((r) => {
      const side = concerns[r];
      return side ? [{ region: r, side }] : [];
    });
    d.setIntake({
      concerns: list,
      expectations,
      ...(typeof pd === 'number' ? { pupillaryDistanceMm: pd } : {}),
    });
    update.mutate(
      { version: d.patient.version, history },
      {
        onSuccess: () => {
          if (consent === true) void navigate(`/patients/${d.patient.id}/visits/${d.visit.id}/photos`);
        },
      },
    );
  };

  return (
    <Stack>
      {refusal && (
        <Alert color="red" title={t('care.planningRefused')} data-testid="age-refusal">
          {refusal[lang]}
        </Alert>
      )}
      <Card withBorder>
        <Title order={3}>{t('intake.history')}</Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('intake.historyHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {HISTORY_FLAGS.map((f) => (
            <Checkbox
              key={f}
              label={t(`historyFlags.${f}`)}
              checked={history[f]}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setHistory((h) => ({ ...h, [f]: checked }));
              }}
              data-testid={`history-${f}`}
            />
          ))}
        </SimpleGrid>
        {flagged.length > 0 && (
          <Alert color="orange" mt="sm" title={t('intake.flaggedTitle')}>
            {flagged.map((f) => t(`historyFlags.${f}`)).join(', ')}
          </Alert>
        )}
      </Card>
      <Card withBorder>
        <Title order={3}>{t('intake.concerns')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt="sm">
          {REGIONS.map((r) => (
            <Group key={r} gap="xs" align="end">
              <Checkbox
                label={t(`regions.${r}`)}
                checked={concerns[r] !== undefined}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  setConcerns((c) =>
                    checked
                      ? { ...c, [r]: 'both' }
                      : Object.fromEntries(Object.entries(c).filter(([k]) => k !== r)),
                  );
                }}
                data-testid={`concern-${r}`}
              />
              {concerns[r] !== undefined && (
                <NativeSelect
                  size="xs"
                  aria-label={t('intake.concernSide', { region: t(`regions.${r}`) })}
                  value={concerns[r]}
                  onChange={(e) => {
                    const v = e.currentTarget.value as ConcernSide;
                    setConcerns((c) => ({ ...c, [r]: v }));
                  }}
                  data={(['both', 'left', 'right'] as const).map((s) => ({
                    value: s,
                    label: t(`sides.${s}`),
                  }))}
                />
              )}
            </Group>
          ))}
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Title order={3}>{t('intake.expectations')}</Title>
        <Radio.Group value={expectations} onChange={(v) => setExpectations(v)}>
          <Group mt="xs">
            {EXPECTATIONS.map((e) => (
              <Radio key={e} value={e} label={t(`expectations.${e}`)} data-testid={`expectations-${e}`} />
            ))}
          </Group>
        </Radio.Group>
        <NumberInput
          mt="md"
          maw={260}
          label={t('intake.pd')}
          description={t('intake.pdHint')}
          min={45}
          max={80}
          decimalScale={1}
          value={pd}
          onChange={(v) => setPd(typeof v === 'number' ? v : '')}
        />
        <Radio.Group
          mt="md"
          label={t('intake.photoConsent')}
          description={t('care.photoConsentHint')}
          value={consent === null ? null : consent ? 'yes' : 'no'}
          onChange={(v) => setConsent(v === 'yes')}
        >
          <Group mt="xs">
            <Radio value="yes" label={t('care.photoConsentYes')} data-testid="photo-consent-yes" />
            <Radio value="no" label={t('care.photoConsentNo')} data-testid="photo-consent-no" />
          </Group>
        </Radio.Group>
        {consent === false && (
          <Alert color="orange" mt="sm">
            {t('care.noPhotos')}
          </Alert>
        )}
      </Card>
      {tried && <MissingList keys={missing} />}
      <ErrorAlert error={update.error} />
      <Group>
        <Button
          onClick={save}
          loading={update.isPending}
          disabled={refusal !== null}
          data-testid="intake-save"
        >
          {t('intake.saveAndContinue')}
        </Button>
      </Group>
    </Stack>
  );
}
