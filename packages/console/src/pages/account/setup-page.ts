import { html, LitElement, nothing } from 'lit';
import { api } from '../../api.js';
import { consoleHref } from '../../router.js';
import { announceSignedIn, needsOwner, type Operator } from '../../session.js';
import { strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { accountStyles } from './account.styles.js';
import { failureText, fieldsOf } from './failure-text.js';

const text = strings.account;

/**
 * `/console/setup`: the first visit makes the first owner with the admin key. Once an owner exists
 * the form is never offered again (the server refuses it too).
 */
export class ConsoleSetupPage extends LitElement {
  static override styles = [sharedStyles, accountStyles];
  static override properties = {
    waiting: { state: true },
    busy: { state: true },
    failure: { state: true },
  };

  /** null while asking the server whether it still needs an owner. */
  declare waiting: boolean | null;
  declare busy: boolean;
  declare failure: string | null;

  constructor() {
    super();
    this.waiting = null;
    this.busy = false;
    this.failure = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    needsOwner().then(
      (waiting) => {
        this.waiting = waiting;
      },
      (failure: unknown) => {
        this.waiting = false;
        this.failure = failureText(failure);
      },
    );
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const {
      admin_key = '',
      email = '',
      name = '',
      password = '',
    } = fieldsOf(event.target as HTMLFormElement);
    this.busy = true;
    this.failure = null;
    try {
      const body = { admin_key: admin_key.trim(), email, name, password };
      const { operator } = await api<{ operator: Operator }>('POST', '/v1/console/setup', body);
      announceSignedIn(this, operator);
    } catch (failure) {
      this.failure = failureText(failure);
      if ((failure as { details?: { reason?: unknown } }).details?.reason === 'owner_exists')
        this.waiting = false;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.waiting === null) return html`<p role="status">${strings.shell.loading}</p>`;
    if (!this.waiting)
      return html`
        <h1>${text.setupTitle}</h1>
        <p role="alert">${this.failure ?? text.ownerExists}</p>
        <p><a class="button primary" href=${consoleHref('sign-in')}>${text.goToSignIn}</a></p>
      `;
    return html`
      <h1>${text.setupTitle}</h1>
      <p class="muted">${text.setupIntro}</p>
      <form class="card" @submit=${this.submit}>
        <label for="setup-admin-key">${text.adminKey}</label>
        <input id="setup-admin-key" name="admin_key" type="password" autocomplete="off" required />
        <label for="setup-email">${text.email}</label>
        <input id="setup-email" name="email" type="email" autocomplete="username" required />
        <label for="setup-name">${text.name}</label>
        <input id="setup-name" name="name" autocomplete="name" required maxlength="100" />
        <label for="setup-password">${text.password}</label>
        <input
          id="setup-password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minlength="10"
          maxlength="200"
          aria-describedby="setup-password-rule"
        />
        <p id="setup-password-rule" class="muted hint">${text.passwordRule}</p>
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? text.creatingOwner : text.createOwner}
        </button>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      </form>
    `;
  }
}

if (!customElements.get('console-setup-page')) customElements.define('console-setup-page', ConsoleSetupPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-setup-page': ConsoleSetupPage;
  }
}
