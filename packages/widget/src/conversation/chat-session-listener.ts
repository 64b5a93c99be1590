import type { ParleyEscalatedDetail, ParleyMessageDetail } from '../events/parley-events.js';
import type { ErrorObject } from './protocol.js';

/** What a chat session tells the element showing it. */
export interface ChatSessionListener {
  /** Anything shown changed. */
  changed(): void;
  /** A whole message was sent or arrived. */
  message(detail: ParleyMessageDetail): void;
  escalated(detail: ParleyEscalatedDetail): void;
}

export interface ChatSessionTexts {
  escalated: string;
  resolved: string;
  incomplete: string;
  /** What a turn's error means for the visitor, and whether a retry may help. */
  describeError(error: ErrorObject): { text: string; canRetry: boolean };
}
