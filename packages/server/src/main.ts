import { readConfig } from './config.js';
import { createLogger } from './logger.js';
import { type RunningParley, startParley } from './start.js';

function firstStartBanner(running: RunningParley): string {
  const key = running.createdAdminKey as string;
  return [
    '',
    '  Parley is set up. This admin key is shown only once, so keep it somewhere safe:',
    '',
    `    ${key}`,
    '',
    `  Console: ${running.url}/console/ (sign in with PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD, or on the first visit with this key)`,
    `  Demo page (a sample website chatting with the demo agent): ${running.url}/demo/`,
    `  API reference: docs/api.md, machine-readable at ${running.url}/v1/openapi.json`,
    '',
    '  Try it:',
    `    curl -X POST ${running.url}/v1/apps/${running.demo.appId}/execute \\`,
    `      -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\`,
    `      -d '{"message": "Hello!"}'`,
    '',
  ].join('\n');
}

function readConfigOrExit() {
  try {
    return readConfig();
  } catch (error) {
    process.stderr.write(`Parley could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

const config = readConfigOrExit();
const logger = createLogger(config.logLevel);
try {
  const running = await startParley(config, logger);
  if (running.createdAdminKey) process.stdout.write(`${firstStartBanner(running)}\n`);
  logger.info(
    {
      url: running.url,
      model: running.engine.model.name,
      store: running.storeLocation,
      demo: running.demo.publishableKey === null ? 'off' : `${running.url}/demo/`,
      console: `${running.url}/console/`,
    },
    `Parley ready at ${running.url}`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Parley stopping');
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, `Parley could not start: ${(error as Error).message}`);
  process.exit(1);
}
