import type { Command } from 'commander';
import { demoPatients, outcomesReport, type Outcomes } from '@liftplan/server';
import { CliError, EXIT } from '../errors.js';
import type { CliIO } from '../io.js';
import { serverConfig, serverWork } from './serve.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const fmt = (x: number | null, unit = ''): string =>
  x === null ? '—' : `${x.toFixed(2)}${unit ? ` ${unit}` : ''}`;
const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The change groups as CSV (one row per region, side, metric and months after the procedure). */
export function outcomesCsv(o: Outcomes): string {
  const head = [
    'region',
    'side',
    'metric',
    'unit',
    'months',
    'n',
    'q1',
    'median',
    'q3',
    'mdc',
    'beyond_band',
    'no_band',
  ];
  const lines = [head.join(',')];
  for (const g of o.changes) {
    lines.push(
      [g.region, g.side, g.metric, g.unit, g.months, g.n, g.q1, g.median, g.q3, g.mdc, g.beyondBand, g.noBand]
        .map((v) => csvCell(typeof v === 'number' ? Math.round(v * 1000) / 1000 : v))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A readable summary: change per region and side over time, scores, complications with their intervals. */
export function outcomesText(o: Outcomes): string {
  const out: string[] = [`${o.procedures} procedures, ${o.followUps} scored follow-ups`];
  out.push('', 'change from baseline (median [IQR], n; beyond the band = |change| > MDC):');
  for (const g of o.changes) {
    out.push(
      `  ${g.region} ${g.side} ${g.metric} at ${g.months} mo: ${fmt(g.median, g.unit)} [${fmt(g.q1)} to ${fmt(g.q3)}], n ${g.n}, MDC ${fmt(g.mdc, g.unit)}, beyond the band ${g.beyondBand}/${g.n}`,
    );
  }
  const dist = (name: string, d: Outcomes['gaisClinician']) =>
    `  ${name}: ${d.map((x) => `${x.score}: ${x.n}`).join(', ') || 'none'}`;
  out.push(
    '',
    'scores:',
    dist('GAIS (clinician)', o.gaisClinician),
    dist('GAIS (patient)', o.gaisPatient),
    dist('satisfaction', o.satisfaction),
  );
  out.push('', 'complications (procedures with the complication, Wilson 95 % CI; published):');
  for (const c of o.complications) {
    out.push(
      `  ${c.kind}: ${c.procedures}/${c.of} = ${pct(c.rate)} (${pct(c.low)} to ${pct(c.high)}); onset day ${c.medianOnsetDays ?? '—'}, resolved ${c.resolved}; published: ${c.published ?? 'no published rate'}`,
    );
  }
  const un = Object.entries(o.unmeasured);
  if (un.length > 0) {
    out.push('', `follow-ups without a measured change: ${un.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

interface OutcomeOptions {
  json?: boolean;
  csv?: boolean;
  from?: string;
  to?: string;
  doctor?: string;
  product?: string;
  lot?: string;
  region?: string;
  side?: string;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('outcomes')
    .description(
      'the clinic’s outcomes: change per region and side over time, GAIS, satisfaction, complication rates',
    )
    .option('--json', 'everything as JSON')
    .option('--csv', 'the change table as CSV')
    .option('--from <date>', 'first follow-up date (YYYY-MM-DD)')
    .option('--to <date>', 'last follow-up date (YYYY-MM-DD)')
    .option('--doctor <userId>', 'only this doctor’s procedures')
    .option('--product <productId>', 'only this product')
    .option('--lot <lotId>', 'only this lot')
    .option('--region <region>', 'only this region')
    .option('--side <side>', 'only this side (left or right)')
    .action(async (o: OutcomeOptions) => {
      if (o.json && o.csv) {
        throw new CliError(EXIT.usage, { what: '--json and --csv together', fix: 'choose one output' });
      }
      const config = serverConfig(io);
      const filter = {
        ...(o.from ? { from: o.from } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(o.doctor ? { doctorId: o.doctor } : {}),
        ...(o.product ? { productId: o.product } : {}),
        ...(o.lot ? { lotId: o.lot } : {}),
        ...(o.region ? { region: o.region } : {}),
        ...(o.side ? { side: o.side } : {}),
      };
      const r = await serverWork(() =>
        outcomesReport(config, filter as Parameters<typeof outcomesReport>[1]),
      );
      io.out(o.json ? `${JSON.stringify(r, null, 2)}\n` : o.csv ? outcomesCsv(r) : outcomesText(r));
    });
  program
    .command('demo')
    .description('synthetic demo patients with known effects (the demo clinic only; refused in production)')
    .requiredOption('--patients <n>', 'how many patients', (v) => Number(v))
    .action(async (o: { patients: number }) => {
      const config = serverConfig(io);
      const r = await serverWork(() => demoPatients(config, o.patients));
      io.out(
        `added ${r.patients} synthetic demo patients (${r.followUps} follow-ups; complications: ${
          Object.entries(r.complications)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || 'none'
        }); sign in as doctor@demo.liftplan\n`,
      );
    });
}
