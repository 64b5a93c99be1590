import { html, nothing } from 'lit';
import { strings } from '../../strings/index.js';
import { muteSound, soundMuted } from './attention.js';
import type { InboxFilter } from './inbox-api.js';
import { renderFilters } from './render-list.js';

const text = strings.inbox;

export interface ToolbarView {
  filter: InboxFilter;
  words: string;
  live: boolean;
  choose(filter: InboxFilter): void;
  search(words: string): void;
  /** Something shown here changed (the sound muted, notifications allowed). */
  changed(): void;
}

/** The filters, the search, the sound and notification choices, and whether updates are live. */
export function renderToolbar(view: ToolbarView) {
  const mayAsk = typeof Notification !== 'undefined' && Notification.permission === 'default';
  return html`<div class="toolbar">
    ${renderFilters(view.filter, view.choose)}
    <div class="search">
      <label for="inbox-search">${text.search}</label>
      <input
        id="inbox-search"
        type="search"
        placeholder=${text.searchHint}
        .value=${view.words}
        @input=${(event: Event) => view.search((event.target as HTMLInputElement).value)}
      />
    </div>
    <label class="check">
      <input
        type="checkbox"
        .checked=${soundMuted()}
        @change=${(event: Event) => {
          muteSound((event.target as HTMLInputElement).checked);
          view.changed();
        }}
      />
      ${text.muteSound}
    </label>
    ${
      mayAsk
        ? html`<button type="button" @click=${() => Notification.requestPermission().then(view.changed)}>
          ${text.allowNotifications}
        </button>`
        : nothing
    }
    <p class="muted connection" role="status">${view.live ? text.live : text.offline}</p>
  </div>`;
}
