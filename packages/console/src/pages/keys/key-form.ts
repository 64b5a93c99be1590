import type { AgentSummary, App, KeyKind, Plan } from '@parley/contract';
import { html, type TemplateResult } from 'lit';
import { format, strings } from '../../strings/index.js';

const text = strings.keys;

/** What the generate form holds. */
export interface KeyDraft {
  name: string;
  kind: KeyKind;
  plan: Plan;
  /** `app:<id>` or `agent:<id>`, for a publishable key. */
  target: string;
  origins: string;
}

export const emptyDraft: KeyDraft = { name: '', kind: 'secret', plan: 'free', target: '', origins: '' };

/** The body of `POST /v1/keys` for a draft. */
export function keyBody(draft: KeyDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { name: draft.name.trim(), kind: draft.kind, plan: draft.plan };
  if (draft.kind === 'publishable') {
    const [type, id] = draft.target.split(':');
    if (type === 'app' && id) body.app_id = id;
    if (type === 'agent' && id) body.agent_id = id;
    body.allowed_origins = draft.origins
      .split(/\s+/)
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
  return body;
}

/** The generate form's fields; `change` gets the draft with one field changed. */
export function renderKeyFields(
  draft: KeyDraft,
  targets: { apps: App[]; agents: AgentSummary[] },
  change: (next: KeyDraft) => void,
): TemplateResult {
  const field = (name: keyof KeyDraft) => (event: Event) =>
    change({ ...draft, [name]: (event.target as HTMLInputElement).value });
  return html`
    <label for="key-name">${text.name}</label>
    <input id="key-name" required maxlength="100" placeholder=${text.namePlaceholder} .value=${draft.name} @input=${field('name')} />
    <fieldset>
      <legend>${text.kind}</legend>
      ${(['secret', 'publishable'] as const).map(
        (kind) => html`<div class="choice">
          <input type="radio" id=${`kind-${kind}`} name="kind" value=${kind} .checked=${draft.kind === kind} @change=${field('kind')} />
          <label for=${`kind-${kind}`}>${kind === 'secret' ? text.kindSecret : text.kindPublishable}</label>
        </div>`,
      )}
    </fieldset>
    <label for="key-plan">${text.plan}</label>
    <select id="key-plan" .value=${draft.plan} @change=${field('plan')}>
      <option value="free" ?selected=${draft.plan === 'free'}>${text.planFree}</option>
      <option value="pro" ?selected=${draft.plan === 'pro'}>${text.planPro}</option>
    </select>
    ${
      draft.kind === 'publishable'
        ? html`<label for="key-target">${text.target}</label>
            <select id="key-target" required .value=${draft.target} @change=${field('target')}>
              <option value="" ?selected=${draft.target === ''}></option>
              ${targets.apps.map(
                (app) => html`<option value=${`app:${app.id}`} ?selected=${draft.target === `app:${app.id}`}>
                  ${format(text.targetApp, { name: app.name })}
                </option>`,
              )}
              ${targets.agents.map(
                (
                  agent,
                ) => html`<option value=${`agent:${agent.id}`} ?selected=${draft.target === `agent:${agent.id}`}>
                  ${format(text.targetAgent, { name: agent.name })}
                </option>`,
              )}
            </select>
            <label for="key-origins">${text.origins}</label>
            <textarea id="key-origins" required aria-describedby="origins-help" .value=${draft.origins} @input=${field('origins')}></textarea>
            <p id="origins-help" class="muted">${text.originsHelp}</p>`
        : null
    }
  `;
}
