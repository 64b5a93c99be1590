import { html, nothing, type TemplateResult } from 'lit';
import type { ConnectionController } from '../controllers/connection-controller.js';
import type { ParleyStrings } from '../strings/strings.js';
import { refusalText } from './refusal-text.js';

export interface BannerContext {
  /** The conversation was loaded once (connecting again says nothing). */
  started: boolean;
  /** The chat runs on a share link (its refusal means the link was revoked or expired). */
  shareLink: boolean;
}

/**
 * The connection's state, when it is worth a line: refused (why, and a retry only where it may
 * help), the visitor offline or the server unreachable (`navigator.onLine` tells which), or
 * connecting before the conversation was ever loaded.
 */
export function renderBanner(
  connection: Pick<ConnectionController, 'status' | 'refusal' | 'open'>,
  context: BannerContext,
  strings: ParleyStrings,
): TemplateResult | typeof nothing {
  const { status } = connection;
  if (status === 'refused') {
    const { text, canRetry } = refusalText(connection.refusal, context.shareLink, strings);
    const retry = () => connection.open();
    return html`<div class="banner refused" part="banner" role="alert">
      <span>${text}</span>
      ${canRetry ? html`<button type="button" part="retry-button" @click=${retry}>${strings.retry}</button>` : nothing}
    </div>`;
  }
  if (status === 'offline')
    return html`<div class="banner" part="banner" role="status">
      ${navigator.onLine ? strings.serverUnreachable : strings.offline}
    </div>`;
  if (status === 'connecting' && !context.started)
    return html`<div class="banner" part="banner" role="status">${strings.connecting}</div>`;
  return nothing;
}
