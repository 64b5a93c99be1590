import type { ChannelList, ChannelStatus } from '@parley/contract';
import { css, html, LitElement } from 'lit';
import { type ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import './slack-workspaces.js';

const text = strings.channels;

function modeText(channel: ChannelStatus): string {
  const endpoint = channel.endpoint ?? '';
  if (channel.mode === 'http') return format(text.modeHttp, { endpoint });
  if (channel.mode === 'socket_mode') return text.modeSocket;
  if (channel.mode === 'unauthenticated') return format(text.modeUnauthenticated, { endpoint });
  return text.off;
}

/** Channels: Slack and Teams, on or off, which app answers, the last event, settings and setup steps. */
export class ConsoleChannelsPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: minmax(120px, max-content) minmax(0, 1fr);
        gap: 4px 16px;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      dd pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .badge {
        display: inline-block;
        padding: 2px 10px;
        border-radius: 999px;
        border: 1px solid currentColor;
        font-weight: 600;
      }
      .table-wrap {
        overflow-x: auto;
      }
    `,
  ];
  static override properties = { channels: { state: true }, failure: { state: true } };

  declare channels: ChannelStatus[] | null;
  declare failure: string;

  constructor() {
    super();
    this.channels = null;
    this.failure = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    api<ChannelList>('GET', '/v1/channels').then(
      (list) => {
        this.channels = list.data;
      },
      (failure: ApiError) => {
        this.failure = format(text.loadFailed, { message: failure.message });
      },
    );
  }

  private renderChannel(channel: ChannelStatus) {
    const headingId = `channel-${channel.platform}`;
    const steps: string[] = channel.platform === 'slack' ? text.slackSteps : text.teamsSteps;
    const download = channel.platform === 'slack' ? text.downloadSlack : text.downloadTeams;
    return html`<section class="card" aria-labelledby=${headingId} data-platform=${channel.platform}>
      <h2 id=${headingId}>${channel.name}
        <span class=${`badge ${channel.enabled ? 'success' : 'muted'}`}>${channel.enabled ? text.on : text.off}</span>
      </h2>
      <dl>
        <dt>${text.mode}</dt><dd>${modeText(channel)}</dd>
        <dt>${text.app}</dt>
        <dd>${channel.app_id ? `${channel.app_name ?? ''} (${channel.app_id})` : text.noApp}</dd>
        <dt>${text.lastEvent}</dt>
        <dd>${channel.last_event_at ? new Date(channel.last_event_at).toLocaleString() : text.noEvent}</dd>
      </dl>
      <h3>${text.settingsTitle}</h3>
      <div class="table-wrap"><table>
        <thead><tr>
          <th scope="col">${text.columnVariable}</th><th scope="col">${text.columnSet}</th>
          <th scope="col">${text.columnRequired}</th><th scope="col">${text.columnWhat}</th>
        </tr></thead>
        <tbody>
          ${channel.settings.map(
            (setting) => html`<tr>
              <td><code>${setting.variable}</code></td><td>${setting.set ? text.yes : text.no}</td>
              <td>${setting.required ? text.yes : text.no}</td><td>${setting.description}</td>
            </tr>`,
          )}
        </tbody>
      </table></div>
      <h3>${text.setupTitle}</h3>
      <ol>${steps.map((step) => html`<li>${step}</li>`)}</ol>
      ${
        channel.platform === 'slack'
          ? html`<p>${text.slackOAuthTitle}</p><ol>${text.slackOAuthSteps.map((step) => html`<li>${step}</li>`)}</ol>`
          : ''
      }
      ${
        channel.manifest_ready
          ? html`<a class="button primary" href=${channel.manifest_url} download>${download}</a>`
          : html`<p class="muted">${text.teamsPackageNeedsId}</p>`
      }
      ${channel.platform === 'slack' ? html`<console-slack-workspaces></console-slack-workspaces>` : ''}
    </section>`;
  }

  override render() {
    return html`
      <h1>${text.title}</h1>
      <p class="muted">${text.intro}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${this.channels === null ? html`<p>${strings.shell.loading}</p>` : this.channels.map((channel) => this.renderChannel(channel))}
    `;
  }
}

if (!customElements.get('console-channels-page'))
  customElements.define('console-channels-page', ConsoleChannelsPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-channels-page': ConsoleChannelsPage;
  }
}
