import type { App, List, Webhook, WebhookCreated, WebhookDelivery, WebhookEvent } from '@parley/contract';
import { css, html, LitElement } from 'lit';
import { type ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { copyText } from '../keys/copy-text.js';
import './delivery-log.js';
import { attemptText, type ConsoleDeliveryLog } from './delivery-log.js';

const text = strings.webhooks;
const events: WebhookEvent[] = [
  'session.started',
  'session.ended',
  'conversation.escalated',
  'message.created',
];

/** Webhooks of an app: add one (secret shown once), send a test event, the delivery log with Retry now. */
export class ConsoleWebhooksPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      fieldset {
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
      code.secret {
        display: block;
        padding: 12px;
        background: var(--console-surface-raised);
        overflow-wrap: anywhere;
      }
      ul.plain {
        list-style: none;
        padding: 0;
      }
      details {
        margin-top: 8px;
        overflow-x: auto;
      }
      summary {
        min-height: 44px;
        display: flex;
        align-items: center;
        cursor: pointer;
      }
    `,
  ];
  static override properties = {
    apps: { state: true },
    appId: { state: true },
    webhooks: { state: true },
    created: { state: true },
    notice: { state: true },
    failure: { state: true },
  };

  declare apps: App[] | null;
  declare appId: string;
  declare webhooks: Webhook[] | null;
  declare created: WebhookCreated | null;
  declare notice: string;
  declare failure: string;

  constructor() {
    super();
    this.apps = null;
    this.appId = '';
    this.webhooks = null;
    this.created = null;
    this.notice = '';
    this.failure = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadApps();
  }

  private async loadApps(): Promise<void> {
    try {
      this.apps = (await api<List<App>>('GET', '/v1/apps?limit=100')).data;
      const first = this.apps[0];
      if (first) await this.choose(first.id);
    } catch (failure) {
      this.failure = format(text.loadFailed, { message: (failure as ApiError).message });
    }
  }

  private get basePath(): string {
    return `/v1/apps/${encodeURIComponent(this.appId)}/webhooks`;
  }

  private async choose(appId: string): Promise<void> {
    this.appId = appId;
    this.webhooks = null;
    this.created = null;
    try {
      this.webhooks = (await api<List<Webhook>>('GET', `${this.basePath}?limit=100`)).data;
    } catch (failure) {
      this.failure = format(text.loadFailed, { message: (failure as ApiError).message });
    }
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const secret = String(data.get('secret') ?? '').trim();
    this.failure = '';
    try {
      const created = await api<WebhookCreated>('POST', this.basePath, {
        url: String(data.get('url') ?? '').trim(),
        events: data.getAll('events').map(String),
        ...(secret ? { secret } : {}),
      });
      this.created = created;
      this.webhooks = [created, ...(this.webhooks ?? [])];
      this.notice = text.created;
      form.reset();
    } catch (failure) {
      this.failure = (failure as ApiError).message;
    }
  }

  private async sendTest(webhook: Webhook): Promise<void> {
    try {
      const delivery = await api<WebhookDelivery>(
        'POST',
        `${this.basePath}/${encodeURIComponent(webhook.id)}/test`,
      );
      const attempt = delivery.attempts.at(-1);
      this.notice = format(text.testSent, {
        url: webhook.url,
        status: attempt ? attemptText(attempt) : delivery.status,
      });
      await this.renderRoot
        .querySelector<ConsoleDeliveryLog>(`console-delivery-log[data-webhook-id="${webhook.id}"]`)
        ?.load();
    } catch (failure) {
      this.failure = (failure as ApiError).message;
    }
  }

  private renderCreateForm() {
    return html`<section class="card" aria-labelledby="create-heading">
      <h2 id="create-heading">${text.createTitle}</h2>
      <form @submit=${(event: Event) => this.create(event)}>
        <label for="webhook-url">${text.url}</label>
        <input id="webhook-url" name="url" type="url" required placeholder=${text.urlPlaceholder} />
        <fieldset>
          <legend>${text.events}</legend>
          ${events.map(
            (name) => html`<div class="choice">
              <input type="checkbox" id=${`event-${name}`} name="events" value=${name} ?checked=${name === 'conversation.escalated'} />
              <label for=${`event-${name}`}>${name}</label>
            </div>`,
          )}
        </fieldset>
        <label for="webhook-secret">${text.secret}</label>
        <input id="webhook-secret" name="secret" autocomplete="off" aria-describedby="secret-help" />
        <p id="secret-help" class="muted">${text.secretHelp}</p>
        <button type="submit" class="primary">${text.create}</button>
      </form>
    </section>`;
  }

  private renderCreated() {
    const created = this.created;
    if (!created) return null;
    return html`<section class="card" aria-labelledby="secret-heading">
      <h2 id="secret-heading">${text.secretTitle}</h2>
      <p>${text.secretOnce}</p>
      <code class="secret" data-new-secret>${created.secret}</code>
      <div class="row">
        <button type="button" class="primary" @click=${async () => {
          this.notice = (await copyText(created.secret)) ? text.copied : text.copyFailed;
        }}>${text.copy}</button>
        <button type="button" @click=${() => {
          this.created = null;
        }}>${text.hideSecret}</button>
      </div>
    </section>`;
  }

  private renderWebhook(webhook: Webhook) {
    return html`<li class="card" data-webhook-id=${webhook.id}>
      <p><code>${webhook.url}</code></p>
      <p class="muted">${webhook.events.join(', ')} · ${webhook.secret_masked}</p>
      <button type="button" aria-label=${format(text.sendTestLabel, { url: webhook.url })}
        @click=${() => this.sendTest(webhook)}>${text.sendTest}</button>
      <details open>
        <summary aria-label=${format(text.showLogLabel, { url: webhook.url })}>${text.showLog}</summary>
        <console-delivery-log data-webhook-id=${webhook.id} path=${`${this.basePath}/${encodeURIComponent(webhook.id)}`}></console-delivery-log>
      </details>
    </li>`;
  }

  override render() {
    const apps = this.apps;
    return html`
      <h1>${text.title}</h1>
      <p class="muted">${text.intro}</p>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${apps !== null && apps.length === 0 ? html`<p>${text.noApps}</p>` : null}
      ${
        apps && apps.length > 0
          ? html`<label for="webhook-app">${text.app}</label>
              <select id="webhook-app" @change=${(event: Event) => this.choose((event.target as HTMLSelectElement).value)}>
                ${apps.map((app) => html`<option value=${app.id} ?selected=${app.id === this.appId}>${app.name}</option>`)}
              </select>
              ${this.renderCreated()} ${this.renderCreateForm()}
              <h2>${text.listTitle}</h2>
              ${
                this.webhooks === null
                  ? html`<p>${strings.shell.loading}</p>`
                  : this.webhooks.length === 0
                    ? html`<p>${text.empty}</p>`
                    : html`<ul class="plain">${this.webhooks.map((webhook) => this.renderWebhook(webhook))}</ul>`
              }`
          : null
      }
    `;
  }
}

if (!customElements.get('console-webhooks-page'))
  customElements.define('console-webhooks-page', ConsoleWebhooksPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-webhooks-page': ConsoleWebhooksPage;
  }
}
