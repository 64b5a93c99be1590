import type { ApiKey, App, CreatedApiKey, List } from '@parley/contract';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { copyText } from '../keys/copy-text.js';
import { accentPattern, type EmbedOptions, embedSnippet, previewUrl } from './embed-options.js';

const text = strings.apps;

function messageOf(failure: unknown): string {
  return failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
}

/**
 * `<console-embed>`: an app on a website. A publishable key of the app (picked, then pasted, since
 * keys are shown once; or made here with its allowed origins), the widget's look (theme, position,
 * accent, language), the script tag with **Copy**, and a live preview: an iframe on this server's
 * `/embed-preview` page, which loads the widget exactly as a website would.
 */
export class ConsoleEmbed extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      fieldset {
        min-width: 0;
        border: 1px solid var(--console-border);
        border-radius: var(--console-radius);
        margin: 12px 0 0;
      }
      .choice {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .choice label {
        font-weight: normal;
        margin: 4px 0;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      iframe {
        width: 100%;
        height: 640px;
        border: 1px solid var(--console-border);
        border-radius: var(--console-radius);
        background: var(--console-surface-raised);
      }
    `,
  ];
  static override properties = {
    app: { attribute: false },
    keys: { state: true },
    choice: { state: true },
    keyValue: { state: true },
    keyName: { state: true },
    origins: { state: true },
    options: { state: true },
    shownOptions: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };

  declare app: App | null;
  declare keys: ApiKey[];
  /** `new`, or the id of an existing key. */
  declare choice: string;
  declare keyValue: string;
  declare keyName: string;
  declare origins: string;
  /** The options as typed (the snippet follows them). */
  declare options: Omit<EmbedOptions, 'app' | 'key'>;
  /** The options the preview shows: text fields count once they are left (no reload at each key press). */
  declare shownOptions: Omit<EmbedOptions, 'app'>;
  declare notice: string;
  declare failure: string;
  declare busy: boolean;

  constructor() {
    super();
    this.app = null;
    this.keys = [];
    this.choice = 'new';
    this.keyValue = '';
    this.keyName = text.keyNameDefault;
    this.origins = window.location.origin;
    this.options = { theme: 'light', position: 'right', accent: '', lang: '' };
    this.shownOptions = { ...this.options, key: '' };
    this.notice = '';
    this.failure = '';
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('app') && this.app && changed.get('app')?.id !== this.app.id) void this.loadKeys();
  }

  private async loadKeys(): Promise<void> {
    const app = this.app;
    if (!app) return;
    try {
      const keys = await api<List<ApiKey>>('GET', '/v1/keys?limit=100');
      this.keys = keys.data.filter((key) => key.kind === 'publishable' && key.app_id === app.id);
      if (this.keys[0] && this.choice === 'new' && !this.keyValue) this.choice = this.keys[0].id;
    } catch (failure) {
      this.failure = messageOf(failure);
    }
  }

  private showInPreview(): void {
    this.shownOptions = { ...this.options, key: this.keyValue.trim() };
  }

  private async makeKey(event: Event): Promise<void> {
    event.preventDefault();
    const app = this.app;
    if (!app) return;
    this.busy = true;
    this.failure = '';
    try {
      const created = await api<CreatedApiKey>('POST', '/v1/keys', {
        name: this.keyName.trim(),
        kind: 'publishable',
        app_id: app.id,
        allowed_origins: this.origins
          .split(/\s+/)
          .map((origin) => origin.trim())
          .filter(Boolean),
      });
      this.keys = [created, ...this.keys];
      this.choice = created.id;
      this.keyValue = created.key;
      this.notice = format(text.keyMade, { name: created.name });
      this.showInPreview();
    } catch (failure) {
      this.failure = messageOf(failure);
    } finally {
      this.busy = false;
    }
  }

  private snippet(): string {
    return embedSnippet(window.location.origin, {
      ...this.options,
      app: this.app?.id ?? '',
      key: this.keyValue.trim(),
    });
  }

  private async copy(): Promise<void> {
    this.notice = (await copyText(this.snippet())) ? text.copied : text.copyFailed;
  }

  private renderKey() {
    const value = (event: Event) => (event.target as HTMLInputElement).value;
    return html`<fieldset>
      <legend>${text.keyTitle}</legend>
      <label for="embed-key-choice">${text.keyChoice}</label>
      <select id="embed-key-choice" @change=${(event: Event) => {
        this.choice = value(event);
      }}>
        ${this.keys.map(
          (key) => html`<option value=${key.id} ?selected=${this.choice === key.id}>
            ${format(text.keyExisting, { name: key.name, masked: key.masked })}
          </option>`,
        )}
        <option value="new" ?selected=${this.choice === 'new'}>${text.keyNew}</option>
      </select>
      ${
        this.choice === 'new'
          ? html`<form @submit=${(event: Event) => this.makeKey(event)}>
              <label for="embed-key-name">${text.keyName}</label>
              <input id="embed-key-name" required maxlength="100" .value=${this.keyName}
                @input=${(event: Event) => {
                  this.keyName = value(event);
                }} />
              <label for="embed-origins">${text.origins}</label>
              <textarea id="embed-origins" required aria-describedby="embed-origins-help" .value=${this.origins}
                @input=${(event: Event) => {
                  this.origins = value(event);
                }}></textarea>
              <p id="embed-origins-help" class="muted">${text.originsHelp}</p>
              <div class="row"><button type="submit" class="primary" ?disabled=${this.busy}>${text.makeKey}</button></div>
            </form>`
          : null
      }
      <label for="embed-key-value">${text.keyValue}</label>
      <input id="embed-key-value" autocomplete="off" spellcheck="false" aria-describedby="embed-key-help"
        .value=${this.keyValue}
        @input=${(event: Event) => {
          this.keyValue = value(event);
        }}
        @change=${() => this.showInPreview()} />
      <p id="embed-key-help" class="muted">${text.keyValueHelp}</p>
    </fieldset>`;
  }

  private renderLook() {
    const options = this.options;
    const set = (patch: Partial<typeof options>, show = true) => {
      this.options = { ...this.options, ...patch };
      if (show) this.showInPreview();
    };
    const value = (event: Event) => (event.target as HTMLInputElement).value;
    const accentInvalid = options.accent !== '' && !accentPattern.test(options.accent);
    return html`<fieldset>
      <legend>${text.themeTitle}</legend>
      <fieldset>
        <legend>${text.theme}</legend>
        ${(
          [
            ['light', text.themeLight],
            ['dark', text.themeDark],
            ['auto', text.themeAuto],
          ] as const
        ).map(
          ([theme, label]) => html`<div class="choice">
            <input type="radio" id=${`embed-theme-${theme}`} name="embed-theme" .checked=${options.theme === theme}
              @change=${() => set({ theme })} />
            <label for=${`embed-theme-${theme}`}>${label}</label>
          </div>`,
        )}
      </fieldset>
      <fieldset>
        <legend>${text.position}</legend>
        ${(
          [
            ['right', text.positionRight],
            ['left', text.positionLeft],
          ] as const
        ).map(
          ([position, label]) => html`<div class="choice">
            <input type="radio" id=${`embed-position-${position}`} name="embed-position"
              .checked=${options.position === position} @change=${() => set({ position })} />
            <label for=${`embed-position-${position}`}>${label}</label>
          </div>`,
        )}
      </fieldset>
      <label for="embed-accent">${text.accent}</label>
      <input id="embed-accent" maxlength="9" placeholder="#0b57d0" spellcheck="false"
        aria-describedby="embed-accent-help" aria-invalid=${accentInvalid ? 'true' : 'false'} .value=${options.accent}
        @input=${(event: Event) => set({ accent: value(event).trim() }, false)}
        @change=${() => this.showInPreview()} />
      <p id="embed-accent-help" class=${accentInvalid ? 'error' : 'muted'}>${accentInvalid ? text.accentInvalid : text.accentHelp}</p>
      <label for="embed-language">${text.language}</label>
      <input id="embed-language" maxlength="35" spellcheck="false" aria-describedby="embed-language-help"
        .value=${options.lang}
        @input=${(event: Event) => set({ lang: value(event).trim() }, false)}
        @change=${() => this.showInPreview()} />
      <p id="embed-language-help" class="muted">${text.languageHelp}</p>
    </fieldset>`;
  }

  override render() {
    const app = this.app;
    if (!app) return null;
    return html`<section class="card" aria-labelledby="embed-heading">
      <h2 id="embed-heading">${text.embedTitle}</h2>
      <p class="muted">${text.embedIntro}</p>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${this.renderKey()}
      ${this.renderLook()}
      <h3>${text.snippetTitle}</h3>
      <p class="muted">${text.snippetHelp}</p>
      ${this.keyValue.trim() ? null : html`<p class="muted">${text.noKeyYet}</p>`}
      <pre><code data-embed-snippet>${this.snippet()}</code></pre>
      <div class="row"><button type="button" class="primary" @click=${() => this.copy()}>${text.copy}</button></div>
      <h3>${text.previewTitle}</h3>
      <p class="muted">${text.previewHelp}</p>
      <iframe title=${text.previewFrame} src=${previewUrl({ ...this.shownOptions, app: app.id })}></iframe>
    </section>`;
  }
}

if (!customElements.get('console-embed')) customElements.define('console-embed', ConsoleEmbed);

declare global {
  interface HTMLElementTagNameMap {
    'console-embed': ConsoleEmbed;
  }
}
