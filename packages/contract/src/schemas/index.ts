/** The request and response shapes of the API, one file per resource: validation and the OpenAPI document both come from here. */

export * from './agents.js';
export * from './analytics.js';
export * from './apps.js';
export * from './common.js';
export * from './conversations.js';
export * from './datastores.js';
export * from './definitions.js';
export * from './handoff.js';
export * from './keys.js';
export * from './openai.js';
export * from './operators.js';
export * from './sessions.js';
export * from './webhooks.js';
