/**
 * The request schemas live in @liftplan/api (the one API contract, shared with the web); the server's modules
 * import them from here, where they are re-exported together with the response schemas and vocabularies.
 */
export * from '@liftplan/api';
