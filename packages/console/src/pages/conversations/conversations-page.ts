import type { Transcript, TranscriptMatch, TranscriptSearch } from '@parley/contract';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { type ApiError, api } from '../../api.js';
import { consoleHref } from '../../router.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import './transcript-view.js';

const text = strings.conversations;

/** The API path of a transcript named by the page's path: `session/<app>/<session>` or `conversation/<agent>/<id>`. */
function transcriptPath(rest: string[]): string | null {
  const [type, owner, id] = rest.map((segment) => encodeURIComponent(segment));
  if (!owner || !id) return null;
  if (type === 'session') return `/v1/apps/${owner}/sessions/${id}/transcript`;
  if (type === 'conversation') return `/v1/agents/${owner}/conversations/${id}/transcript`;
  return null;
}

function hrefOf(match: TranscriptMatch): string {
  return match.type === 'session'
    ? consoleHref(`conversations/session/${match.app_id}/${match.id}`)
    : consoleHref(`conversations/conversation/${match.agent_id}/${match.id}`);
}

/** Conversations: search every session and agent conversation, read one, export it as JSON or Markdown. */
export class ConsoleConversationsPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        overflow-wrap: anywhere;
      }
    `,
  ];
  static override properties = {
    rest: { attribute: false },
    query: { state: true },
    found: { state: true },
    transcript: { state: true },
    failure: { state: true },
  };

  declare rest: string[];
  declare query: string;
  declare found: TranscriptSearch | null;
  declare transcript: Transcript | null;
  declare failure: string;

  constructor() {
    super();
    this.rest = [];
    this.query = '';
    this.found = null;
    this.transcript = null;
    this.failure = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('rest')) void this.open();
  }

  private async open(): Promise<void> {
    this.failure = '';
    const path = transcriptPath(this.rest);
    this.transcript = null;
    try {
      if (path) this.transcript = await api<Transcript>('GET', path);
      else if (!this.found) await this.search();
    } catch (failure) {
      this.failure = format(text.loadFailed, { message: (failure as ApiError).message });
    }
  }

  private async search(event?: Event): Promise<void> {
    event?.preventDefault();
    const query = this.query.trim();
    this.found = await api<TranscriptSearch>(
      'GET',
      `/v1/transcripts?limit=50${query ? `&q=${encodeURIComponent(query)}` : ''}`,
    ).catch((failure: ApiError) => {
      this.failure = format(text.loadFailed, { message: failure.message });
      return null;
    });
  }

  private renderList() {
    const found = this.found;
    return html`
      <form role="search" @submit=${(event: Event) => this.search(event)}>
        <label for="conversation-search">${text.searchLabel}</label>
        <div class="row">
          <input id="conversation-search" type="search" .value=${this.query}
            @input=${(event: Event) => {
              this.query = (event.target as HTMLInputElement).value;
            }} />
          <button type="submit" class="primary">${text.searchButton}</button>
        </div>
      </form>
      <h2>${text.results}</h2>
      ${found && !found.complete ? html`<p class="muted">${format(text.partial, { count: found.searched_messages })}</p>` : null}
      ${
        found === null
          ? html`<p>${text.loading}</p>`
          : found.data.length === 0
            ? html`<p>${text.noResults}</p>`
            : html`<ul>
                ${found.data.map(
                  (match) => html`<li data-thread-id=${match.id}>
                    <a href=${hrefOf(match)}>${match.type === 'session' ? text.session : text.conversation} ${match.id}</a>
                    <span class="muted">· ${match.type === 'session' ? format(text.app, { name: match.app_name ?? '' }) : format(text.agent, { name: match.agent_name ?? '' })}
                      · ${format(text.lastMessage, { at: new Date(match.last_message_at).toLocaleString() })}</span>
                    <p>${match.excerpt}</p>
                  </li>`,
                )}
              </ul>`
      }
    `;
  }

  private renderTranscript(transcript: Transcript) {
    const path = transcriptPath(this.rest) ?? '';
    return html`
      <p><a href=${consoleHref('conversations')}>${text.back}</a></p>
      <div class="row">
        <a class="button" href=${`${path}?format=json`} download=${`${transcript.id}.json`}>${text.exportJson}</a>
        <a class="button" href=${`${path}?format=markdown`} download=${`${transcript.id}.md`}>${text.exportMarkdown}</a>
      </div>
      <console-transcript .transcript=${transcript}></console-transcript>
    `;
  }

  override render() {
    const transcript = this.transcript;
    const heading = transcript
      ? format(text.transcriptTitle, {
          type: transcript.type === 'session' ? text.session : text.conversation,
          id: transcript.id,
        })
      : text.title;
    return html`
      <h1>${heading}</h1>
      ${transcript ? null : html`<p class="muted">${text.intro}</p>`}
      <p role="alert" class="error">${this.failure}</p>
      ${transcript ? this.renderTranscript(transcript) : transcriptPath(this.rest) ? html`<p>${text.loading}</p>` : this.renderList()}
    `;
  }
}

if (!customElements.get('console-conversations-page'))
  customElements.define('console-conversations-page', ConsoleConversationsPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-conversations-page': ConsoleConversationsPage;
  }
}
