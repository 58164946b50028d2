import { Anchor, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentUrl, type DownloadReason } from '../lib/export-reasons.js';
import { DownloadReasonSelect } from './ExportReasonSelect.js';

export interface DownloadLink {
  readonly label: string;
  /** The document's path (`/api/visits/…/report.pdf`) and its query parameters other than the reason. */
  readonly path: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly testId: string;
}

/**
 * Printed documents of a patient: the user chooses why they are downloaded (kept in the access log) before
 * any link works; nothing is pre-chosen.
 */
export function DocumentDownloads(props: {
  readonly links: readonly DownloadLink[];
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<DownloadReason | ''>('');
  return (
    <Group align="end" data-testid={props.testId}>
      <DownloadReasonSelect value={reason} onChange={setReason} testId={`${props.testId}-reason`} />
      {props.links.map((l) => {
        const href = documentUrl(l.path, reason, l.params);
        return href === null ? (
          <Text key={l.testId} size="sm" c="dimmed" data-testid={l.testId} aria-disabled>
            {l.label}
          </Text>
        ) : (
          <Anchor key={l.testId} href={href} target="_blank" data-testid={l.testId}>
            {l.label}
          </Anchor>
        );
      })}
      {reason === '' ? (
        <Text size="xs" c="dimmed">
          {t('interop.reasonFirst')}
        </Text>
      ) : null}
    </Group>
  );
}
