import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  PasswordInput,
  Stack,
  Text,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { usePlanChecklist, useSignPlan } from '../api/hooks.js';
import type { ChecklistState, Plan, Reason } from '@liftplan/api';
import { ErrorAlert } from './ErrorAlert.js';

const STATE_COLOR: Record<ChecklistState, string> = {
  complete: 'teal',
  blocking: 'red',
  'needs-acknowledgement': 'orange',
  'after-signing': 'blue',
};

/** A reason in the UI language (`sign.reason.<code>` with its parameters), never the server's English. */
export function useReasonText(): (r: Reason) => string {
  const { t, i18n } = useTranslation();
  return (r) => {
    const key = `sign.reason.${r.code}`;
    const params: Record<string, string | number> = { ...r.params };
    if (typeof r.params['view'] === 'string') params['view'] = t(`views.${r.params['view']}`);
    // Ids (`midface:left:1`, `facial-artery:left`) in words: region, side and number; zone and side.
    const pid = r.params['placementId'];
    const pm = typeof pid === 'string' ? /^([a-z-]+):(left|right|both):(\d+)$/.exec(pid) : null;
    if (pm) {
      params['placementId'] = t('placementName', {
        region: t(`regions.${pm[1] ?? ''}`),
        side: t(`sides.${pm[2] ?? ''}`),
        n: pm[3] ?? '',
      });
    }
    const zid = r.params['zoneId'];
    const zm = typeof zid === 'string' ? /^([a-z-]+)(?::(left|right))?$/.exec(zid) : null;
    if (zm && i18n.exists(`zoneKinds.${zm[1] ?? ''}`)) {
      params['zoneId'] = `${t(`zoneKinds.${zm[1] ?? ''}`)}${zm[2] ? ` (${t(`sides.${zm[2]}`)})` : ''}`;
    }
    if (typeof r.params['flags'] === 'string') {
      params['flags'] = r.params['flags']
        .split(',')
        .map((f) => t(`historyFlags.${f}`))
        .join(', ');
    }
    return i18n.exists(key) ? t(key, params) : t('sign.reason.unknown', { code: r.code });
  };
}

/**
 * The chart audit before signing: every item complete, blocking, to acknowledge or not available yet, as the
 * server's checklist says (the server enforces the same list); then the doctor's password again.
 */
export function SignDialog(props: {
  readonly plan: Plan;
  readonly patientId: string;
  readonly opened: boolean;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const checklist = usePlanChecklist(props.plan.id, props.opened);
  const sign = useSignPlan(props.patientId);
  const [password, setPassword] = useState('');
  const [ack, setAck] = useState(false);
  useEffect(() => {
    if (!props.opened) {
      setPassword('');
      setAck(false);
      sign.reset();
    }
  }, [props.opened]);
  const items = checklist.data?.items ?? [];
  const needsAck = items.some((i) => i.state === 'needs-acknowledgement');
  const blocked = items.some((i) => i.state === 'blocking');
  const stale = checklist.data !== undefined && checklist.data.version !== props.plan.version;
  const canSign =
    checklist.data !== undefined && !blocked && !stale && (!needsAck || ack) && password.length > 0;
  const refusal = sign.error instanceof ApiError ? sign.error.reasons : [];

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t('sign.title')}
      size="lg"
      data-testid="sign-dialog"
    >
      <Stack>
        {checklist.isLoading && <Loader size="sm" />}
        <ErrorAlert error={checklist.error} />
        {items.map((i) => (
          <Stack key={i.id} gap={2} data-testid={`sign-item-${i.id}`} data-state={i.state}>
            <Group gap="xs">
              <Badge color={STATE_COLOR[i.state]} variant="light">
                {t(`sign.state.${i.state}`)}
              </Badge>
              <Text size="sm" fw={600}>
                {t(`sign.item.${i.id}`)}
              </Text>
            </Group>
            {i.reasons.map((r, k) => (
              <Text key={k} size="xs" c={i.state === 'complete' ? 'dimmed' : undefined}>
                {reasonText(r)}
              </Text>
            ))}
          </Stack>
        ))}
        {stale && <Alert color="orange">{t('sign.stale')}</Alert>}
        {needsAck && (
          <Checkbox
            checked={ack}
            onChange={(e) => setAck(e.currentTarget.checked)}
            label={t('sign.acknowledgeProvisional')}
            data-testid="sign-ack-provisional"
          />
        )}
        <PasswordInput
          label={t('sign.password')}
          description={t('sign.passwordHint')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="current-password"
          disabled={blocked}
          data-testid="sign-password"
        />
        {refusal.length > 0 ? (
          <Alert color="red" role="alert" title={t('sign.refused')} data-testid="sign-refused">
            {refusal.map((r, k) => (
              <Text key={k} size="sm">
                {reasonText(r)}
              </Text>
            ))}
          </Alert>
        ) : (
          <ErrorAlert error={sign.error} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('sign.cancel')}
          </Button>
          <Button
            color="teal"
            disabled={!canSign}
            loading={sign.isPending}
            data-testid="sign-confirm"
            onClick={() =>
              sign.mutate(
                { plan: props.plan, password, acknowledge: needsAck && ack ? ['provisional-photos'] : [] },
                { onSuccess: props.onClose },
              )
            }
          >
            {t('sign.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
