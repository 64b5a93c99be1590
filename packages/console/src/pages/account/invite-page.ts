import { html, LitElement, nothing } from 'lit';
import { api } from '../../api.js';
import { announceSignedIn, type Operator, type OperatorRole } from '../../session.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { accountStyles } from './account.styles.js';
import { failureText, fieldsOf } from './failure-text.js';
import { roleNames } from './role-names.js';

const text = strings.account;

interface InviteDetails {
  email: string;
  role: OperatorRole;
  expires_at: string;
}

type InviteState =
  | { kind: 'checking' }
  | { kind: 'usable'; invite: InviteDetails }
  | { kind: 'unusable'; message: string };

/** `/console/invite/<token>`: the invited person chooses a name and a password, and is signed in. */
export class ConsoleInvitePage extends LitElement {
  static override styles = [sharedStyles, accountStyles];
  static override properties = {
    rest: { attribute: false },
    invite: { state: true },
    busy: { state: true },
    failure: { state: true },
  };

  declare rest: string[];
  declare invite: InviteState;
  declare busy: boolean;
  declare failure: string | null;
  private checkedToken: string | null = null;

  constructor() {
    super();
    this.rest = [];
    this.invite = { kind: 'checking' };
    this.busy = false;
    this.failure = null;
  }

  private get token(): string {
    return this.rest[0] ?? '';
  }

  override willUpdate(): void {
    if (this.checkedToken === this.token) return;
    this.checkedToken = this.token;
    this.invite = { kind: 'checking' };
    if (!this.token) {
      this.invite = { kind: 'unusable', message: text.inviteUnusable };
      return;
    }
    api<InviteDetails>('GET', `/v1/console/invites/${encodeURIComponent(this.token)}`).then(
      (invite) => {
        this.invite = { kind: 'usable', invite };
      },
      (failure: unknown) => {
        this.invite = { kind: 'unusable', message: failureText(failure) };
      },
    );
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { name = '', password = '' } = fieldsOf(event.target as HTMLFormElement);
    this.busy = true;
    this.failure = null;
    try {
      const path = `/v1/console/invites/${encodeURIComponent(this.token)}`;
      const { operator } = await api<{ operator: Operator }>('POST', path, { name, password });
      announceSignedIn(this, operator);
    } catch (failure) {
      this.failure = failureText(failure);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const state = this.invite;
    if (state.kind === 'checking') return html`<p role="status">${text.inviteChecking}</p>`;
    if (state.kind === 'unusable')
      return html`<h1>${text.inviteTitle}</h1>
        <p role="alert">${state.message}</p>`;
    const { invite } = state;
    return html`
      <h1>${text.inviteTitle}</h1>
      <p class="muted">${format(text.inviteIntro, { role: roleNames[invite.role], email: invite.email })}</p>
      <form class="card" @submit=${this.submit}>
        <label for="invite-name">${text.name}</label>
        <input id="invite-name" name="name" autocomplete="name" required maxlength="100" />
        <label for="invite-password">${text.password}</label>
        <input
          id="invite-password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minlength="10"
          maxlength="200"
          aria-describedby="invite-password-rule"
        />
        <p id="invite-password-rule" class="muted hint">${text.passwordRule}</p>
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? text.joining : text.acceptInvite}
        </button>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      </form>
    `;
  }
}

if (!customElements.get('console-invite-page'))
  customElements.define('console-invite-page', ConsoleInvitePage);

declare global {
  interface HTMLElementTagNameMap {
    'console-invite-page': ConsoleInvitePage;
  }
}
