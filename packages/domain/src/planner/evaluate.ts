/**
 * The rule interpreter: pure, deterministic, no clock. Starts every region and side from the rule set's region
 * defaults, then applies the rules in order. Returns the parameter plan (no geometry yet) and a trace entry for
 * EVERY rule, fired or not, naming the facts it read.
 */
import type { Region, Side } from '../case/vocab.js';
import { catalogueEntry, nearestGauge, stepGauge, type CatalogueId } from '../catalogue/threads.js';
import { evalExpr, type Lookup } from './dsl.js';
import type {
  Facts,
  FactName,
  FactValue,
  PlacementEffect,
  PlanEffect,
  Rule,
  RuleSet,
  ScopeFactName,
  VectorStyle,
} from './rule-types.js';
import { RISK_TEMPLATES, type RiskTemplateId } from './risk-rates.js';
import type {
  Fixation,
  Material,
  Plane,
  PlanFinding,
  Tension,
  ThreadKind,
  TraceEntry,
  UspGauge,
} from './types.js';

export interface PlacementDraft {
  readonly region: Region;
  readonly side: Side;
  catalogueId: CatalogueId;
  kind: ThreadKind;
  material: Material;
  gauge: UspGauge;
  count: number;
  readonly countRange: readonly [number, number];
  vector: VectorStyle;
  plane: Plane;
  fixation: Fixation;
  tension: Tension;
  readonly ruleIds: string[];
  /** Set by rules: prefer anti-widening techniques. */
  preferAntiWidening: boolean;
  /** Per-placement cautions written by rules. */
  readonly cautions: string[];
  /** Region default count (count-cap). */
  readonly defaultCount: number;
}

export interface SkippedScope {
  readonly region: Region;
  readonly side: Side;
  readonly ruleId: string;
  readonly reason: string;
}

export interface ParameterPlan {
  readonly drafts: readonly PlacementDraft[];
  readonly skipped: readonly SkippedScope[];
  readonly risks: readonly RiskTemplateId[];
  readonly findings: readonly PlanFinding[];
}

interface ScopeState {
  readonly region: Region;
  readonly side: Side;
  readonly values: Facts['scopes'][number]['values'];
  readonly draft: PlacementDraft;
  skipped: SkippedScope | null;
}

const PLAN_OPS = new Set(['risk', 'finding', 'skip-all']);
const isPlanEffect = (e: PlacementEffect | PlanEffect): e is PlanEffect => PLAN_OPS.has(e.op);
const skippedOf = (s: ScopeState): SkippedScope | null => s.skipped;
const label = (s: { region: Region; side: Side }): string => `${s.region}:${s.side}`;

function initial(ruleSet: RuleSet, facts: Facts): ScopeState[] {
  return facts.scopes.map((sc) => {
    const d = ruleSet.regionDefaults.find((r) => r.region === sc.region);
    if (!d) throw new RangeError(`rule set ${ruleSet.version} has no defaults for ${sc.region}`);
    const entry = catalogueEntry(d.catalogueId);
    return {
      region: sc.region,
      side: sc.side,
      values: sc.values,
      skipped: null,
      draft: {
        region: sc.region,
        side: sc.side,
        catalogueId: d.catalogueId,
        kind: entry.kind,
        material: entry.material,
        gauge: nearestGauge(entry, d.gauge),
        count: d.count,
        countRange: d.countRange,
        vector: d.vector,
        plane: d.plane,
        fixation: d.fixation,
        tension: d.tension,
        ruleIds: [],
        preferAntiWidening: false,
        cautions: [],
        defaultCount: d.count,
      },
    };
  });
}

/** Applies one placement effect; returns what changed, for the trace. */
function applyPlacement(s: ScopeState, e: PlacementEffect, ruleId: string): string {
  const d = s.draft;
  const was = (k: string, a: string | number, b: string | number): string =>
    a === b ? `${k} stays ${a}` : `${k} ${a} → ${b}`;
  const clamp = (n: number): number => Math.min(d.countRange[1], Math.max(d.countRange[0], n));
  switch (e.op) {
    case 'skip':
      s.skipped = { region: s.region, side: s.side, ruleId, reason: e.reason };
      return `not planned: ${e.reason}`;
    case 'use': {
      const before = d.catalogueId;
      const entry = catalogueEntry(e.catalogueId);
      d.catalogueId = e.catalogueId;
      d.kind = entry.kind;
      d.material = entry.material;
      d.gauge = nearestGauge(entry, d.gauge);
      return was('thread', before, e.catalogueId);
    }
    case 'gauge': {
      const before = d.gauge;
      d.gauge = stepGauge(catalogueEntry(d.catalogueId), d.gauge, e.step);
      return `${was('gauge', before, d.gauge)} (${e.step})`;
    }
    case 'count': {
      const before = d.count;
      d.count = clamp(d.count + e.by);
      const capped =
        d.count !== before + e.by ? ` (published range ${d.countRange[0]}–${d.countRange[1]})` : '';
      return `${was('count', before, d.count)}${capped}`;
    }
    case 'count-to': {
      const before = d.count;
      d.count = e.to === 'min' ? d.countRange[0] : d.countRange[1];
      return `${was('count', before, d.count)} (published ${e.to})`;
    }
    case 'plane': {
      const before = d.plane;
      d.plane = e.value;
      return was('plane', before, e.value);
    }
    case 'fixation': {
      const before = d.fixation;
      d.fixation = e.value;
      return was('fixation', before, e.value);
    }
    case 'tension': {
      const before = d.tension;
      d.tension = e.value;
      return was('tension', before, e.value);
    }
    case 'vector': {
      const before = d.vector;
      d.vector = e.value;
      return was('vector', before, e.value);
    }
    case 'prefer-anti-widening':
      d.preferAntiWidening = true;
      return 'anti-widening techniques preferred';
    case 'count-cap': {
      const before = d.count;
      d.count = Math.min(d.count, d.defaultCount);
      return `${was('count', before, d.count)} (held at the region default ${d.defaultCount})`;
    }
    case 'tension-cap': {
      const before = d.tension;
      const order = ['low', 'moderate', 'firm'] as const;
      if (order.indexOf(d.tension) > order.indexOf(e.value)) d.tension = e.value;
      return `${was('tension', before, d.tension)} (at most ${e.value})`;
    }
    case 'caution':
      d.cautions.push(e.text);
      return `caution: ${e.text}`;
  }
}

