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
    when: {
      all: [
        { fact: 'moreAffected', op: 'eq', value: true },
        { fact: 'asymmetryBeyond', op: 'eq', value: null },
      ],
    },
    then: [
      { op: 'count', by: 1 },
      { op: 'risk', risk: 'asymmetry-series' },
    ],
    cite: ['asymmetry-perception', 'design-key-vector', 'yeo-asymmetry'],
  },
  {
    id: 'asymmetry-beyond-threads',
    description:
      'A measured asymmetry beyond what threads can correct (over asymmetryWorkupMm or asymmetryWorkupDeg): no extra threads; look for the cause first (candidacy defers).',
    scope: 'case',
    when: { fact: 'asymmetryBeyond', op: 'ne', value: null },
    then: [
      {
        op: 'finding',
        level: 'warning',
        code: 'work-up',
        message:
          'measured left/right difference beyond what threads can correct: examine for a cause (skeletal, dental, nerve or soft tissue) and complete a work-up or refer before planning threads; more threads on one side are not the answer',
      },
    ],
    cite: ['asymmetry-perception', 'yeo-asymmetry'],
  },
  {
    id: 'widening-risk-anti-widening',
    description:
      'Widening risk (midface wide by the lower-face width ratio or the width-to-height ratio, liftplan-default cut-offs): anti-widening design — vertical vectors, techniques that do not bunch tissue at the malar eminence, count held at the region default and tension no firmer than moderate.',
    scope: { regions: ['midface', 'nasolabial', 'jowl'] },
    when: { fact: 'wideningRisk', op: 'eq', value: true },
    then: [
      { op: 'vector', value: 'vertical' },
      { op: 'prefer-anti-widening' },
      { op: 'count-cap', to: 'default' },
      { op: 'tension-cap', value: 'moderate' },
      { op: 'risk', risk: 'midface-widening-wide' },
      {
        op: 'finding',
        level: 'info',
        code: 'widening-design',
        message:
          'widening risk: anti-widening design (vertical vectors, no bunching at the malar eminence, counts and tension held back); the width cut-offs are liftplan defaults, not published norms',
      },
    ],
    cite: [
      'midface-width-kang',
      'kang-anti-widening-design',
      'kang-bizygomatic-reduction',
      'bunching-widening',
      'over-tension',
      'bizygomatic-metric',
      'no-norms-gap',
    ],
  },
  {
    id: 'prior-permanent-filler-avoid',
    description:
      'Permanent filler recorded in the region: threads are not planned through it (the filler alters the plan); the clinician locates it and places by hand if appropriate.',
    scope: { regions: LIFT_REGIONS },
    when: { fact: 'permanentFiller', op: 'eq', value: true },
    then: [
      {
        op: 'skip',
        reason:
          'permanent filler recorded here: threads are not planned through it; examine and locate the filler, then place by hand if appropriate',
        report: true,
      },
      {
        op: 'finding',
        level: 'warning',
        code: 'prior-procedure',
        message:
          'permanent filler in a region to be treated: that region is left out of the automatic plan; locate the filler before any thread passes near it',
      },
    ],
    cite: ['filler-alters-plan', 'prior-threads-filler'],
  },
  {
    id: 'prior-temporary-filler-caution',
    description: `Temporary filler in the region within recentInjectableDays: a caution on the placement (no validated interval exists).`,
    scope: { regions: LIFT_REGIONS },
    when: { fact: 'recentTemporaryFiller', op: 'eq', value: true },
    then: [
      {
        op: 'caution',
        text: 'temporary filler placed here recently: no validated interval before threads; consider waiting, and keep the path away from the filler depot',
      },
    ],
    cite: ['no-filler-interval', 'prior-threads-filler'],
  },
  {
    id: 'prior-threads-caution',
    description: 'Earlier threads in the region (beyond recentThreadsDays): a caution on the placement.',
    scope: { regions: LIFT_REGIONS },
    when: { fact: 'earlierThreads', op: 'eq', value: true },
    then: [
      {
        op: 'caution',
        text: 'earlier threads in this region: expect remaining material and fibrosis along the old paths; avoid the old entry sites',
      },
    ],
    cite: ['prior-threads-filler', 'pdo-absorption'],
  },
  {
    id: 'prior-surgery-caution',
    description:
      'Surgical lift recorded in the region: a caution on the placement (the evidence base has no data on threads after surgery).',
    scope: { regions: LIFT_REGIONS },
    when: { fact: 'priorSurgicalLift', op: 'eq', value: true },
    then: [
      {
        op: 'caution',
        text: 'earlier surgical lift in this region: tissue planes and scars are altered; no published data on threads after surgery, judge the plane clinically',
      },
    ],
    cite: ['technique-defaults-caveat', 'prior-threads-filler'],
  },
  {
    id: 'herpes-perioral-prophylaxis',
    description: 'Herpes labialis history: perioral placements carry the antiviral-prophylaxis caution.',
    scope: { regions: ['nasolabial', 'marionette'] },
    when: { fact: 'herpesHistory', op: 'eq', value: true },
    then: [
      {
        op: 'caution',
        text: 'herpes labialis history: antiviral prophylaxis (e.g. valacyclovir 500 mg twice daily for 5 days from 2 days before) before perioral entries',
      },
    ],
    cite: ['herpes-prophylaxis'],
  },
  {
    id: 'anticoagulants-technique',
    description:
      'Anticoagulants or antiplatelets: blunt cannula rather than a sharp needle, firm pressure at every entry and exit, bruising raised with the published rates; prescribed anticoagulants are not stopped without the prescriber.',
    scope: 'case',
    when: {
      all: [
        { fact: 'anticoagulants', op: 'eq', value: true },
        { fact: 'plannedRegionSides', op: 'gt', value: 0 },
      ],
    },
    then: [
      {
        op: 'caution',
        text: 'anticoagulants/antiplatelets: use a blunt cannula, not a sharp needle; firm pressure at the entry and exit points; do not stop prescribed anticoagulants without the prescriber',
      },
      { op: 'risk', risk: 'bruising-anticoagulants' },
      {
        op: 'finding',
        level: 'warning',
        code: 'technique-advice',
        message:
          'anticoagulants or antiplatelets: plan blunt-cannula delivery and firm pressure at every entry and exit; tell the patient bruising is more likely; never advise stopping prescribed anticoagulants without the prescriber',
      },
    ],
    cite: ['cannula-vs-needle', 'anticoagulants', 'bruising-pooled-rates', 'hematoma-rate'],
  },
  {
    id: 'age-outside-studied-range',
    description:
      'Age outside the typical 30–60 band of published series: a caution with what is known (over 50: dimpling 16 % vs 5.6 %, infection 5.9 % vs 0.7 %).',
    scope: 'case',
    when: {
      all: [
        {
          any: [
            { fact: 'age', op: 'lt', value: { threshold: 'typicalAgeMinYears' } },
            { fact: 'age', op: 'gt', value: { threshold: 'typicalAgeMaxYears' } },
          ],
        },
        { fact: 'plannedRegionSides', op: 'gt', value: 0 },
      ],
    },
    then: [
      {
        op: 'finding',
        level: 'warning',
        code: 'age-outside-studied-range',
        message:
          'age outside the typical 30–60 band of published thread-lift series (low-level evidence): results and risks at this age are not well studied; over 50 the published dimpling (16 % vs 5.6 %) and infection (5.9 % vs 0.7 %) rates are higher',
      },
    ],
    cite: ['typical-age-band', 'age-over-50-rates'],
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
      'A path (not an entry) crossing the part of a zone where the structure lies deep to the SMAS is accepted (listed, grouped per zone) when the thread there runs subcutaneously or just superficial to the SMAS.',
    planes: ['subcutaneous', 'superficial-to-smas'],
    zoneDepths: ['deep-to-smas'],
    reason: 'the thread runs superficial to this structure, which lies deep to the SMAS there',
    cite: ['plane-superficial-smas', 'subcutaneous-target'],
  },
  {
    id: 'zone-subcutaneous-over-intra-smas',
    description:
      'A path crossing the part of a zone where the structure lies within the SMAS (the frontal branch more than 9.6 mm above the arch) is accepted only when the thread there is subcutaneous; just superficial to the SMAS or deeper is an error.',
    planes: ['subcutaneous'],
    zoneDepths: ['intra-smas'],
    reason: 'the thread runs in the subcutaneous fat, superficial to the SMAS in which the branch lies there',
    cite: ['frontal-branch-depth-transition', 'subcutaneous-target'],
  },
];

export const RULE_SET: RuleSet = {
  version: 'liftplan-rules-2026.12-1',
  regionDefaults: REGION_DEFAULTS,
  rules: RULES,
  zoneRules: ZONE_RULES,
};
