export * from './types.js';
export * from './vec.js';
export * from './segment.js';
export * from './polygon.js';
export * from './line-fit.js';
export * from './triangle.js';
