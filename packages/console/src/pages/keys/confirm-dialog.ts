import { css, html, LitElement } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

/**
 * `<console-confirm-dialog>`: a modal question with a confirm and a cancel button, on the native
 * `<dialog>` (focus moves into it and stays there, Escape cancels, the page behind is inert).
 * `ask()` opens it and resolves true when confirmed; focus then returns to where it was.
 */
export class ConsoleConfirmDialog extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      dialog {
        max-width: min(480px, calc(100vw - 32px));
        border: 1px solid var(--console-border);
        border-radius: var(--console-radius);
        background: var(--console-surface);
        color: var(--console-text);
        padding: var(--console-gap);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
      h2 {
        margin-top: 0;
      }
    `,
  ];
  static override properties = {
    heading: { state: true },
    body: { state: true },
    confirmLabel: { state: true },
    cancelLabel: { state: true },
  };

  declare heading: string;
  declare body: string;
  declare confirmLabel: string;
  declare cancelLabel: string;
  private settle: ((confirmed: boolean) => void) | null = null;
  private returnFocusTo: HTMLElement | null = null;

  constructor() {
    super();
    this.heading = '';
    this.body = '';
    this.confirmLabel = '';
    this.cancelLabel = '';
  }

  async ask(texts: { heading: string; body: string; confirm: string; cancel: string }): Promise<boolean> {
    this.heading = texts.heading;
    this.body = texts.body;
    this.confirmLabel = texts.confirm;
    this.cancelLabel = texts.cancel;
    this.returnFocusTo = deepActiveElement();
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return false;
    dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('button.cancel')?.focus();
    return new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  private close(confirmed: boolean): void {
    this.renderRoot.querySelector('dialog')?.close();
    this.settle?.(confirmed);
    this.settle = null;
    this.returnFocusTo?.focus();
  }

  override render() {
    return html`<dialog
      aria-labelledby="confirm-heading"
      aria-describedby="confirm-body"
      @cancel=${(event: Event) => {
        event.preventDefault();
        this.close(false);
      }}
    >
      <h2 id="confirm-heading">${this.heading}</h2>
      <p id="confirm-body">${this.body}</p>
      <div class="row">
        <button type="button" class="danger confirm" @click=${() => this.close(true)}>${this.confirmLabel}</button>
        <button type="button" class="cancel" @click=${() => this.close(false)}>${this.cancelLabel}</button>
      </div>
    </dialog>`;
  }
}

/** The focused element, looking inside shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

if (!customElements.get('console-confirm-dialog'))
  customElements.define('console-confirm-dialog', ConsoleConfirmDialog);

declare global {
  interface HTMLElementTagNameMap {
    'console-confirm-dialog': ConsoleConfirmDialog;
  }
}
