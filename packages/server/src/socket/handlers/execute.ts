import { randomUUID } from 'node:crypto';
import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { executePayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** A message to an app (the widget): a turn of its session, streamed as events. */
export const execute: SocketHandler = async (payload, context) => {
  const { app_id: appId, request_id: requestId, ...input } = parsePayload(executePayload, payload);
  requireAppAccess(context.principal, appId);
  return context.sendTurn(requestId ?? randomUUID(), (options) =>
    context.engine.execute(appId, input, options, context.principal),
  );
};
