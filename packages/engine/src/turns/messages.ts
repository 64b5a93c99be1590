import type { MessageRecord, MessageRole } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';

/** Said when a thread is handed to a person (by the user's words, the model's tool or a button). */
export const escalationNotice =
  'I have asked a person from our team to join this conversation. They will answer here as soon as they can.';

/** Said when the model still wanted tools after its last call and had written nothing. */
export const toolLimitNotice =
  'I could not finish looking this up right now. Please try again, or ask me in a different way.';

/** A message of a thread as stored, with nothing of a turn filled in yet. */
export function newMessage(
  threadId: string,
  appId: string | null,
  role: MessageRole,
  content: string,
  now: number,
): MessageRecord {
  return {
    id: newId('msg'),
    thread_id: threadId,
    role,
    content,
    created_at: toIso(now),
    agent_id: null,
    agent_name: null,
    trace_id: null,
    usage: null,
    status: 'complete',
    error: null,
    citations: [],
    applied_definitions: [],
    tools_used: [],
    app_id: appId,
    author: null,
    latency_ms: null,
    feedback: null,
  };
}
