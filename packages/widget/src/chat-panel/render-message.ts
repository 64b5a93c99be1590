import { html, nothing, type TemplateResult } from 'lit';
import type { ChatMessage, ToolRun } from '../conversation/chat-message.js';
import type { Citation } from '../conversation/protocol.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import { formatString, type ParleyStrings } from '../strings/strings.js';
import { icons } from './icons.js';
import { renderTime } from './render-time.js';

export interface MessageActions {
  strings: ParleyStrings;
  /** The chat's language, for times (`undefined`: the browser's). */
  locale: string | undefined;
  /** Whether answers can be rated (app sessions, and agent conversations that are kept). */
  canRate: boolean;
  retry(message: ChatMessage): void;
  rate(message: ChatMessage, rating: 'up' | 'down'): void;
}

/** What a tool run says while it runs: "Searching knowledge…" for retrieval, a readable name otherwise. */
export function toolLabel(run: ToolRun, strings: ParleyStrings): string {
  const tool = run.tool.replace(/[_-]+/g, ' ').trim();
  if (run.status === 'failed') return formatString(strings.toolFailed, { tool });
  if (run.tool === 'search_knowledge') return strings.searchingKnowledge;
  return formatString(strings.runningTool, { tool });
}

function speaker(message: ChatMessage, strings: ParleyStrings): string {
  if (message.role === 'user') return strings.you;
  if (message.role === 'human_agent')
    return message.author ? `${message.author} · ${strings.humanAgent}` : strings.humanAgent;
  return strings.assistant;
}

/** What each source's `[n]` marker is called, by its number: "[1] acme-return-policy.pdf, page 3". */
function citeLabels(citations: Citation[], strings: ParleyStrings): string[] {
  const labels: string[] = [];
  for (const citation of citations)
    labels[citation.id] =
      `[${citation.id}] ${citation.document_name}, ${formatString(strings.page, { page: citation.page_number })}`;
  return labels;
}

/** Each source a chip: its document's name is a button opening the source viewer (`.cite`, `data-n`). */
function renderCitations(citations: Citation[], strings: ParleyStrings): TemplateResult | typeof nothing {
  if (citations.length === 0) return nothing;
  return html`<ol class="citations" part="citations" aria-label=${strings.sources}>
    ${citations.map(
      (citation) =>
        html`<li part="citation">
          [${citation.id}] <button type="button" class="cite document" part="citation-document" data-n=${citation.id}>${citation.document_name}</button>${
            citation.section
              ? html` — <span class="section" part="citation-section">${citation.section}</span>`
              : nothing
          },
          ${formatString(strings.page, { page: citation.page_number })}
          <q part="citation-excerpt" dir="auto">${citation.excerpt}</q>
        </li>`,
    )}
  </ol>`;
}

function renderActivity(message: ChatMessage, strings: ParleyStrings): TemplateResult | typeof nothing {
  const shown = message.tools.filter((run) => run.status !== 'completed');
  const typing = message.state === 'waiting' && !shown.some((run) => run.status === 'started');
  if (shown.length === 0 && !typing) return nothing;
  return html`${shown.map(
    (run) => html`<span class="tool" part="tool-status" role="status">${toolLabel(run, strings)}</span>`,
  )}${
    typing
      ? html`<span class="typing" part="typing" role="img" aria-label=${strings.typing}><i></i><i></i><i></i></span>`
      : nothing
  }`;
}

function renderFeedback(message: ChatMessage, actions: MessageActions): TemplateResult | typeof nothing {
  if (!actions.canRate || !message.id || message.role !== 'assistant' || message.state !== 'done')
    return nothing;
  const button = (rating: 'up' | 'down', label: string) =>
    html`<button
      type="button"
      part="feedback-button"
      aria-label=${label}
      aria-pressed=${message.rating === rating ? 'true' : 'false'}
      @click=${() => actions.rate(message, rating)}
    >
      ${rating === 'up' ? icons.thumbUp : icons.thumbDown}
    </button>`;
  return html`<div class="feedback" part="feedback">
    ${button('up', actions.strings.helpful)}${button('down', actions.strings.notHelpful)}
  </div>`;
}

/** One message of the list: who said it, the text (Markdown unless the user wrote it), and its extras. */
export function renderMessage(message: ChatMessage, actions: MessageActions): TemplateResult {
  const { strings } = actions;
  if (message.role === 'notice')
    return html`<li class="message notice" part="notice" dir="auto">${message.content}</li>`;
  const hasText = message.content !== '';
  const { citations } = message;
  const body = hasText
    ? message.role === 'user'
      ? message.content
      : renderMarkdown(
          message.content,
          message.state === 'streaming',
          citations.length ? citeLabels(citations, strings) : undefined,
        )
    : nothing;
  const activity = renderActivity(message, strings);
  return html`<li
    class="message ${message.role} ${message.state}"
    part="message message-${message.role}"
    data-state=${message.state}
    data-id=${message.id ?? nothing}
  >
    ${
      message.role === 'human_agent'
        ? html`<span class="author" part="author">${speaker(message, strings)}</span>`
        : html`<span class="visually-hidden">${speaker(message, strings)}:</span>`
    }
    ${
      hasText || activity !== nothing
        ? // No whitespace inside: the user's bubble keeps the text's own line breaks (pre-wrap).
          html`<div class="bubble" part="bubble" dir="auto">${body}${activity}</div>`
        : nothing
    }
    ${renderCitations(citations, strings)}
    ${message.state === 'done' || message.state === 'sent' ? renderTime(message.at, actions.locale, strings) : nothing}
    ${message.state === 'pending' ? html`<span class="status" part="status">${strings.pending}</span>` : nothing}
    ${
      message.state === 'error'
        ? html`<div class="error" part="error" role="alert">
          <span>${message.error ?? strings.errorGeneric}</span>
          ${
            message.final
              ? nothing
              : html`<button type="button" part="retry-button" @click=${() => actions.retry(message)}>
                ${strings.retry}
              </button>`
          }
        </div>`
        : nothing
    }
    ${renderFeedback(message, actions)}
  </li>`;
}
