import { html } from 'lit';

/** Line icons (24×24, stroked with the current colour), decorative: their buttons carry the names. */
export const icons = {
  close: html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>`,
  newConversation: html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z"/></svg>`,
  send: html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 12l16-8-6 16-2-7z"/></svg>`,
  thumbUp: html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10v10H4V10zM7 10l4-7a2 2 0 0 1 3 2l-1 4h5a2 2 0 0 1 2 2l-2 7a2 2 0 0 1-2 2H7"/></svg>`,
  thumbDown: html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 14V4H4v10zM7 14l4 7a2 2 0 0 0 3-2l-1-4h5a2 2 0 0 0 2-2l-2-7a2 2 0 0 0-2-2H7"/></svg>`,
};
