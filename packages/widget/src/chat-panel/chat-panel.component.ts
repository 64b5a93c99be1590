import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ConnectionController } from '../controllers/connection-controller.js';
import { PersistenceController } from '../controllers/persistence-controller.js';
import { ScrollPinController } from '../controllers/scroll-pin-controller.js';
import { type ChatMessage, ChatSession, type ChatTarget } from '../conversation/chat-session.js';
import { threadStorageKey } from '../conversation/thread-storage-key.js';
import { emitParleyEvent } from '../events/parley-events.js';
import { markdownToSpeech, renderMarkdown } from '../markdown/render-markdown.js';
import { safeLinkUrl } from '../markdown/safe-link-url.js';
import { defaultStrings, type ParleyStrings } from '../strings/strings.js';
import styles from './chat-panel.styles.js';
import { icons } from './icons.js';
import { renderMessage } from './render-message.js';

/** The server this module was loaded from: `<base>/widget/parley-chat.js` → `<base>/`. */
const moduleServer = new URL(/* @vite-ignore */ '../', import.meta.url).href;

/**
 * A chat with a Parley app (publishable key) or agent (share token or agent key).
 *
 * @summary Floating beside a launcher (the default, shown while `open`), `inline` in a page, or
 * the whole page (`mode="page"`, the share page).
 *
 * @event parley:open - The panel opened.
 * @event parley:close - The panel closed (Escape, the close button, `Parley.close()`).
 * @event parley:message - A message was sent, or an answer or a person's message arrived whole.
 * @event parley:escalated - The conversation was handed to a person.
 * @event parley:ready - Connected, conversation loaded.
 *
 * @csspart panel - The chat's box.
 * @csspart header - The title bar (avatar, title, subtitle, close button).
 * @csspart avatar - The avatar image or initial.
 * @csspart title - The title.
 * @csspart subtitle - The line under the title.
 * @csspart escalate-button - "Talk to a person".
 * @csspart close-button - Closes the floating panel.
 * @csspart banner - Connection state (offline, not available).
 * @csspart messages - The scrolling message area.
 * @csspart greeting - The greeting at the top.
 * @csspart starters - The starter prompts; each is a `starter` button.
 * @csspart message - Each message, also `message-user`, `message-assistant`, `message-human_agent`.
 * @csspart author - Who wrote a person's message.
 * @csspart bubble - A message's text.
 * @csspart code-block - A code block in a message.
 * @csspart table - A table in a message.
 * @csspart tool-status - A tool run in progress ("Searching knowledge…").
 * @csspart typing - The typing indicator.
 * @csspart citations - The numbered sources of an answer; each is a `citation` with
 *   `citation-document` and `citation-excerpt`.
 * @csspart status - "Waiting to send" under a message typed while offline.
 * @csspart error - An error with its `retry-button`.
 * @csspart notice - A line about the conversation (a person joined or left).
 * @csspart feedback - The thumbs; each is a `feedback-button`.
 * @csspart new-messages-button - Jumps to the newest message after scrolling up.
 * @csspart composer - The message form, with `input` and `send-button`.
 *
 * @cssprop --parley-accent - Brand colour: header, user bubbles, buttons, focus ring (#2f5bea).
 * @cssprop --parley-accent-contrast - Text on the accent colour (#fff).
 * @cssprop --parley-font - Font family (the system UI font).
 * @cssprop --parley-font-size - Base font size (15px).
 * @cssprop --parley-radius - Corner radius of the panel and bubbles (14px).
 * @cssprop --parley-background - Panel background (by theme).
 * @cssprop --parley-text - Text colour (by theme).
 * @cssprop --parley-border - Borders (by theme).
 * @cssprop --parley-link - Links and starter prompts (by theme).
 * @cssprop --parley-assistant-background - Bubbles of the assistant and of people (by theme).
 * @cssprop --parley-header-background - Header background (the accent).
 * @cssprop --parley-header-text - Header text (the accent contrast).
 * @cssprop --parley-focus - Focus ring (the accent).
 * @cssprop --parley-width - Width of the floating panel (380px).
 * @cssprop --parley-height - Height of the floating or inline panel (620px / 560px).
 * @cssprop --parley-z-index - Stacking of the floating panel (2147483000).
 */
