import type { Transcript, TranscriptMessage } from '@parley/contract';
import { css, html, LitElement } from 'lit';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';

const text = strings.conversations;
const roleNames: Record<TranscriptMessage['role'], string> = {
  user: text.roleUser,
  assistant: text.roleAssistant,
  human_agent: text.roleHuman,
};

function speaker(message: TranscriptMessage): string {
  const name =
    message.role === 'assistant' ? message.agent : message.role === 'human_agent' ? message.author : null;
  return name ? format(text.byAgent, { role: roleNames[message.role], name }) : roleNames[message.role];
}

/** `<console-transcript>`: a session or conversation with its facts, messages, tools, sources and ratings. */
export class ConsoleTranscript extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        overflow-wrap: anywhere;
      }
      dl {
        display: grid;
        grid-template-columns: minmax(100px, max-content) minmax(0, 1fr);
        gap: 4px 16px;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      dd pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      ol.messages {
        list-style: none;
        padding: 0;
      }
      .message {
        border-left: 4px solid var(--console-border);
        padding: 8px 12px;
        margin: 0 0 12px;
        background: var(--console-surface);
      }
      .message.user {
        border-left-color: var(--console-accent);
      }
      .message.human_agent {
        border-left-color: var(--console-success);
      }
      .content {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .sources {
        margin: 8px 0 0;
      }
      blockquote {
        margin: 4px 0 0 12px;
        color: var(--console-muted);
      }
    `,
  ];
  static override properties = { transcript: { attribute: false } };

  declare transcript: Transcript | null;

  constructor() {
    super();
    this.transcript = null;
  }

  private renderMessage(message: TranscriptMessage) {
    return html`<li class=${`message ${message.role}`} data-message-id=${message.id}>
      <h3>${speaker(message)} <time class="muted" datetime=${message.created_at}>${new Date(message.created_at).toLocaleString()}</time></h3>
      <p class="content">${message.content}</p>
      ${message.status === 'incomplete' ? html`<p class="error">${format(text.incomplete, { error: message.error ?? '' })}</p>` : null}
      ${message.tools_used.length > 0 ? html`<p class="muted">${format(text.tools, { tools: message.tools_used.join(', ') })}</p>` : null}
      ${
        message.citations.length > 0
          ? html`<div class="sources"><strong>${text.sources}</strong><ol>
              ${message.citations.map(
                (citation) => html`<li data-citation>
                  ${format(text.citation, { document: citation.document_name, page: citation.page_number })}${citation.section ? ` · ${citation.section}` : ''}
                  <blockquote>${citation.excerpt}</blockquote>
                </li>`,
              )}
            </ol></div>`
          : null
      }
      ${message.feedback ? html`<p>${message.feedback.rating === 'up' ? text.ratedUp : text.ratedDown}${message.feedback.comment ? `: ${message.feedback.comment}` : ''}</p>` : null}
    </li>`;
  }

  override render() {
    const transcript = this.transcript;
    if (!transcript) return null;
    const metadata =
      Object.keys(transcript.metadata).length > 0 ? JSON.stringify(transcript.metadata, null, 2) : null;
    return html`
      <h2>${text.facts}</h2>
      <dl>
        ${transcript.app_id ? html`<dt>${text.factApp}</dt><dd>${transcript.app_name ?? ''} (${transcript.app_id})</dd>` : null}
        ${transcript.agent_id ? html`<dt>${text.factAgent}</dt><dd>${transcript.agent_name ?? ''} (${transcript.agent_id})</dd>` : null}
        ${transcript.channel ? html`<dt>${text.factChannel}</dt><dd>${transcript.channel}</dd>` : null}
        ${transcript.user_id ? html`<dt>${text.factUser}</dt><dd>${transcript.user_id}</dd>` : null}
        <dt>${text.factStatus}</dt>
        <dd>${transcript.status === 'ended' ? text.statusEnded : text.statusActive}${transcript.escalated ? `, ${text.escalated}` : ''}</dd>
        <dt>${text.factStarted}</dt><dd>${new Date(transcript.created_at).toLocaleString()}</dd>
        ${metadata ? html`<dt>${text.factMetadata}</dt><dd><pre>${metadata}</pre></dd>` : null}
      </dl>
      ${
        transcript.messages.length === 0
          ? html`<p>${text.noMessages}</p>`
          : html`<ol class="messages">${transcript.messages.map((message) => this.renderMessage(message))}</ol>`
      }
    `;
  }
}

if (!customElements.get('console-transcript')) customElements.define('console-transcript', ConsoleTranscript);

declare global {
  interface HTMLElementTagNameMap {
    'console-transcript': ConsoleTranscript;
  }
}
