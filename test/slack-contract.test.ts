import { runChannelContract } from './support/channel-contract.js';
import { startSlackDriver } from './support/slack-driver.js';

// Once in direct messages, once in a channel thread started by a mention.
runChannelContract('Slack (direct messages)', { start: () => startSlackDriver({ style: 'dm' }) });
runChannelContract('Slack (channel thread)', { start: () => startSlackDriver({ style: 'thread' }) });
// The workspace added with "Add to Slack" (OAuth): the same behaviour, with its stored token.
runChannelContract('Slack (installed with Add to Slack)', {
  start: () => startSlackDriver({ style: 'dm', oauth: true }),
});
