import type { DatastoreDocument, DocumentPassage, List } from '@parley/contract';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';

const text = strings.knowledge;

/** Consecutive passages of one page. */
interface PageGroup {
  page: number;
  passages: DocumentPassage[];
}

function byPage(passages: DocumentPassage[]): PageGroup[] {
  const groups: PageGroup[] = [];
  for (const passage of passages) {
    const last = groups.at(-1);
    if (last && last.page === passage.page_number) last.passages.push(passage);
    else groups.push({ page: passage.page_number, passages: [passage] });
  }
  return groups;
}

/**
 * `<console-passage-preview>`: a document's passages as agents search and cite them, grouped by
 * page, a hundred at a time (**Show more passages** for the next).
 *
 * @event passages-closed - the **Close passages** button.
 */
export class ConsolePassagePreview extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .page {
        border-top: 1px solid var(--console-border);
        padding-top: 8px;
      }
      h3 {
        font-size: 1.05rem;
        margin: 0 0 8px;
      }
      h4 {
        font-size: 1rem;
        margin: 8px 0;
      }
      blockquote {
        margin: 0 0 12px;
        padding: 8px 12px;
        border-left: 3px solid var(--console-border);
        background: var(--console-surface-raised);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .section {
        font-size: 0.9em;
        margin-bottom: 4px;
      }
    `,
  ];
  static override properties = {
    datastoreId: { attribute: false },
    document: { attribute: false },
    passages: { state: true },
    nextCursor: { state: true },
    failure: { state: true },
    loading: { state: true },
  };

  declare datastoreId: string;
  declare document: DatastoreDocument | null;
  declare passages: DocumentPassage[] | null;
  declare nextCursor: string | null;
  declare failure: string;
  declare loading: boolean;
  private call = 0;

  constructor() {
    super();
    this.datastoreId = '';
    this.document = null;
    this.passages = null;
    this.nextCursor = null;
    this.failure = '';
    this.loading = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('document') || changed.has('datastoreId')) {
      this.passages = null;
      this.nextCursor = null;
      void this.load();
    }
  }

  private async load(cursor?: string): Promise<void> {
    const document = this.document;
    if (!document) return;
    const call = ++this.call;
    this.loading = true;
    this.failure = '';
    try {
      const path =
        `/v1/datastores/${encodeURIComponent(this.datastoreId)}/documents/${encodeURIComponent(document.id)}` +
        `/passages?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await api<List<DocumentPassage>>('GET', path);
      if (call !== this.call) return;
      this.passages = [...(cursor ? (this.passages ?? []) : []), ...page.data];
      this.nextCursor = page.has_more ? page.next_cursor : null;
    } catch (failure) {
      if (call === this.call) this.failure = failure instanceof ApiError ? failure.message : String(failure);
    } finally {
      if (call === this.call) this.loading = false;
    }
  }

  override render() {
    const document = this.document;
    if (!document) return null;
    const passages = this.passages;
    return html`<section class="card" aria-labelledby="passages-heading">
      <h3 id="passages-heading" tabindex="-1">${format(text.passagesTitle, { name: document.name })}</h3>
      <p class="muted">${text.passagesIntro}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${
        passages === null
          ? html`<p>${strings.shell.loading}</p>`
          : passages.length === 0
            ? html`<p>${text.noPassages}</p>`
            : byPage(passages).map(
                (group) => html`<div class="page" data-page=${group.page}>
                  <h4>${format(text.page, { number: group.page })}</h4>
                  ${group.passages.map(
                    (passage) =>
                      html`${
                        passage.section
                          ? html`<p class="section muted">${format(text.section, { name: passage.section })}</p>`
                          : null
                      }<blockquote data-passage-id=${passage.id}>${passage.text}</blockquote>`,
                  )}
                </div>`,
              )
      }
      <div class="row">
        ${
          this.nextCursor
            ? html`<button type="button" ?disabled=${this.loading}
                @click=${() => this.load(this.nextCursor ?? undefined)}>${text.loadMore}</button>`
            : null
        }
        <button type="button" @click=${() =>
          this.dispatchEvent(new CustomEvent('passages-closed', { bubbles: true, composed: true }))}>
          ${text.closePassages}
        </button>
      </div>
    </section>`;
  }
}

if (!customElements.get('console-passage-preview'))
  customElements.define('console-passage-preview', ConsolePassagePreview);

declare global {
  interface HTMLElementTagNameMap {
    'console-passage-preview': ConsolePassagePreview;
  }
}
