import type { Datastore, List } from '@parley/contract';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { ApiError, api } from '../../api.js';
import { consoleHref } from '../../router.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import '../keys/confirm-dialog.js';
import type { ConsoleConfirmDialog } from '../keys/confirm-dialog.js';
import './datastore-view.js';
import './definitions-section.js';

const text = strings.knowledge;

function messageOf(failure: unknown): string {
  return failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
}

/**
 * Knowledge: the datastores (make, open, delete) and the definitions; `knowledge/<datastore id>`
 * opens one datastore with its documents.
 */
export class ConsoleKnowledgePage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        overflow-wrap: anywhere;
      }
      .table-wrap {
        overflow-x: auto;
      }
    `,
  ];
  static override properties = {
    rest: { attribute: false },
    datastores: { state: true },
    name: { state: true },
    description: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };

  declare rest: string[];
  declare datastores: Datastore[] | null;
  declare name: string;
  declare description: string;
  declare notice: string;
  declare failure: string;
  declare busy: boolean;

  constructor() {
    super();
    this.rest = [];
    this.datastores = null;
    this.name = '';
    this.description = '';
    this.notice = '';
    this.failure = '';
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The list is read again each time it is shown (coming back from a datastore, its counts changed).
    if (changed.has('rest') && !this.rest[0]) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.datastores = (await api<List<Datastore>>('GET', '/v1/datastores?limit=100')).data;
    } catch (failure) {
      this.failure = format(text.loadFailed, { message: messageOf(failure) });
    }
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.failure = '';
    try {
      const description = this.description.trim();
      const created = await api<Datastore>('POST', '/v1/datastores', {
        name: this.name.trim(),
        ...(description ? { description } : {}),
      });
      this.datastores = [created, ...(this.datastores ?? [])];
      this.name = '';
      this.description = '';
      this.notice = format(text.datastoreCreated, { name: created.name });
    } catch (failure) {
      this.failure = messageOf(failure);
    } finally {
      this.busy = false;
    }
  }

  private async confirmDelete(datastore: Datastore): Promise<void> {
    const dialog = this.renderRoot.querySelector<ConsoleConfirmDialog>('console-confirm-dialog');
    const confirmed = await dialog?.ask({
      heading: format(text.deleteDatastoreTitle, { name: datastore.name }),
      body: text.deleteDatastoreBody,
      confirm: text.confirmDeleteDatastore,
      cancel: text.cancel,
    });
    if (!confirmed) return;
    try {
      await api('DELETE', `/v1/datastores/${encodeURIComponent(datastore.id)}`);
      this.datastores = (this.datastores ?? []).filter((other) => other.id !== datastore.id);
      this.notice = format(text.datastoreDeleted, { name: datastore.name });
    } catch (failure) {
      this.failure = messageOf(failure);
    }
  }

  private renderDatastores() {
    const datastores = this.datastores;
    if (datastores === null) return html`<p>${strings.shell.loading}</p>`;
    if (datastores.length === 0) return html`<p>${text.noDatastores}</p>`;
    return html`<div class="table-wrap"><table>
      <thead><tr>
        <th scope="col">${text.columnName}</th><th scope="col">${text.documentsTitle}</th>
        <th scope="col">${text.columnActions}</th>
      </tr></thead>
      <tbody>
        ${datastores.map(
          (datastore) => html`<tr data-datastore-id=${datastore.id}>
            <td><a href=${consoleHref(`knowledge/${encodeURIComponent(datastore.id)}`)}>${datastore.name}</a>
              ${datastore.description ? html`<br /><span class="muted">${datastore.description}</span>` : null}</td>
            <td>${datastore.document_count === 1 ? text.documentCountOne : format(text.documentCount, { count: datastore.document_count })}</td>
            <td><button type="button" class="danger"
              aria-label=${format(text.deleteDatastoreLabel, { name: datastore.name })}
              @click=${() => this.confirmDelete(datastore)}>${text.deleteDatastore}</button></td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  override render() {
    const datastoreId = this.rest[0];
    if (datastoreId)
      return html`<console-datastore-view .datastoreId=${datastoreId}></console-datastore-view>`;
    return html`
      <h1>${text.title}</h1>
      <p class="muted">${text.intro}</p>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      <h2>${text.datastoresTitle}</h2>
      ${this.renderDatastores()}
      <form class="card" aria-labelledby="datastore-form-heading" @submit=${(event: Event) => this.create(event)}>
        <h3 id="datastore-form-heading">${text.createDatastoreTitle}</h3>
        <label for="datastore-name">${text.datastoreName}</label>
        <input id="datastore-name" required maxlength="100" placeholder=${text.datastoreNamePlaceholder}
          .value=${this.name} @input=${(event: Event) => {
            this.name = (event.target as HTMLInputElement).value;
          }} />
        <label for="datastore-description">${text.datastoreDescription}</label>
        <input id="datastore-description" maxlength="1000" .value=${this.description} @input=${(
          event: Event,
        ) => {
          this.description = (event.target as HTMLInputElement).value;
        }} />
        <div class="row"><button type="submit" class="primary" ?disabled=${this.busy}>${text.createDatastore}</button></div>
      </form>
      <console-definitions></console-definitions>
      <console-confirm-dialog></console-confirm-dialog>
    `;
  }
}

if (!customElements.get('console-knowledge-page'))
  customElements.define('console-knowledge-page', ConsoleKnowledgePage);

declare global {
  interface HTMLElementTagNameMap {
    'console-knowledge-page': ConsoleKnowledgePage;
  }
}
