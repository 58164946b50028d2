import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  DOWNLOAD_REASONS,
  EXPORT_REASONS,
  isDownloadReason,
  isExportReason,
  type DownloadReason,
  type ExportReason,
} from '../lib/export-reasons.js';

/** A reason from one vocabulary: nothing chosen until the user picks one (kept in the access log). */
function ReasonSelect<R extends string>(props: {
  readonly reasons: readonly R[];
  readonly isReason: (v: string) => v is R;
  readonly label: string;
  readonly value: R | '';
  readonly onChange: (r: R | '') => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={props.label}
      value={props.value}
      onChange={(e) => {
        const v = e.currentTarget.value;
        props.onChange(props.isReason(v) ? v : '');
      }}
      data={[
        { value: '', label: t('interop.chooseReason') },
        ...props.reasons.map((r) => ({ value: r, label: t(`interop.reasons.${r}`) })),
      ]}
      data-testid={props.testId}
    />
  );
}

/** Why a record leaves the clinic (FHIR and research exports). */
export function ExportReasonSelect(props: {
  readonly value: ExportReason | '';
  readonly onChange: (r: ExportReason | '') => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <ReasonSelect reasons={EXPORT_REASONS} isReason={isExportReason} label={t('interop.reason')} {...props} />
  );
}

/** Why a printed document (report, aftercare sheet, consent copy, record copy) is downloaded. */
export function DownloadReasonSelect(props: {
  readonly value: DownloadReason | '';
  readonly onChange: (r: DownloadReason | '') => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <ReasonSelect
      reasons={DOWNLOAD_REASONS}
      isReason={isDownloadReason}
      label={t('interop.downloadReason')}
      {...props}
    />
  );
}
