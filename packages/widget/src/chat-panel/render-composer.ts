import { html, nothing, type TemplateResult } from 'lit';
import type { ParleyStrings } from '../strings/strings.js';
import { icons } from './icons.js';

export interface ComposerParts {
  strings: ParleyStrings;
  draft: string;
  /** The connection was refused: nothing can be typed or sent. */
  refused: boolean;
  /** There is a conversation to send to. */
  ready: boolean;
  /** "Talk to a person" is offered. */
  canEscalate: boolean;
  escalate(): void;
  input(value: string): void;
  submit(event: Event): void;
}

/** Enter sends; Shift+Enter (and Enter while an input method composes) is a new line. */
function onKeydown(parts: ComposerParts, event: KeyboardEvent): void {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) parts.submit(event);
}

/** The bottom of the panel: "Talk to a person" when offered, and the message form. */
export function renderComposer(parts: ComposerParts): TemplateResult {
  const { strings } = parts;
  return html`${
    parts.canEscalate
      ? html`<div class="actions">
        <button type="button" part="escalate-button" @click=${parts.escalate}>${strings.talkToPerson}</button>
      </div>`
      : nothing
  }
  <form part="composer" @submit=${parts.submit}>
    <label class="visually-hidden" for="input">${strings.inputLabel}</label>
    <textarea
      id="input"
      part="input"
      dir="auto"
      rows="1"
      autocomplete="off"
      enterkeyhint="send"
      maxlength="4000"
      placeholder=${strings.placeholder}
      ?disabled=${parts.refused}
      .value=${parts.draft}
      @input=${(event: Event) => parts.input((event.target as HTMLTextAreaElement).value)}
      @keydown=${(event: KeyboardEvent) => onKeydown(parts, event)}
    ></textarea>
    <button type="submit" part="send-button" aria-label=${strings.send} ?disabled=${!parts.ready || parts.refused}>${icons.send}</button>
  </form>`;
}
