import type { InboxChannel, InboxSession } from '@parley/contract';
import { html, nothing } from 'lit';
import { format, strings } from '../../strings/index.js';
import { needsPerson } from './attention.js';
import type { InboxFilter } from './inbox-api.js';

const text = strings.inbox;

export const channelNames: Record<InboxChannel, string> = {
  widget: text.channelWidget,
  share: text.channelShare,
  slack: text.channelSlack,
  teams: text.channelTeams,
  api: text.channelApi,
};

const filterNames: [InboxFilter, string][] = [
  ['needs_person', text.filterNeedsPerson],
  ['mine', text.filterMine],
  ['all', text.filterAll],
  ['ended', text.filterEnded],
];

export function visitorOf(session: InboxSession): string {
  return session.visitor.name ?? session.visitor.user_id ?? text.unknownVisitor;
}

export function renderFilters(current: InboxFilter, choose: (filter: InboxFilter) => void) {
  return html`<div class="filters" role="group" aria-label=${text.filters}>
    ${filterNames.map(
      ([filter, name]) =>
        html`<button type="button" aria-pressed=${filter === current ? 'true' : 'false'} @click=${() => choose(filter)}>
          ${name}
        </button>`,
    )}
  </div>`;
}

function renderState(session: InboxSession) {
  if (session.status === 'ended') return html`<span class="tag">${text.ended}</span>`;
  if (needsPerson(session)) return html`<span class="tag urgent">${text.needsPerson}</span>`;
  if (session.assigned_to)
    return html`<span class="tag">${format(text.assignedTo, { name: session.assigned_to.name })}</span>`;
  return nothing;
}

export interface ListView {
  sessions: InboxSession[];
  selectedId: string | null;
  hasMore: boolean;
  select(session: InboxSession): void;
  loadMore(): void;
}

export function renderList(view: ListView) {
  return html`<section class="list" aria-label=${text.conversations}>
    ${view.sessions.length === 0 ? html`<p class="muted">${text.noConversations}</p>` : nothing}
    <ul>
      ${view.sessions.map((session) => {
        const last = session.last_message;
        return html`<li>
          <button
            type="button"
            class="item"
            data-session=${session.session_id}
            aria-current=${session.session_id === view.selectedId ? 'true' : 'false'}
            @click=${() => view.select(session)}
          >
            <span class="item-head">
              <strong>${visitorOf(session)}</strong>
              <span class="muted">${channelNames[session.channel]}</span>
            </span>
            <span class="preview">${last ? last.content : text.noMessages}</span>
            <span class="item-foot">
              ${renderState(session)}
              <time datetime=${session.updated_at} class="muted">${new Date(session.updated_at).toLocaleTimeString()}</time>
            </span>
          </button>
        </li>`;
      })}
    </ul>
    ${view.hasMore ? html`<button type="button" @click=${() => view.loadMore()}>${text.loadMore}</button>` : nothing}
  </section>`;
}
