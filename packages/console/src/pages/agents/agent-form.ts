import type { Agent, AgentSummary, Datastore } from '@parley/contract';
import { promptTemplateContext, renderTemplate } from '@parley/contract/template';
import { html, nothing } from 'lit';
import { ApiError } from '../../api.js';
import { consoleHref } from '../../router.js';
import { format, strings } from '../../strings/index.js';
import type { FieldProblems } from './agent-draft.js';

const text = strings.agents;

/** What the prompt preview fills placeholders from until the operator writes their own. */
export const sampleSessionMeta = JSON.stringify(
  { metadata: { userProfile: { name: 'Ada', plan: 'pro' } }, user_id: 'user_42', session_id: 'sess_sample' },
  null,
  2,
);

export function messageOf(failure: unknown): string {
  return failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
}

/** The field a refusal names (`details.field`) with its problem, when it names one. */
export function fieldProblemOf(failure: unknown): FieldProblems {
  if (!(failure instanceof ApiError) || failure.code !== 'invalid_request') return {};
  const { field, problem } = failure.details;
  if (typeof field !== 'string') return {};
  // A header's problem (`tools.0.headers.X-Api-Key`) is shown at the tool's headers, naming it.
  const header = /^(tools?(?:\.\d+)?\.headers)\.(.+)$/.exec(field);
  const said = typeof problem === 'string' ? problem : failure.message;
  return header?.[1] ? { [header[1]]: `${header[2]}: ${said}` } : { [field]: said };
}

export interface FormFieldOptions {
  multiline?: boolean;
  required?: boolean;
  maxlength?: number;
  help?: string;
  type?: string;
}

/** A labelled input or textarea, with its help and the problem the API named for it (linked by `aria-describedby`). */
export function renderFormField(
  problem: string | undefined,
  field: FormFieldOptions & { id: string; label: string; value: string; input: (value: string) => void },
) {
  const { id, label, value, input, ...options } = field;
  const describedBy = [options.help ? `${id}-help` : '', problem ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const onInput = (event: Event) => input((event.target as HTMLInputElement).value);
  return html`
    <label for=${id}>${label}</label>
    ${
      options.multiline
        ? html`<textarea id=${id} ?required=${options.required} maxlength=${options.maxlength ?? nothing}
            aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${describedBy || nothing}
            .value=${value} @input=${onInput}></textarea>`
        : html`<input id=${id} type=${options.type ?? 'text'} ?required=${options.required}
            maxlength=${options.maxlength ?? nothing} step=${options.type === 'number' ? 'any' : nothing}
            aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${describedBy || nothing}
            .value=${value} @input=${onInput} />`
    }
    ${options.help ? html`<p class="muted" id=${`${id}-help`}>${options.help}</p>` : nothing}
    ${problem ? html`<p class="error" id=${`${id}-error`}>${problem}</p>` : nothing}
  `;
}

/** The agents list: a link per agent to its editor, and the button that makes one. */
export function renderAgentList(agents: AgentSummary[] | null, failure: string) {
  return html`
    <h1>${text.title}</h1>
    <p class="muted">${text.intro}</p>
    <p role="alert" class="error">${failure}</p>
    <p><a class="button primary" href=${consoleHref('agents/new')}>${text.create}</a></p>
    <h2>${text.listTitle}</h2>
    ${
      agents === null
        ? html`<p>${strings.shell.loading}</p>`
        : agents.length === 0
          ? html`<p>${text.empty}</p>`
          : html`<div class="table-wrap"><table>
            <thead><tr>
              <th scope="col">${text.columnName}</th><th scope="col">${text.columnDescription}</th>
              <th scope="col">${text.columnCreated}</th>
            </tr></thead>
            <tbody>
              ${agents.map(
                (agent) => html`<tr data-agent-id=${agent.id}>
                  <td><a href=${consoleHref(`agents/${encodeURIComponent(agent.id)}`)}>${agent.name}</a></td>
                  <td>${agent.description}</td>
                  <td>${new Date(agent.created_at).toLocaleString()}</td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
    }
  `;
}

/** The system prompt with its placeholders filled from the sample metadata, as the engine fills them. */
export function promptPreview(prompt: string, sampleMeta: string): { rendered: string; problem: string } {
  try {
    const sessionMeta: unknown = JSON.parse(sampleMeta);
    return { rendered: renderTemplate(prompt, promptTemplateContext(sessionMeta)), problem: '' };
  } catch (failure) {
    return {
      rendered: renderTemplate(prompt, promptTemplateContext({})),
      problem: format(text.sampleMetadataInvalid, { message: messageOf(failure) }),
    };
  }
}

/** A checkbox per datastore: checked when the agent answers from it. */
export function renderDatastoreChoices(
  datastores: Datastore[],
  agent: Agent,
  toggle: (datastore: Datastore, connect: boolean) => void,
) {
  return html`<section class="card" aria-labelledby="datastores-heading">
    <h2 id="datastores-heading">${text.datastoresTitle}</h2>
    <p class="muted">${text.datastoresIntro}</p>
    ${
      datastores.length === 0
        ? html`<p>${text.noDatastores}</p>`
        : html`<ul class="plain">
          ${datastores.map(
            (datastore) => html`<li class="choice">
              <input type="checkbox" id=${`datastore-${datastore.id}`} .checked=${agent.datastores.includes(datastore.id)}
                @change=${(event: Event) => toggle(datastore, (event.target as HTMLInputElement).checked)} />
              <label for=${`datastore-${datastore.id}`}>
                ${format(text.datastoreOption, { name: datastore.name, count: datastore.document_count })}
              </label>
            </li>`,
          )}
        </ul>`
    }
  </section>`;
}
