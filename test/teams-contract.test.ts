import { startTeamsDriver } from './support/bot-framework-driver.js';
import { runChannelContract } from './support/channel-contract.js';

// Teams takes a streaming update about every 1.5 s: answers typed slowly enough to be seen growing.
runChannelContract('Teams', {
  start: () => startTeamsDriver({ environment: { PARLEY_OFFLINE_TOKEN_DELAY_MS: '200' } }),
});
