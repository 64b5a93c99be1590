import { html, nothing, type TemplateResult } from 'lit';
import type { ConnectionStatus } from '../controllers/connection-controller.js';
import type { ParleyStrings } from '../strings/strings.js';

/**
 * The connection's state, when it is worth a line: refused (with a retry),
 * offline, or connecting before the conversation was ever loaded.
 */
export function renderBanner(
  status: ConnectionStatus,
  started: boolean,
  strings: ParleyStrings,
  retry: () => void,
): TemplateResult | typeof nothing {
  if (status === 'refused') {
    return html`<div class="banner refused" part="banner" role="alert">
      <span>${strings.unavailable}</span>
      <button type="button" part="retry-button" @click=${retry}>${strings.retry}</button>
    </div>`;
  }
  if (status === 'offline')
    return html`<div class="banner" part="banner" role="status">${strings.offline}</div>`;
  if (status === 'connecting' && !started)
    return html`<div class="banner" part="banner" role="status">${strings.connecting}</div>`;
  return nothing;
}
