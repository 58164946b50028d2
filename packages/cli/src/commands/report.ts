import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { buildAftercareSchedule, planCase, type CaseFile } from '@liftplan/domain';
import {
  checkTimeZone,
  DEFAULT_TIME_ZONE,
  renderReport,
  reportFileName,
  type Audience,
  type Locale,
  type ReportInput,
  type ReportPhoto,
} from '@liftplan/report';
import { loadCase, type LoadedCase } from '../case-file.js';
import { CliError, EXIT, formatProblem } from '../errors.js';
import { fileExists, type CliIO } from '../io.js';

interface ReportOptions {
  lang: string;
  for: string;
  aftercare?: boolean;
  out?: string;
  tz: string;
  clinic?: string;
  address?: string;
  phone?: string;
  doctor?: string;
  licence?: string;
  procedureDate?: string;
}

function parseAudience(v: string): Audience {
  if (v === 'patient' || v === 'clinician') return v;
  throw new CliError(EXIT.usage, {
    what: `unknown copy "${v}"`,
    fix: 'use --for patient (the default) or --for clinician',
  });
}

function parseTimeZone(tz: string): string {
  try {
    return checkTimeZone(tz);
  } catch (e) {
    throw new CliError(EXIT.usage, {
      what: e instanceof Error ? e.message : String(e),
      fix: 'e.g. --tz Asia/Seoul',
    });
  }
}

function parseLang(lang: string): Locale {
  if (lang === 'ko' || lang === 'en') return lang;
  throw new CliError(EXIT.usage, { what: `unknown language "${lang}"`, fix: 'use --lang ko or --lang en' });
}

/** Photo files named in the case (paths relative to the case file); missing ones are reported, not fatal. */
async function readPhotos(loaded: LoadedCase, warn: (s: string) => void): Promise<ReportPhoto[]> {
  const out: ReportPhoto[] = [];
  for (const p of loaded.caseFile.photos) {
    if (p.image.file === undefined) continue;
    const abs = path.resolve(path.dirname(loaded.absPath), p.image.file);
    if (!(await fileExists(abs))) {
      warn(
        formatProblem(
          {
            what: `the ${p.view} photo named in the case was not found, so the plan is drawn without it`,
            where: p.image.file,
            fix: 'image paths are relative to the case file',
          },
          'warning',
        ),
      );
      continue;
    }
    out.push({ view: p.view, bytes: await readFile(abs) });
  }
  return out;
}

function patientOf(c: CaseFile): ReportInput['patient'] {
  return { id: c.patient.id, age: c.patient.age, sex: c.patient.sex };
}

export function register(program: Command, io: CliIO): void {
  program
    .command('report')
    .description(
      'write the patient consultation report (or, with --aftercare, the aftercare sheet) as PDF, in Korean or English',
    )
    .argument('<case>', 'case file (.case.json)')
    .requiredOption('--lang <lang>', 'ko or en')
    .option(
      '--for <copy>',
      'patient (plain words) or clinician (adds zones, findings, rule trace, citations)',
      'patient',
    )
    .option(
      '--out <file>',
      'PDF file to write (default: <chart>-<date>-<kind>-<lang>.pdf in the current folder)',
    )
    .option('--aftercare', 'write the aftercare sheet instead of the consultation report')
    .option('--tz <zone>', 'IANA time zone of the clinic, for the times printed', DEFAULT_TIME_ZONE)
    .option('--clinic <name>', 'clinic name printed on the document')
    .option('--address <text>', 'clinic address')
    .option('--phone <number>', 'clinic phone (printed with the warning signs)')
    .option('--doctor <name>', 'doctor who signs the plan')
    .option('--licence <number>', "doctor's licence number")
    .option(
      '--procedure-date <YYYY-MM-DD>',
      'procedure day for the aftercare dates (without it the aftercare is given in days after the procedure)',
    )
    .action(async (file: string, opts: ReportOptions) => {
      const lang = parseLang(opts.lang);
      const audience = parseAudience(opts.for);
      const timeZone = parseTimeZone(opts.tz);
      const loaded = await loadCase(io, file);
      const c = loaded.caseFile;
      const plan = planCase(c);
      const unresolved = plan.findings.filter((f) => f.level === 'error' && !f.justification);
      if (unresolved.length > 0) {
        throw new CliError(EXIT.problems, {
          what: `the plan has ${unresolved.length} unresolved error finding${unresolved.length === 1 ? '' : 's'}, so no patient document is written`,
          where: file,
          fix: 'run "liftplan plan" to see them; adjust the plan or record a clinician justification first',
        });
      }
      const procedureDate = opts.procedureDate ?? c.visitDate;
      let aftercare: ReportInput['aftercare'];
      try {
        aftercare = buildAftercareSchedule({
          placements: plan.placements,
          procedureDate,
          sex: c.patient.sex,
        });
      } catch {
        throw new CliError(EXIT.usage, {
          what: `not a calendar date: "${procedureDate}"`,
          fix: 'give --procedure-date as YYYY-MM-DD',
        });
      }
      for (const [flag, value] of [
        ['--clinic', opts.clinic],
        ['--doctor', opts.doctor],
      ] as const) {
        if (value === undefined) {
          io.err(
            `${formatProblem({ what: `no ${flag} given; the document shows "—"`, fix: `pass ${flag} "<name>"` }, 'warning')}\n`,
          );
        }
      }
      const photos = await readPhotos(loaded, (w) => {
        io.err(`${w}\n`);
      });
      const input: ReportInput = {
        clinic: {
          name: opts.clinic ?? '—',
          ...(opts.address === undefined ? {} : { address: opts.address }),
          ...(opts.phone === undefined ? {} : { phone: opts.phone }),
          timeZone,
        },
        doctor: {
          name: opts.doctor ?? '—',
          ...(opts.licence === undefined ? {} : { licence: opts.licence }),
        },
        patient: patientOf(c),
        visitDate: c.visitDate,
        ...(opts.procedureDate === undefined ? {} : { procedureDate: opts.procedureDate }),
        caseFile: c,
        plan,
        photos,
        aftercare,
      };
      const kind = opts.aftercare ? 'aftercare' : 'consultation';
      const { pdf } = await renderReport(input, kind, lang, { audience });
      const out =
        opts.out ?? reportFileName({ chart: c.patient.id, date: c.visitDate, kind, audience, lang });
      const outAbs = path.resolve(io.cwd, out);
      try {
        await mkdir(path.dirname(outAbs), { recursive: true });
        await writeFile(outAbs, pdf);
      } catch (e) {
        throw new CliError(EXIT.io, {
          what: `cannot write the PDF: ${e instanceof Error ? e.message : String(e)}`,
          where: out,
          fix: 'check the path and permissions',
        });
      }
      io.out(
        `wrote ${out} (${opts.aftercare ? 'aftercare sheet' : `consultation report, ${audience} copy`}, ${lang}, ${(pdf.length / 1024).toFixed(0)} KB)\n`,
      );
    });
}
