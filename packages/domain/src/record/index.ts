export * from './schema.js';
export * from './verify.js';
