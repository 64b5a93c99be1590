import { startTeamsDriver } from './support/bot-framework-driver.js';
import { runChannelContract } from './support/channel-contract.js';

runChannelContract('Teams', { start: () => startTeamsDriver() });
