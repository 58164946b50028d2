import type { RecordVersion } from '@liftplan/api';

/** A record kept with its corrections: the API path segment of each kind. */
export const HISTORY_ENTITIES = ['assessments', 'procedures', 'follow-ups'] as const;
export type HistoryEntity = (typeof HISTORY_ENTITIES)[number];

export const historyUrl = (entity: HistoryEntity, id: string): string =>
  `/api/${entity}/${encodeURIComponent(id)}/versions`;

/** What one field read before and after a version (short text of its value). */
export interface FieldChange {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/** Longest value text shown in the history (a whole assessment or event list is cut, the rest is in the API). */
const VALUE_CHARS = 80;

/** A value as short text: strings as they are, empty as —, objects as compact JSON, cut to VALUE_CHARS. */
export function valueText(v: unknown): string {
  const s = v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > VALUE_CHARS ? `${s.slice(0, VALUE_CHARS - 1)}…` : s;
}

/** Each version with what its changed fields read before and after (version 1: the original, no changes). */
export function historyRows(
  versions: readonly RecordVersion[],
): { readonly version: RecordVersion; readonly changes: readonly FieldChange[] }[] {
  return versions.map((v, i) => {
    const prev = i > 0 ? versions[i - 1] : undefined;
    const changes = prev
      ? v.changed.map((field) => ({
          field,
          before: valueText(prev.record[field]),
          after: valueText(v.record[field]),
        }))
      : [];
    return { version: v, changes };
  });
}
