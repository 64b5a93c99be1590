import { parsePayload } from '../../edge/parse-input.js';
import { resumePayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** After a reconnect: a turn's events again from `from_seq`, then the live ones. */
export const resume: SocketHandler = async (payload, context) => {
  const { request_id: requestId, from_seq: fromSeq } = parsePayload(resumePayload, payload);
  return { ok: true, state: await context.followTurn(requestId, fromSeq) };
};
