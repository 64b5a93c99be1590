import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelHandler } from '@parley/engine';
import type { PlatformReceiver } from '@parley/receiver';
import type { TeamsConnector, TeamsHttpResult } from './teams-connector.js';

/** Bot Framework messages come here (the bot registration's messaging endpoint). */
export const teamsMessagesPath = '/api/messages';

export interface TeamsReceiverOptions {
  connector: TeamsConnector;
  /** Where inbound activities go (the engine's channel bridge). */
  bridge: ChannelHandler;
  /** The messaging endpoint's path (`/api/messages` when absent). */
  path?: string;
}

/**
 * Teams' inbound half, in the shape every connector shows the server: one endpoint whose raw
 * body (read by the server within its limit) is parsed here as the activity, and a `stop`
 * that waits for the work the requests started.
 */
export function createTeamsReceiver(options: TeamsReceiverOptions): PlatformReceiver {
  const { connector, bridge } = options;
  async function handle(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    let activity: unknown;
    try {
      activity = JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(response, {
        status: 400,
        body: { error: { code: 'invalid_request', message: 'The body is not JSON', details: {} } },
      });
      return;
    }
    sendJson(response, await connector.process({ headers: request.headers, body: activity }, bridge));
  }
  return {
    endpoints: [{ method: 'POST', path: options.path ?? teamsMessagesPath, body: 'raw', handle }],
    async start() {},
    async stop() {
      await connector.idle();
    },
  };
}

function sendJson(response: ServerResponse, result: TeamsHttpResult): void {
  response.statusCode = result.status;
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, value);
  if (result.body === undefined) {
    response.end();
    return;
  }
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(result.body));
}
