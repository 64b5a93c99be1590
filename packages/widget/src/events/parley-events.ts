/** The DOM events of the widget, as the host page hears them (all `bubbles` and `composed`). */

export interface ParleyMessageDetail {
  role: 'user' | 'assistant' | 'human_agent';
  content: string;
  /** The stored message's id, when the server gave one. */
  id?: string;
  /** Who wrote a `human_agent` message. */
  author?: string;
}

/** The thread handed to a person: an app's session (`session_id`), or an agent's conversation (`conversation_id`, the share page). */
export interface ParleyEscalatedDetail {
  session_id?: string;
  conversation_id?: string;
  reason?: string;
}

export interface ParleyReadyDetail {
  /** The app's or agent's name from the server's configuration, when known. */
  name?: string;
}

export interface ParleyEventDetails {
  /** The chat panel opened. */
  'parley:open': Record<string, never>;
  /** The chat panel closed. */
  'parley:close': Record<string, never>;
  /** A message was sent, or an answer or a person's message arrived whole. */
  'parley:message': ParleyMessageDetail;
  /** The conversation was handed to a person. */
  'parley:escalated': ParleyEscalatedDetail;
  /** The chat is connected and its conversation loaded. */
  'parley:ready': ParleyReadyDetail;
}

export type ParleyEventName = keyof ParleyEventDetails;

declare global {
  interface GlobalEventHandlersEventMap {
    'parley:open': CustomEvent<ParleyEventDetails['parley:open']>;
    'parley:close': CustomEvent<ParleyEventDetails['parley:close']>;
    'parley:message': CustomEvent<ParleyEventDetails['parley:message']>;
    'parley:escalated': CustomEvent<ParleyEventDetails['parley:escalated']>;
    'parley:ready': CustomEvent<ParleyEventDetails['parley:ready']>;
  }
}

/** Dispatches a typed widget event that crosses shadow roots and bubbles to the document. */
export function emitParleyEvent<Name extends ParleyEventName>(
  target: EventTarget,
  name: Name,
  detail: ParleyEventDetails[Name],
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
