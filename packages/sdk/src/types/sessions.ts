import type { InboxChannel, InboxStatus, JsonObject } from '@parley/contract';
import type { ListParams } from './common.js';

export type {
  InboxAssignment,
  InboxChannel,
  InboxMessage,
  InboxSession,
  InboxStatus,
  InboxTranscript,
  InboxTyping,
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

/** The inbox's filters (`GET /v1/apps/:app_id/sessions`). */
export interface SessionListParams extends ListParams {
  /** `needs_person`, `mine`, `all` (default: every ongoing session) or `ended`. */
  status?: InboxStatus;
  channel?: InboxChannel;
  escalated?: boolean;
  /** Words in the visitor's name, the metadata or the latest messages. */
  q?: string;
}

/** Who takes a session over, or types in it: a secret key names the person. */
export interface SessionPersonParams extends SessionRef {
  name?: string;
}
