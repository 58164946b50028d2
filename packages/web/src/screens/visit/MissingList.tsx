import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What is still to be chosen before saving (nothing is chosen for the user). */
export function MissingList({ keys }: { readonly keys: readonly string[] }) {
  const { t } = useTranslation();
  if (keys.length === 0) return null;
  return (
    <Alert color="orange" title={t('care.missingTitle')} data-testid="missing">
      <List size="sm">
        {keys.map((k) => (
          <List.Item key={k}>{t(`care.${k}`)}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
