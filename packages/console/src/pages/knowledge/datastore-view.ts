import type { Datastore, DatastoreDocument, List } from '@parley/contract';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { ApiError, api, apiUpload } from '../../api.js';
import { consoleHref } from '../../router.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import '../keys/confirm-dialog.js';
import type { ConsoleConfirmDialog } from '../keys/confirm-dialog.js';
import './passage-preview.js';
import './upload-zone.js';

const text = strings.knowledge;

/** How often documents being read are asked for again. */
const pollMilliseconds = 1_000;

/** A file on its way to the server. */
interface Upload {
  key: number;
  name: string;
  /** Sent so far, 0 to 1. */
  fraction: number;
  state: 'sending' | 'sent' | 'failed';
  /** Once sent: the document it made, whose status the row then shows (processing, ready, failed). */
  documentId?: string;
  message: string;
}

function messageOf(failure: unknown): string {
  return failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
}

function percent(fraction: number): number {
  return Math.round(fraction * 100);
}

/**
 * `<console-datastore-view>`: one datastore: add documents (drop or choose several; each with its
 * progress bar), their reading status (asked again every second until ready or failed), page and
 * passage counts, the passages of one, and delete (after a confirmation).
 */
export class ConsoleDatastoreView extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .table-wrap {
        overflow-x: auto;
      }
      ul.uploads {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 8px;
      }
      progress {
        width: 100%;
        height: 12px;
        accent-color: var(--console-accent);
      }
      .name {
        overflow-wrap: anywhere;
      }
    `,
  ];
  static override properties = {
    datastoreId: { attribute: false },
    datastore: { state: true },
    documents: { state: true },
    uploads: { state: true },
    previewed: { state: true },
    notice: { state: true },
    failure: { state: true },
  };

  declare datastoreId: string;
  declare datastore: Datastore | null;
  declare documents: DatastoreDocument[] | null;
  declare uploads: Upload[];
  declare previewed: DatastoreDocument | null;
  declare notice: string;
  declare failure: string;
  private uploadCount = 0;
  /** The outcomes of the documents uploaded since the last batch began. */
  private settledMessages: string[] = [];
  private poll: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.datastoreId = '';
    this.datastore = null;
    this.documents = null;
    this.uploads = [];
    this.previewed = null;
    this.notice = '';
    this.failure = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('datastoreId') && this.datastoreId) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.poll) clearTimeout(this.poll);
    this.poll = null;
  }

  private get basePath(): string {
    return `/v1/datastores/${encodeURIComponent(this.datastoreId)}`;
  }

  private async load(): Promise<void> {
    this.failure = '';
    try {
      const [datastore, documents] = await Promise.all([
        api<Datastore>('GET', this.basePath),
        api<List<DatastoreDocument>>('GET', `${this.basePath}/documents?limit=100`),
      ]);
      this.datastore = datastore;
      this.documents = documents.data;
      this.schedulePoll();
    } catch (failure) {
      this.failure =
        failure instanceof ApiError && failure.status === 404
          ? text.notFound
          : format(text.loadFailed, { message: messageOf(failure) });
    }
  }

  /** Asks again for every document still being read, until none is. */
  private schedulePoll(): void {
    if (this.poll || !this.isConnected) return;
    if (!(this.documents ?? []).some((document) => document.status === 'processing')) return;
    this.poll = setTimeout(async () => {
      this.poll = null;
      await this.refreshProcessing();
      this.schedulePoll();
    }, pollMilliseconds);
  }

  private async refreshProcessing(): Promise<void> {
    const processing = (this.documents ?? []).filter((document) => document.status === 'processing');
    const fresh = await Promise.all(
      processing.map((document) =>
        api<DatastoreDocument>('GET', `${this.basePath}/documents/${encodeURIComponent(document.id)}`).catch(
          () => null,
        ),
      ),
    );
    const settled: string[] = [];
    for (const document of fresh) {
      if (!document) continue;
      if (document.status === 'ready')
        settled.push(
          format(text.documentReady, {
            name: document.name,
            pages: document.page_count ?? 0,
            chunks: document.chunk_count ?? 0,
          }),
        );
      if (document.status === 'failed')
        settled.push(format(text.documentFailed, { name: document.name, reason: document.error ?? '' }));
    }
    this.documents = (this.documents ?? []).map(
      (document) => fresh.find((candidate) => candidate?.id === document.id) ?? document,
    );
    if (settled.length > 0) {
      // What this batch of uploads came to so far, in the order documents settled.
      this.settledMessages = [...this.settledMessages, ...settled];
      this.notice = this.settledMessages.join(' ');
    }
  }

  private upload(files: File[]): void {
    this.notice = format(text.uploadStarted, { count: files.length });
    this.settledMessages = [];
    for (const file of files) void this.uploadOne(file);
  }

  private async uploadOne(file: File): Promise<void> {
    const key = ++this.uploadCount;
    const change = (patch: Partial<Upload>) => {
      this.uploads = this.uploads.map((upload) => (upload.key === key ? { ...upload, ...patch } : upload));
    };
    this.uploads = [...this.uploads, { key, name: file.name, fraction: 0, state: 'sending', message: '' }];
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const document = await apiUpload<DatastoreDocument>(`${this.basePath}/documents`, form, (fraction) =>
        change({ fraction }),
      );
      change({ fraction: 1, state: 'sent', documentId: document.id });
      this.documents = [document, ...(this.documents ?? []).filter((other) => other.id !== document.id)];
      this.schedulePoll();
    } catch (failure) {
      change({ state: 'failed', message: messageOf(failure) });
    }
  }

  /** The operator makes the datastore public (visitors may open cited originals) or private again; saved at once. */
  private async setPublic(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    this.failure = '';
    try {
      this.datastore = await api<Datastore>('PATCH', this.basePath, { public: input.checked });
      this.notice = this.datastore.public ? text.publicOn : text.publicOff;
    } catch (failure) {
      input.checked = !input.checked;
      this.failure = messageOf(failure);
    }
  }

  private renderVisibility(datastore: Datastore) {
    return html`<section class="card" aria-labelledby="visibility-heading">
      <h2 id="visibility-heading">${text.visibilityTitle}</h2>
      <div class="choice">
        <input type="checkbox" id="datastore-public" .checked=${datastore.public}
          aria-describedby="datastore-public-help" @change=${(event: Event) => this.setPublic(event)} />
        <label for="datastore-public">${text.publicLabel}</label>
      </div>
      <p class="muted" id="datastore-public-help">${text.publicHelp}</p>
    </section>`;
  }

  private async preview(document: DatastoreDocument): Promise<void> {
    this.previewed = document;
    await this.updateComplete;
    const preview = this.renderRoot.querySelector('console-passage-preview');
    await preview?.updateComplete;
    preview?.renderRoot.querySelector<HTMLElement>('#passages-heading')?.focus();
  }

  private async confirmDelete(document: DatastoreDocument): Promise<void> {
    const dialog = this.renderRoot.querySelector<ConsoleConfirmDialog>('console-confirm-dialog');
    const confirmed = await dialog?.ask({
      heading: format(text.deleteDocumentTitle, { name: document.name }),
      body: text.deleteDocumentBody,
      confirm: text.confirmDeleteDocument,
      cancel: text.cancel,
    });
    if (!confirmed) return;
    try {
      await api('DELETE', `${this.basePath}/documents/${encodeURIComponent(document.id)}`);
      this.documents = (this.documents ?? []).filter((other) => other.id !== document.id);
      if (this.previewed?.id === document.id) this.previewed = null;
      this.notice = format(text.documentDeleted, { name: document.name });
      this.renderRoot.querySelector<HTMLElement>('#documents-heading')?.focus();
    } catch (failure) {
      this.failure = messageOf(failure);
    }
  }

  /** A sent file's row follows its document: being read, then ready or failed with the reason. */
  private sentStatus(upload: Upload): string {
    const document = this.documents?.find((candidate) => candidate.id === upload.documentId);
    if (!document || document.status === 'processing') return text.uploadSent;
    return this.statusOf(document);
  }

  private statusOf(document: DatastoreDocument): string {
    if (document.status === 'ready') return text.statusReady;
    if (document.status === 'failed') return format(text.statusFailed, { reason: document.error ?? '' });
    return format(text.statusProcessing, { percent: percent(document.progress) });
  }

  private renderUploads() {
    if (this.uploads.length === 0) return null;
    return html`<h3>${text.uploadsTitle}</h3>
      <ul class="uploads">
        ${this.uploads.map(
          (upload) => html`<li data-upload=${upload.name}>
            <span class="name">${upload.name}</span>
            <progress max="1" .value=${upload.fraction}
              aria-label=${format(text.uploadProgress, { name: upload.name })}></progress>
            <span class=${upload.state === 'failed' ? 'error' : 'muted'}>${
              upload.state === 'sending'
                ? format(text.uploadSending, { percent: percent(upload.fraction) })
                : upload.state === 'sent'
                  ? this.sentStatus(upload)
                  : format(text.uploadFailed, { message: upload.message })
            }</span>
          </li>`,
        )}
      </ul>`;
  }

  private renderDocuments() {
    const documents = this.documents;
    if (documents === null) return html`<p>${strings.shell.loading}</p>`;
    if (documents.length === 0) return html`<p>${text.noDocuments}</p>`;
    return html`<div class="table-wrap"><table>
      <thead><tr>
        <th scope="col">${text.columnName}</th><th scope="col">${text.columnStatus}</th>
        <th scope="col">${text.columnPages}</th><th scope="col">${text.columnChunks}</th>
        <th scope="col">${text.columnSize}</th><th scope="col">${text.columnActions}</th>
      </tr></thead>
      <tbody>
        ${documents.map(
          (document) => html`<tr data-document-id=${document.id}>
            <td>${document.name}</td>
            <td data-status=${document.status} class=${document.status === 'failed' ? 'error' : ''}>${this.statusOf(document)}</td>
            <td>${document.page_count ?? '—'}</td>
            <td>${document.chunk_count ?? '—'}</td>
            <td>${format(text.sizeKilobytes, { size: Math.max(1, Math.round(document.size_bytes / 1024)) })}</td>
            <td><div class="row">
              <button type="button" ?disabled=${document.status !== 'ready'}
                aria-label=${format(text.previewLabel, { name: document.name })}
                @click=${() => this.preview(document)}>${text.preview}</button>
              <button type="button" class="danger" aria-label=${format(text.deleteDocumentLabel, { name: document.name })}
                @click=${() => this.confirmDelete(document)}>${text.deleteDocument}</button>
            </div></td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  override render() {
    const datastore = this.datastore;
    return html`
      <p><a href=${consoleHref('knowledge')}>${text.back}</a></p>
      <h1>${datastore?.name ?? text.title}</h1>
      ${datastore?.description ? html`<p class="muted">${datastore.description}</p>` : null}
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${
        datastore
          ? html`${this.renderVisibility(datastore)}<section class="card" aria-labelledby="upload-heading">
                <h2 id="upload-heading">${text.uploadTitle}</h2>
                <console-upload-zone @files-chosen=${(event: CustomEvent<File[]>) => this.upload(event.detail)}></console-upload-zone>
                ${this.renderUploads()}
              </section>
              <h2 id="documents-heading" tabindex="-1">${text.documentsTitle}</h2>
              ${this.renderDocuments()}
              ${
                this.previewed
                  ? html`<console-passage-preview .datastoreId=${this.datastoreId} .document=${this.previewed}
                      @passages-closed=${() => {
                        this.previewed = null;
                      }}></console-passage-preview>`
                  : null
              }`
          : null
      }
      <console-confirm-dialog></console-confirm-dialog>
    `;
  }
}

if (!customElements.get('console-datastore-view'))
  customElements.define('console-datastore-view', ConsoleDatastoreView);

declare global {
  interface HTMLElementTagNameMap {
    'console-datastore-view': ConsoleDatastoreView;
  }
}
