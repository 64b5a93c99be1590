import type { ErrorObject } from '../conversation/protocol.js';
import type { ParleyStrings } from '../strings/strings.js';

export interface RefusalText {
  text: string;
  /** Whether asking again may help (a rate limit, a hiccup), so a Retry button is worth showing. */
  canRetry: boolean;
}

/**
 * What a refused credential means for the visitor: a share link revoked or expired, or a chat
 * this site may not use (another origin, a deleted key) — neither of which a retry changes.
 * Anything else (rate limited, a server error) may pass on a retry.
 */
export function refusalText(
  refusal: ErrorObject | null,
  shareLink: boolean,
  strings: ParleyStrings,
): RefusalText {
  const code = refusal?.code;
  if (code === 'authentication_error' && shareLink)
    return {
      text: refusal?.details?.reason === 'share_expired' ? strings.linkExpired : strings.linkRevoked,
      canRetry: false,
    };
  if (code === 'authentication_error' || code === 'permission_error')
    return { text: strings.unavailableHere, canRetry: false };
  return { text: strings.unavailable, canRetry: true };
}

/** A turn's error as the visitor reads it: a refused key or link said as the banner says it. */
export function describeTurnError(
  error: ErrorObject,
  shareLink: boolean,
  strings: ParleyStrings,
): RefusalText {
  if (error.code === 'authentication_error' || error.code === 'permission_error')
    return refusalText(error, shareLink, strings);
  return { text: error.message, canRetry: true };
}
