export * from './data.js';
export * from './dates.js';
export * from './schedule.js';
