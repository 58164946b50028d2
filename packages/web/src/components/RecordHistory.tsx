import { RecordVersionSchema } from '@liftplan/api';
import { Button, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { api } from '../api/client.js';
import { formatDateTime } from '../lib/format.js';
import { historyRows, historyUrl, type HistoryEntity } from '../lib/record-history.js';
import { ErrorAlert } from './ErrorAlert.js';

/**
 * Who changed what of a record, when and why (corrections keep the original): a button that opens the version
 * list of an assessment, a procedure or a follow-up, each changed field with what it read before and after.
 */
export function RecordHistory(props: { readonly entity: HistoryEntity; readonly id: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const versions = useQuery({
    queryKey: ['record-history', props.entity, props.id],
    queryFn: () => api(historyUrl(props.entity, props.id), z.array(RecordVersionSchema)),
    enabled: open,
  });
  const testId = `history-${props.entity}`;
  return (
    <Stack gap={4} mt={4}>
      <Button
        size="compact-xs"
        variant="subtle"
        onClick={() => setOpen((o) => !o)}
        data-testid={`${testId}-toggle`}
        aria-expanded={open}
      >
        {open ? t('records.hideHistory') : t('records.history')}
      </Button>
      {open && <ErrorAlert error={versions.error} />}
      {open && versions.data && (
        <Table withTableBorder data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('care.versions')}</Table.Th>
              <Table.Th>{t('care.changed')}</Table.Th>
              <Table.Th>{t('care.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {historyRows(versions.data).map(({ version: v, changes }) => (
              <Table.Tr key={v.number}>
                <Table.Td>
                  {t('care.versionLine', {
                    n: v.number,
                    when: formatDateTime(v.changedAt, i18n.language),
                    who: v.changedByName ?? v.changedBy,
                  })}
                </Table.Td>
                <Table.Td>
                  {changes.length === 0 ? (
                    <Text size="sm">{t('records.original')}</Text>
                  ) : (
                    changes.map((c) => (
                      <Text size="sm" key={c.field} style={{ wordBreak: 'break-word' }}>
                        {t('records.fieldChange', {
                          field: t(`records.fields.${c.field}`, { defaultValue: c.field }),
                          before: c.before,
                          after: c.after,
                        })}
                      </Text>
                    ))
                  )}
                </Table.Td>
                <Table.Td>{v.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
