import type { Agent, AgentSummary, Datastore, List, ToolTestResult } from '@parley/contract';
import { html, LitElement, nothing } from 'lit';
import { api } from '../../api.js';
import { consoleHref, navigate } from '../../router.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import {
  type AgentDraft,
  agentBody,
  draftOf,
  emptyAgentDraft,
  type FieldProblems,
  newToolDraft,
  sampleArgumentsOf,
  type ToolDraft,
  toolBody,
} from './agent-draft.js';
import {
  type FormFieldOptions,
  fieldProblemOf,
  messageOf,
  promptPreview,
  renderAgentList,
  renderDatastoreChoices,
  renderFormField,
  sampleSessionMeta,
} from './agent-form.js';
import './agent-playground.js';
import './agent-shares.js';
import { agentsPageStyles } from './agents-page.styles.js';
import { renderToolFields, type ToolTestState } from './tool-fields.js';

const text = strings.agents;

/**
 * Agents: the list; the editor (name, description, system prompt with a live preview of its
 * `{{memory.sessionMeta…}}` placeholders, model settings, greeting and starter prompts, HTTP tools
 * with a Test, datastores) beside a playground; share links. `rest`: `[]` (the list), `['new']`
 * or `[agentId]`.
 */
export class ConsoleAgentsPage extends LitElement {
  static override styles = [sharedStyles, agentsPageStyles];
  static override properties = {
    rest: { attribute: false },
    agents: { state: true },
    agent: { state: true },
    draft: { state: true },
    problems: { state: true },
    sampleMeta: { state: true },
    datastores: { state: true },
    tests: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };

  declare rest: string[];
  declare agents: AgentSummary[] | null;
  declare agent: Agent | null;
  declare draft: AgentDraft | null;
  declare problems: FieldProblems;
  declare sampleMeta: string;
  declare datastores: Datastore[];
  declare tests: Map<number, ToolTestState>;
  declare notice: string;
  declare failure: string;
  declare busy: boolean;
  private loadId = 0;
  /** Set when an agent was just created: its page opens with the notice that says so. */
  private keepNotice = false;

