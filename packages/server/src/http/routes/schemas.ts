/** The request and response shapes of the API, one file per resource: validation and the OpenAPI document both come from here. */

export * from './schemas/agents.js';
export * from './schemas/analytics.js';
export * from './schemas/apps.js';
export * from './schemas/common.js';
export * from './schemas/conversations.js';
export * from './schemas/datastores.js';
export * from './schemas/definitions.js';
export * from './schemas/handoff.js';
export * from './schemas/keys.js';
export * from './schemas/sessions.js';
export * from './schemas/webhooks.js';
