import type { DeliveryAttempt, List, WebhookDelivery } from '@parley/contract';
import { html, LitElement } from 'lit';
import { type ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';

const text = strings.webhooks;

const statusNames: Record<WebhookDelivery['status'], string> = {
  pending: text.statusPending,
  delivered: text.statusDelivered,
  failed: text.statusFailed,
};

export function attemptText(attempt: DeliveryAttempt): string {
  const result =
    attempt.status_code === null
      ? format(text.attemptNoAnswer, { error: attempt.error ?? '' })
      : format(text.attemptHttp, { code: attempt.status_code });
  return format(text.attempt, {
    at: new Date(attempt.at).toLocaleString(),
    result,
    ms: Math.round(attempt.duration_ms),
  });
}

/** `<console-delivery-log>`: a webhook's deliveries, newest first, every attempt, and Retry now. */
export class ConsoleDeliveryLog extends LitElement {
  static override styles = [sharedStyles];
  static override properties = {
    path: { type: String },
    deliveries: { state: true },
    notice: { state: true },
    failure: { state: true },
  };

  /** `/v1/apps/:app_id/webhooks/:webhook_id`. */
  declare path: string;
  declare deliveries: WebhookDelivery[] | null;
  declare notice: string;
  declare failure: string;

  constructor() {
    super();
    this.path = '';
    this.deliveries = null;
    this.notice = '';
    this.failure = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.deliveries = (await api<List<WebhookDelivery>>('GET', `${this.path}/deliveries?limit=50`)).data;
    } catch (failure) {
      this.failure = format(text.loadFailed, { message: (failure as ApiError).message });
    }
  }

  private async retry(delivery: WebhookDelivery): Promise<void> {
    try {
      const updated = await api<WebhookDelivery>(
        'POST',
        `${this.path}/deliveries/${encodeURIComponent(delivery.id)}/retry`,
      );
      this.deliveries = (this.deliveries ?? []).map((other) => (other.id === updated.id ? updated : other));
      this.notice = format(text.retried, { id: updated.id, status: statusNames[updated.status] });
    } catch (failure) {
      this.failure = (failure as ApiError).message;
    }
  }

  override render() {
    const deliveries = this.deliveries;
    return html`
      <div class="row"><button type="button" @click=${() => this.load()}>${text.refresh}</button></div>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${
        deliveries === null
          ? html`<p>${strings.shell.loading}</p>`
          : deliveries.length === 0
            ? html`<p>${text.logEmpty}</p>`
            : html`<table>
                <thead><tr>
                  <th scope="col">${text.columnEvent}</th><th scope="col">${text.columnCreated}</th>
                  <th scope="col">${text.columnStatus}</th><th scope="col">${text.columnAttempts}</th>
                  <th scope="col">${text.columnActions}</th>
                </tr></thead>
                <tbody>${deliveries.map((delivery) => this.renderDelivery(delivery))}</tbody>
              </table>`
      }
    `;
  }

  private renderDelivery(delivery: WebhookDelivery) {
    return html`<tr data-delivery-id=${delivery.id} data-status=${delivery.status}>
      <td>${delivery.event}</td>
      <td>${new Date(delivery.created_at).toLocaleString()}</td>
      <td>
        ${statusNames[delivery.status]}
        ${delivery.next_attempt_at ? html`<br /><span class="muted">${format(text.nextAttempt, { at: new Date(delivery.next_attempt_at).toLocaleString() })}</span>` : null}
      </td>
      <td>
        ${
          delivery.attempts.length === 0
            ? text.noAttempts
            : html`<ol>${delivery.attempts.map((attempt) => html`<li>${attemptText(attempt)}</li>`)}</ol>`
        }
      </td>
      <td><button type="button" aria-label=${format(text.retryLabel, { id: delivery.id })}
        @click=${() => this.retry(delivery)}>${text.retryNow}</button></td>
    </tr>`;
  }
}

if (!customElements.get('console-delivery-log'))
  customElements.define('console-delivery-log', ConsoleDeliveryLog);

declare global {
  interface HTMLElementTagNameMap {
    'console-delivery-log': ConsoleDeliveryLog;
  }
}
