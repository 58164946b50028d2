import { Button, Card, Group, NativeSelect, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { keys } from '../../api/hooks.js';
import type { FollowUp } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDate } from '../../lib/format.js';

/** GAIS by clinician and patient and satisfaction, for a booked follow-up. */
export function ScoreForm(props: {
  readonly followUps: readonly FollowUp[];
  readonly visitId: string | null;
  readonly patientId: string;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [id, setId] = useState(props.followUps[0]?.id ?? '');
  const [gaisC, setGaisC] = useState('2');
  const [gaisP, setGaisP] = useState('2');
  const [sat, setSat] = useState('4');
  const f = props.followUps.find((x) => x.id === id);
  const score = useMutation({
    mutationFn: () =>
      api<FollowUp>(`/api/follow-ups/${id}/score`, {
        method: 'POST',
        body: {
          version: f?.version ?? 1,
          visitId: props.visitId,
          gaisClinician: Number(gaisC),
          gaisPatient: Number(gaisP),
          satisfaction: Number(sat),
          notes: null,
        },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.followUps(props.patientId) }),
  });
  const gais = [1, 2, 3, 4, 5].map((g) => ({ value: String(g), label: `${g} · ${t(`compare.gais.${g}`)}` }));
  return (
    <Card withBorder>
      <Title order={4}>{t('compare.scoreTitle')}</Title>
      <Group align="end" mt="xs">
        <NativeSelect
          label={t('compare.followUp')}
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          data={props.followUps.map((x) => ({ value: x.id, label: formatDate(x.dueDate, i18n.language) }))}
        />
        <NativeSelect
          label={t('compare.gaisClinician')}
          value={gaisC}
          onChange={(e) => setGaisC(e.currentTarget.value)}
          data={gais}
        />
        <NativeSelect
          label={t('compare.gaisPatient')}
          value={gaisP}
          onChange={(e) => setGaisP(e.currentTarget.value)}
          data={gais}
        />
        <NativeSelect
          label={t('compare.satisfaction')}
          value={sat}
          onChange={(e) => setSat(e.currentTarget.value)}
          data={[1, 2, 3, 4, 5].map((s) => ({ value: String(s), label: String(s) }))}
        />
        <Button onClick={() => score.mutate()} loading={score.isPending} disabled={!f}>
          {t('compare.saveScore')}
        </Button>
      </Group>
      {score.isSuccess && (
        <Text size="sm" c="teal">
          {t('compare.scored')}
        </Text>
      )}
      <ErrorAlert error={score.error} />
    </Card>
  );
}
