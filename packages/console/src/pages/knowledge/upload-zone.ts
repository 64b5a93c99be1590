import { css, html, LitElement } from 'lit';
import { strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';

const text = strings.knowledge;

/** What `<console-upload-zone>` emits when files were dropped or chosen. */
export type FilesChosenEvent = CustomEvent<File[]>;

/**
 * `<console-upload-zone>`: a drop zone for several files at once, and a **Choose files** button (the
 * keyboard's way, and the phone's) that opens the file picker.
 *
 * @event files-chosen - `detail`: the files, in the order given.
 */
export class ConsoleUploadZone extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .zone {
        border: 2px dashed var(--console-border);
        border-radius: var(--console-radius);
        padding: 24px var(--console-gap);
        text-align: center;
        display: grid;
        gap: 8px;
        justify-items: center;
      }
      .zone.over {
        border-color: var(--console-accent);
        background: var(--console-surface-raised);
      }
      .zone p {
        margin: 0;
      }
      .drop {
        font-weight: 600;
      }
    `,
  ];
  static override properties = {
    over: { state: true },
  };

  declare over: boolean;

  constructor() {
    super();
    this.over = false;
  }

  private emit(files: File[]): void {
    if (files.length === 0) return;
    this.dispatchEvent(new CustomEvent('files-chosen', { detail: files, bubbles: true, composed: true }));
  }

  private dragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.over = true;
  }

  private drop(event: DragEvent): void {
    event.preventDefault();
    this.over = false;
    this.emit([...(event.dataTransfer?.files ?? [])]);
  }

  private picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.emit([...(input.files ?? [])]);
    input.value = '';
  }

  override render() {
    return html`<div
      class=${this.over ? 'zone over' : 'zone'}
      data-drop-zone
      @dragenter=${(event: DragEvent) => this.dragOver(event)}
      @dragover=${(event: DragEvent) => this.dragOver(event)}
      @dragleave=${() => {
        this.over = false;
      }}
      @drop=${(event: DragEvent) => this.drop(event)}
    >
      <p class="drop" aria-hidden="true">${text.dropZone}</p>
      <p class="muted" id="upload-help">${text.dropZoneHelp}</p>
      <input type="file" multiple hidden tabindex="-1"
        accept=".pdf,.docx,.html,.htm,.md,.markdown,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html,text/markdown,text/plain"
        @change=${(event: Event) => this.picked(event)} />
      <button type="button" class="primary" aria-describedby="upload-help"
        @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>
        ${text.chooseFiles}
      </button>
    </div>`;
  }
}

if (!customElements.get('console-upload-zone'))
  customElements.define('console-upload-zone', ConsoleUploadZone);

declare global {
  interface HTMLElementTagNameMap {
    'console-upload-zone': ConsoleUploadZone;
  }
  interface HTMLElementEventMap {
    'files-chosen': FilesChosenEvent;
  }
}
