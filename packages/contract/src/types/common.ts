/** Shapes shared by every part of the API. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Every list answers with one page of `data` and a cursor to the next page. */
export interface List<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** What a `DELETE` of a resource answers. */
export interface Deleted {
  id: string;
  deleted: true;
}

/** The rating an answer was given, on the messages of a history or a conversation. */
export interface MessageFeedback {
  rating: FeedbackRating;
  comment: string | null;
  at: string;
}

export type FeedbackRating = 'up' | 'down';

export type MessageRole = 'user' | 'assistant' | 'human_agent';

/** `incomplete`: the answer was cut short (client gone, provider error) and stored as far as it got. */
export type MessageStatus = 'incomplete';
