import { parsePayload } from '../../edge/parse-input.js';
import { configPayload } from '../payloads.js';
import { widgetConfig } from '../widget-config.js';
import type { SocketHandler } from './socket-handler.js';

/** What the chat window shows before the first message. It renders the greeting with the visitor's metadata: a request like any other. */
export const config: SocketHandler = async (payload, context) => {
  const request = parsePayload(configPayload, payload);
  await context.meter();
  return { ok: true, config: await widgetConfig(context.engine, context.principal, request) };
};
