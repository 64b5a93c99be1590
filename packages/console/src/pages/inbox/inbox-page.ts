import type { InboxSession, InboxTranscript, TurnEvent } from '@parley/contract';
import { html, LitElement } from 'lit';
import { ApiError } from '../../api.js';
import type { Operator } from '../../session.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { startAttention } from './attention.js';
import { inboxStyles } from './inbox.styles.js';
import * as inboxApi from './inbox-api.js';
import { inboxFeed } from './inbox-feed.js';
import { type LiveAnswer, mergeSummary, nextLiveAnswer } from './live-state.js';
import { renderDetail } from './render-detail.js';
import { renderList } from './render-list.js';
import { renderToolbar } from './render-toolbar.js';

const text = strings.inbox;
const typingEveryMs = 2_500;

/** The inbox: every conversation live, one open with its transcript, taken over, answered and handed back. */
export class ConsoleInboxPage extends LitElement {
  static override styles = [sharedStyles, inboxStyles];
  static override properties = {
    operator: { attribute: false },
    state: { state: true },
  };

  declare operator: Operator | null;
  private filter: inboxApi.InboxFilter = 'all';
  private words = '';
  private sessions: InboxSession[] = [];
  private cursor: string | null = null;
  private selected: InboxSession | null = null;
  private transcript: InboxTranscript | null = null;
  private live: LiveAnswer | null = null;
  private typist: string | null = null;
  private draft = '';
  private busy = false;
  private error: string | null = null;
  private showing: 'list' | 'detail' = 'list';
  private stops: (() => void)[] = [];
  private lastTyping = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private typistTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.operator = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void startAttention();
    this.stops = [
      inboxFeed.on('session', (session) => this.summaryChanged(session)),
      inboxFeed.on('turn', ({ session_id: sessionId, event }) => this.turnEvent(sessionId, event)),
      inboxFeed.on('human_message', ({ session_id: sessionId }) => {
        if (sessionId === this.selected?.session_id) void this.reloadTranscript();
      }),
      inboxFeed.on('typing', ({ session_id: sessionId, author }) => this.showTypist(sessionId, author)),
      inboxFeed.on('connection', () => this.requestUpdate()),
    ];
    void this.loadList(false);
    void this.openLinked();
  }

  /** A link to one session (`?app=…&session=…`) or conversation (`?agent=…&conversation=…`), as a Slack support thread gives, opens it. */
  private async openLinked(): Promise<void> {
    const query = new URLSearchParams(window.location.search);
    const agentId = query.get('agent');
    const conversationId = query.get('conversation');
    const appId = query.get('app');
    const sessionId = query.get('session') ?? conversationId;
    if (!sessionId || !(appId || (agentId && conversationId))) return;
    const thread =
      agentId && conversationId
        ? { app_id: null, session_id: conversationId, agent_id: agentId, conversation_id: conversationId }
        : { app_id: appId, session_id: sessionId, agent_id: null, conversation_id: null };
    const transcript = await inboxApi.readTranscript(thread).catch(() => null);
    if (transcript && !this.selected) await this.select(transcript.session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const stop of this.stops) stop();
  }

  private get operatorId(): string {
    return this.operator?.id ?? '';
  }

  private async attempt(work: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.requestUpdate();
    try {
      await work();
    } catch (failure) {
      const message = failure instanceof ApiError ? failure.message : String(failure);
      this.error = format(text.failed, { message });
    } finally {
      this.busy = false;
      this.requestUpdate();
    }
  }

  private async loadList(more: boolean): Promise<void> {
    await this.attempt(async () => {
      const page = await inboxApi.listSessions(this.filter, this.words, more ? this.cursor : null);
      this.sessions = more ? [...this.sessions, ...page.data] : page.data;
      this.cursor = page.has_more ? page.next_cursor : null;
    });
  }

  private summaryChanged(session: InboxSession): void {
    if (this.selected?.session_id === session.session_id) this.selected = session;
    this.sessions = mergeSummary(this.sessions, session, this.filter, this.operatorId, this.words);
    this.requestUpdate();
  }

  private turnEvent(sessionId: string, event: TurnEvent): void {
    if (sessionId !== this.selected?.session_id) return;
    // `start`: the visitor's message is stored; `done`: the answer is. The transcript shows both.
    if (event.type === 'start' || event.type === 'done' || event.type === 'error')
      void this.reloadTranscript();
    this.live = nextLiveAnswer(this.live, event);
    this.requestUpdate();
  }

  private showTypist(sessionId: string, author: string): void {
    if (sessionId !== this.selected?.session_id || author === this.operator?.name) return;
    clearTimeout(this.typistTimer);
    this.typist = author;
    this.typistTimer = setTimeout(() => {
      this.typist = null;
      this.requestUpdate();
    }, 5_000);
    this.requestUpdate();
  }

  private async reloadTranscript(): Promise<void> {
    const selected = this.selected;
    if (!selected) return;
    const transcript = await inboxApi.readTranscript(selected).catch(() => null);
    if (transcript && this.selected?.session_id === selected.session_id) {
      this.transcript = transcript;
      this.selected = transcript.session;
      this.requestUpdate();
    }
  }

  private async select(session: InboxSession): Promise<void> {
    this.selected = session;
    this.transcript = null;
    this.live = null;
    this.typist = null;
    this.draft = '';
    this.showing = 'detail';
    inboxFeed.watch(session);
    this.requestUpdate();
    await this.reloadTranscript();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#inbox-detail-title')?.focus();
  }

  private act(call: (session: InboxSession) => Promise<unknown>): void {
    const session = this.selected;
    if (!session) return;
    void this.attempt(async () => {
      await call(session);
      await this.reloadTranscript();
    });
  }

  private send(): void {
    const content = this.draft.trim();
    if (!content) return;
    this.act(async (session) => {
      await inboxApi.sendReply(session, content);
      this.draft = '';
      this.lastTyping = 0;
    });
  }

  private input(value: string): void {
    this.draft = value;
    const now = Date.now();
    if (this.selected && value.trim() !== '' && now - this.lastTyping > typingEveryMs) {
      this.lastTyping = now;
      void inboxApi.sendTyping(this.selected).catch(() => undefined);
    }
    this.requestUpdate();
  }

  private search(value: string): void {
    this.words = value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.loadList(false), 300);
  }

  private async back(): Promise<void> {
    const id = this.selected?.session_id;
    this.showing = 'list';
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-session="${CSS.escape(id ?? '')}"]`)?.focus();
  }

  override render() {
    return html`<h1>${text.title}</h1>
      ${renderToolbar({
        filter: this.filter,
        words: this.words,
        live: inboxFeed.live,
        choose: (filter) => {
          this.filter = filter;
          void this.loadList(false);
        },
        search: (value) => this.search(value),
        changed: () => this.requestUpdate(),
      })}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="split" data-showing=${this.showing}>
        ${renderList({
          sessions: this.sessions,
          selectedId: this.selected?.session_id ?? null,
          hasMore: this.cursor !== null,
          select: (session) => void this.select(session),
          loadMore: () => void this.loadList(true),
        })}
        ${
          this.selected
            ? renderDetail({
                session: this.selected,
                transcript: this.transcript,
                live: this.live,
                operatorId: this.operatorId,
                typist: this.typist,
                draft: this.draft,
                busy: this.busy,
                back: () => void this.back(),
                takeOver: () => this.act(inboxApi.takeOver),
                handBack: () => this.act(inboxApi.handBack),
                input: (value) => this.input(value),
                send: () => this.send(),
              })
            : html`<section class="detail empty"><p class="muted">${text.chooseConversation}</p></section>`
        }
      </div>`;
  }
}

if (!customElements.get('console-inbox-page')) customElements.define('console-inbox-page', ConsoleInboxPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-inbox-page': ConsoleInboxPage;
  }
}
