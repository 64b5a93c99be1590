import type { ShareLink } from '@parley/contract';
import { css, html, LitElement, nothing } from 'lit';
import { ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import '../keys/confirm-dialog.js';
import type { ConsoleConfirmDialog } from '../keys/confirm-dialog.js';
import { copyText } from '../keys/copy-text.js';

const text = strings.agents;

function messageOf(failure: unknown): string {
  return failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
}

/**
 * `<console-agent-shares>`: make a share link of an agent (expiry, whether conversations are kept),
 * copy or open it, and revoke every link of the agent after a confirmation. The API shows a link's
 * token once, so the links listed are those made here.
 */
export class ConsoleAgentShares extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .choice {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .choice label {
        font-weight: normal;
        margin: 8px 0;
      }
      code.link {
        display: block;
        padding: 12px;
        background: var(--console-surface-raised);
        border-radius: var(--console-radius);
        overflow-wrap: anywhere;
        user-select: all;
      }
      ul.plain {
        list-style: none;
        padding: 0;
      }
      ul.plain > li {
        margin-bottom: 12px;
      }
    `,
  ];
  static override properties = {
    agentId: { attribute: false },
    agentName: { attribute: false },
    links: { state: true },
    expiresIn: { state: true },
    allowConversations: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };

  declare agentId: string;
  declare agentName: string;
  declare links: ShareLink[];
  declare expiresIn: string;
  declare allowConversations: boolean;
  declare notice: string;
  declare failure: string;
  declare busy: boolean;

  constructor() {
    super();
    this.agentId = '';
    this.agentName = '';
    this.links = [];
    this.expiresIn = '';
    this.allowConversations = true;
    this.notice = '';
    this.failure = '';
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('agentId') && changed.get('agentId') !== undefined) {
      this.links = [];
      this.notice = '';
      this.failure = '';
    }
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.failure = '';
    const hours = this.expiresIn.trim();
    try {
      const link = await api<ShareLink>('POST', `/v1/agents/${encodeURIComponent(this.agentId)}/share`, {
        expires_in: hours === '' ? null : Number(hours),
        allow_conversations: this.allowConversations,
      });
      this.links = [link, ...this.links];
      this.notice = text.shareCreated;
    } catch (failure) {
      this.failure = messageOf(failure);
    } finally {
      this.busy = false;
    }
  }

  private async copy(link: ShareLink): Promise<void> {
    this.notice = (await copyText(link.share_url)) ? text.copied : text.copyFailed;
  }

  private async revoke(): Promise<void> {
    const dialog = this.renderRoot.querySelector<ConsoleConfirmDialog>('console-confirm-dialog');
    const confirmed = await dialog?.ask({
      heading: format(text.revokeTitle, { name: this.agentName }),
      body: text.revokeBody,
      confirm: text.confirmRevoke,
      cancel: text.cancel,
    });
    if (!confirmed) return;
    try {
      await api('DELETE', `/v1/agents/${encodeURIComponent(this.agentId)}/share`);
      this.links = [];
      this.notice = format(text.revoked, { name: this.agentName });
    } catch (failure) {
      this.failure = messageOf(failure);
    }
  }

  private renderLink(link: ShareLink) {
    return html`<li>
      <p class="muted">${text.shareUrl}</p>
      <code class="link" data-share-url>${link.share_url}</code>
      <p class="muted">
        ${link.expires_at ? format(text.shareExpires, { date: new Date(link.expires_at).toLocaleString() }) : text.shareNeverExpires}
      </p>
      <div class="row">
        <button type="button" class="primary" @click=${() => this.copy(link)}>${text.copy}</button>
        <a class="button" href=${link.share_url} target="_blank" rel="noopener noreferrer"
          aria-label=${text.openLabel}>${text.open}</a>
      </div>
    </li>`;
  }

  override render() {
    return html`
      <p class="muted">${text.shareIntro}</p>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      <form @submit=${(event: Event) => this.create(event)}>
        <label for="share-expires">${text.expiresIn}</label>
        <input id="share-expires" type="number" min="1" max="87600" step="1" inputmode="numeric"
          aria-describedby="share-expires-help" .value=${this.expiresIn}
          @input=${(event: Event) => {
            this.expiresIn = (event.target as HTMLInputElement).value;
          }} />
        <p class="muted" id="share-expires-help">${text.expiresInHelp}</p>
        <div class="choice">
          <input type="checkbox" id="share-conversations" .checked=${this.allowConversations}
            @change=${(event: Event) => {
              this.allowConversations = (event.target as HTMLInputElement).checked;
            }} />
          <label for="share-conversations">${text.allowConversations}</label>
        </div>
        <div class="row">
          <button type="submit" class="primary" ?disabled=${this.busy}>${text.createShare}</button>
          <button type="button" class="danger" @click=${() => this.revoke()}>${text.revokeShares}</button>
        </div>
      </form>
      ${this.links.length > 0 ? html`<ul class="plain">${this.links.map((link) => this.renderLink(link))}</ul>` : nothing}
      <console-confirm-dialog></console-confirm-dialog>
    `;
  }
}

if (!customElements.get('console-agent-shares'))
  customElements.define('console-agent-shares', ConsoleAgentShares);

declare global {
  interface HTMLElementTagNameMap {
    'console-agent-shares': ConsoleAgentShares;
  }
}
