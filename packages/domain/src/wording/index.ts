export * from './rules.js';
export * from './lint.js';
