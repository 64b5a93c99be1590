import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelBridge } from '@parley/engine';
import type { ChannelMount } from './channel-mount.js';
import type { ChannelFactoryOptions } from './index.js';

/** Bot Framework messages come here (the bot registration's messaging endpoint). */
export const teamsMessagesPath = '/api/messages';

/** The least time between two typing indicators while a long answer is written. */
const typingIntervalMs = 3_000;

/**
 * The Teams connector, when it is configured: authenticated with `MICROSOFT_APP_ID`
 * (and its password), or unauthenticated with `PARLEY_TEAMS_ENABLED=1` for local use
 * with the Bot Framework Emulator. The Bot Framework SDK is loaded only when it is on.
 */
export async function createTeamsChannel(options: ChannelFactoryOptions): Promise<ChannelMount | null> {
  const settings = options.config.teams;
  const { logger } = options;
  if (!settings.enabled) {
    logger.info('Teams connector is off: set MICROSOFT_APP_ID (or PARLEY_TEAMS_ENABLED=1 locally)');
    return null;
  }
  const { TeamsConnector } = await import('@parley/connector-teams');
  const onError = (error: unknown, step: string) =>
    logger.warn({ err: error, step }, 'Teams connector step failed');
  const connector = new TeamsConnector({
    appId: settings.appId,
    appPassword: settings.appPassword,
    tenantId: settings.tenantId,
    typingIntervalMs,
    onError,
    log: (level, message, details) => logger[level]({ path: teamsMessagesPath, ...details }, message),
  });
  const appId = settings.parleyAppId ?? options.defaultAppId;
  const bridge = new ChannelBridge({
    engine: options.engine,
    appId,
    connector,
    updateIntervalMs: typingIntervalMs,
    onError,
  });
  const bodyLimitBytes = options.config.bodyLimitBytes;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request, bodyLimitBytes);
    if (!body.ok) {
      // The rest of a refused body is not read: the connection closes after the answer.
      if (body.status === 413) response.setHeader('connection', 'close');
      sendJson(response, body.status, { error: { code: body.code, message: body.message, details: {} } });
      return;
    }
    const result = await connector.process({ headers: request.headers, body: body.value }, bridge);
    sendJson(response, result.status, result.body);
  }

  logger.info({ app_id: appId }, `Teams connector on (Bot Framework messages at ${teamsMessagesPath})`);
  if (!connector.authenticated)
    logger.warn(
      'Teams connector runs WITHOUT authentication (PARLEY_TEAMS_ENABLED=1, no MICROSOFT_APP_ID): anyone who can reach /api/messages can talk to the agent (only activities with a loopback serviceUrl are taken); use it only locally with the Bot Framework Emulator',
    );
  return {
    endpoints: [{ method: 'POST', path: teamsMessagesPath, handle }],
    async start() {
      bridge.start();
    },
    async stop() {
      bridge.stop();
      await connector.idle();
    },
  };
}

type BodyRead =
  | { ok: true; value: unknown }
  | { ok: false; status: number; code: 'payload_too_large' | 'invalid_request'; message: string };

/** The request's JSON body, read up to `limitBytes` (a larger body is refused without reading it all). */
function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<BodyRead> {
  const tooLarge: BodyRead = {
    ok: false,
    status: 413,
    code: 'payload_too_large',
    message: `The body is over ${limitBytes} bytes`,
  };
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limitBytes) {
      request.resume();
      resolve(tooLarge);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limitBytes) {
        refused = true;
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      if (refused) return;
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false, status: 400, code: 'invalid_request', message: 'The body is not JSON' });
      }
    });
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  if (body === undefined) {
    response.end();
    return;
  }
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}
