import { html, nothing, type TemplateResult } from 'lit';
import { safeLinkUrl } from '../markdown/safe-link-url.js';
import { icons } from './icons.js';

export interface HeaderParts {
  title: string;
  subtitle: string;
  /** An image URL (the element's `avatar`); the title's initial without one. */
  avatar: string;
  /** The close button's label; no button when the panel does not float. */
  closeLabel: string | null;
  close(): void;
  /** The "New conversation" button's label; no button when there is nothing to start over from. */
  restartLabel: string | null;
  restart(): void;
}

/** An avatar from http(s), a data: image or this page's own paths; nothing else. */
function safeImageUrl(value: string): string | null {
  return value.startsWith('data:image/') ? value : safeLinkUrl(value, document.baseURI);
}

function renderAvatar(avatar: string, title: string): TemplateResult {
  const source = avatar ? safeImageUrl(avatar) : null;
  if (source) return html`<img class="avatar" part="avatar" src=${source} alt="" />`;
  return html`<span class="avatar" part="avatar" aria-hidden="true">${title.slice(0, 1).toUpperCase()}</span>`;
}

/** The title bar: avatar, title (the panel's label), subtitle, and the close button of a floating panel. */
export function renderHeader(parts: HeaderParts): TemplateResult {
  return html`<header part="header" role="none">
    ${renderAvatar(parts.avatar, parts.title)}
    <div class="heading">
      <h2 id="title" part="title">${parts.title}</h2>
      ${parts.subtitle ? html`<p class="subtitle" part="subtitle">${parts.subtitle}</p>` : nothing}
    </div>
    ${
      parts.restartLabel !== null
        ? html`<button
          type="button"
          part="new-conversation-button"
          aria-label=${parts.restartLabel}
          title=${parts.restartLabel}
          @click=${parts.restart}
        >
          ${icons.newConversation}
        </button>`
        : nothing
    }
    ${
      parts.closeLabel !== null
        ? html`<button type="button" part="close-button" aria-label=${parts.closeLabel} @click=${parts.close}>
          ${icons.close}
        </button>`
        : nothing
    }
  </header>`;
}
