import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EXPORT_REASONS, isExportReason, type ExportReason } from '../lib/export-reasons.js';

/** Why a record leaves the clinic: nothing chosen until the user picks a reason (kept in the access log). */
export function ExportReasonSelect(props: {
  readonly value: ExportReason | '';
  readonly onChange: (r: ExportReason | '') => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('interop.reason')}
      value={props.value}
      onChange={(e) => {
        const v = e.currentTarget.value;
        props.onChange(isExportReason(v) ? v : '');
      }}
      data={[
        { value: '', label: t('interop.chooseReason') },
        ...EXPORT_REASONS.map((r) => ({ value: r, label: t(`interop.reasons.${r}`) })),
      ]}
      data-testid={props.testId}
    />
  );
}
