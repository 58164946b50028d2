/**
 * Does the procedure match the signed plan? Each recorded thread is compared with its planned row (kind,
 * material, gauge, length, count); every difference needs a deviation reason, and a planned row with no
 * recorded thread needs one too. Pure: the server refuses on these mismatches, the web shows them live.
 */
import type { Bilingual } from '../candidacy/types.js';
import type { ThreadPlacement } from '../planner/types.js';

/** What the lot's product is, as the catalogue records it. */
export interface RecordedProduct {
  readonly kind: string;
  readonly material: string;
  readonly gauge: string;
  readonly lengthMm: number;
}

export interface RecordedThread {
  readonly placementId: string | null;
  readonly product: RecordedProduct;
  readonly count: number;
  /** The clinician's reason for any difference; blank counts as none. */
  readonly deviation: string | null;
}

export type PlannedRow = Pick<
  ThreadPlacement,
  'id' | 'region' | 'side' | 'kind' | 'material' | 'gauge' | 'lengthMm' | 'count'
>;

export type MismatchField = 'kind' | 'material' | 'gauge' | 'lengthMm' | 'count' | 'placement';

export interface Mismatch {
  /** Index into the recorded threads, or null for a planned row nobody recorded. */
  readonly thread: number | null;
  readonly placementId: string | null;
  readonly field: MismatchField;
  readonly planned: string | null;
  readonly recorded: string | null;
  /** True when the thread (or the omission) carries a deviation reason. */
  readonly explained: boolean;
  readonly text: Bilingual;
}

const hasReason = (s: string | null | undefined): boolean => (s ?? '').trim() !== '';

const FIELD_NAME: Record<Exclude<MismatchField, 'placement'>, Bilingual> = {
  kind: { en: 'thread kind', ko: '실 종류' },
  material: { en: 'material', ko: '재질' },
  gauge: { en: 'gauge', ko: '굵기' },
  lengthMm: { en: 'length', ko: '길이' },
  count: { en: 'count', ko: '개수' },
};

const shown = (field: MismatchField, v: string): string => (field === 'lengthMm' ? `${v} mm` : v);

export interface MatchInput {
  readonly planned: readonly PlannedRow[];
  readonly recorded: readonly RecordedThread[];
  /** Planned rows deliberately not placed, each with its reason (placement id -> reason). */
  readonly notPlaced?: Readonly<Record<string, string>>;
}

/** Every difference between the plan and what was recorded, explained or not. */
export function matchProcedure(input: MatchInput): Mismatch[] {
  const out: Mismatch[] = [];
  const byId = new Map(input.planned.map((p) => [p.id, p]));
  const covered = new Set<string>();
  input.recorded.forEach((t, i) => {
    const explained = hasReason(t.deviation);
    const plan = t.placementId === null ? undefined : byId.get(t.placementId);
    if (!plan) {
      out.push({
        thread: i,
        placementId: t.placementId,
        field: 'placement',
        planned: null,
        recorded: t.placementId,
        explained,
        text: {
          en: `thread ${i + 1} is not a row of the signed plan`,
          ko: `${i + 1}번째 실은 서명된 시술 계획에 없는 항목입니다`,
        },
      });
      return;
    }
    covered.add(plan.id);
    const pairs: [Exclude<MismatchField, 'placement'>, string, string][] = [
      ['kind', plan.kind, t.product.kind],
      ['material', plan.material, t.product.material],
      ['gauge', plan.gauge, t.product.gauge],
      ['lengthMm', String(plan.lengthMm), String(t.product.lengthMm)],
      ['count', String(plan.count), String(t.count)],
    ];
    for (const [field, planned, recorded] of pairs) {
      if (planned === recorded) continue;
      const name = FIELD_NAME[field];
      out.push({
        thread: i,
        placementId: plan.id,
        field,
        planned,
        recorded,
        explained,
        text: {
          en: `${plan.id}: ${name.en} ${shown(field, recorded)} recorded, ${shown(field, planned)} planned`,
          ko: `${plan.id}: ${name.ko} 계획 ${shown(field, planned)}, 기록 ${shown(field, recorded)}`,
        },
      });
    }
  });
  for (const p of input.planned) {
    if (covered.has(p.id)) continue;
    const reason = input.notPlaced?.[p.id];
    out.push({
      thread: null,
      placementId: p.id,
      field: 'placement',
      planned: p.id,
      recorded: null,
      explained: hasReason(reason),
      text: {
        en: `${p.id}: planned but no thread recorded`,
        ko: `${p.id}: 계획되었으나 기록된 실이 없습니다`,
      },
    });
  }
  return out;
}
