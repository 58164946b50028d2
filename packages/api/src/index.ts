/**
 * @liftplan/api: the HTTP API contract, shared by the server (routes declare these schemas for requests and
 * responses, so the OpenAPI document at /api/docs has both) and the web (its client is typed from them and
 * checks answers in development). Pure: zod and @liftplan/domain only.
 */
export * from './vocabularies.js';
export * from './errors.js';
export * from './requests.js';
export * from './responses/people.js';
export * from './responses/photos.js';
export * from './responses/plans.js';
export * from './responses/care.js';
export * from './limits.js';
export * from './queries.js';
export * from './responses/interop.js';
export * from './system.js';
