import type { DownloadReason } from '@liftplan/api';
import {
  buildAftercareSchedule,
  PlanRecordSchema,
  verifyPlan,
  VIEWS,
  type CaseFile,
  type PlanResult,
  type View,
} from '@liftplan/domain';
import {
  DEFAULT_TIME_ZONE,
  renderReport,
  RenderPoolError,
  reportFileName,
  type Audience,
  type Locale,
  type ReportInput,
  type ReportKind,
  type ReportPhoto,
} from '@liftplan/report';
import { AppError, blocked, conflict } from '../errors.js';
import type { RepoContext } from '../db/context.js';
import type { PrintKind, PrintSource, ReportRepository } from '../db/repos/reports.js';
import type { PhotoStore } from '../storage/photo-store.js';

const isView = (v: string): v is View => (VIEWS as readonly string[]).includes(v);
const PRINTABLE = new Set(['image/jpeg', 'image/png']);

export interface RenderedReport {
  readonly pdf: Buffer;
  readonly filename: string;
  readonly planVersion: number;
}

/**
 * Turns a ReportInput into PDF bytes. The server uses `RenderPool` from @liftplan/report (worker threads, see
 * server.ts); `mainThreadRenderer` renders in-process (the CLI's way, and the default of `buildApp` alone).
 */
export interface ReportRenderer {
  render(input: ReportInput, kind: ReportKind, locale: Locale, audience?: Audience): Promise<Buffer>;
}

export const mainThreadRenderer: ReportRenderer = {
  render: async (input, kind, locale, audience = 'patient') =>
    (await renderReport(input, kind, locale, { audience })).pdf,
};

/**
 * What the report routes print with: the ReportService itself (in-process), or the queue's printer, which has a
 * worker render the document (jobs/document-jobs.ts).
 */
export type ReportPrinter = Pick<ReportService, 'render'>;

/** A render that produced no PDF, in the server's one error model: a 500 that says what happened. */
export function renderFailure(e: unknown): AppError {
  const message =
    e instanceof RenderPoolError && e.reason === 'crashed'
      ? 'the PDF renderer stopped while printing this document and has been restarted; print it again (the request id identifies the failure in the logs)'
      : 'the PDF could not be rendered; the request id identifies the failure in the logs';
  return new AppError('internal', message, undefined, { cause: e });
}

/** What a signed version is printed from: its case and the plan as the clinician edited and signed it. */
export interface PrintedPlan {
  readonly src: PrintSource;
  readonly caseFile: CaseFile;
  readonly plan: PlanResult;
}

/**
 * Patient documents of a visit (consultation report, aftercare sheet) from its SIGNED plan version.
 *
 * A plan version's payload is the `liftplan.plan` record the server built (case from its own rows, the
 * clinician's placements and stamped justifications). What is printed is `planToPrint` below.
 */
export class ReportService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly store: PhotoStore,
    private readonly renderer: ReportRenderer = mainThreadRenderer,
    /** The clinic's time zone: every time on the documents is shown in it. */
    private readonly timeZone: string = DEFAULT_TIME_ZONE,
  ) {}

  /** The print source and the plan that gets printed (audited as the print); 409 when it may not print. */
  async printedPlan(
    ctx: RepoContext,
    visitId: string,
    kind: PrintKind,
    reason: DownloadReason,
  ): Promise<PrintedPlan> {
    const src = await this.reports.printSource(ctx, visitId, kind, reason);
    return { src, ...planToPrint(src) };
  }

  async render(
    ctx: RepoContext,
    visitId: string,
    kind: PrintKind,
    locale: Locale,
    reason: DownloadReason,
    audience: Audience = 'patient',
  ): Promise<RenderedReport> {
    const { src, caseFile, plan } = await this.printedPlan(ctx, visitId, kind, reason);
    const aftercare = buildAftercareSchedule({
      placements: plan.placements,
      procedureDate: src.procedureDate ?? src.visit.date,
      sex: caseFile.patient.sex,
    });
    const input: ReportInput = {
      clinic: {
        name: src.clinicName,
        ...(src.clinicAddress ? { address: src.clinicAddress } : {}),
        ...(src.clinicPhone ? { phone: src.clinicPhone } : {}),
        timeZone: this.timeZone,
      },
      doctor: {
        name: src.signed.signedByName,
        ...(src.signed.signedByLicence ? { licence: src.signed.signedByLicence } : {}),
      },
      patient: { id: caseFile.patient.id, age: caseFile.patient.age, sex: caseFile.patient.sex },
      visitDate: caseFile.visitDate,
      // Aftercare dates count from the recorded procedure day; before it, days after the procedure.
      ...(src.procedureDate ? { procedureDate: src.procedureDate } : {}),
      caseFile,
      plan,
      photos: await this.photos(src, caseFile),
      aftercare,
      planVersion: {
        version: src.signed.number,
        signedBy: src.signed.signedByName,
        signedAt: src.signed.signedAt,
      },
    };
    let pdf: Buffer;
    try {
      pdf = await this.renderer.render(input, kind, locale, audience);
    } catch (e) {
      throw renderFailure(e);
    }
    const filename = reportFileName({
      chart: src.patient.chart_number,
      date: src.visit.date,
      kind,
      audience,
      lang: locale,
    });
    return { pdf, filename, planVersion: src.signed.number };
  }

  /**
   * One photo per case view: the stored photo whose hash the case names, else the visit's latest photo of
   * that view. Only JPEG and PNG go on paper; other types leave the plan on a plain background.
   */
  private async photos(src: PrintSource, caseFile: CaseFile): Promise<ReportPhoto[]> {
    const out: ReportPhoto[] = [];
    for (const p of caseFile.photos) {
      const byHash = p.image.sha256 ? src.photos.find((x) => x.sha256 === p.image.sha256) : undefined;
      const byView = src.photos.filter((x) => isView(x.view) && x.view === p.view).at(-1);
      const photo = byHash ?? byView;
      if (!photo || !PRINTABLE.has(photo.contentType)) continue;
      out.push({ view: p.view, bytes: await this.store.readAll(photo.sha256) });
    }
    return out;
  }
}

/**
 * The plan a signed version prints: its payload is a `liftplan.plan` record and `verifyPlan` (the domain's one
 * check, the one signing ran) turns it into the plan. Candidacy, measurements, risks and trace come from
 * re-planning the record's case; placements are the signed ones (moved entry points and path ends included);
 * findings are a fresh danger-zone check with the recorded justifications. 409 with the reasons when the
 * record does not verify (a rule set other than the one signed under, placements not the planner's,
 * unresolved error findings, no case), so paper never disagrees with the signature.
 */
export function planToPrint(src: PrintSource): { caseFile: CaseFile; plan: PlanResult } {
  const parsed = PlanRecordSchema.safeParse(src.signed.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'format';
    throw conflict(
      `signed plan version ${src.signed.number} is not a liftplan.plan record (payload.${where}: ${issue?.message ?? 'invalid'}), so no patient document can be printed from it: re-plan and sign again`,
    );
  }
  const record = parsed.data;
  const { plan, issues } = verifyPlan(record);
  if (!record.caseFile || !plan || issues.length > 0) {
    throw blocked(
      `signed plan version ${src.signed.number} does not verify, so no patient document is printed: ${issues.map((i) => i.message).join('; ')}; re-plan and sign again`,
      issues,
    );
  }
  return { caseFile: record.caseFile, plan };
}
