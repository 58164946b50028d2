/**
 * The super-admin's API (`/api/system/…`, issue 14 §1): operators of the whole system create, list and
 * disable clinics. They belong to no clinic and these schemas carry no patient data.
 */
import { z } from 'zod';
import { NewUserSchema, OrganisationPatchSchema } from './requests.js';
import { UserSchema } from './responses/people.js';

/** A new clinic and its first admin. The time zone is asked for: it is printed on every signed document. */
export const NewClinicSchema = z.object({
  name: z.string().trim().min(1).max(200),
  timeZone: OrganisationPatchSchema.shape.timeZone.unwrap(),
  admin: NewUserSchema.omit({ role: true }),
});
export type NewClinic = z.infer<typeof NewClinicSchema>;

export const ClinicSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  /** Disabled by a super-admin: nobody of the clinic can sign in; its records are kept. */
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Clinic = z.infer<typeof ClinicSchema>;

/** `POST /api/system/clinics`: the clinic and its first admin. */
export const NewClinicResultSchema = z.object({ clinic: ClinicSchema, admin: UserSchema });
export type NewClinicResult = z.infer<typeof NewClinicResultSchema>;

export const OperatorSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
});
export type Operator = z.infer<typeof OperatorSchema>;

/** A super-admin's sign-in: a session of its own (cookie `liftplan_operator`), never a clinic session. */
export const OperatorSessionSchema = z.object({
  operator: OperatorSchema,
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type OperatorSession = z.infer<typeof OperatorSessionSchema>;

/** A new super-admin (CLI only). */
export const NewOperatorSchema = NewUserSchema.omit({ role: true });
export type NewOperator = z.infer<typeof NewOperatorSchema>;
