import { z } from 'zod';
import { CaseFileSchema } from './schema.js';

/** The case-file format as JSON Schema (draft 2020-12), for other tools and clinics' integrations. */
export function caseJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CaseFileSchema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
}
