import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, type DbKind } from '../dialect.js';

/*
 * One migration set for SQLite and PostgreSQL. Portable column choices: ids are text (UUIDs made by the
 * application), counters and optimistic-concurrency versions are `integer`, timestamps ISO-8601 `text`, dates
 * `YYYY-MM-DD` text (sorts correctly), JSON `text`, booleans 0/1 `integer`. Only triggers differ by dialect.
 */

const ts = 'text' as const;

/** Refuses UPDATE and DELETE on a table (append-only), on both databases. */
async function appendOnly(db: Kysely<unknown>, kind: DbKind, table: string): Promise<void> {
  if (kind === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
           BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION liftplan_refuse_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION liftplan_refuse_change()`,
    )
    .execute(db);
}

/**
 * A signed plan version is immutable: the only change allowed is signed -> superseded (status and
 * superseded_at); superseded versions never change; neither can be deleted.
 */
async function signedPlanImmutable(db: Kysely<unknown>, kind: DbKind): Promise<void> {
  if (kind === 'sqlite') {
    const same = [
      'id',
      'plan_id',
      'number',
      'payload',
      'payload_sha256',
      'rule_set_version',
      'diff',
      'created_by',
      'created_at',
      'updated_at',
      'signed_by',
      'signed_at',
    ]
      .map((c) => `NEW.${c} IS OLD.${c}`)
      .join(' AND ');
    await sql
      .raw(
        `CREATE TRIGGER plan_versions_signed_immutable BEFORE UPDATE ON plan_versions
         WHEN OLD.status <> 'draft' AND NOT (OLD.status = 'signed' AND NEW.status = 'superseded' AND ${same})
         BEGIN SELECT RAISE(ABORT, 'a signed plan version cannot be changed'); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER plan_versions_signed_no_delete BEFORE DELETE ON plan_versions
         WHEN OLD.status <> 'draft'
         BEGIN SELECT RAISE(ABORT, 'a signed plan version cannot be deleted'); END`,
      )
      .execute(db);
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION liftplan_plan_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.status <> 'draft' THEN
           IF TG_OP = 'DELETE' THEN
             RAISE EXCEPTION 'a signed plan version cannot be deleted' USING ERRCODE = 'P0001';
           END IF;
           IF NOT (OLD.status = 'signed' AND NEW.status = 'superseded'
                   AND (to_jsonb(NEW) - 'status' - 'superseded_at') = (to_jsonb(OLD) - 'status' - 'superseded_at')) THEN
             RAISE EXCEPTION 'a signed plan version cannot be changed' USING ERRCODE = 'P0001';
           END IF;
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER plan_versions_signed_immutable BEFORE UPDATE OR DELETE ON plan_versions
       FOR EACH ROW EXECUTE FUNCTION liftplan_plan_version_guard()`,
    )
    .execute(db);
}

