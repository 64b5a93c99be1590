import type { JsonObject } from '@parley/contract';
import type { RequestOptions } from './common.js';

export type { ExecuteResponse, ExecuteUsage } from '@parley/contract';

export interface ExecuteParams extends RequestOptions {
  appId: string;
  message: string;
  /** Continue this session; without it a new session is opened and its id returned. */
  sessionId?: string;
  /** Merged into the session's `sessionMeta.metadata`. */
  metadata?: JsonObject;
  userId?: string;
  /** Hex HMAC-SHA256 of `userId` with the app's identity secret (made by the site's backend). */
  userHash?: string;
}