export default class ChatPanel extends LitElement {
  static override styles = styles;

  static override properties = {
    app: { type: String },
    key: { type: String },
    agent: { type: String },
    token: { type: String },
    server: { type: String },
    mode: { type: String, reflect: true },
    inline: { type: Boolean, reflect: true },
    open: { type: Boolean, reflect: true },
    theme: { type: String, reflect: true },
    position: { type: String, reflect: true },
    chatTitle: { type: String, attribute: 'chat-title' },
    subtitle: { type: String },
    avatar: { type: String },
    metadata: { type: Object },
    strings: { type: Object },
    draft: { state: true },
    announcement: { state: true },
  };

  /** The app to chat with (`app_…`), with a publishable `key`. */
  declare app: string;
  /** A publishable key (`pk_…`). */
  declare key: string;
  /** The agent to chat with (`agt_…`), with a share `token` (or an agent's publishable key). */
  declare agent: string;
  declare token: string;
  /** The Parley server's base URL; defaults to where this module was loaded from. */
  declare server: string;
  /** `page`: fills its container, as the share page does. */
  declare mode: 'widget' | 'page';
  /** Placed in the page's flow instead of floating. */
  declare inline: boolean;
  /** The floating panel is shown. */
  declare open: boolean;
  declare theme: 'light' | 'dark' | 'auto';
  declare position: 'right' | 'left';
  /** Overrides the title the server configures (the app's or agent's name). */
  declare chatTitle: string;
  declare subtitle: string;
  /** An image URL for the header. */
  declare avatar: string;
  /** Session metadata: merged into the session, and the greeting is rendered with it. */
  declare metadata: Record<string, unknown>;
  /** Texts replacing the English defaults, e.g. `{"placeholder": "Écrivez…"}`. */
  declare strings: Partial<ParleyStrings>;
  declare private draft: string;
  declare private announcement: string;

  private session: ChatSession | null = null;
  private announcedReady = false;
  private readonly persistence = new PersistenceController(
    this,
    () =>
      this.target
        ? threadStorageKey(this.target.kind === 'app' ? this.target.appId : this.target.agentId)
        : null,
    () => this.reset(),
  );
  private readonly connection = new ConnectionController(
    this,
    () => {
      const credential = this.target?.kind === 'agent' ? this.token || this.key : this.key;
      return this.target && credential ? { server: this.server || moduleServer, credential } : null;
    },
    {
      online: () => {
        void this.session?.online().then(() => this.announceReady());
      },
      offline: () => this.requestUpdate(),
      event: (type, data) => this.session?.receive(type, data),
    },
  );
  private readonly scrollPin = new ScrollPinController(
    this,
    () => this.renderRoot.querySelector<HTMLElement>('.messages') ?? null,
  );

  constructor() {
    super();
    this.app = '';
    this.key = '';
    this.agent = '';
    this.token = '';
    this.server = '';
    this.mode = 'widget';
    this.inline = false;
    this.open = false;
    this.theme = 'light';
    this.position = 'right';
    this.chatTitle = '';
    this.subtitle = '';
    this.avatar = '';
    this.metadata = {};
    this.strings = {};
    this.draft = '';
    this.announcement = '';
  }

  /** The texts in use: the defaults with the host's overrides. */
  get text(): ParleyStrings {
    return { ...defaultStrings, ...this.strings };
  }

  /** Sends a message as if the user typed it. */
  send(text: string): void {
    this.session?.send(text);
    this.scrollPin.scrollToEnd();
  }

  /** Forgets the conversation here and in storage (the user logged out). */
  reset(): void {
    this.session?.reset();
    // A new connection: the server stops sending this browser the old session's live events.
    if (this.connection.status !== 'idle') this.connection.open();
  }