export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const kind = dialectOf(db);
    if (kind === 'postgres') {
      await sql
        .raw(
          `CREATE FUNCTION liftplan_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$`,
        )
        .execute(db);
    }
    const s = db.schema;

    await s
      .createTable('organisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();

    await s
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('admin', 'doctor', 'coordinator')`))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await s
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .execute();
    await s.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await s
      .createTable('patients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('chart_number', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex IN ('female', 'male', 'other')`))
      .addColumn('history', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint('patients_chart_number', ['organisation_id', 'chart_number'])
      .execute();

    await s
      .createTable('visits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(sql`kind IN ('consultation', 'procedure', 'follow-up')`),
      )
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await s.createIndex('visits_patient').on('visits').column('patient_id').execute();

    await s
      .createTable('photo_blobs')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();

    await s
      .createTable('photos')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
      .addColumn('view', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull().references('photo_blobs.sha256'))
      .addColumn('original_name', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await s.createIndex('photos_patient').on('photos').column('patient_id').execute();
    await s.createIndex('photos_sha256').on('photos').column('sha256').execute();

    await s
      .createTable('analyses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('photo_id', 'text', (c) => c.notNull().references('photos.id'))
      .addColumn('detector_id', 'text', (c) => c.notNull())
      .addColumn('detector_version', 'text', (c) => c.notNull())
      .addColumn('passed', 'integer', (c) => c.notNull())
      .addColumn('measurements', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await s.createIndex('analyses_photo').on('analyses').column('photo_id').execute();

    await s
      .createTable('landmark_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('analysis_id', 'text', (c) => c.notNull().references('analyses.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('detector', 'clinician')`))
      .addColumn('landmarks', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addUniqueConstraint('landmark_versions_number', ['analysis_id', 'number'])
      .execute();

    await s
      .createTable('assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('assessed_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await s
      .createTable('plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
      .addColumn('current_number', 'integer', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await s.createIndex('plans_patient').on('plans').column('patient_id').execute();

    await s
      .createTable('plan_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('draft', 'signed', 'superseded')`))
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('payload_sha256', 'text', (c) => c.notNull())
      .addColumn('rule_set_version', 'text')
      .addColumn('diff', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('signed_by', 'text')
      .addColumn('signed_at', ts)
      .addColumn('superseded_at', ts)
      .addUniqueConstraint('plan_versions_number', ['plan_id', 'number'])
      .addCheckConstraint(
        'plan_versions_signature',
        sql`status = 'draft' OR (signed_by IS NOT NULL AND signed_at IS NOT NULL)`,
      )
      .execute();

    await s
      .createTable('products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('manufacturer', 'text', (c) => c.notNull())
      .addColumn('thread_kind', 'text', (c) => c.notNull())
      .addColumn('material', 'text', (c) => c.notNull())
      .addColumn('gauge', 'text', (c) => c.notNull())
      .addColumn('length_mm', 'integer', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await s
      .createTable('lots')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
      .addColumn('lot_number', 'text', (c) => c.notNull())
      .addColumn('expiry_date', 'text', (c) => c.notNull())
      .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock >= 0`))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint('lots_number', ['product_id', 'lot_number'])
      .execute();
    await s.createIndex('lots_lot_number').on('lots').column('lot_number').execute();

    await s
      .createTable('procedures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
      .addColumn('plan_version_id', 'text', (c) => c.references('plan_versions.id'))
      .addColumn('performed_by', 'text', (c) => c.notNull())
      .addColumn('performed_on', 'text', (c) => c.notNull())
      .addColumn('anaesthesia', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await s
      .createTable('procedure_threads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('procedure_id', 'text', (c) => c.notNull().references('procedures.id'))
      .addColumn('placement_id', 'text')
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
      .addColumn('lot_id', 'text', (c) => c.notNull().references('lots.id'))
      .addColumn('count', 'integer', (c) => c.notNull().check(sql`count > 0`))
      .addColumn('deviations', 'text')
      .execute();
    await s.createIndex('procedure_threads_lot').on('procedure_threads').column('lot_id').execute();
    await s
      .createIndex('procedure_threads_procedure')
      .on('procedure_threads')
      .column('procedure_id')
      .execute();

    await s
      .createTable('follow_ups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('procedure_id', 'text', (c) => c.references('procedures.id'))
      .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status IN ('scheduled', 'done', 'missed', 'cancelled')`),
      )
      .addColumn('gais_clinician', 'integer', (c) => c.check(sql`gais_clinician BETWEEN 1 AND 5`))
      .addColumn('gais_patient', 'integer', (c) => c.check(sql`gais_patient BETWEEN 1 AND 5`))
      .addColumn('satisfaction', 'integer', (c) => c.check(sql`satisfaction BETWEEN 1 AND 5`))
      .addColumn('notes', 'text')
      .addColumn('scored_by', 'text')
      .addColumn('scored_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await s.createIndex('follow_ups_due').on('follow_ups').columns(['organisation_id', 'due_date']).execute();

    await s
      .createTable('complications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('follow_up_id', 'text', (c) => c.references('follow_ups.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) =>
        c.notNull().check(sql`severity IN ('mild', 'moderate', 'severe')`),
      )
      .addColumn('onset_date', 'text', (c) => c.notNull())
      .addColumn('management', 'text')
      .addColumn('resolution', 'text')
      .addColumn('resolved_date', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await s
      .createTable('audit_events')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', ts, (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text')
      .addColumn('outcome', 'text', (c) =>
        c.notNull().check(sql`outcome IN ('success', 'failure', 'denied')`),
      )
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .execute();
    await s.createIndex('audit_events_entity').on('audit_events').columns(['entity', 'entity_id']).execute();

    await s
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status IN ('queued', 'running', 'succeeded', 'failed')`),
      )
      .addColumn('photo_id', 'text', (c) => c.notNull().references('photos.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('result_id', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await s.createIndex('jobs_status').on('jobs').column('status').execute();

    await appendOnly(db, kind, 'audit_events');
    await appendOnly(db, kind, 'landmark_versions');
    await signedPlanImmutable(db, kind);
  },
};
