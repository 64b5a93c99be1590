import type { FeedbackRating } from './common.js';

export interface Escalation {
  session_id: string;
  escalated: true;
  escalated_at: string | null;
  /** What the user is told happens next. */
  message: string;
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
