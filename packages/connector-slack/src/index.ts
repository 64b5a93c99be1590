export {
  createInstallationStore,
  type InstallationVault,
} from './installation-store.js';
export type { SlackLogger } from './logger.js';
export { slackAppManifest, slackBotScopes } from './manifest.js';
export { createSlackApp, type SlackApp, type SlackAppOptions, type SlackOAuthOptions } from './slack-app.js';
export { createSlackConnector, type SlackConnector, type SlackConnectorOptions } from './slack-connector.js';
export { type SlackSupport, SlackSupportConnector, slackSupport } from './support.js';
