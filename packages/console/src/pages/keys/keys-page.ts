import type { AgentSummary, ApiKey, App, CreatedApiKey, List } from '@parley/contract';
import { css, html, LitElement } from 'lit';
import { ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import './confirm-dialog.js';
import type { ConsoleConfirmDialog } from './confirm-dialog.js';
import { copyText } from './copy-text.js';
import { emptyDraft, type KeyDraft, keyBody, renderKeyFields } from './key-form.js';

const text = strings.keys;

function messageOf(failure: unknown): string {
  return failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
}

/** Deploy → API Keys: generate a key (shown once, with Copy), the masked list, revoke with a confirmation. */
export class ConsoleKeysPage extends LitElement {
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
      .new-key code {
        display: block;
        padding: 12px;
        background: var(--console-surface-raised);
        border-radius: var(--console-radius);
        overflow-wrap: anywhere;
        user-select: all;
      }
      .table-wrap {
        overflow-x: auto;
      }
      /* Words stay whole (the table scrolls in its frame instead): no "Revo-ke", no "publisha-ble". */
      .table-wrap td {
        overflow-wrap: break-word;
      }
      .table-wrap td button,
      .table-wrap td code {
        white-space: nowrap;
      }
    `,
  ];
  static override properties = {
    keys: { state: true },
    targets: { state: true },
    draft: { state: true },
    created: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };

  declare keys: ApiKey[] | null;
  declare targets: { apps: App[]; agents: AgentSummary[] };
  declare draft: KeyDraft;
  declare created: CreatedApiKey | null;
  declare notice: string;
  declare failure: string;
  declare busy: boolean;

  constructor() {
    super();
    this.keys = null;
    this.targets = { apps: [], agents: [] };
    this.draft = emptyDraft;
    this.created = null;
    this.notice = '';
    this.failure = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [keys, apps, agents] = await Promise.all([
        api<List<ApiKey>>('GET', '/v1/keys?limit=100'),
        api<List<App>>('GET', '/v1/apps?limit=100'),
        api<List<AgentSummary>>('GET', '/v1/agents?limit=100'),
      ]);
      this.keys = keys.data;
      this.targets = { apps: apps.data, agents: agents.data };
    } catch (failure) {
      this.failure = format(text.loadFailed, { message: messageOf(failure) });
    }
  }

  private async generate(event: Event): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.failure = '';
    try {
      const created = await api<CreatedApiKey>('POST', '/v1/keys', keyBody(this.draft));
      this.created = created;
      this.draft = emptyDraft;
      this.notice = format(text.generated, { name: created.name });
      this.keys = [created, ...(this.keys ?? [])];
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#new-key-heading')?.focus();
    } catch (failure) {
      this.failure = messageOf(failure);
    } finally {
      this.busy = false;
    }
  }

  private async copy(): Promise<void> {
    if (!this.created) return;
    this.notice = (await copyText(this.created.key)) ? text.copied : text.copyFailed;
  }

  private async revoke(key: ApiKey): Promise<void> {
    const dialog = this.renderRoot.querySelector<ConsoleConfirmDialog>('console-confirm-dialog');
    const confirmed = await dialog?.ask({
      heading: format(text.revokeTitle, { name: key.name }),
      body: text.revokeBody,
      confirm: text.confirmRevoke,
      cancel: text.cancel,
    });
    if (!confirmed) return;
    try {
      await api('DELETE', `/v1/keys/${encodeURIComponent(key.id)}`);
      this.keys = (this.keys ?? []).filter((other) => other.id !== key.id);
      if (this.created?.id === key.id) this.created = null;
      this.notice = format(text.revoked, { name: key.name });
    } catch (failure) {
      this.failure = messageOf(failure);
    }
  }

  private scopeOf(key: ApiKey): string {
    if (key.kind === 'secret') return text.wholeWorkspace;
    const app = this.targets.apps.find((candidate) => candidate.id === key.app_id);
    const agent = this.targets.agents.find((candidate) => candidate.id === key.agent_id);
    const target = app
      ? format(text.targetApp, { name: app.name })
      : agent
        ? format(text.targetAgent, { name: agent.name })
        : (key.app_id ?? key.agent_id ?? '');
    return `${target} · ${key.allowed_origins.join(', ')}`;
  }

  private renderCreated() {
    const created = this.created;
    if (!created) return null;
    return html`<section class="card new-key" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading" tabindex="-1">${text.newKeyTitle}</h2>
      <p>${text.newKeyOnce}</p>
      <code data-new-key>${created.key}</code>
      <div class="row">
        <button type="button" class="primary" @click=${() => this.copy()}>${text.copy}</button>
        <button type="button" @click=${() => {
          this.created = null;
        }}>${text.hideKey}</button>
      </div>
    </section>`;
  }

  private renderList() {
    if (this.keys === null) return html`<p>${strings.shell.loading}</p>`;
    if (this.keys.length === 0) return html`<p>${text.empty}</p>`;
    return html`<div class="table-wrap"><table>
      <thead><tr>
        <th scope="col">${text.columnName}</th><th scope="col">${text.columnKey}</th>
        <th scope="col">${text.columnKind}</th><th scope="col">${text.columnPlan}</th>
        <th scope="col">${text.columnScope}</th><th scope="col">${text.columnCreated}</th>
        <th scope="col">${text.columnActions}</th>
      </tr></thead>
      <tbody>
        ${this.keys.map(
          (key) => html`<tr data-key-id=${key.id}>
            <td>${key.name}</td><td><code>${key.masked}</code></td><td>${key.kind}</td><td>${key.plan}</td>
            <td>${this.scopeOf(key)}</td><td>${new Date(key.created_at).toLocaleString()}</td>
            <td><button type="button" class="danger" aria-label=${format(text.revokeLabel, { name: key.name })}
              @click=${() => this.revoke(key)}>${text.revoke}</button></td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  override render() {
    return html`
      <h1>${text.title}</h1>
      <p class="muted">${text.intro}</p>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${this.renderCreated()}
      <section class="card" aria-labelledby="generate-heading">
        <h2 id="generate-heading">${text.generateTitle}</h2>
        <form @submit=${(event: Event) => this.generate(event)}>
          ${renderKeyFields(this.draft, this.targets, (next) => {
            this.draft = next;
          })}
          <div class="row"><button type="submit" class="primary" ?disabled=${this.busy}>${text.generate}</button></div>
        </form>
      </section>
      <h2>${text.listTitle}</h2>
      ${this.renderList()}
      <console-confirm-dialog></console-confirm-dialog>
    `;
  }
}

if (!customElements.get('console-keys-page')) customElements.define('console-keys-page', ConsoleKeysPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-keys-page': ConsoleKeysPage;
  }
}
