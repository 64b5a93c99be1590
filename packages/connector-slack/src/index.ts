export { SlackAnswerWriter, type SlackMessageApi } from './answer-writer.js';
export {
  type ActionId,
  actionIds,
  answerMessage,
  type ButtonValue,
  blockIds,
  decodeButtonValue,
  encodeButtonValue,
  messageForPost,
  progressMessage,
  type SlackMessage,
  sourceLines,
} from './blocks.js';
export { type SlackEnvelope, type SlackMessageEvent, type SlackTurn, turnOf } from './inbound.js';
export { type SlackLogger, silentLogger } from './logger.js';
export { escapeMrkdwn, splitMrkdwn, toMrkdwn } from './mrkdwn.js';
export { addressOf, conversationKeyOf, type SlackAddress } from './slack-address.js';
export { createSlackApp, type SlackApp, type SlackAppOptions, type SlackBridge } from './slack-app.js';
export { createSlackConnector, SlackConnector, type SlackConnectorOptions } from './slack-connector.js';
export { plainTextOf } from './slack-text.js';
export { type SlackUserProfile, UserProfiles } from './user-profiles.js';
