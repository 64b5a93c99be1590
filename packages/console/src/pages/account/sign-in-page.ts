import { html, LitElement, nothing } from 'lit';
import { api } from '../../api.js';
import { consoleHref } from '../../router.js';
import { announceSignedIn, needsOwner, type Operator } from '../../session.js';
import { strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { accountStyles } from './account.styles.js';
import { failureText, fieldsOf } from './failure-text.js';

const text = strings.account;

/** `/console/sign-in`: email and password; errors say what to do. */
export class ConsoleSignInPage extends LitElement {
  static override styles = [sharedStyles, accountStyles];
  static override properties = {
    busy: { state: true },
    failure: { state: true },
    noOwner: { state: true },
  };

  declare busy: boolean;
  declare failure: string | null;
  declare noOwner: boolean;

  constructor() {
    super();
    this.busy = false;
    this.failure = null;
    this.noOwner = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    needsOwner().then(
      (waiting) => {
        this.noOwner = waiting;
      },
      () => undefined,
    );
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { email = '', password = '' } = fieldsOf(event.target as HTMLFormElement);
    this.busy = true;
    this.failure = null;
    try {
      const { operator } = await api<{ operator: Operator }>('POST', '/v1/console/sign-in', {
        email,
        password,
      });
      announceSignedIn(this, operator);
    } catch (failure) {
      this.failure = failureText(failure);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <h1>${text.signInTitle}</h1>
      <p class="muted">${text.signInIntro}</p>
      ${
        this.noOwner
          ? html`<p>${text.noOwnerYet} <a href=${consoleHref('setup')}>${text.setUpOwnerLink}</a></p>`
          : nothing
      }
      <form class="card" @submit=${this.submit}>
        <label for="sign-in-email">${text.email}</label>
        <input id="sign-in-email" name="email" type="email" autocomplete="username" required />
        <label for="sign-in-password">${text.password}</label>
        <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required />
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? text.signingIn : text.signIn}
        </button>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      </form>
      <p class="muted hint">${text.forgotPassword}</p>
    `;
  }
}

if (!customElements.get('console-sign-in-page'))
  customElements.define('console-sign-in-page', ConsoleSignInPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-sign-in-page': ConsoleSignInPage;
  }
}