interface Acc {
  readonly risks: RiskTemplateId[];
  readonly findings: PlanFinding[];
}

function applyPlanEffect(e: PlanEffect, rule: Rule, states: ScopeState[], acc: Acc, because: string): string {
  switch (e.op) {
    case 'risk': {
      acc.risks.push(e.risk);
      const t = RISK_TEMPLATES[e.risk];
      return `risk ${t.id} (${t.level}): ${t.rate}`;
    }
    case 'finding':
      acc.findings.push({ level: e.level, code: e.code, message: e.message, cite: rule.cite });
      return `${e.level}: ${e.message}`;
    case 'skip-all': {
      const alive = states.filter((s) => !s.skipped);
      for (const s of alive) {
        s.skipped = { region: s.region, side: s.side, ruleId: rule.id, reason: e.reason };
      }
      acc.findings.push({
        level: 'warning',
        code: 'not-planned',
        message: `no threads planned: ${e.reason} (${because})`,
        cite: rule.cite,
      });
      return `not planned (${alive.length} region/sides): ${e.reason}`;
    }
  }
}

function caseLookup(facts: Facts, states: ScopeState[]): Lookup {
  return (name: FactName): FactValue | undefined => {
    if (name === 'plannedRegionSides') return states.filter((s) => !s.skipped).length;
    return (facts.case as Partial<Record<FactName, FactValue>>)[name];
  };
}

function scopeLookup(base: Lookup, s: ScopeState): Lookup {
  return (name) => (name in s.values ? s.values[name as ScopeFactName] : base(name));
}

/** Groups scopes that share an explanation so the trace stays short: "jowl:left, jowl:right: grade 3 ≥ 3 ✓". */
function groupBecause(items: readonly { label: string; because: string }[]): string {
  const groups = new Map<string, string[]>();
  for (const it of items) {
    const labels = groups.get(it.because);
    if (labels) labels.push(it.label);
    else groups.set(it.because, [it.label]);
  }
  const parts: string[] = [];
  for (const [because, labels] of groups) parts.push(`${labels.join(', ')}: ${because}`);
  return parts.join('; ');
}

export function evaluate(ruleSet: RuleSet, facts: Facts): { plan: ParameterPlan; trace: TraceEntry[] } {
  const states = initial(ruleSet, facts);
  const acc: Acc = { risks: [], findings: [] };
  const trace: TraceEntry[] = [];
  const base = caseLookup(facts, states);
  for (const rule of ruleSet.rules) {
    const placementEffects = rule.then.filter((e): e is PlacementEffect => !isPlanEffect(e));
    const planEffects = rule.then.filter(isPlanEffect);
    const effects: string[] = [];
    let fired = false;
    let because: string;
    if (rule.scope === 'case') {
      const r = evalExpr(rule.when, base);
      fired = r.value;
      because = r.because;
      if (fired) {
        for (const s of states.filter((x) => !x.skipped)) {
          for (const e of placementEffects) effects.push(`${label(s)}: ${applyPlacement(s, e, rule.id)}`);
          if (placementEffects.length > 0) s.draft.ruleIds.push(rule.id);
        }
      }
    } else {
      const regions = rule.scope.regions;
      const items: { label: string; because: string }[] = [];
      const skippedLabels: string[] = [];
      for (const s of states.filter((x) => regions.includes(x.region))) {
        if (s.skipped) {
          skippedLabels.push(label(s));
          continue;
        }
        const r = evalExpr(rule.when, scopeLookup(base, s));
        items.push({ label: label(s), because: r.because });
        if (!r.value) continue;
        fired = true;
        for (const e of placementEffects) effects.push(`${label(s)}: ${applyPlacement(s, e, rule.id)}`);
        if (placementEffects.length > 0) s.draft.ruleIds.push(rule.id);
        // Narrowing above does not see applyPlacement's write, so read the state afresh.
        const skippedNow = skippedOf(s);
        if (skippedNow && placementEffects.some((e) => e.op === 'skip' && e.report)) {
          acc.findings.push({
            level: 'info',
            code: 'not-planned',
            message: `${s.region} ${s.side}: ${skippedNow.reason}`,
            cite: rule.cite,
          });
        }
      }
      because = groupBecause(items);
      if (skippedLabels.length > 0) {
        because = `${because}${because ? '; ' : ''}not evaluated (already not planned): ${skippedLabels.join(', ')}`;
      }
      if (!because) because = 'no region/side in scope';
    }
    if (fired) for (const e of planEffects) effects.push(applyPlanEffect(e, rule, states, acc, because));
    trace.push({ ruleId: rule.id, fired, because, effects, cite: rule.cite });
  }
  return {
    plan: {
      drafts: states.filter((s) => !s.skipped).map((s) => s.draft),
      skipped: states.flatMap((s) => (s.skipped ? [s.skipped] : [])),
      risks: acc.risks,
      findings: acc.findings,
    },
    trace,
  };
}
