import type { SessionRef } from './sessions.js';

export interface Escalation {
  session_id: string;
  escalated: true;
  escalated_at: string | null;
  /** What the user is told happens next. */
  message: string;
}

export interface HumanMessageParams extends SessionRef {
  /** The person's answer; not blank, at most 32000 characters. */
  content: string;
  /** Who wrote it, 1–200 characters. */
  author?: string;
}

/** A message written by a person into an escalated session. */
export interface HumanMessage {
  session_id: string;
  id: string;
  role: 'human_agent';
  content: string;
  timestamp: string;
  author: string | null;
}

export interface Resolution {
  session_id: string;
  escalated: false;
}

export type FeedbackRating = 'up' | 'down';

export interface RateParams extends SessionRef {
  /** The assistant message rated (`msg_…`). */
  messageId: string;
  rating: FeedbackRating;
  /** At most 2000 characters. */
  comment?: string | null;
}

export interface Feedback {
  message_id: string;
  session_id: string;
  rating: FeedbackRating;
  comment: string | null;
  at: string;
}
