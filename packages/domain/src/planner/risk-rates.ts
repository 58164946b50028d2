/**
 * Risk flags with their published rates (clinical-facts §5). Rules name a template; the plan shows the rate
 * text and citations. Where no rate has been published the text says so instead of inventing one.
 */
import type { RiskFlag } from './types.js';

const POOLED = 'pooled';

export const RISK_TEMPLATES = {
  'swelling-pooled': {
    id: 'swelling',
    level: 'standard',
    rate: 'swelling 35 % (Niu 2021 MA), 16 % (Zhou & Zhuang 2025 MA), 16.8 % (absorbable-only SR)',
    reason: 'expected after any thread lift',
    cite: ['pooled-rates-table'],
  },
  'bruising-pooled': {
    id: 'bruising',
    level: 'standard',
    rate: 'ecchymosis/bruising 26 % (Zhou & Zhuang 2025 MA), 19.5 % (absorbable-only SR)',
    reason: 'expected after any thread lift',
    cite: ['pooled-rates-table'],
  },
  'pain-pooled': {
    id: 'pain',
    level: 'standard',
    rate: 'pain/tenderness 11 % (Zhou & Zhuang 2025 MA), 10.0 % (absorbable-only SR)',
    reason: 'expected after any thread lift',
    cite: ['pooled-rates-table'],
  },
  'dimpling-pooled': {
    id: 'dimpling',
    level: 'standard',
    rate: 'dimpling/irregularity 10 % (Niu 2021 MA), 7 % dimpling/asymmetry (Zhou & Zhuang 2025 MA)',
    reason: 'published pooled rate',
    cite: ['pooled-complications', 'pooled-rates-table'],
  },
  'paresthesia-pooled': {
    id: 'paresthesia',
    level: 'standard',
    rate: 'paresthesia 6 % (Niu 2021 MA), 10 % (Zhou & Zhuang 2025 MA), 1.1 % (absorbable-only SR)',
    reason: 'published pooled rate',
    cite: ['pooled-rates-table', 'absorbable-vs-permanent'],
  },
  'visible-thread-pooled': {
    id: 'visible-thread',
    level: 'standard',
    rate: 'visible/palpable thread 4 % (Niu 2021 MA), 6 % (Zhou & Zhuang 2025 MA)',
    reason: 'published pooled rate',
    cite: ['pooled-rates-table'],
  },
  'extrusion-pooled': {
    id: 'extrusion',
    level: 'standard',
    rate: 'thread extrusion/exposure 2 % (Niu 2021 MA), 5 % (Zhou & Zhuang 2025 MA)',
    reason: 'published pooled rate',
    cite: ['pooled-rates-table'],
  },
  'infection-pooled': {
    id: 'infection',
    level: 'standard',
    rate: 'infection 2 % (Niu 2021 MA), 2 % (Zhou & Zhuang 2025 MA), 2.5 % (absorbable-only SR)',
    reason: 'published pooled rate',
    cite: ['pooled-rates-table'],
  },
  'recurrence-pdo': {
    id: 'recurrence',
    level: 'standard',
    rate: 'PDO barbed threads: improvement gone by 12 months (Bertossi 2019); satisfaction 98 % → 88 % at 6 months (Niu 2021)',
    reason: 'absorbable threads do not give a permanent result',
    cite: ['durability-pdo', 'satisfaction-decline'],
  },
  'dimpling-age': {
    id: 'dimpling',
    level: 'elevated',
    rate: 'dimpling 16 % over 50 vs 5.6 % (Niu 2021 MA)',
    reason: 'age over 50',
    cite: ['age-over-50-rates'],
  },
  'infection-age': {
    id: 'infection',
    level: 'elevated',
    rate: 'infection 5.9 % over 50 vs 0.7 % (Niu 2021 MA)',
    reason: 'age over 50',
    cite: ['age-over-50-rates'],
  },
  'dimpling-thin-skin': {
    id: 'dimpling',
    level: 'elevated',
    rate: 'no rate published for thin skin; pooled dimpling 10 % (Niu 2021 MA)',
    reason: 'thin skin, low elasticity and little fat lead to dimpling and visible threads',
    cite: ['thin-skin-visibility', 'over-tension', 'pooled-complications'],
  },
  'visible-thread-thin-skin': {
    id: 'visible-thread',
    level: 'elevated',
    rate: 'no rate published for thin skin; pooled visible/palpable thread 4–6 % (Niu 2021, Zhou & Zhuang 2025)',
    reason: 'thin skin: superficial threads show',
    cite: ['thin-skin-visibility', 'superficial-placement', 'pooled-rates-table'],
  },
  'dimpling-anchored': {
    id: 'dimpling',
    level: 'elevated',
    rate: 'dimpling 12–18 % with U-shaped temple-anchored threads; I-shaped floating threads < 5 % per complication (Hong 2025)',
    reason: 'temple-anchored (U-shaped) threads',
    cite: ['u-shaped-anchored', 'i-shaped-floating'],
  },
  'bruising-anchored': {
    id: 'bruising',
    level: 'elevated',
    rate: 'bleeding 15–20 % with U-shaped temple-anchored threads (Hong 2025)',
    reason: 'temple-anchored (U-shaped) threads',
    cite: ['u-shaped-anchored'],
  },
  'alopecia-anchored': {
    id: 'alopecia',
    level: 'standard',
    rate: 'alopecia 2.1 % with temporal anchoring (Yeo 2017, 144 pts)',
    reason: 'anchoring in the hair-bearing temple',
    cite: ['temporal-alopecia'],
  },
  'midface-widening-standard': {
    id: 'midface-widening',
    level: 'standard',
    rate: 'no pooled rate published; bunching of lax tissue can widen the midface (Kang 2020)',
    reason: 'midface threads planned',
    cite: ['midface-width-kang'],
  },
  'midface-widening-wide': {
    id: 'midface-widening',
    level: 'elevated',
    rate: 'no pooled rate published; an anti-widening design reduced bizygomatic width 4.7–17.9 mm at 6 months (Kang 2020, n = 3)',
    reason:
      'midface already wide (lower-face width ratio or width-to-height at the liftplan-default cut-off)',
    cite: ['midface-width-kang', 'kang-bizygomatic-reduction', 'bizygomatic-metric'],
  },
  'bruising-anticoagulants': {
    id: 'bruising',
    level: 'elevated',
    rate: 'no rate published for patients on anticoagulants or antiplatelets; pooled ecchymosis 26 % (Zhou & Zhuang 2025 MA), 19.5 % and hematoma 0.6 % (absorbable-only SR); sharp needles bleed more than blunt cannulas',
    reason: 'takes anticoagulants or antiplatelets',
    cite: ['bruising-pooled-rates', 'hematoma-rate', 'cannula-vs-needle', 'anticoagulants'],
  },
  'asymmetry-series': {
    id: 'asymmetry',
    level: 'standard',
    rate: 'asymmetry 0.7 % (Yeo 2017, 144 pts), 5.8 % (Wang 2019, 103 pts); pooled 7 % dimpling/asymmetry (Zhou & Zhuang 2025)',
    reason: 'perceptible measured asymmetry: sides planned differently',
    cite: ['yeo-asymmetry', 'asymmetry-series-rates', 'asymmetry-perception'],
  },
} as const satisfies Record<string, RiskFlag>;

