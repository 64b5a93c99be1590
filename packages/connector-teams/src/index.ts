/**
 * Microsoft Teams for Parley. The Bot Framework SDK (`botbuilder`) is archived upstream:
 * it is imported only inside this package, behind the engine's channel seam, so moving
 * to its successor changes nothing outside it.
 */
export { TeamsAnswerWriter } from './answer-writer.js';
export { type AppPackageOptions, placeholderAppId, teamsAppPackage } from './app-package.js';
export { botAuthentication, type TeamsCredentials, TeamsSettingsError } from './bot-authentication.js';
export {
  fromTenant,
  isLoopbackServiceUrl,
  messageText,
  readActivity,
  type TeamsCardAction,
  type TeamsInbound,
  teamsChannel,
} from './inbound-activity.js';
export {
  answerActivity,
  answerCard,
  escapeCardMarkdown,
  escapeTeamsText,
  type ParleyAction,
  type ParleyActionData,
  postActivity,
} from './outbound-activity.js';
export {
  feedbackThanks,
  TeamsConnector,
  type TeamsConnectorOptions,
  type TeamsHttpRequest,
  type TeamsHttpResult,
  type TeamsLog,
  type TeamsTurnHandler,
} from './teams-connector.js';
