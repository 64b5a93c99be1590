import type { ParleyEscalatedDetail, ParleyMessageDetail } from '../events/parley-events.js';

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
}
