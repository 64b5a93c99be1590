import type { Citation } from '@parley/contract';
import { css, html, LitElement, nothing } from 'lit';
import { ApiError } from '../../api.js';
import { apiEventStream, type StreamEvent } from '../../api-stream.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';

const text = strings.agents;

interface PlaygroundMessage {
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
  tools: { tool: string; status: string }[];
  failure: string;
}

/**
 * `<console-agent-playground agent-id="agt_…">`: a chat with the saved agent over
 * `POST /v1/agents/:id/chat` (streaming), each answer with its tool calls and its sources
 * (document name and page).
 */
export class ConsoleAgentPlayground extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      ol.messages {
        list-style: none;
        padding: 0;
        margin: 0 0 12px;
        max-height: 60vh;
        overflow-y: auto;
      }
      ol.messages > li {
        padding: 8px 12px;
        border-radius: var(--console-radius);
        margin-bottom: 8px;
        background: var(--console-surface-raised);
      }
      ol.messages > li.user {
        border: 1px solid var(--console-border);
        background: var(--console-surface);
      }
      .who {
        font-weight: 600;
        display: block;
      }
      .content {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0;
      }
      .sources {
        margin: 8px 0 0;
        padding-left: 20px;
      }
      .tools {
        margin: 4px 0 0;
      }
    `,
  ];
  static override properties = {
    agentId: { attribute: 'agent-id' },
    messages: { state: true },
    question: { state: true },
    busy: { state: true },
    failure: { state: true },
  };

  declare agentId: string;
  declare messages: PlaygroundMessage[];
  declare question: string;
  declare busy: boolean;
  declare failure: string;
  private conversationId: string | null = null;
  private abort: AbortController | null = null;

  constructor() {
    super();
    this.agentId = '';
    this.messages = [];
    this.question = '';
    this.busy = false;
    this.failure = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('agentId') && changed.get('agentId') !== undefined) this.reset();
  }

  private reset(): void {
    this.abort?.abort();
    this.messages = [];
    this.conversationId = null;
    this.failure = '';
    this.busy = false;
  }

  /** Changes the answer being written (the last message), and renders. */
  private changeAnswer(change: (answer: PlaygroundMessage) => PlaygroundMessage): void {
    const last = this.messages.at(-1);
    if (last?.role !== 'assistant') return;
    this.messages = [...this.messages.slice(0, -1), change(last)];
  }

  private onEvent(event: StreamEvent): void {
    const { data } = event;
    if (event.event === 'token' && typeof data.content === 'string') {
      const content = data.content;
      this.changeAnswer((answer) => ({ ...answer, content: answer.content + content }));
    } else if (event.event === 'tool_call' && typeof data.tool === 'string') {
      const call = { tool: data.tool, status: String(data.status) };
      this.changeAnswer((answer) => ({
        ...answer,
        tools: [...answer.tools.filter((other) => other.tool !== call.tool), call],
      }));
    } else if (event.event === 'citation') {
      const citation = data as unknown as Citation;
      this.changeAnswer((answer) => ({ ...answer, citations: [...answer.citations, citation] }));
    } else if (event.event === 'done') {
      if (typeof data.conversation_id === 'string') this.conversationId = data.conversation_id;
      const citations = Array.isArray(data.citations) ? (data.citations as Citation[]) : null;
      if (citations) this.changeAnswer((answer) => ({ ...answer, citations }));
    } else if (event.event === 'error') {
      const error = data.error as { message?: string } | undefined;
      const message = format(text.chatFailed, { message: error?.message ?? '' });
      this.changeAnswer((answer) => ({ ...answer, failure: message }));
    }
  }

  private async send(event: Event): Promise<void> {
    event.preventDefault();
    const message = this.question.trim();
    if (message === '' || this.busy || !this.agentId) return;
    this.busy = true;
    this.failure = '';
    this.question = '';
    this.messages = [
      ...this.messages,
      { role: 'user', content: message, citations: [], tools: [], failure: '' },
      { role: 'assistant', content: '', citations: [], tools: [], failure: '' },
    ];
    this.abort = new AbortController();
    try {
      await apiEventStream(
        `/v1/agents/${encodeURIComponent(this.agentId)}/chat`,
        { message, conversation_id: this.conversationId, stream: true },
        (streamed) => this.onEvent(streamed),
        this.abort.signal,
      );
    } catch (failure) {
      if (this.abort?.signal.aborted) return;
      const reason =
        failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
      this.changeAnswer((answer) => ({ ...answer, failure: format(text.chatFailed, { message: reason }) }));
    } finally {
      this.busy = false;
      this.abort = null;
    }
  }

  private renderCitation(citation: Citation) {
    const values = {
      name: citation.document_name,
      page: citation.page_number,
      section: citation.section ?? '',
    };
    return html`<li data-citation>
      ${format(citation.section ? text.citationSection : text.citation, values)}
    </li>`;
  }

  private renderMessage(message: PlaygroundMessage, last: boolean) {
    const answering = last && this.busy && message.role === 'assistant' && message.content === '';
    return html`<li class=${message.role}>
      <span class="who">${message.role === 'user' ? text.you : text.assistant}</span>
      ${answering ? html`<p class="muted content">${text.answering}</p>` : html`<p class="content">${message.content}</p>`}
      ${
        message.tools.length > 0
          ? html`<p class="muted tools">
            ${message.tools.map((call) => format(text.toolUsed, { tool: call.tool, status: call.status })).join(' · ')}
          </p>`
          : nothing
      }
      ${
        message.citations.length > 0
          ? html`<p class="who">${text.sources}</p>
            <ol class="sources">${message.citations.map((citation) => this.renderCitation(citation))}</ol>`
          : nothing
      }
      ${message.failure ? html`<p class="error">${message.failure}</p>` : nothing}
    </li>`;
  }

  override render() {
    return html`
      <p class="muted">${text.playgroundIntro}</p>
      <div role="log" aria-live="polite" aria-label=${text.playgroundTitle} aria-busy=${this.busy ? 'true' : 'false'}>
        ${
          this.messages.length === 0
            ? html`<p class="muted">${text.noMessages}</p>`
            : html`<ol class="messages">
              ${this.messages.map((message, index) => this.renderMessage(message, index === this.messages.length - 1))}
            </ol>`
        }
      </div>
      <form @submit=${(event: Event) => this.send(event)}>
        <label for="playground-message">${text.message}</label>
        <textarea
          id="playground-message"
          required
          maxlength="32000"
          .value=${this.question}
          @input=${(event: Event) => {
            this.question = (event.target as HTMLTextAreaElement).value;
          }}
          @keydown=${(event: KeyboardEvent) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              void this.send(event);
            }
          }}
        ></textarea>
        <div class="row">
          <button type="submit" class="primary" ?disabled=${this.busy}>${text.send}</button>
          <button type="button" ?disabled=${this.messages.length === 0} @click=${() => this.reset()}>
            ${text.newConversation}
          </button>
        </div>
      </form>
    `;
  }
}

if (!customElements.get('console-agent-playground'))
  customElements.define('console-agent-playground', ConsoleAgentPlayground);

declare global {
  interface HTMLElementTagNameMap {
    'console-agent-playground': ConsoleAgentPlayground;
  }
}
