/**
 * Human-readable plan text for the terminal. Everything shown comes from the PlanResult; this file only
 * arranges it (rounding happens here, at display, never earlier).
 */
import type {
  AsymmetryResult,
  MetricResult,
  PlanFinding,
  PlanResult,
  RiskFlag,
  ThreadPlacement,
  ViewMeasurements,
} from '@liftplan/domain';
import { table } from './table.js';

const LEVEL_ORDER: Record<PlanFinding['level'], number> = { error: 0, warning: 1, info: 2 };

function heading(title: string): string {
  return `\n${title}\n${'='.repeat(Array.from(title).length)}`;
}

function cites(keys: readonly string[]): string {
  return keys.length ? ` [${keys.join(', ')}]` : '';
}

/** Fixed decimals without a "-0.0". */
function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return Number(s) === 0 ? (0).toFixed(digits) : s;
}

/** "±SEM" in the value's own digits, or "±n/m" when no repeatability was measured. */
function formatBand(band: { sem: number } | null, digits: number): string {
  return band ? ` ±${band.sem.toFixed(digits)}` : ' ±n/m';
}

function formatValue(m: MetricResult | undefined): string {
  if (!m) return '—';
  if (m.status === 'not-measurable') return 'n/m';
  const digits = m.unit === 'ratio' ? 2 : 1;
  const v = fixed(m.value, digits);
  const unit = m.unit === 'mm' ? ' mm' : m.unit === 'deg' ? '°' : '';
  return `${v}${unit}${formatBand(m.band, digits)}${m.estimate ? ' est.' : ''}`;
}

function formatDifference(a: AsymmetryResult | undefined): string {
  if (!a) return '';
  const d = fixed(a.difference, 1);
  const v = `${Number(d) > 0 ? '+' : ''}${d}${a.unit === 'mm' ? ' mm' : '°'}`;
  return `${v}${a.band ? ` (MDC ${a.band.mdc.toFixed(1)})` : ''}${a.estimate ? ' est.' : ''}`;
}

function formatFlag(a: AsymmetryResult | undefined, metrics: readonly MetricResult[]): string {
  const flags: string[] = [];
  const u = a?.unit === 'mm' ? ' mm' : '°';
  if (a?.perceptible) {
    flags.push(`perceptible (> ${a.threshold}${u}), ${a.moreAffectedSide ?? '?'} worse`);
  } else if (a && Math.abs(a.difference) > a.threshold && a.band) {
    flags.push(`> ${a.threshold}${u} but within measurement error (MDC ${a.band.mdc.toFixed(1)}${u})`);
  }
  for (const m of metrics) if (m.status === 'measured') flags.push(...m.warnings);
  return [...new Set(flags)].join('; ');
}

/** What "±" means under the tables: the SEM, where it was measured, and the scale's share. */
export function bandLegend(view: ViewMeasurements): string {
  const band = view.metrics.flatMap((m) => (m.status === 'measured' && m.band ? [m.band] : []))[0];
  const scale = `±${(view.calibration.relativeUncertainty * 100).toFixed(0)} % (${view.calibration.source} scale)`;
  if (!band) {
    return `± n/m: no repeatability was measured for these landmarks (scale ${scale}); left/right differences are judged by the perceptibility threshold alone`;
  }
  return `± = standard error of measurement (SEM) from ${band.source}; mm values include the scale's own ${scale}; a left/right difference counts only above its minimal detectable change (MDC = 1.96·√2·SEM)`;
}

/** One view's metrics: paired metrics in one table, whole-face metrics in another, then what could not be measured. */
export function formatMeasurements(view: ViewMeasurements): string {
  const out: string[] = [];
  const cal = view.calibration;
  out.push(
    `${view.view} photo — scale: ${cal.detail}${cal.estimate ? ' (ESTIMATE: mm values marked "est.")' : ''}; ` +
      `roll ${fixed(view.rollDeg, 1)}°`,
  );
  for (const w of cal.warnings) out.push(`  warning: ${w}`);
  const ids = [...new Set(view.metrics.map((m) => m.id))];
  const paired: string[][] = [];
  const whole: string[][] = [];
  for (const id of ids) {
    const left = view.metrics.find((m) => m.id === id && m.side === 'left');
    const right = view.metrics.find((m) => m.id === id && m.side === 'right');
    const both = view.metrics.find((m) => m.id === id && m.side === 'bilateral');
    if (left || right) {
      const a = view.asymmetries.find((x) => x.id === id);
      paired.push([
        id,
        formatValue(left),
        formatValue(right),
        formatDifference(a),
        formatFlag(
          a,
          [left, right].filter((m) => m !== undefined),
        ),
      ]);
    }
    if (both) whole.push([id, formatValue(both), formatFlag(undefined, [both])]);
  }
  if (paired.length) out.push(table(['metric', 'left', 'right', 'L − R', 'flag'], paired));
  if (whole.length) out.push('', table(['whole-face metric', 'value', 'note'], whole));
  out.push('', `  ${bandLegend(view)}`);
  const notMeasurable = view.metrics.filter((m) => m.status === 'not-measurable');
  if (notMeasurable.length) {
    out.push('', '  not measurable:');
    for (const m of notMeasurable) {
      if (m.status === 'not-measurable') {
        out.push(`    ${m.id}${m.side === 'bilateral' ? '' : ` (${m.side})`}: ${m.reason}`);
      }
    }
  }
  return out.join('\n');
}

