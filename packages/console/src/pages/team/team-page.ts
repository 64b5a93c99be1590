import { css, html, LitElement, nothing } from 'lit';
import { api } from '../../api.js';
import type { Operator, OperatorRole } from '../../session.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { failureText } from '../account/failure-text.js';
import { roleNames } from '../account/role-names.js';
import './team-invite.js';
import './team-pending-invites.js';

const text = strings.account;

interface Member extends Operator {
  created_at: string;
}

/** `/console/team` (owners and admins): the operators, their roles, invites, removal. */
export class ConsoleTeamPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      td select {
        min-width: 10rem;
      }
      @media (max-width: 600px) {
        thead {
          display: none;
        }
        tr,
        td {
          display: block;
        }
        tr {
          border-bottom: 1px solid var(--console-border);
          padding: 8px 0;
        }
        td {
          border: none;
          padding: 4px 0;
        }
      }
    `,
  ];
  static override properties = {
    operator: { attribute: false },
    members: { state: true },
    loadFailure: { state: true },
    status: { state: true },
    confirming: { state: true },
  };

  declare operator: Operator | null;
  declare members: Member[] | null;
  declare loadFailure: string | null;
  /** The outcome of the last change, announced politely. */
  declare status: { text: string; error: boolean } | null;
  /** The id of the member whose removal waits for confirmation. */
  declare confirming: string | null;

  constructor() {
    super();
    this.operator = null;
    this.members = null;
    this.loadFailure = null;
    this.status = null;
    this.confirming = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const page = await api<{ data: Member[] }>('GET', '/v1/operators?limit=100');
      this.members = page.data;
      this.loadFailure = null;
    } catch (failure) {
      this.loadFailure = format(text.teamLoadFailed, { message: failureText(failure) });
    }
  }

  private mayChange(member: Member): boolean {
    return this.operator?.role === 'owner' || member.role !== 'owner';
  }

  private async changeRole(member: Member, event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const role = select.value as OperatorRole;
    try {
      await api('PATCH', `/v1/operators/${encodeURIComponent(member.id)}`, { role });
      this.status = {
        text: format(text.roleSaved, { name: member.name, role: roleNames[role] }),
        error: false,
      };
    } catch (failure) {
      select.value = member.role;
      this.status = { text: failureText(failure), error: true };
    }
    await this.load();
  }

  private async removeMember(member: Member): Promise<void> {
    this.confirming = null;
    let status: { text: string; error: boolean };
    try {
      await api('DELETE', `/v1/operators/${encodeURIComponent(member.id)}`);
      status = { text: format(text.removed, { name: member.name }), error: false };
    } catch (failure) {
      status = { text: failureText(failure), error: true };
    }
    // Said once the list shows it: "Sam was removed." never stands beside Sam's row.
    await this.load();
    this.status = status;
  }

  /** A new invite (team-invite.ts's `inviteCreatedEvent`) joins the pending list. */
  private readonly refreshPending = () => {
    void this.renderRoot.querySelector('console-team-pending-invites')?.load();
  };

  override render() {
    const operator = this.operator;
    if (!operator) return nothing;
    return html`
      <h1>${text.teamTitle}</h1>
      <p class="muted">${text.teamIntro}</p>
      <p role="status" class=${this.status?.error ? 'error' : 'success'}>${this.status?.text ?? ''}</p>
      ${this.loadFailure ? html`<p role="alert" class="error">${this.loadFailure}</p>` : nothing}
      ${this.members === null && !this.loadFailure ? html`<p>${text.teamLoading}</p>` : nothing}
      ${this.members ? this.renderTable(this.members, operator) : nothing}
      <console-team-invite
        .actorRole=${operator.role}
        @team-invite-created=${this.refreshPending}
      ></console-team-invite>
      <console-team-pending-invites></console-team-pending-invites>
    `;
  }

  private renderTable(members: Member[], operator: Operator) {
    return html`<table>
      <thead>
        <tr>
          <th scope="col">${text.columnName}</th>
          <th scope="col">${text.columnEmail}</th>
          <th scope="col">${text.columnRole}</th>
          <th scope="col">${text.columnActions}</th>
        </tr>
      </thead>
      <tbody>
        ${members.map((member) => this.renderRow(member, operator))}
      </tbody>
    </table>`;
  }

  private renderRow(member: Member, operator: Operator) {
    const changeable = this.mayChange(member);
    const roles: OperatorRole[] =
      operator.role === 'owner' || member.role === 'owner' ? ['owner', 'admin', 'agent'] : ['admin', 'agent'];
    return html`<tr>
      <td>${member.name} ${member.id === operator.id ? html`<span class="muted">${text.you}</span>` : nothing}</td>
      <td>${member.email}</td>
      <td>
        <select
          aria-label=${format(text.roleFor, { name: member.name })}
          .value=${member.role}
          ?disabled=${!changeable}
          @change=${(event: Event) => void this.changeRole(member, event)}
        >
          ${roles.map((role) => html`<option value=${role} ?selected=${role === member.role}>${roleNames[role]}</option>`)}
        </select>
      </td>
      <td>${changeable ? this.renderRemoval(member) : nothing}</td>
    </tr>`;
  }

  private renderRemoval(member: Member) {
    if (this.confirming !== member.id)
      return html`<button
        aria-label=${format(text.removeFor, { name: member.name })}
        @click=${() => {
          this.confirming = member.id;
        }}
      >
        ${text.remove}
      </button>`;
    return html`<div role="group" aria-label=${format(text.removeFor, { name: member.name })}>
      <p>${format(text.confirmRemove, { name: member.name })}</p>
      <div class="row">
        <button class="danger" @click=${() => void this.removeMember(member)}>${text.confirmRemoveButton}</button>
        <button
          @click=${() => {
            this.confirming = null;
          }}
        >
          ${text.cancel}
        </button>
      </div>
    </div>`;
  }
}

if (!customElements.get('console-team-page')) customElements.define('console-team-page', ConsoleTeamPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-team-page': ConsoleTeamPage;
  }
}