  constructor() {
    super();
    this.rest = [];
    this.agents = null;
    this.agent = null;
    this.draft = null;
    this.problems = {};
    this.sampleMeta = sampleSessionMeta;
    this.datastores = [];
    this.tests = new Map();
    this.notice = '';
    this.failure = '';
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('rest')) void this.open();
  }

  private get agentId(): string | null {
    const [first] = this.rest;
    return first && first !== 'new' ? first : null;
  }

  /** Loads what the path names; a notice set just before (an agent created) stays. */
  private async open(): Promise<void> {
    const call = ++this.loadId;
    const justCreated = this.keepNotice;
    if (!justCreated) this.notice = '';
    this.keepNotice = false;
    this.failure = '';
    this.problems = {};
    this.tests = new Map();
    const [first] = this.rest;
    try {
      if (!first) {
        this.agent = null;
        this.draft = null;
        const listed = await api<List<AgentSummary>>('GET', '/v1/agents?limit=100');
        if (call === this.loadId) this.agents = listed.data;
        return;
      }
      const datastores = api<List<Datastore>>('GET', '/v1/datastores?limit=100');
      if (first === 'new') {
        this.agent = null;
        this.draft = emptyAgentDraft();
      } else {
        this.draft = null;
        const agent = await api<Agent>('GET', `/v1/agents/${encodeURIComponent(first)}`);
        if (call !== this.loadId) return;
        this.agent = agent;
        this.draft = draftOf(agent);
        // The form was replaced by its saved agent: the keyboard goes on from the page's heading.
        if (justCreated)
          void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h1')?.focus());
      }
      const listed = await datastores;
      if (call === this.loadId) this.datastores = listed.data;
    } catch (failure) {
      if (call !== this.loadId) return;
      this.failure = format(first ? text.loadFailed : text.listFailed, { message: messageOf(failure) });
    }
  }

  private change(next: Partial<AgentDraft>): void {
    if (this.draft) this.draft = { ...this.draft, ...next };
  }

  private changeTool(index: number, next: ToolDraft): void {
    if (!this.draft) return;
    const tools = this.draft.tools.map((tool, position) => (position === index ? next : tool));
    this.change({ tools });
  }

  private async addTool(): Promise<void> {
    if (!this.draft) return;
    const tool = newToolDraft();
    this.change({ tools: [...this.draft.tools, tool] });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#tool-${tool.key}-name`)?.focus();
  }

  private removeTool(index: number): void {
    if (!this.draft) return;
    this.problems = {};
    this.change({ tools: this.draft.tools.filter((_tool, position) => position !== index) });
    this.renderRoot.querySelector<HTMLElement>('#add-tool')?.focus();
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.draft || this.busy) return;
    const { body, problems } = agentBody(this.draft);
    this.problems = problems;
    this.notice = '';
    const [firstProblem] = Object.entries(problems);
    if (firstProblem) {
      this.failure = format(text.invalidForm, { message: `${firstProblem[0]}: ${firstProblem[1]}` });
      return;
    }
    this.busy = true;
    this.failure = '';
    try {
      if (this.agent) {
        const saved = await api<Agent>('PATCH', `/v1/agents/${encodeURIComponent(this.agent.id)}`, body);
        const keys = this.draft.tools.map((tool) => tool.key);
        const sampleArguments = this.draft.tools.map((tool) => tool.sampleArguments);
        this.agent = saved;
        // The tools keep their keys (their test results) and their sample arguments.
        const draft = draftOf(saved);
        draft.tools = draft.tools.map((tool, index) => ({
          ...tool,
          key: keys[index] ?? tool.key,
          sampleArguments: sampleArguments[index] ?? tool.sampleArguments,
        }));
        this.draft = draft;
        this.notice = format(text.saved, { name: saved.name });
      } else {
        const created = await api<Agent>('POST', '/v1/agents', body);
        this.notice = format(text.createdNotice, { name: created.name });
        this.keepNotice = true;
        navigate(`agents/${encodeURIComponent(created.id)}`, { replace: true });
      }
    } catch (failure) {
      this.problems = fieldProblemOf(failure);
      this.failure = messageOf(failure);
    } finally {
      this.busy = false;
    }
  }

  private async testTool(index: number): Promise<void> {
    const tool = this.draft?.tools[index];
    if (!this.agent || !tool) return;
    const prefix = `tools.${index}`;
    const { body, problems } = toolBody(tool, prefix);
    const sampleArguments = sampleArgumentsOf(tool);
    if (typeof sampleArguments === 'string') problems[`${prefix}.arguments`] = sampleArguments;
    const withoutThisTool = Object.fromEntries(
      Object.entries(this.problems).filter(([field]) => !field.startsWith(`${prefix}.`)),
    );
    this.problems = { ...withoutThisTool, ...problems };
    if (Object.keys(problems).length > 0) return;
    const tests = new Map(this.tests);
    tests.set(tool.key, { kind: 'running' });
    this.tests = tests;
    try {
      const result = await api<ToolTestResult>(
        'POST',
        `/v1/agents/${encodeURIComponent(this.agent.id)}/tools/test`,
        { tool: body, arguments: sampleArguments },
      );
      this.tests = new Map(this.tests).set(tool.key, { kind: 'done', result });
    } catch (failure) {
      const next = new Map(this.tests);
      next.delete(tool.key);
      this.tests = next;
      // The server names `tool.<field>` or `arguments`: shown at this tool's field.
      const named = Object.entries(fieldProblemOf(failure)).map(([field, problem]) => [
        field === 'arguments' ? `${prefix}.arguments` : field.replace(/^tool\b/, prefix),
        problem,
      ]);
      if (named.length > 0) this.problems = { ...this.problems, ...Object.fromEntries(named) };
      else this.failure = messageOf(failure);
    }
  }

  private async toggleDatastore(datastore: Datastore, connect: boolean): Promise<void> {
    if (!this.agent) return;
    const base = `/v1/agents/${encodeURIComponent(this.agent.id)}/datastores`;
    this.failure = '';
    try {
      const updated = connect
        ? await api<Agent>('POST', base, { datastore_id: datastore.id })
        : await api<Agent>('DELETE', `${base}/${encodeURIComponent(datastore.id)}`);
      this.agent = { ...this.agent, datastores: updated.datastores };
      this.notice = format(connect ? text.connected : text.disconnected, { name: datastore.name });
    } catch (failure) {
      this.failure = messageOf(failure);
    }
  }

  private preview(): { rendered: string; problem: string } {
    return promptPreview(this.draft?.systemPrompt ?? '', this.sampleMeta);
  }

  private renderList() {
    return renderAgentList(this.agents, this.failure);
  }

  private renderField(
    id: string,
    label: string,
    field: string,
    value: string,
    input: (value: string) => void,
    options: FormFieldOptions = {},
  ) {
    return renderFormField(this.problems[field], { id, label, value, input, ...options });
  }

  private renderPrompt(draft: AgentDraft) {
    const { rendered, problem } = this.preview();
    return html`
      ${this.renderField('agent-prompt', text.systemPrompt, 'system_prompt', draft.systemPrompt, (value) => this.change({ systemPrompt: value }), { multiline: true, maxlength: 20_000, help: text.systemPromptHelp })}
      <label for="agent-sample-meta">${text.sampleMetadata}</label>
      <textarea id="agent-sample-meta" class="code short" spellcheck="false"
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? 'agent-sample-meta-help agent-sample-meta-error' : 'agent-sample-meta-help'}
        .value=${this.sampleMeta}
        @input=${(event: Event) => {
          this.sampleMeta = (event.target as HTMLTextAreaElement).value;
        }}></textarea>
      <p class="muted" id="agent-sample-meta-help">${text.sampleMetadataHelp}</p>
      ${problem ? html`<p class="error" id="agent-sample-meta-error">${problem}</p>` : nothing}
      <h3 id="agent-preview-heading">${text.preview}</h3>
      <pre class="preview" role="region" aria-labelledby="agent-preview-heading" data-prompt-preview>${
        rendered === '' ? text.previewEmpty : rendered
      }</pre>
    `;
  }

  private renderTools(draft: AgentDraft) {
    return html`<fieldset>
      <legend>${text.toolsTitle}</legend>
      <p class="muted">${text.toolsIntro}</p>
      ${draft.tools.length === 0 ? html`<p>${text.noTools}</p>` : nothing}
      ${draft.tools.map((tool, index) =>
        renderToolFields({
          tool,
          index,
          problems: this.problems,
          test: this.tests.get(tool.key),
          canTest: this.agent !== null,
          change: (next) => this.changeTool(index, next),
          remove: () => this.removeTool(index),
          runTest: () => void this.testTool(index),
        }),
      )}
      <div class="row"><button type="button" id="add-tool" @click=${() => this.addTool()}>${text.addTool}</button></div>
    </fieldset>`;
  }

  private renderDatastores(agent: Agent) {
    return renderDatastoreChoices(this.datastores, agent, (datastore, connect) =>
      this.toggleDatastore(datastore, connect),
    );
  }

  private renderEditor(draft: AgentDraft) {
    const agent = this.agent;
    return html`
      <form @submit=${(event: Event) => this.save(event)} novalidate>
        <section class="card" aria-labelledby="editor-heading">
          <h2 id="editor-heading">${text.editorTitle}</h2>
          ${this.renderField('agent-name', text.name, 'name', draft.name, (value) => this.change({ name: value }), { required: true, maxlength: 100 })}
          ${this.renderField('agent-description', text.description, 'description', draft.description, (value) => this.change({ description: value }), { maxlength: 1000 })}
          ${this.renderPrompt(draft)}
          ${this.renderField('agent-greeting', text.greeting, 'greeting', draft.greeting, (value) => this.change({ greeting: value }), { multiline: true, maxlength: 2000, help: text.greetingHelp })}
          ${this.renderField('agent-starters', text.starterPrompts, 'starter_prompts', draft.starterPrompts, (value) => this.change({ starterPrompts: value }), { multiline: true, help: text.starterPromptsHelp })}
          ${this.renderField('agent-slack-support', text.slackSupportChannel, 'slack_support_channel', draft.slackSupportChannel, (value) => this.change({ slackSupportChannel: value }), { maxlength: 83, help: text.slackSupportChannelHelp })}
          <fieldset>
            <legend>${text.modelTitle}</legend>
            <div class="settings">
              <div>${this.renderField('agent-model', text.model, 'model', draft.model, (value) => this.change({ model: value }), { maxlength: 200, help: text.modelHelp })}</div>
              <div>${this.renderField('agent-temperature', text.temperature, 'settings.temperature', draft.temperature, (value) => this.change({ temperature: value }), { type: 'number' })}</div>
              <div>${this.renderField('agent-max-tokens', text.maxTokens, 'settings.max_tokens', draft.maxTokens, (value) => this.change({ maxTokens: value }), { type: 'number' })}</div>
              <div>${this.renderField('agent-retrieval', text.retrievalCount, 'settings.retrieval_count', draft.retrievalCount, (value) => this.change({ retrievalCount: value }), { type: 'number' })}</div>
            </div>
          </fieldset>
          ${this.renderTools(draft)}
          <div class="row save-bar">
            <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? text.saving : text.save}</button>
          </div>
        </section>
      </form>
      ${
        agent
          ? html`${this.renderDatastores(agent)}
            <section class="card" aria-labelledby="share-heading">
              <h2 id="share-heading">${text.shareTitle}</h2>
              <console-agent-shares .agentId=${agent.id} .agentName=${agent.name}></console-agent-shares>
            </section>`
          : html`<p class="muted">${text.saveFirst}</p>`
      }
    `;
  }

  private renderAgent() {
    const draft = this.draft;
    const agent = this.agent;
    return html`
      <p><a href=${consoleHref('agents')}>${text.backToList}</a></p>
      <h1 tabindex="-1">${agent ? format(text.editTitle, { name: agent.name }) : this.agentId ? text.title : text.newTitle}</h1>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      ${
        draft
          ? html`<div class="layout">
            <div>${this.renderEditor(draft)}</div>
            ${
              agent
                ? html`<section class="card playground" aria-labelledby="playground-heading">
                  <h2 id="playground-heading">${text.playgroundTitle}</h2>
                  <console-agent-playground .agentId=${agent.id}></console-agent-playground>
                </section>`
                : nothing
            }
          </div>`
          : this.failure
            ? nothing
            : html`<p>${strings.shell.loading}</p>`
      }
    `;
  }

  override render() {
    return this.rest.length === 0 ? this.renderList() : this.renderAgent();
  }
}

if (!customElements.get('console-agents-page'))
  customElements.define('console-agents-page', ConsoleAgentsPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-agents-page': ConsoleAgentsPage;
  }
}
