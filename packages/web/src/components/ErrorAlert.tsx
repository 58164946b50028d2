import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isErrorCode } from '@liftplan/api';
import { ApiError } from '../api/client.js';

/** An API or network error: a translated headline from the error code, the server's detail below it. */
export function ErrorAlert({ error }: { readonly error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError && isErrorCode(error.code) ? error.code : 'network';
  const detail = error instanceof Error ? error.message : '';
  return (
    <Alert color="red" role="alert" title={t(`errors.${code}`)} data-testid="error">
      {detail && <Text size="sm">{detail}</Text>}
      {error instanceof ApiError &&
        error.fields.map((f) => (
          <Text size="sm" key={f.path}>
            {f.path}: {f.message}
          </Text>
        ))}
    </Alert>
  );
}
