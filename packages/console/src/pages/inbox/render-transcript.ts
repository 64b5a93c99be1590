import type { Citation, InboxMessage, InboxTranscript } from '@parley/contract';
import { html, nothing } from 'lit';
import { format, strings } from '../../strings/index.js';

const text = strings.inbox;

import type { LiveAnswer } from './live-state.js';

const roleNames = { user: text.roleUser, assistant: text.roleAssistant, human_agent: text.roleHuman };

function renderCitations(citations: Citation[]) {
  if (citations.length === 0) return nothing;
  return html`<details class="sources">
    <summary>${text.sources} (${citations.length})</summary>
    <ol>
      ${citations.map(
        (citation) => html`<li>
          <strong>${citation.document_name}</strong>, ${format(text.page, { page: citation.page_number })}
          ${citation.section ? html` · ${citation.section}` : nothing}
          <blockquote>${citation.excerpt}</blockquote>
        </li>`,
      )}
    </ol>
  </details>`;
}

function renderMessage(message: InboxMessage) {
  const who = message.role === 'human_agent' && message.author ? message.author : roleNames[message.role];
  return html`<li class="message ${message.role}">
    <p class="who">
      <strong>${who}</strong>
      <time datetime=${message.timestamp} class="muted">${new Date(message.timestamp).toLocaleTimeString()}</time>
    </p>
    <p class="content">${message.content}</p>
    ${message.status === 'incomplete' ? html`<p class="muted">${text.cutShort}</p>` : nothing}
    ${
      message.tools_used.length > 0
        ? html`<p class="muted">${format(text.toolsUsed, { tools: message.tools_used.join(', ') })}</p>`
        : nothing
    }
    ${renderCitations(message.citations)}
    ${
      message.feedback
        ? html`<p class="muted">${message.feedback.rating === 'up' ? text.ratedUp : text.ratedDown}${
            message.feedback.comment ? html`: ${message.feedback.comment}` : nothing
          }</p>`
        : nothing
    }
  </li>`;
}

function toolText(tool: { tool: string; status: string }): string {
  const template =
    tool.status === 'started'
      ? text.toolStarted
      : tool.status === 'failed'
        ? text.toolFailed
        : text.toolCompleted;
  return format(template, { tool: tool.tool });
}

export function renderTranscript(transcript: InboxTranscript, live: LiveAnswer | null) {
  return html`<ol class="transcript" aria-label=${text.conversation}>
    ${transcript.messages.map(renderMessage)}
    ${
      live
        ? html`<li class="message assistant live" aria-busy="true">
          <p class="who"><strong>${roleNames.assistant}</strong> <span class="muted">${text.answering}</span></p>
          ${live.tools.map((tool) => html`<p class="muted">${toolText(tool)}</p>`)}
          <p class="content">${live.text}</p>
          ${renderCitations(live.citations)}
        </li>`
        : nothing
    }
  </ol>`;
}
