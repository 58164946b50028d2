import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVerifyPassword } from '../../api/care-hooks.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

/** The staff member's own sign-in password, checked by the server, before patient mode can be left. */
export function UnlockDialog(props: {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly onUnlocked: () => void;
}) {
  const { t } = useTranslation();
  const verify = useVerifyPassword();
  const [password, setPassword] = useState('');
  const close = () => {
    setPassword('');
    verify.reset();
    props.onClose();
  };
  return (
    <Modal opened={props.opened} onClose={close} title={t('patientMode.unlockTitle')} centered size="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          verify.mutate(password, {
            onSuccess: () => {
              setPassword('');
              props.onUnlocked();
            },
            onError: () => setPassword(''),
          });
        }}
      >
        <Stack>
          <Text>{t('patientMode.unlockBody')}</Text>
          <PasswordInput
            size="lg"
            label={t('login.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="current-password"
            data-testid="unlock-password"
            data-autofocus
          />
          {verify.error ? <ErrorAlert error={verify.error} /> : null}
          <Group justify="flex-end">
            <Button size="lg" variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              size="lg"
              type="submit"
              loading={verify.isPending}
              disabled={password.length === 0}
              data-testid="unlock-confirm"
            >
              {t('patientMode.unlock')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
