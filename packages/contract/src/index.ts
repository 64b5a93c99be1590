export * from './errors.js';
export * from './turn-events.js';
