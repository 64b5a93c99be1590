/**
 * The wire contract without its validators: error codes, turn events, answer types and socket payload
 * types. Nothing here pulls in zod; the schemas are at `@parley/contract/schemas`.
 */
export * from './errors.js';
export * from './http-tools.js';
export * from './turn-events.js';
export type * from './types/index.js';
