import type { Definition, DefinitionType, List } from '@parley/contract';
import { css, html, LitElement } from 'lit';
import { ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import '../keys/confirm-dialog.js';
import type { ConsoleConfirmDialog } from '../keys/confirm-dialog.js';

const text = strings.knowledge;

interface DefinitionDraft {
  name: string;
  type: DefinitionType;
  content: string;
  aliases: string;
}

const emptyDraft: DefinitionDraft = { name: '', type: 'rule', content: '', aliases: '' };

function messageOf(failure: unknown): string {
  return failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
}

/** `<console-definitions>`: the workspace's rules and terms: list, add, delete (after a confirmation). */
export class ConsoleDefinitions extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .table-wrap {
        overflow-x: auto;
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
      fieldset {
        min-width: 0;
        border: 1px solid var(--console-border);
        border-radius: var(--console-radius);
        margin: 12px 0 0;
      }
    `,
  ];
  static override properties = {
    definitions: { state: true },
    draft: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };

  declare definitions: Definition[] | null;
  declare draft: DefinitionDraft;
  declare notice: string;
  declare failure: string;
  declare busy: boolean;

  constructor() {
    super();
    this.definitions = null;
    this.draft = emptyDraft;
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
      this.definitions = (await api<List<Definition>>('GET', '/v1/definitions?limit=100')).data;
    } catch (failure) {
      this.failure = format(text.loadFailed, { message: messageOf(failure) });
    }
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.failure = '';
    const aliases = this.draft.aliases
      .split('\n')
      .map((alias) => alias.trim())
      .filter(Boolean);
    try {
      const created = await api<Definition>('POST', '/v1/definitions', {
        name: this.draft.name.trim(),
        type: this.draft.type,
        content: this.draft.content.trim(),
        ...(aliases.length > 0 ? { aliases } : {}),
      });
      this.definitions = [created, ...(this.definitions ?? [])];
      this.draft = emptyDraft;
      this.notice = format(text.definitionCreated, { name: created.name });
    } catch (failure) {
      this.failure = messageOf(failure);
    } finally {
      this.busy = false;
    }
  }

  private async confirmDelete(definition: Definition): Promise<void> {
    const dialog = this.renderRoot.querySelector<ConsoleConfirmDialog>('console-confirm-dialog');
    const confirmed = await dialog?.ask({
      heading: format(text.deleteDefinitionTitle, { name: definition.name }),
      body: text.deleteDefinitionBody,
      confirm: text.confirmDeleteDefinition,
      cancel: text.cancel,
    });
    if (!confirmed) return;
    try {
      await api('DELETE', `/v1/definitions/${encodeURIComponent(definition.id)}`);
      this.definitions = (this.definitions ?? []).filter((other) => other.id !== definition.id);
      this.notice = format(text.definitionDeleted, { name: definition.name });
    } catch (failure) {
      this.failure = messageOf(failure);
    }
  }

  private field(name: keyof DefinitionDraft) {
    return (event: Event) => {
      this.draft = { ...this.draft, [name]: (event.target as HTMLInputElement).value };
    };
  }

  private renderList() {
    const definitions = this.definitions;
    if (definitions === null) return html`<p>${strings.shell.loading}</p>`;
    if (definitions.length === 0) return html`<p>${text.noDefinitions}</p>`;
    return html`<div class="table-wrap"><table>
      <thead><tr>
        <th scope="col">${text.columnName}</th><th scope="col">${text.columnType}</th>
        <th scope="col">${text.columnContent}</th><th scope="col">${text.columnAliases}</th>
        <th scope="col">${text.columnActions}</th>
      </tr></thead>
      <tbody>
        ${definitions.map(
          (definition) => html`<tr data-definition-id=${definition.id}>
            <td>${definition.name}</td>
            <td>${definition.type === 'rule' ? text.typeRule : text.typeTerm}</td>
            <td>${definition.content}</td>
            <td>${definition.aliases.join(', ')}</td>
            <td><button type="button" class="danger"
              aria-label=${format(text.deleteDefinitionLabel, { name: definition.name })}
              @click=${() => this.confirmDelete(definition)}>${text.deleteDefinition}</button></td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  override render() {
    const draft = this.draft;
    return html`<section aria-labelledby="definitions-heading">
      <h2 id="definitions-heading">${text.definitionsTitle}</h2>
      <p class="muted">${text.definitionsIntro}</p>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${this.renderList()}
      <form class="card" aria-labelledby="definition-form-heading" @submit=${(event: Event) => this.create(event)}>
        <h3 id="definition-form-heading">${text.createDefinitionTitle}</h3>
        <label for="definition-name">${text.definitionName}</label>
        <input id="definition-name" required maxlength="100" .value=${draft.name} @input=${this.field('name')} />
        <fieldset>
          <legend>${text.definitionType}</legend>
          ${(['rule', 'term'] as const).map(
            (type) => html`<div class="choice">
              <input type="radio" id=${`definition-type-${type}`} name="definition-type" value=${type}
                .checked=${draft.type === type} @change=${this.field('type')} />
              <label for=${`definition-type-${type}`}>${type === 'rule' ? text.typeRule : text.typeTerm}</label>
            </div>`,
          )}
        </fieldset>
        <label for="definition-content">${text.definitionContent}</label>
        <textarea id="definition-content" required maxlength="5000" .value=${draft.content}
          @input=${this.field('content')}></textarea>
        <label for="definition-aliases">${text.definitionAliases}</label>
        <textarea id="definition-aliases" .value=${draft.aliases} @input=${this.field('aliases')}></textarea>
        <div class="row"><button type="submit" class="primary" ?disabled=${this.busy}>${text.createDefinition}</button></div>
      </form>
      <console-confirm-dialog></console-confirm-dialog>
    </section>`;
  }
}

if (!customElements.get('console-definitions'))
  customElements.define('console-definitions', ConsoleDefinitions);

declare global {
  interface HTMLElementTagNameMap {
    'console-definitions': ConsoleDefinitions;
  }
}
