import type { JsonObject } from '@parley/contract';

export type {
  MessageRole,
  MessageStatus,
  Session,
  SessionEnded,
  SessionHistory,
  SessionMessage,
} from '@parley/contract';

export interface SessionCreateParams {
  appId: string;
  userId?: string;
  /** Hex HMAC-SHA256 of `userId` with the app's identity secret (made by the site's backend). */
  userHash?: string;
  /** Merged into the session's `sessionMeta.metadata`. */
  metadata?: JsonObject;
}

export interface SessionRef {
  appId: string;
  sessionId: string;
}
