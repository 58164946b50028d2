/**
 * THE RULE SET: region defaults, planning rules and zone-justification rules, as versioned data. Bump the
 * version for any change to this file; docs/clinical-rules.md is generated from it (scripts/gen-rules-doc.ts).
 * Rules run in the order listed; a later rule's effect overrides an earlier one's (safety-driven rules such as
 * thin skin come after strength-driven ones so they win). Grades are points of the 0–4 assessment scale; every
 * clinical number is a named THRESHOLD.
 */
import type { Region } from '../case/vocab.js';
import type { RegionDefault, Rule, RuleSet, ZoneJustificationRule } from './rule-types.js';

const LIFT_REGIONS: readonly Region[] = ['brow', 'midface', 'nasolabial', 'jowl', 'marionette'];
const ALL_REGIONS: readonly Region[] = [...LIFT_REGIONS, 'neck'];

export const REGION_DEFAULTS: readonly RegionDefault[] = [
  {
    region: 'brow',
    catalogueId: 'pdo-bidirectional-cog',
    gauge: '3-0',
    count: 1,
    countRange: [1, 1],
    vector: 'vertical',
    plane: 'subcutaneous',
    fixation: 'floating',
    tension: 'moderate',
    note: '1 thread per brow, vertical/superolateral lift of the brow tail from the temporal hairline (entry unsourced); toxin about 2 weeks before',
    cite: ['brow-1-thread', 'lateral-brow-descent', 'brow-entry-unsourced', 'region-summary'],
  },
  {
    region: 'midface',
    catalogueId: 'pdo-bidirectional-cog',
    gauge: '2-0',
    count: 3,
    countRange: [2, 4],
    vector: 'superolateral',
    plane: 'subcutaneous',
    fixation: 'floating',
    tension: 'moderate',
    note: '3 threads per side radiating toward the medial cheek (Myung); 2–3 PDO barbed (Bertossi); 2–4 cone sutures (Silhouette); subcutaneous target layer',
    cite: [
      'midface-3-threads',
      'bertossi-malar-nlf',
      'silhouette-cones',
      'subcutaneous-target',
      'region-summary',
    ],
  },
  {
    region: 'nasolabial',
    catalogueId: 'pdo-bidirectional-cog',
    gauge: '2-0',
    count: 5,
    countRange: [2, 5],
    vector: 'superolateral',
    plane: 'subcutaneous',
    fixation: 'floating',
    tension: 'moderate',
    note: '5 bidirectional cogs per side (Suh); 2–3 barbed threads (Bertossi); pull superolateral, across the fold',
    cite: [
      'nlf-5-cogs',
      'bertossi-malar-nlf',
      'fixing-points-temple',
      'subcutaneous-target',
      'region-summary',
    ],
  },
  {
    region: 'jowl',
    catalogueId: 'pdo-bidirectional-cog',
    gauge: '1-0',
    count: 2,
    countRange: [2, 4],
    vector: 'superolateral',
    plane: 'subcutaneous',
    fixation: 'floating',
    tension: 'moderate',
    note: '2–4 PDO barbed threads per side (Bertossi, 21G); floating, or anchored at the temple (deep temporal fascia)',
    cite: ['bertossi-mandibular', 'temporal-anchor-band', 'long-thread-lower-face', 'region-summary'],
  },
  {
    region: 'marionette',
    catalogueId: 'pdo-bidirectional-cog',
    gauge: '3-0',
    count: 2,
    countRange: [2, 2],
    vector: 'superolateral',
    plane: 'subcutaneous',
    fixation: 'floating',
    tension: 'moderate',
    note: '2 twin threads per side (Suh) from mid-cheek entries, superficial near the commissure',
    cite: ['marionette-twin', 'perioral-superficial', 'instalift-midcheek', 'region-summary'],
  },
  {
    region: 'neck',
    catalogueId: 'pdo-bidirectional-cog',
    gauge: '2-0',
    count: 0,
    countRange: [0, 0],
    vector: 'vertical',
    plane: 'subcutaneous',
    fixation: 'floating',
    tension: 'moderate',
    note: 'no published thread count; retro-auricular entries endanger the great auricular nerve: designed by the clinician on a profile photo',
    cite: ['neck-region-row', 'neck-gan-case'],
  },
];

