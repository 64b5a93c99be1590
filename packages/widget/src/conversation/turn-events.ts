import type { ChatMessage } from './chat-message.js';
import type { ChatTarget } from './chat-target.js';
import type { ErrorObject, TurnEvent } from './protocol.js';
import type { PendingTurn } from './thread-record.js';

/**
 * What an event did to its turn: `streamed` (a token: its save may wait to be
 * grouped), `changed`, `done`, or the error that ended it.
 */
export type TurnEventOutcome = 'streamed' | 'changed' | 'done' | { error: ErrorObject };

/**
 * Applies a turn's event to the answer shown, to the pending turn (so a
 * reload shows it again) and to the target (the thread id it names). Ending
 * the turn is the session's.
 */
export function applyTurnEvent(
  event: TurnEvent,
  answer: ChatMessage,
  turn: PendingTurn,
  target: ChatTarget,
): TurnEventOutcome {
  switch (event.type) {
    case 'start':
      // The server follows the session of a turn it sends (no `subscribe` needed).
      target.adopt(event);
      return 'changed';
    case 'token':
      answer.content += event.content;
      answer.state = 'streaming';
      turn.answer = answer.content;
      return 'streamed';
    case 'tool_call':
      answer.tools = [
        ...answer.tools.filter((run) => run.tool !== event.tool),
        { tool: event.tool, status: event.status },
      ];
      return 'changed';
    case 'citation': {
      const { type: _type, request_id: _request, seq: _seq, ...citation } = event;
      if (!answer.citations.some((known) => known.id === citation.id)) {
        answer.citations = [...answer.citations, citation];
        turn.citations = answer.citations;
      }
      return 'changed';
    }
    case 'done':
      // No message_id: nothing was stored (nothing to rate).
      if (event.message_id) answer.id = event.message_id;
      target.adopt({ conversation_id: event.conversation_id });
      if (event.citations?.length && answer.citations.length === 0) answer.citations = event.citations;
      // A person answers the session now: the session decides what this answer is.
      if (event.escalated) answer.handoff = true;
      return 'done';
    case 'error':
      return { error: event.error };
  }
}
