import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ConnectionController } from '../controllers/connection-controller.js';
import { PersistenceController } from '../controllers/persistence-controller.js';
import { ScrollPinController } from '../controllers/scroll-pin-controller.js';
import type { ChatMessage } from '../conversation/chat-message.js';
import { ChatSession } from '../conversation/chat-session.js';
import type { ChatTarget } from '../conversation/chat-target.js';
import { createChatTarget } from '../conversation/create-chat-target.js';
import { threadStorageKey } from '../conversation/thread-storage-key.js';
import { emitParleyEvent } from '../events/parley-events.js';
import { markdownToSpeech } from '../markdown/render-markdown.js';
import { builtInLanguage, languageCode } from '../strings/languages.js';
import { defaultStrings, formatString, type ParleyStrings } from '../strings/strings.js';
import styles from './chat-panel.styles.js';
import { keepFocusInside } from './focus-trap.js';
import { sinkAway, touchDevice } from './panel-motion.js';
import { describeTurnError } from './refusal-text.js';
import { renderBanner } from './render-banner.js';
import { renderComposer } from './render-composer.js';
import { renderHeader } from './render-header.js';
import { renderIntro } from './render-intro.js';
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
 * @csspart new-conversation-button - Forgets this conversation and starts a new one.
 * @csspart banner - Connection state (offline, not available).
 * @csspart messages - The scrolling message area.
 * @csspart greeting - The greeting at the top.
 * @csspart starters - The starter prompts; each is a `starter` button.
 * @csspart message - Each message, also `message-user`, `message-assistant`, `message-human_agent`.
 * @csspart author - Who wrote a person's message.
 * @csspart bubble - A message's text.
 * @csspart time - When a message was written (relative; the exact time in its `title`).
 * @csspart code-block - A code block in a message.
 * @csspart table - A table in a message.
 * @csspart tool-status - A tool run in progress ("Searching knowledge…").
 * @csspart typing - The typing indicator.
 * @csspart citations - The numbered sources of an answer; each is a `citation` with
 *   `citation-document` (a button opening the source viewer), `citation-section` (Markdown and
 *   HTML sources) and `citation-excerpt`.
 * @csspart cite - An answer's `[n]` marker, a button opening the source viewer.
 * @csspart source-viewer - The source viewer (a dialog, `widget/sources.js`), with its `source-close`.
 * @csspart status - "Waiting to send" under a message typed while offline.
 * @csspart error - An error with its `retry-button`.
 * @csspart notice - A line about the conversation (a person joined or left).
 * @csspart feedback - The thumbs; each is a `feedback-button`.
 * @csspart new-messages-button - Jumps to the newest message after scrolling up.
 * @csspart composer - The message form, with `input` and `send-button`.
 *
 * @cssprop --parley-accent - Brand colour: header, user bubbles, buttons, focus ring (#2f5bea).
 * @cssprop --parley-accent-contrast - Text on the accent colour (#fff; for `data-accent` the loader sets white or black, whichever reads).
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
 * @cssprop --parley-highlight - The cited excerpt's highlight in the source viewer.
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
    userId: { attribute: 'user-id' },
    userHash: { attribute: 'user-hash' },
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
  /** The site's user id; with `userHash` (HMAC-SHA256 of it with the app's identity secret) a verified user. */
  declare userId: string;
  declare userHash: string;
  /** Session metadata: merged into the session, and the greeting is rendered with it. */
  declare metadata: Record<string, unknown>;
  /** Texts replacing the built-in ones (of the chat's language), e.g. `{"placeholder": "Écrivez…"}`. */
  declare strings: Partial<ParleyStrings>;
  declare private draft: string;
  declare private announcement: string;

  #session: ChatSession | null = null;
  /** The built-in texts in use: `code` of `chooseLanguage` (undefined until chosen) and its texts. */
  #language: string | undefined;
  #translation: Partial<ParleyStrings> = {};
  #announcedReady = false;
  /** Relative times ("5 minutes ago") are redrawn once a minute. */
  #clock: ReturnType<typeof setInterval> | undefined;
  readonly #persistence = new PersistenceController(
    this,
    () => {
      const target = this.#target;
      return target ? threadStorageKey(target.id) : null;
    },
    () => this.reset(),
  );
  readonly #connection = new ConnectionController(
    this,
    () => {
      const credential = this.#target?.credential(this.key, this.token);
      return credential ? { server: this.server || moduleServer, credential } : null;
    },
    {
      online: () => {
        void this.#session?.online().then(() => this.#announceReady());
      },
      offline: () => this.requestUpdate(),
      // `away` (no person soon): its notice and email form are a module of their own, loaded now.
      event: (type, data) =>
        type === 'away'
          ? import(/* @vite-ignore */ new URL('widget/away.js', moduleServer).href).then((module) =>
              module.default(this, data, this.#connection, this.#language),
            )
          : this.#session?.receive(type, data),
    },
  );
  readonly #scrollPin = new ScrollPinController(
    this,
    () => this.renderRoot.querySelector<HTMLElement>('.messages') ?? null,
  );

  /** A `[n]` marker or a source's name was pressed: the source viewer, `widget/sources.js`, opens it. */
  readonly #openSource = (event: Event) => {
    const cite = (event.target as Element).closest('.cite');
    const thread = this.#session?.thread;
    if (cite && thread)
      void import(/* @vite-ignore */ new URL('widget/sources.js', moduleServer).href).then((module) =>
        module.default(this, cite, thread, this.#connection),
      );
  };

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

  /** The texts in use: English, the chat's language's built-in texts, the host's overrides. */
  get text(): ParleyStrings {
    return { ...defaultStrings, ...this.#translation, ...this.strings };
  }

  /** Sends a message as if the user typed it. */
  send(text: string): void {
    this.#session?.send(text);
    this.#scrollPin.scrollToEnd();
  }

  /** Forgets the conversation here and in storage (the user logged out). */
  reset(): void {
    this.#session?.reset();
    // A new connection: the server stops sending this browser the old session's live events.
    if (this.#connection.status !== 'idle') this.#connection.open();
  }

  /** Adds to the session metadata (e.g. who is logged in). */
  setMetadata(metadata: Record<string, unknown>): void {
    this.metadata = { ...this.metadata, ...metadata };
  }

  /** Moves focus to the message box. */
  focusInput(): void {
    this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }

  /** Whom the attributes name (a new object each time: the session keeps its own). */
  get #target(): ChatTarget | null {
    return createChatTarget(this.app, this.agent, this.userId, this.userHash);
  }

  get #floating(): boolean {
    return !this.inline && this.mode !== 'page';
  }

  override connectedCallback(): void {
    this.#session ??= this.#createSession();
    super.connectedCallback();
    window.addEventListener('pagehide', this.#onPageHide);
    this.#clock = setInterval(() => this.requestUpdate(), 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#onPageHide);
    clearInterval(this.#clock);
    this.#session?.flush();
  }

  /** The page goes away (a reload, a navigation): the answer streamed so far is saved now. */
  readonly #onPageHide = () => this.#session?.flush();

  /**
   * Before drawing, the texts of the chat's language are loaded when it changed (so the chat never
   * shows English first): its `lang` (`data-lang`), else the first of the browser's languages with
   * built-in texts, else English. A language without built-in texts shows English (and the host's
   * `data-strings`). A language taken from the browser becomes the chat's `lang` (and `dir`: right
   * to left for Arabic and Hebrew). Each language's texts are a module of their own, beside this one.
   */
  protected override async scheduleUpdate(): Promise<void> {
    const tag = this.lang || navigator.languages.find((candidate) => builtInLanguage.test(candidate)) || '';
    const code = languageCode(tag);
    if (code !== this.#language) {
      this.#language = code;
      this.#translation = {};
      if (code !== 'en') {
        this.#translation = await import(
          /* @vite-ignore */ new URL(`widget/lang/${code}.js`, moduleServer).href
        ).then(
          (module: { default: ParleyStrings }) => module.default,
          () => ({}),
        );
        this.lang ||= tag;
        if (/^(ar|he)$/.test(code)) this.dir ||= 'rtl';
      }
    }
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const retarget = (['app', 'agent', 'key', 'token', 'server', 'userId', 'userHash'] as const).some(
      (name) => changed.has(name),
    );
    if (retarget && this.hasUpdated) {
      // The store already answers for the new target: the old session saves nothing more.
      this.#session?.cancelSave();
      this.#session = this.#createSession();
      this.#connection.open();
    }
    if (changed.has('metadata')) this.#session?.setMetadata(this.metadata);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open') || !this.#floating) return;
    if (this.open) {
      emitParleyEvent(this, 'parley:open', {});
      this.#scrollPin.scrollToEnd();
      // On a touch device the dialog takes the focus, not the message box.
      if (touchDevice()) this.renderRoot.querySelector<HTMLElement>('.panel')?.focus();
      else this.focusInput();
    } else if (changed.get('open') === true) {
      emitParleyEvent(this, 'parley:close', {});
      sinkAway(this);
    }
  }

  #createSession(): ChatSession | null {
    const target = this.#target;
    if (!target) return null;
    const session = new ChatSession(
      target,
      this.#connection,
      this.#persistence,
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
      () => ({ ...this.text, describeError: (error) => describeTurnError(error, !!this.token, this.text) }),
    );
    session.setMetadata(this.metadata);
    return session;
  }

  #announceReady(): void {
    if (this.#announcedReady) return;
    this.#announcedReady = true;
    const name = this.#session?.config.name;
    emitParleyEvent(this, 'parley:ready', name ? { name } : {});
  }

  #submit(event: Event): void {
    event.preventDefault();
    const text = this.draft.trim();
    if (!text) return;
    this.draft = '';
    this.send(text);
    this.focusInput();
  }

  #onPanelKeydown(event: KeyboardEvent): void {
    if (!this.#floating || !this.open) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.open = false;
    } else if (event.key === 'Tab') keepFocusInside(this.renderRoot as ShadowRoot, event);
  }

  /** "New conversation": this one is forgotten here and in storage, the greeting shows again. */
  #restart(): void {
    this.reset();
    this.announcement = this.text.newConversationStarted;
    if (!touchDevice()) this.focusInput();
  }

  async #escalate(): Promise<void> {
    const error = await this.#session?.escalate();
    if (error) this.announcement = error.message;
    else if (this.#session?.escalated) {
      // The button is gone: the focus goes on to the message box, not back to the page.
      this.announcement = this.text.escalated;
      this.focusInput();
    }
  }

  protected override render(): TemplateResult {
    const text = this.text;
    const session = this.#session;
    const messages = session?.messages ?? [];
    const title = this.chatTitle || session?.config.name || text.title;
    const refused = this.#connection.status === 'refused';
    const actions = {
      strings: text,
      canRate: !!session?.canRate,
      locale: this.lang || document.documentElement.lang || undefined,
      retry: (message: ChatMessage) => session?.retry(message),
      rate: (message: ChatMessage, rating: 'up' | 'down') => void session?.rate(message, rating),
    };
    return html`<div
      class="panel"
      part="panel"
      role=${this.#floating ? 'dialog' : 'region'}
      tabindex="-1"
      aria-labelledby="title"
      @keydown=${this.#onPanelKeydown}
    >
      ${renderHeader({
        title,
        subtitle: this.subtitle,
        avatar: this.avatar,
        closeLabel: this.#floating ? text.closeChat : null,
        close: () => {
          this.open = false;
        },
        restartLabel: messages.length > 0 ? text.newConversation : null,
        restart: () => this.#restart(),
      })}
      ${renderBanner(this.#connection, { started: !!session?.started, shareLink: !!this.token }, text)}
      <div class="messages" part="messages" role="region" tabindex="0" aria-label=${text.messages} @click=${this.#openSource}>
        ${renderIntro(session?.config ?? {}, messages.length === 0, text, (prompt) => this.send(prompt))}
        <ol class="list" role="list">
          ${repeat(
            messages,
            (message) => message.key,
            (message) => renderMessage(message, actions),
          )}
        </ol>
        ${session?.typist ? html`<p class="person-typing" part="person-typing">${formatString(text.personTyping, { name: session.typist })}</p>` : nothing}
      </div>
      ${
        this.#scrollPin.unseen
          ? html`<button type="button" class="jump" part="new-messages-button" @click=${() => this.#scrollPin.scrollToEnd()}>
            ${text.newMessages}
          </button>`
          : nothing
      }
      ${renderComposer({
        strings: text,
        draft: this.draft,
        refused,
        ready: !!session,
        canEscalate: !!session?.canEscalate,
        escalate: () => void this.#escalate(),
        input: (value) => {
          this.draft = value;
        },
        submit: (event) => this.#submit(event),
      })}
      <div class="visually-hidden" part="live" aria-live="polite">${this.announcement}</div>
    </div>`;
  }
}