export const RULES: readonly Rule[] = [
  {
    id: 'candidacy-gate',
    description:
      'Refer, defer or contraindicated: no threads are planned (the assessment and measurements are still shown).',
    scope: 'case',
    when: { fact: 'candidacy', op: 'in', value: ['refer-surgical', 'defer', 'contraindicated'] },
    then: [{ op: 'skip-all', reason: 'the candidacy verdict does not allow a thread plan now' }],
    cite: ['contra-general', 'refer-durability'],
  },
  {
    id: 'grade-zero-no-threads',
    description: 'A region graded 0 has no laxity to treat: no threads.',
    scope: { regions: ALL_REGIONS },
    when: { fact: 'grade', op: 'eq', value: 0 },
    then: [{ op: 'skip', reason: 'graded 0: nothing to lift', report: false }],
    cite: ['thread-strength-by-laxity'],
  },
  {
    id: 'neck-by-clinician',
    description:
      'Neck threads are not planned automatically: no published count, and the great auricular nerve is judged on a profile photo.',
    scope: { regions: ['neck'] },
    when: { fact: 'grade', op: 'gte', value: 1 },
    then: [
      {
        op: 'skip',
        reason:
          'neck: no published thread count and the retro-auricular entry (great auricular nerve) is judged on a profile photo; the clinician designs neck threads',
        report: true,
      },
    ],
    cite: ['neck-region-row', 'neck-gan-case', 'tragus-not-frontal'],
  },
  {
    id: 'laxity-mild-light',
    description: 'Grade 1 (minimal laxity): the fewest published threads, low tension.',
    scope: { regions: LIFT_REGIONS },
    when: { fact: 'grade', op: 'eq', value: 1 },
    then: [
      { op: 'count-to', to: 'min' },
      { op: 'tension', value: 'low' },
    ],
    cite: ['thread-strength-by-laxity'],
  },
  {
    id: 'laxity-marked-stronger',
    description: 'Grade 3 or more (significant sagging): one size stronger, one more thread, firm tension.',
    scope: { regions: LIFT_REGIONS },
    when: { fact: 'grade', op: 'gte', value: 3 },
    then: [
      { op: 'gauge', step: 'stronger' },
      { op: 'count', by: 1 },
      { op: 'tension', value: 'firm' },
    ],
    cite: ['thread-strength-by-laxity', 'lifting-cog-usp'],
  },
  {
    id: 'heavy-tissue-anchored',
    description:
      'Heavy tissue in the midface or jowl: molded cogs one size stronger, anchored at the temple (deep temporal fascia).',
    scope: { regions: ['midface', 'jowl'] },
    when: { fact: 'fat', op: 'eq', value: 'heavy' },
    then: [
      { op: 'use', catalogueId: 'pdo-molded-cog' },
      { op: 'gauge', step: 'stronger' },
      { op: 'fixation', value: 'anchored-deep-temporal-fascia' },
      { op: 'risk', risk: 'dimpling-anchored' },
      { op: 'risk', risk: 'bruising-anchored' },
      { op: 'risk', risk: 'alopecia-anchored' },
    ],
    cite: [
      'heavy-face',
      'fat-depth-gauge',
      'molded-barbs',
      'fixing-points-temple',
      'temporal-anchor-band',
      'u-shaped-anchored',
      'temporal-alopecia',
    ],
  },
  {
    id: 'heavy-tissue-gauge',
    description:
      'Heavy tissue at the nasolabial fold or marionette line: one size stronger (deeper fat, larger gauge).',
    scope: { regions: ['nasolabial', 'marionette'] },
    when: { fact: 'fat', op: 'eq', value: 'heavy' },
    then: [{ op: 'gauge', step: 'stronger' }],
    cite: ['fat-depth-gauge', 'heavy-face'],
  },
  {
    id: 'thin-skin-finer-deeper',
    description:
      'Thin skin (midface, nasolabial, jowl): one size finer, just superficial to the SMAS instead of subcutaneous, low tension; dimpling and visibility flagged.',
    scope: { regions: ['midface', 'nasolabial', 'jowl'] },
    when: { fact: 'skinThickness', op: 'eq', value: 'thin' },
    then: [
      { op: 'gauge', step: 'finer' },
      { op: 'plane', value: 'superficial-to-smas' },
      { op: 'tension', value: 'low' },
      { op: 'risk', risk: 'dimpling-thin-skin' },
      { op: 'risk', risk: 'visible-thread-thin-skin' },
    ],
    cite: [
      'thin-skin-visibility',
      'superficial-placement',
      'over-tension',
      'fat-depth-gauge',
      'plane-superficial-smas',
    ],
  },
  {
    id: 'thin-skin-finer-superficial-zones',
    description:
      'Thin skin at the brow or marionette line: one size finer and low tension, but the plane stays subcutaneous (temporal branch deeper at the temple; keep superficial near the commissure).',
    scope: { regions: ['brow', 'marionette'] },
    when: { fact: 'skinThickness', op: 'eq', value: 'thin' },
    then: [
      { op: 'gauge', step: 'finer' },
      { op: 'tension', value: 'low' },
      { op: 'risk', risk: 'dimpling-thin-skin' },
      { op: 'risk', risk: 'visible-thread-thin-skin' },
    ],
    cite: ['thin-skin-visibility', 'over-tension', 'perioral-superficial', 'seckel-dz2-temporal'],
  },
  {
    id: 'wide-midface-vertical',
    description:
      'Midface wide relative to the jaw (lower-face width ratio at or below the threshold): more vertical vectors so lax tissue is not bunched over the cheekbone.',
    scope: { regions: ['midface', 'jowl'] },
    when: { fact: 'lowerFaceWidthRatio', op: 'lte', value: { threshold: 'wideMidfaceLowerFaceRatio' } },
    then: [
      { op: 'vector', value: 'vertical' },
      { op: 'risk', risk: 'midface-widening-wide' },
    ],
    cite: [
      'midface-width-kang',
      'kang-anti-widening-design',
      'kang-bizygomatic-reduction',
      'bizygomatic-metric',
    ],
  },
  {
    id: 'midface-widening-flag',
    description: 'Midface threads planned: flag midface widening (no pooled rate published).',
    scope: { regions: ['midface'] },
    when: { always: true },
    then: [{ op: 'risk', risk: 'midface-widening-standard' }],
    cite: ['midface-width-kang'],
  },
  {
    id: 'asymmetry-more-affected-side',
    description:
      'A perceptible measured asymmetry (over 3 mm or 3°) in the region: one more thread on the more affected side.',
    scope: { regions: LIFT_REGIONS },
    when: { fact: 'moreAffected', op: 'eq', value: true },
    then: [
      { op: 'count', by: 1 },
      { op: 'risk', risk: 'asymmetry-series' },
    ],
    cite: ['asymmetry-perception', 'design-key-vector', 'yeo-asymmetry'],
  },
  {
    id: 'age-over-50-risks',
    description: 'Age over the threshold: the published higher dimpling and infection rates are flagged.',
    scope: 'case',
    when: {
      all: [
        { fact: 'age', op: 'gt', value: { threshold: 'ageHigherRiskYears' } },
        { fact: 'plannedRegionSides', op: 'gt', value: 0 },
      ],
    },
    then: [
      { op: 'risk', risk: 'dimpling-age' },
      { op: 'risk', risk: 'infection-age' },
    ],
    cite: ['age-over-50-rates'],
  },
  {
    id: 'published-baseline-rates',
    description: 'Any threads planned: the pooled published complication rates are shown.',
    scope: 'case',
    when: { fact: 'plannedRegionSides', op: 'gt', value: 0 },
    then: [
      { op: 'risk', risk: 'dimpling-pooled' },
      { op: 'risk', risk: 'visible-thread-pooled' },
      { op: 'risk', risk: 'infection-pooled' },
      { op: 'risk', risk: 'swelling-pooled' },
      { op: 'risk', risk: 'bruising-pooled' },
      { op: 'risk', risk: 'pain-pooled' },
      { op: 'risk', risk: 'paresthesia-pooled' },
      { op: 'risk', risk: 'extrusion-pooled' },
      { op: 'risk', risk: 'recurrence-pdo' },
    ],
    cite: ['pooled-rates-table', 'pooled-complications', 'durability-pdo', 'satisfaction-decline'],
  },
  {
    id: 'estimated-scale',
    description: 'No iris points and no measured pupillary distance: millimetre values are estimates.',
    scope: 'case',
    when: { fact: 'calibrationEstimate', op: 'eq', value: true },
    then: [
      {
        op: 'finding',
        level: 'warning',
        code: 'measurement-estimate',
        message:
          'millimetre values rest on a population-average scale (no iris points or measured pupillary distance): distances, lengths and zone margins are estimates',
      },
    ],
    cite: ['iris-11.77'],
  },
  {
    id: 'front-photo-needed',
    description:
      'No front photo: parameters come from the assessment, but entry points and paths cannot be drawn.',
    scope: 'case',
    when: { fact: 'hasFrontPhoto', op: 'eq', value: false },
    then: [
      {
        op: 'finding',
        level: 'info',
        code: 'not-planned',
        message:
          'no front photo: thread parameters are derived from the assessment, but entry points, paths and the danger-zone check need the front photo’s landmarks',
      },
    ],
    cite: ['design-elements'],
  },
];

export const ZONE_RULES: readonly ZoneJustificationRule[] = [
  {
    id: 'zone-plane-superficial-to-structure',
    description:
      'A path (not an entry) crossing a zone whose structure lies deep to the SMAS is accepted with a visible warning when the thread runs subcutaneously or just superficial to the SMAS.',
    planes: ['subcutaneous', 'superficial-to-smas'],
    zoneDepths: ['deep-to-smas'],
    reason: 'the thread runs superficial to this structure, which lies deep to the SMAS',
    cite: ['plane-superficial-smas', 'subcutaneous-target'],
  },
];

export const RULE_SET: RuleSet = {
  version: 'liftplan-rules-2026.11-1',
  regionDefaults: REGION_DEFAULTS,
  rules: RULES,
  zoneRules: ZONE_RULES,
};
