import { html, nothing, type TemplateResult } from 'lit';
import type { ChatConfig } from '../conversation/protocol.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import type { ParleyStrings } from '../strings/strings.js';

/** The greeting at the top, and the starter prompts while nothing was said yet. */
export function renderIntro(
  config: ChatConfig,
  empty: boolean,
  strings: ParleyStrings,
  send: (prompt: string) => void,
): TemplateResult | typeof nothing {
  const greeting = config.greeting;
  const starters = empty ? (config.starter_prompts ?? []) : [];
  if (!greeting && starters.length === 0) return nothing;
  return html`${
    greeting
      ? html`<div class="message assistant" part="greeting">
        <div class="bubble" part="bubble" dir="auto">${renderMarkdown(greeting)}</div>
      </div>`
      : nothing
  }
  ${
    starters.length > 0
      ? html`<div class="starters" part="starters" role="group" aria-label=${strings.starterPrompts}>
        ${starters.map(
          (prompt) =>
            html`<button type="button" part="starter" dir="auto" @click=${() => send(prompt)}>${prompt}</button>`,
        )}
      </div>`
      : nothing
  }`;
}
