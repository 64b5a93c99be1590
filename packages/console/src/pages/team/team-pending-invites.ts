import { html, LitElement, nothing } from 'lit';
import { api } from '../../api.js';
import type { OperatorRole } from '../../session.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { failureText } from '../account/failure-text.js';
import { roleNames } from '../account/role-names.js';

const text = strings.account;

interface PendingInvite {
  id: string;
  email: string;
  role: OperatorRole;
  expires_at: string;
}

/** The invites not yet accepted, each with a button that withdraws it. */
export class ConsoleTeamPendingInvites extends LitElement {
  static override styles = [sharedStyles];
  static override properties = {
    invites: { state: true },
    status: { state: true },
  };

  declare invites: PendingInvite[] | null;
  declare status: { text: string; error: boolean } | null;

  constructor() {
    super();
    this.invites = null;
    this.status = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.invites = (await api<{ data: PendingInvite[] }>('GET', '/v1/operators/invites?limit=100')).data;
    } catch (failure) {
      this.status = { text: failureText(failure), error: true };
    }
  }

  private async revoke(invite: PendingInvite): Promise<void> {
    try {
      await api('DELETE', `/v1/operators/invites/${encodeURIComponent(invite.id)}`);
      this.status = { text: format(text.revoked, { email: invite.email }), error: false };
    } catch (failure) {
      this.status = { text: failureText(failure), error: true };
    }
    await this.load();
  }

  override render() {
    return html`
      <h2>${text.pendingHeading}</h2>
      <p role="status" class=${this.status?.error ? 'error' : 'success'}>${this.status?.text ?? ''}</p>
      ${this.invites?.length === 0 ? html`<p class="muted">${text.noPending}</p>` : nothing}
      <ul>
        ${(this.invites ?? []).map(
          (invite) => html`<li class="row">
            <span>
              ${format(text.pendingLine, {
                email: invite.email,
                role: roleNames[invite.role],
                date: new Date(invite.expires_at).toLocaleDateString(),
              })}
            </span>
            <button
              aria-label=${format(text.revokeFor, { email: invite.email })}
              @click=${() => void this.revoke(invite)}
            >
              ${text.revoke}
            </button>
          </li>`,
        )}
      </ul>
    `;
  }
}

if (!customElements.get('console-team-pending-invites'))
  customElements.define('console-team-pending-invites', ConsoleTeamPendingInvites);

declare global {
  interface HTMLElementTagNameMap {
    'console-team-pending-invites': ConsoleTeamPendingInvites;
  }
}