export function formatThreads(placements: readonly ThreadPlacement[]): string {
  if (placements.length === 0) return '  no threads planned';
  return table(
    [
      'region',
      'side',
      'kind',
      'material',
      'gauge',
      'length',
      'count',
      'plane',
      'fixation',
      'tension',
      'vector',
    ],
    placements.map((p) => [
      p.region,
      p.side,
      p.kind,
      p.material,
      p.gauge,
      `${p.lengthMm.toFixed(0)} mm`,
      String(p.count),
      p.plane,
      p.fixation,
      p.tension,
      `${p.vectorDeg.toFixed(0)}°`,
    ]),
  );
}

export function formatFindings(findings: readonly PlanFinding[]): string {
  if (findings.length === 0) return '  none';
  const sorted = [...findings].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  return sorted
    .map((f) => {
      const where = [f.placementId, f.zoneId].filter((x) => x !== undefined).join(' × ');
      let line = `  ${f.level.toUpperCase().padEnd(7)} ${f.code}${where ? ` (${where})` : ''}: ${f.message}${cites(f.cite)}`;
      if (f.justification) {
        const by =
          f.justification.by === 'rule' && 'ruleId' in f.justification
            ? `rule ${f.justification.ruleId}`
            : f.justification.by;
        line += `\n          accepted by ${by}${f.message.includes(f.justification.reason) ? '' : `: ${f.justification.reason}`}`;
      }
      return line;
    })
    .join('\n');
}

export function formatRisks(risks: readonly RiskFlag[]): string {
  if (risks.length === 0) return '  none flagged';
  return risks
    .map(
      (r) =>
        `  ${r.level === 'elevated' ? 'ELEVATED' : 'standard'} ${r.id}: ${r.rate}\n           ${r.reason}${cites(r.cite)}`,
    )
    .join('\n');
}

/** The whole plan as terminal text. */
export function formatPlan(plan: PlanResult): string {
  const out: string[] = [];
  out.push(`liftplan plan — case ${plan.caseId} (visit ${plan.visitDate}) — rule set ${plan.ruleSetVersion}`);
  out.push('Decision support only: a qualified clinician examines the patient and decides.');
  if (plan.provisional) {
    out.push(heading('PROVISIONAL: measured from a photo that failed the quality gate'));
    for (const r of plan.provisional.reasons) out.push(`  - ${r}`);
    out.push('  Retake the photo before relying on the measurements, candidacy or plan below.');
  }

  out.push(heading(`Candidacy: ${plan.candidacy.label.en} (${plan.candidacy.verdict})`));
  if (plan.candidacy.reasons.length === 0) out.push('  no cautions, deferrals or contraindications found');
  for (const r of plan.candidacy.reasons) out.push(`  - [${r.verdict}] ${r.text.en}${cites(r.cite)}`);

  out.push(heading('Measurements'));
  if (plan.measurements) out.push(formatMeasurements(plan.measurements));
  else out.push('  no front photo: nothing measured (the plan below comes from the assessment only)');

  const threads = plan.placements.reduce((n, p) => n + p.count, 0);
  out.push(heading(`Threads (${plan.placements.length} placements, ${threads} threads)`));
  out.push(formatThreads(plan.placements));

  const errors = plan.findings.filter((f) => f.level === 'error').length;
  out.push(heading(`Findings (${errors} error${errors === 1 ? '' : 's'}, ${plan.findings.length} in all)`));
  out.push(formatFindings(plan.findings));

  out.push(heading('Risks'));
  out.push(formatRisks(plan.risks));

  const fired = plan.trace.filter((t) => t.fired);
  out.push(heading(`Rules fired (${fired.length} of ${plan.trace.length})`));
  if (fired.length === 0) out.push('  none');
  for (const t of fired) {
    out.push(`  ${t.ruleId}${cites(t.cite)}`);
    out.push(`      because ${t.because}`);
    for (const e of t.effects) out.push(`      → ${e}`);
  }
  return `${out.join('\n')}\n`;
}