  /** Adds to the session metadata (e.g. who is logged in). */
  setMetadata(metadata: Record<string, unknown>): void {
    this.metadata = { ...this.metadata, ...metadata };
  }

  /** Moves focus to the message box. */
  focusInput(): void {
    this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }

  private get target(): ChatTarget | null {
    if (this.agent) return { kind: 'agent', agentId: this.agent };
    if (this.app) return { kind: 'app', appId: this.app };
    return null;
  }

  private get floating(): boolean {
    return !this.inline && this.mode !== 'page';
  }

  override connectedCallback(): void {
    this.session ??= this.createSession();
    super.connectedCallback();
    window.addEventListener('pagehide', this.onPageHide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.onPageHide);
    this.session?.flush();
  }

  /** The page goes away (a reload, a navigation): the answer streamed so far is saved now. */
  private readonly onPageHide = () => this.session?.flush();

  protected override willUpdate(changed: PropertyValues<this>): void {
    const retarget = (['app', 'agent', 'key', 'token', 'server'] as const).some((name) => changed.has(name));
    if (retarget && this.hasUpdated) {
      // The store already answers for the new target: the old session saves nothing more.
      this.session?.cancelSave();
      this.session = this.createSession();
      this.connection.open();
    }
    if (changed.has('metadata')) this.session?.setMetadata(this.metadata);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open') || !this.floating) return;
    if (this.open) {
      emitParleyEvent(this, 'parley:open', {});
      this.scrollPin.scrollToEnd();
      this.focusInput();
    } else if (changed.get('open') === true) {
      emitParleyEvent(this, 'parley:close', {});
    }
  }

  private createSession(): ChatSession | null {
    const target = this.target;
    if (!target) return null;
    const session = new ChatSession(
      target,
      this.connection,
      this.persistence,
      {
        changed: () => this.requestUpdate(),
        message: (detail) => {
          emitParleyEvent(this, 'parley:message', detail);
          if (detail.role !== 'user') {
            const who =
              detail.role === 'human_agent' ? detail.author || this.text.humanAgent : this.text.assistant;
            this.announcement = `${who}: ${markdownToSpeech(detail.content)}`;
          }
        },
        escalated: (detail) => emitParleyEvent(this, 'parley:escalated', detail),
      },
      () => this.text,
    );
    session.setMetadata(this.metadata);
    return session;
  }

  private announceReady(): void {
    if (this.announcedReady) return;
    this.announcedReady = true;
    const name = this.session?.config.name;
    emitParleyEvent(this, 'parley:ready', name ? { name } : {});
  }

  private submit(event: Event): void {
    event.preventDefault();
    const text = this.draft.trim();
    if (!text) return;
    this.draft = '';
    this.send(text);
    this.focusInput();
  }

