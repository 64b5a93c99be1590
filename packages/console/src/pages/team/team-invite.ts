import { html, LitElement, nothing } from 'lit';
import { api } from '../../api.js';
import type { OperatorRole } from '../../session.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { failureText, fieldsOf } from '../account/failure-text.js';
import { roleNames } from '../account/role-names.js';

const text = strings.account;

/** Fired once an invite is made, so the list of pending invites refreshes. */
export const inviteCreatedEvent = 'team-invite-created';

interface CreatedInvite {
  invite_url: string;
  email: string;
  role: OperatorRole;
  expires_at: string;
}

/** The team page's invite form: the link is shown once, with a Copy button. */
export class ConsoleTeamInvite extends LitElement {
  static override styles = [sharedStyles];
  static override properties = {
    actorRole: { attribute: false },
    created: { state: true },
    busy: { state: true },
    failure: { state: true },
    copyStatus: { state: true },
  };

  declare actorRole: OperatorRole;
  declare created: CreatedInvite | null;
  declare busy: boolean;
  declare failure: string | null;
  declare copyStatus: string;

  constructor() {
    super();
    this.actorRole = 'admin';
    this.created = null;
    this.busy = false;
    this.failure = null;
    this.copyStatus = '';
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const { email = '', role = 'agent' } = fieldsOf(form);
    this.busy = true;
    this.failure = null;
    this.created = null;
    this.copyStatus = '';
    try {
      this.created = await api<CreatedInvite>('POST', '/v1/operators/invites', { email, role });
      form.reset();
      this.dispatchEvent(new Event(inviteCreatedEvent, { bubbles: true, composed: true }));
    } catch (failure) {
      this.failure = failureText(failure);
    } finally {
      this.busy = false;
    }
  }

  private async copy(): Promise<void> {
    if (!this.created) return;
    try {
      await navigator.clipboard.writeText(this.created.invite_url);
      this.copyStatus = text.copied;
    } catch {
      this.copyStatus = text.copyFailed;
    }
  }

  override render() {
    const roles: OperatorRole[] =
      this.actorRole === 'owner' ? ['agent', 'admin', 'owner'] : ['agent', 'admin'];
    return html`
      <h2 id="invite-heading">${text.inviteHeading}</h2>
      <form class="card" aria-labelledby="invite-heading" @submit=${this.submit}>
        <p class="muted">${text.inviteHelp}</p>
        <label for="invite-email">${text.email}</label>
        <input id="invite-email" name="email" type="email" required autocomplete="off" />
        <label for="invite-role">${text.role}</label>
        <select id="invite-role" name="role" aria-describedby="invite-role-help">
          ${roles.map((role) => html`<option value=${role}>${roleNames[role]}</option>`)}
        </select>
        <ul id="invite-role-help" class="muted">
          <li>${text.roleHelpAgent}</li>
          <li>${text.roleHelpAdmin}</li>
          ${this.actorRole === 'owner' ? html`<li>${text.roleHelpOwner}</li>` : nothing}
        </ul>
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? text.creatingInvite : text.createInvite}
        </button>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      </form>
      ${this.created ? this.renderCreated(this.created) : nothing}
    `;
  }

  private renderCreated(created: CreatedInvite) {
    return html`<div class="card">
      <label for="invite-link">${format(text.inviteLink, { email: created.email })}</label>
      <div class="row">
        <input id="invite-link" readonly .value=${created.invite_url} @focus=${(event: FocusEvent) => (event.target as HTMLInputElement).select()} />
        <button type="button" @click=${this.copy}>${text.copy}</button>
      </div>
      <p role="status">${this.copyStatus}</p>
    </div>`;
  }
}

if (!customElements.get('console-team-invite'))
  customElements.define('console-team-invite', ConsoleTeamInvite);

declare global {
  interface HTMLElementTagNameMap {
    'console-team-invite': ConsoleTeamInvite;
  }
}
