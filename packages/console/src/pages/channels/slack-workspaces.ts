import type { App, List, SlackWorkspace, SlackWorkspaceList } from '@parley/contract';
import { css, html, LitElement } from 'lit';
import { type ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';

const text = strings.channels;
/** The select's value for "the default app" (a workspace's `app_id: null`). */
const defaultChoice = '';

/**
 * The Slack workspaces the app was added to ("Add to Slack"), each with a picker of the Parley
 * app that answers there; the change is saved when picked.
 */
export class ConsoleSlackWorkspaces extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .table-wrap {
        overflow-x: auto;
      }
      select {
        max-width: 100%;
      }
    `,
  ];
  static override properties = {
    workspaces: { state: true },
    installUrl: { state: true },
    apps: { state: true },
    notice: { state: true },
    failure: { state: true },
  };

  declare workspaces: SlackWorkspace[] | null;
  declare installUrl: string | null;
  declare apps: App[];
  declare notice: string;
  declare failure: string;

  constructor() {
    super();
    this.workspaces = null;
    this.installUrl = null;
    this.apps = [];
    this.notice = '';
    this.failure = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    Promise.all([
      api<SlackWorkspaceList>('GET', '/v1/channels/slack/workspaces'),
      api<List<App>>('GET', '/v1/apps?limit=100'),
    ]).then(
      ([workspaces, apps]) => {
        this.workspaces = workspaces.data;
        this.installUrl = workspaces.install_url;
        this.apps = apps.data;
      },
      (failure: ApiError) => {
        this.failure = format(text.workspacesLoadFailed, { message: failure.message });
      },
    );
  }

  private async choose(workspace: SlackWorkspace, choice: string) {
    this.notice = '';
    this.failure = '';
    try {
      const saved = await api<SlackWorkspace>(
        'PATCH',
        `/v1/channels/slack/workspaces/${encodeURIComponent(workspace.team_id)}`,
        { app_id: choice === defaultChoice ? null : choice },
      );
      this.workspaces = (this.workspaces ?? []).map((each) =>
        each.team_id === saved.team_id ? saved : each,
      );
      this.notice = format(text.workspaceSaved, {
        team: saved.team_name ?? saved.team_id,
        app: saved.answering_app_name ?? saved.answering_app_id,
      });
    } catch (failure) {
      this.failure = format(text.workspaceSaveFailed, { message: (failure as ApiError).message });
    }
  }

  private renderRow(workspace: SlackWorkspace) {
    const id = `workspace-app-${workspace.team_id}`;
    const name = workspace.team_name ?? workspace.team_id;
    return html`<tr data-team=${workspace.team_id}>
      <th scope="row">${name} <span class="muted">(${workspace.team_id})</span></th>
      <td>
        <label class="visually-hidden" for=${id}>${format(text.workspaceAppLabel, { team: name })}</label>
        <select
          id=${id}
          .value=${workspace.app_id ?? defaultChoice}
          @change=${(event: Event) => this.choose(workspace, (event.target as HTMLSelectElement).value)}
        >
          <option value=${defaultChoice} ?selected=${workspace.app_id === null}>${text.workspaceDefaultApp}</option>
          ${this.apps.map(
            (app) =>
              html`<option value=${app.id} ?selected=${workspace.app_id === app.id}>${app.name}</option>`,
          )}
        </select>
      </td>
      <td>${new Date(workspace.installed_at).toLocaleDateString()}</td>
    </tr>`;
  }

  override render() {
    const workspaces = this.workspaces;
    return html`
      <h3>${text.workspacesTitle}</h3>
      ${
        this.installUrl
          ? html`<p>${text.workspacesIntro}</p>
            <a class="button" href=${this.installUrl}>${text.addToSlack}</a>`
          : html`<p class="muted">${text.workspacesOff}</p>`
      }
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${
        workspaces === null
          ? ''
          : workspaces.length === 0
            ? html`<p class="muted">${text.noWorkspaces}</p>`
            : html`<div class="table-wrap"><table>
              <caption class="visually-hidden">${text.workspacesTitle}</caption>
              <thead><tr>
                <th scope="col">${text.columnWorkspace}</th><th scope="col">${text.columnWorkspaceApp}</th>
                <th scope="col">${text.columnInstalled}</th>
              </tr></thead>
              <tbody>${workspaces.map((workspace) => this.renderRow(workspace))}</tbody>
            </table></div>`
      }
    `;
  }
}

if (!customElements.get('console-slack-workspaces'))
  customElements.define('console-slack-workspaces', ConsoleSlackWorkspaces);

declare global {
  interface HTMLElementTagNameMap {
    'console-slack-workspaces': ConsoleSlackWorkspaces;
  }
}
