/**
 * Shapes of the clinic-details, patient-mode and follow-up-list answers (packages/server/src/db/repos/
 * organisations.ts, http/routes/care-lists.ts, http/routes/staff-unlock.ts). Kept apart from types.ts so the
 * API contract work can move both without conflicts.
 */

/** `GET /api/organisation`: the clinic as printed on patient documents. */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly address: string | null;
  readonly phone: string | null;
  /** IANA time zone every time is shown in (Asia/Seoul by default). */
  readonly timeZone: string;
  readonly version: number;
}

/** One row of `GET /api/follow-ups/due-this-week`. */
export interface DueFollowUp {
  readonly id: string;
  readonly patientId: string;
  readonly chartNumber: string;
  readonly displayName: string;
  readonly phone: string | null;
  readonly procedureId: string | null;
  readonly dueDate: string;
  readonly overdue: boolean;
}

export interface DueThisWeek {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly items: readonly DueFollowUp[];
}