  private onInputKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.submit(event);
  }

  private onPanelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.floating && this.open) {
      event.stopPropagation();
      this.open = false;
    }
  }

  private async escalate(): Promise<void> {
    const error = await this.session?.escalate();
    if (error) this.announcement = error.message;
    else if (this.session?.escalated) {
      // The button is gone: the focus goes on to the message box, not back to the page.
      this.announcement = this.text.escalated;
      this.focusInput();
    }
  }

  private renderAvatar(title: string): TemplateResult {
    const source = this.avatar ? safeImageUrl(this.avatar) : null;
    if (source) return html`<img class="avatar" part="avatar" src=${source} alt="" />`;
    return html`<span class="avatar" part="avatar" aria-hidden="true">${title.slice(0, 1).toUpperCase()}</span>`;
  }

  private renderBanner(): TemplateResult | typeof nothing {
    const text = this.text;
    const status = this.connection.status;
    if (status === 'refused') {
      return html`<div class="banner refused" part="banner" role="alert">
        <span>${text.unavailable}</span>
        <button type="button" part="retry-button" @click=${() => this.connection.open()}>${text.retry}</button>
      </div>`;
    }
    if (status === 'offline')
      return html`<div class="banner" part="banner" role="status">${text.offline}</div>`;
    if (status === 'connecting' && !this.session?.started)
      return html`<div class="banner" part="banner" role="status">${text.connecting}</div>`;
    return nothing;
  }

  private renderIntro(messages: ChatMessage[]): TemplateResult | typeof nothing {
    const config = this.session?.config ?? {};
    const greeting = config.greeting;
    const starters = messages.length === 0 ? (config.starter_prompts ?? []) : [];
    if (!greeting && starters.length === 0) return nothing;
    return html`${
      greeting
        ? html`<div class="message assistant" part="greeting">
          <div class="bubble" part="bubble">${renderMarkdown(greeting)}</div>
        </div>`
        : nothing
    }
    ${
      starters.length > 0
        ? html`<div class="starters" part="starters" role="group" aria-label=${this.text.starterPrompts}>
          ${starters.map(
            (prompt) =>
              html`<button type="button" part="starter" @click=${() => this.send(prompt)}>${prompt}</button>`,
          )}
        </div>`
        : nothing
    }`;
  }

  protected override render(): TemplateResult {
    const text = this.text;
    const session = this.session;
    const messages = session?.messages ?? [];
    const title = this.chatTitle || session?.config.name || text.title;
    const canEscalate = session && this.target?.kind === 'app' && session.sessionId && !session.escalated;
    const actions = {
      strings: text,
      canRate: !!session?.canRate,
      retry: (message: ChatMessage) => session?.retry(message),
      rate: (message: ChatMessage, rating: 'up' | 'down') => void session?.rate(message, rating),
    };
    return html`<div
      class="panel"
      part="panel"
      role=${this.floating ? 'dialog' : 'region'}
      aria-labelledby="title"
      @keydown=${this.onPanelKeydown}
    >
      <header part="header" role="none">
        ${this.renderAvatar(title)}
        <div class="heading">
          <h2 id="title" part="title">${title}</h2>
          ${this.subtitle ? html`<p class="subtitle" part="subtitle">${this.subtitle}</p>` : nothing}
        </div>
        ${
          this.floating
            ? html`<button
              type="button"
              part="close-button"
              aria-label=${text.closeChat}
              @click=${() => {
                this.open = false;
              }}
            >
              ${icons.close}
            </button>`
            : nothing
        }
      </header>
      ${this.renderBanner()}
      <div class="messages" part="messages" role="region" tabindex="0" aria-label=${text.messages}>
        ${this.renderIntro(messages)}
        <ol class="list" role="list">
          ${repeat(
            messages,
            (message) => message.key,
            (message) => renderMessage(message, actions),
          )}
        </ol>
      </div>
      ${
        this.scrollPin.unseen
          ? html`<button type="button" class="jump" part="new-messages-button" @click=${() => this.scrollPin.scrollToEnd()}>
            ${text.newMessages}
          </button>`
          : nothing
      }
      ${
        canEscalate
          ? html`<div class="actions">
            <button type="button" part="escalate-button" @click=${this.escalate}>${text.talkToPerson}</button>
          </div>`
          : nothing
      }
      <form part="composer" @submit=${this.submit}>
        <label class="visually-hidden" for="input">${text.inputLabel}</label>
        <textarea
          id="input"
          part="input"
          rows="1"
          autocomplete="off"
          enterkeyhint="send"
          maxlength="4000"
          placeholder=${text.placeholder}
          ?disabled=${this.connection.status === 'refused'}
          .value=${this.draft}
          @input=${(event: Event) => {
            this.draft = (event.target as HTMLTextAreaElement).value;
          }}
          @keydown=${this.onInputKeydown}
        ></textarea>
        <button type="submit" part="send-button" aria-label=${text.send} ?disabled=${!session || this.connection.status === 'refused'}>${icons.send}</button>
      </form>
      <div class="visually-hidden" part="live" aria-live="polite">${this.announcement}</div>
    </div>`;
  }
}

/** An avatar from http(s), a data: image or this page's own paths; nothing else. */
function safeImageUrl(value: string): string | null {
  return value.startsWith('data:image/') ? value : safeLinkUrl(value, document.baseURI);
}
