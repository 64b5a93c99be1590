/**
 * Microsoft Teams for Parley. The Bot Framework SDK (`botbuilder`) is archived upstream:
 * it is imported only inside this package, behind the engine's channel seam, so moving
 * to its successor changes nothing outside it.
 */
export { type AppPackageOptions, teamsAppPackage } from './app-package.js';
export { type TeamsCredentials, TeamsSettingsError } from './bot-authentication.js';
export {
  TeamsConnector,
  type TeamsConnectorOptions,
  type TeamsHttpRequest,
  type TeamsHttpResult,
  type TeamsLog,
} from './teams-connector.js';
export { createTeamsReceiver, type TeamsReceiverOptions, teamsMessagesPath } from './teams-receiver.js';
