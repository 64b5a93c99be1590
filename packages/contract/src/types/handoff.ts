import type { FeedbackRating } from './common.js';

export interface Escalation {
  session_id: string;
  escalated: true;
  escalated_at: string | null;
  /** What the user is told happens next. */
  message: string;
}

/** The email a visitor left to be answered later (`POST …/sessions/{session_id}/contact`). */
export interface ContactLeft {
  session_id: string;
  contact_email: string;
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

export interface Feedback {
  message_id: string;
  session_id: string;
  rating: FeedbackRating;
  comment: string | null;
  at: string;
}
