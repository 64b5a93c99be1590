export type { SlackLogger } from './logger.js';
export { slackAppManifest } from './manifest.js';
export { createSlackApp, type SlackApp, type SlackAppOptions } from './slack-app.js';
export { createSlackConnector, type SlackConnector, type SlackConnectorOptions } from './slack-connector.js';
export { type SlackSupport, SlackSupportConnector, slackSupport } from './support.js';
