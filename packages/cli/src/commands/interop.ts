import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  EXPORT_REASONS,
  exportFhirBundle,
  exportRecordCopy,
  exportResearchCsv,
  importFhirBundle,
  type ExportReason,
} from '@liftplan/server';
import { CliError, EXIT } from '../errors.js';
import type { CliIO } from '../io.js';
import { serverConfig, serverWork } from './serve.js';

const isReason = (r: string): r is ExportReason => (EXPORT_REASONS as readonly string[]).includes(r);

function reasonOf(r: string | undefined): ExportReason {
  if (r !== undefined && isReason(r)) return r;
  throw new CliError(EXIT.usage, {
    what: r === undefined ? 'an export needs a reason (--reason)' : `unknown reason "${r}" (--reason)`,
    fix: `choose one of: ${EXPORT_REASONS.join(', ')}; it is kept in the access log`,
  });
}

interface FhirExportOptions {
  patient?: string;
  visit?: string;
  from?: string;
  to?: string;
  reason?: string;
  out: string;
  photos: boolean;
}

/** `liftplan export fhir …` and `liftplan import fhir FILE`. */
export function register(program: Command, io: CliIO): void {
  const exp = program
    .command('export')
    .description('records out of the clinic (each export audited with its reason)');
  exp
    .command('fhir')
    .description('a FHIR R4 Bundle of one patient (--patient CHART), a visit, a date range, or every patient')
    .option('--patient <chart>', 'the patient’s chart number (every patient when omitted)')
    .option('--visit <id>', 'only this visit of the patient')
    .option('--from <date>', 'first date (YYYY-MM-DD) of visits, procedures and follow-ups')
    .option('--to <date>', 'last date (YYYY-MM-DD)')
    .option('--reason <reason>', `why the record leaves the clinic: ${EXPORT_REASONS.join(', ')}`)
    .option('--no-photos', 'leave the photos (Binary) out; Media still lists each photo and its sha256')
    .requiredOption('--out <file>', 'the Bundle as JSON')
    .action(async (o: FhirExportOptions) => {
      const reason = reasonOf(o.reason);
      const config = serverConfig(io);
      const bundle = await serverWork(
        () =>
          exportFhirBundle(config, {
            ...(o.patient !== undefined ? { chartNumber: o.patient } : {}),
            ...(o.visit !== undefined ? { visitId: o.visit } : {}),
            ...(o.from !== undefined ? { from: o.from } : {}),
            ...(o.to !== undefined ? { to: o.to } : {}),
            reason,
            photos: o.photos,
          }),
        o.out,
      );
      const file = path.resolve(io.cwd, o.out);
      await io.writeFile(file, `${JSON.stringify(bundle, null, 2)}\n`);
      const patients = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Patient').length;
      io.out(
        `wrote ${o.out}: FHIR R4 Bundle ${bundle.id ?? ''}, ${bundle.entry?.length ?? 0} resources, ${patients} patient(s)\n`,
      );
    });

  exp
    .command('record-copy')
    .description(
      "the patient's copy of their own record (Medical Service Act Art. 21): one PDF and the FHIR R4 Bundle, audited with the reason patient-request",
    )
    .requiredOption('--patient <chart>', 'the patient’s chart number')
    .requiredOption('--lang <lang>', 'the language of the PDF: ko or en')
    .requiredOption('--out <dir>', 'directory for the PDF and the Bundle')
    .action(async (o: { patient: string; lang: string; out: string }) => {
      if (o.lang !== 'ko' && o.lang !== 'en') {
        throw new CliError(EXIT.usage, {
          what: `unknown language "${o.lang}" (--lang)`,
          fix: 'use ko or en',
        });
      }
      const lang = o.lang;
      const config = serverConfig(io);
      const copy = await serverWork(() => exportRecordCopy(config, { chartNumber: o.patient, lang }), o.out);
      const dir = path.resolve(io.cwd, o.out);
      const pdf = path.join(dir, copy.filename);
      const json = path.join(dir, copy.filename.replace(/\.pdf$/, '.fhir.json'));
      // Binary: written beside the text files of the IO (the PDF is bytes).
      await mkdir(dir, { recursive: true });
      await writeFile(pdf, copy.pdf);
      await io.writeFile(json, `${JSON.stringify(copy.bundle, null, 2)}\n`);
      io.out(
        `wrote ${path.relative(io.cwd, pdf)} and ${path.relative(io.cwd, json)} (audited: patient-request)\n`,
      );
    });

  exp
    .command('research')
    .description(
      'de-identified CSV (one row per region, side, metric and follow-up) of the patients whose consent gives the research scope, with its data dictionary',
    )
    .option('--reason <reason>', `why: ${EXPORT_REASONS.join(', ')}`)
    .requiredOption('--out <dir>', 'directory for research.csv and research-dictionary.csv')
    .action(async (o: { reason?: string; out: string }) => {
      const reason = reasonOf(o.reason);
      const config = serverConfig(io);
      const r = await serverWork(() => exportResearchCsv(config, { reason }), o.out);
      const dir = path.resolve(io.cwd, o.out);
      await io.writeFile(path.join(dir, 'research.csv'), r.csv);
      await io.writeFile(path.join(dir, 'research-dictionary.csv'), r.dictionary);
      io.out(
        `wrote ${path.join(o.out, 'research.csv')} (${r.rows} rows, ${r.subjects} subjects) and research-dictionary.csv; ${r.withoutResearchConsent} patient(s) left out: no research consent\n`,
      );
    });

  const imp = program.command('import').description('records into the clinic');
  imp
    .command('fhir')
    .description('read a FHIR Bundle exported by liftplan (into an empty database or a new organisation)')
    .argument('<file>', 'the Bundle (JSON)')
    .option('--new-organisation <name>', 'import into a new organisation of this name')
    .action(async (file: string, o: { newOrganisation?: string }) => {
      const config = serverConfig(io);
      const where = path.resolve(io.cwd, file);
      if (!(await io.exists(where))) {
        throw new CliError(EXIT.io, {
          what: `file not found: ${file}`,
          fix: 'give the path of the exported Bundle',
        });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(await io.readFile(where));
      } catch (e) {
        throw new CliError(EXIT.io, {
          what: `${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
          fix: 'give the file `liftplan export fhir` wrote',
        });
      }
      const r = await serverWork(() => importFhirBundle(config, parsed, o.newOrganisation), file);
      for (const p of r.patients) io.out(`imported patient ${p.chartNumber} with ${p.resources} resources\n`);
      io.out(`imported bundle ${r.bundleId}: ${r.patients.length} patient(s)\n`);
    });
}
