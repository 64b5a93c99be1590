/** The answers of the API as clients read them; `schemas/answers.ts` proves each one equal to its schema. */
export type * from './agents.js';
export type * from './analytics.js';
export type * from './apps.js';
export type * from './citations.js';
export type * from './common.js';
export type * from './conversations.js';
export type * from './datastores.js';
export type * from './definitions.js';
export type * from './handoff.js';
export type * from './keys.js';
export type * from './operators.js';
export type * from './sessions.js';
export type * from './socket.js';
export type * from './webhooks.js';