export type RiskTemplateId = keyof typeof RISK_TEMPLATES;

/** Display order of risk ids in a plan. */
const RISK_ORDER: readonly RiskFlag['id'][] = [
  'dimpling',
  'visible-thread',
  'infection',
  'midface-widening',
  'asymmetry',
  'alopecia',
  'swelling',
  'bruising',
  'pain',
  'paresthesia',
  'extrusion',
  'recurrence',
];

/**
 * One flag per risk: 'elevated' wins over 'standard'; the rates, reasons and citations of every template that
 * raised it are kept (elevated first), so nothing published is hidden.
 */
export function mergeRisks(templates: readonly RiskTemplateId[]): RiskFlag[] {
  const byId = new Map<RiskFlag['id'], RiskFlag[]>();
  for (const t of [...new Set(templates)]) {
    const f: RiskFlag = RISK_TEMPLATES[t];
    const list = byId.get(f.id) ?? [];
    list.push(f);
    byId.set(f.id, list);
  }
  const out: RiskFlag[] = [];
  for (const id of RISK_ORDER) {
    const list = byId.get(id);
    if (!list) continue;
    const ordered = [
      ...list.filter((f) => f.level === 'elevated'),
      ...list.filter((f) => f.level !== 'elevated'),
    ];
    out.push({
      id,
      level: ordered.some((f) => f.level === 'elevated') ? 'elevated' : 'standard',
      rate: [...new Set(ordered.map((f) => f.rate))].join('; '),
      reason: [...new Set(ordered.map((f) => f.reason))].join('; '),
      cite: [...new Set(ordered.flatMap((f) => f.cite))],
    });
  }
  return out;
}

export const POOLED_TEMPLATES: readonly RiskTemplateId[] = (
  Object.keys(RISK_TEMPLATES) as RiskTemplateId[]
).filter((k) => k.endsWith(POOLED));
