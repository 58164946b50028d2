import { Button, Card, Group, NativeSelect, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { keys } from '../../api/hooks.js';
import { FollowUpSchema, type FollowUp } from '@liftplan/api';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { scoreMissing, scoreValue } from '../../lib/choices.js';
import { formatDate } from '../../lib/format.js';
import { MissingList } from '../visit/MissingList.js';

/** GAIS by clinician and patient and satisfaction, for a booked follow-up. */
export function ScoreForm(props: {
  readonly followUps: readonly FollowUp[];
  readonly visitId: string | null;
  readonly patientId: string;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  // Nothing chosen for the user: every score starts empty ('' = not chosen, 'none' = explicitly not taken).
  const [id, setId] = useState('');
  const [gaisC, setGaisC] = useState('');
  const [gaisP, setGaisP] = useState('');
  const [sat, setSat] = useState('');
  const [tried, setTried] = useState(false);
  const f = props.followUps.find((x) => x.id === id);
  const missing = scoreMissing({
    followUpId: id,
    gaisClinician: gaisC,
    gaisPatient: gaisP,
    satisfaction: sat,
  });
  const score = useMutation({
    mutationFn: () =>
      api(`/api/follow-ups/${id}/score`, FollowUpSchema, {
        method: 'POST',
        body: {
          version: f?.version ?? 1,
          visitId: props.visitId,
          gaisClinician: scoreValue(gaisC),
          gaisPatient: scoreValue(gaisP),
          satisfaction: scoreValue(sat),
          notes: null,
        },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.followUps(props.patientId) }),
  });
  const empty = [
    { value: '', label: t('care.choose') },
    { value: 'none', label: t('care.notTaken') },
  ];
  const gais = [
    ...empty,
    ...[1, 2, 3, 4, 5].map((g) => ({ value: String(g), label: `${g} · ${t(`compare.gais.${g}`)}` })),
  ];
  return (
    <Card withBorder>
      <Title order={4}>{t('compare.scoreTitle')}</Title>
      <Group align="end" mt="xs">
        <NativeSelect
          label={t('compare.followUp')}
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          data={[
            { value: '', label: t('care.choose') },
            ...props.followUps.map((x) => ({ value: x.id, label: formatDate(x.dueDate, i18n.language) })),
          ]}
          data-testid="score-follow-up"
        />
        <NativeSelect
          label={t('compare.gaisClinician')}
          value={gaisC}
          onChange={(e) => setGaisC(e.currentTarget.value)}
          data={gais}
          data-testid="score-gais-clinician"
        />
        <NativeSelect
          label={t('compare.gaisPatient')}
          value={gaisP}
          onChange={(e) => setGaisP(e.currentTarget.value)}
          data={gais}
          data-testid="score-gais-patient"
        />
        <NativeSelect
          label={t('compare.satisfaction')}
          value={sat}
          onChange={(e) => setSat(e.currentTarget.value)}
          data={[...empty, ...[1, 2, 3, 4, 5].map((s) => ({ value: String(s), label: String(s) }))]}
          data-testid="score-satisfaction"
        />
        <Button
          onClick={() => {
            setTried(true);
            if (missing.length === 0 && f) score.mutate();
          }}
          loading={score.isPending}
          data-testid="score-save"
        >
          {t('compare.saveScore')}
        </Button>
      </Group>
      {score.isSuccess && (
        <Text size="sm" c="teal">
          {t('compare.scored')}
        </Text>
      )}
      {tried && <MissingList keys={missing} />}
      <ErrorAlert error={score.error} />
    </Card>
  );
}
