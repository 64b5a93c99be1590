import type { AgentSummary, App, List } from '@parley/contract';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { ApiError, api } from '../../api.js';
import { consoleHref, navigate } from '../../router.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import './app-editor.js';
import './embed-section.js';

const text = strings.apps;

function messageOf(failure: unknown): string {
  return failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
}

/** Apps: the list and **Make app**; `apps/<app id>` edits one and embeds it on a website. */
export class ConsoleAppsPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        overflow-wrap: anywhere;
      }
      .table-wrap {
        overflow-x: auto;
      }
    `,
  ];
  static override properties = {
    rest: { attribute: false },
    apps: { state: true },
    agents: { state: true },
    opened: { state: true },
    name: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };

  declare rest: string[];
  declare apps: App[] | null;
  declare agents: AgentSummary[];
  declare opened: App | null;
  declare name: string;
  declare notice: string;
  declare failure: string;
  declare busy: boolean;

  constructor() {
    super();
    this.rest = [];
    this.apps = null;
    this.agents = [];
    this.opened = null;
    this.name = '';
    this.notice = '';
    this.failure = '';
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('rest')) void this.load();
  }

  private async load(): Promise<void> {
    this.failure = '';
    const appId = this.rest[0];
    try {
      if (appId) {
        this.opened = null;
        const [app, agents] = await Promise.all([
          api<App>('GET', `/v1/apps/${encodeURIComponent(appId)}`),
          api<List<AgentSummary>>('GET', '/v1/agents?limit=100'),
        ]);
        this.opened = app;
        this.agents = agents.data;
        return;
      }
      const [apps, agents] = await Promise.all([
        api<List<App>>('GET', '/v1/apps?limit=100'),
        api<List<AgentSummary>>('GET', '/v1/agents?limit=100'),
      ]);
      this.apps = apps.data;
      this.agents = agents.data;
    } catch (failure) {
      this.failure =
        failure instanceof ApiError && failure.status === 404
          ? text.notFound
          : format(text.loadFailed, { message: messageOf(failure) });
    }
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.failure = '';
    try {
      const created = await api<App>('POST', '/v1/apps', { name: this.name.trim() });
      this.name = '';
      this.notice = format(text.created, { name: created.name });
      navigate(`apps/${encodeURIComponent(created.id)}`);
    } catch (failure) {
      this.failure = messageOf(failure);
    } finally {
      this.busy = false;
    }
  }

  private agentNames(app: App): string {
    return app.agents.map((id) => this.agents.find((agent) => agent.id === id)?.name ?? id).join(', ');
  }

  private renderList() {
    const apps = this.apps;
    if (apps === null) return html`<p>${strings.shell.loading}</p>`;
    if (apps.length === 0) return html`<p>${text.empty}</p>`;
    return html`<div class="table-wrap"><table>
      <thead><tr>
        <th scope="col">${text.columnName}</th><th scope="col">${text.columnAgents}</th>
        <th scope="col">${text.columnCreated}</th>
      </tr></thead>
      <tbody>
        ${apps.map(
          (app) => html`<tr data-app-id=${app.id}>
            <td><a href=${consoleHref(`apps/${encodeURIComponent(app.id)}`)}>${app.name}</a></td>
            <td>${this.agentNames(app)}</td>
            <td>${new Date(app.created_at).toLocaleString()}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  private renderApp(app: App) {
    return html`
      <p><a href=${consoleHref('apps')}>${text.back}</a></p>
      <h1>${app.name}</h1>
      <p class="muted"><code>${app.id}</code></p>
      <p role="status" class="success">${this.notice}</p>
      <console-app-editor .app=${app} .agents=${this.agents}
        @app-saved=${(event: CustomEvent<App>) => {
          this.opened = event.detail;
        }}></console-app-editor>
      <console-embed .app=${app}></console-embed>
    `;
  }

  override render() {
    if (this.rest[0]) {
      return this.opened
        ? this.renderApp(this.opened)
        : html`<h1>${text.title}</h1>
            <p role="alert" class="error">${this.failure}</p>
            ${this.failure ? html`<p><a href=${consoleHref('apps')}>${text.back}</a></p>` : html`<p>${strings.shell.loading}</p>`}`;
    }
    return html`
      <h1>${text.title}</h1>
      <p class="muted">${text.intro}</p>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      <h2>${text.listTitle}</h2>
      ${this.renderList()}
      <form class="card" aria-labelledby="app-form-heading" @submit=${(event: Event) => this.create(event)}>
        <h3 id="app-form-heading">${text.createTitle}</h3>
        <label for="new-app-name">${text.name}</label>
        <input id="new-app-name" required maxlength="100" placeholder=${text.namePlaceholder} .value=${this.name}
          @input=${(event: Event) => {
            this.name = (event.target as HTMLInputElement).value;
          }} />
        <div class="row"><button type="submit" class="primary" ?disabled=${this.busy}>${text.create}</button></div>
      </form>
    `;
  }
}

if (!customElements.get('console-apps-page')) customElements.define('console-apps-page', ConsoleAppsPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-apps-page': ConsoleAppsPage;
  }
}
