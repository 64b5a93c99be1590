import type { FeedbackRating } from '@parley/contract';
import type { SessionRef } from './sessions.js';

export type { Escalation, Feedback, FeedbackRating, HumanMessage, Resolution } from '@parley/contract';

export interface HumanMessageParams extends SessionRef {
  /** The person's answer; not blank, at most 32000 characters. */
  content: string;
  /** Who wrote it, 1–200 characters. */
  author?: string;
}

export interface RateParams extends SessionRef {
  /** The assistant message rated (`msg_…`). */
  messageId: string;
  rating: FeedbackRating;
  /** At most 2000 characters. */
  comment?: string | null;
}
