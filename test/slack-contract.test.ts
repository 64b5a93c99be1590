import { runChannelContract } from './support/channel-contract.js';
import { type SlackDriverOptions, startSlackDriver } from './support/slack-driver.js';

/**
 * Answers typed slowly enough to be seen streaming (the contract's streamed case), and a public
 * URL, so a streamed answer's sources are Slack's linked sources (a `task_update`).
 */
const slackContractEnvironment: SlackDriverOptions['environment'] = {
  PARLEY_OFFLINE_TOKEN_DELAY_MS: '15',
  PARLEY_PUBLIC_URL: 'https://parley.example.com',
};
const environment = slackContractEnvironment;

// Once in direct messages, once in a channel thread started by a mention.
runChannelContract('Slack (direct messages)', {
  start: () => startSlackDriver({ style: 'dm', environment }),
});
runChannelContract('Slack (channel thread)', {
  start: () => startSlackDriver({ style: 'thread', environment }),
});
// The workspace added with "Add to Slack" (OAuth): the same behaviour, with its stored token.
runChannelContract('Slack (installed with Add to Slack)', {
  start: () => startSlackDriver({ style: 'dm', oauth: true, environment }),
});
