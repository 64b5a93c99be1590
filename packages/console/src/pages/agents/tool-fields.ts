import { type HttpToolMethod, httpToolMethods, type ToolTestResult } from '@parley/contract';
import { html, nothing, type TemplateResult } from 'lit';
import { format, strings } from '../../strings/index.js';
import { type FieldProblems, parametersOf, sampleArgumentsOf, type ToolDraft } from './agent-draft.js';

const text = strings.agents;

/** A tool's Test: running, or what came back. */
export type ToolTestState = { kind: 'running' } | { kind: 'done'; result: ToolTestResult };

export interface ToolFieldsOptions {
  tool: ToolDraft;
  index: number;
  /** Problems by field (`tools.<index>.parameters`), from the console's checks or the server's answer. */
  problems: FieldProblems;
  test: ToolTestState | undefined;
  /** False until the agent is saved once (a test needs its id). */
  canTest: boolean;
  change(next: ToolDraft): void;
  remove(): void;
  runTest(): void;
}

/** A field's inline problem, referenced by the field's `aria-describedby`. */
function problemOf(problems: FieldProblems, field: string, id: string): TemplateResult | typeof nothing {
  const problem = problems[field];
  return problem ? html`<p class="error field-error" id=${id}>${problem}</p>` : nothing;
}

function describedBy(...ids: (string | false)[]): string {
  return ids.filter(Boolean).join(' ');
}

function renderTest(test: ToolTestState | undefined, id: string) {
  if (!test) return nothing;
  if (test.kind === 'running') return html`<p role="status" id=${id}>${text.testing}</p>`;
  const { result } = test;
  return html`<div role="status" id=${id} data-tool-test-result>
    ${
      result.ok
        ? html`<p class="success">${format(text.testOk, { status: result.status ?? '' })}</p>`
        : html`<p class="error">${format(text.testFailed, { error: result.error ?? '' })}</p>`
    }
    ${result.body ? html`<p class="muted">${text.testBody}</p><pre>${result.body}</pre>` : nothing}
  </div>`;
}

/** One HTTP tool's fields: name, description, URL, method, headers, parameters (JSON Schema), and a Test with sample arguments. */
export function renderToolFields(options: ToolFieldsOptions): TemplateResult {
  const { tool, index, problems } = options;
  const id = (field: string) => `tool-${tool.key}-${field}`;
  const field = `tools.${index}`;
  const set =
    (name: keyof ToolDraft) =>
    (event: Event): void =>
      options.change({ ...tool, [name]: (event.target as HTMLInputElement).value });
  // The schema is checked as it is typed; the server's answer (on save or test) replaces it when it has one.
  const typedParameters = parametersOf(tool);
  const parameterProblems: FieldProblems = {
    ...(typeof typedParameters === 'string' ? { [`${field}.parameters`]: typedParameters } : {}),
    ...problems,
  };
  const typedArguments = sampleArgumentsOf(tool);
  const argumentProblems: FieldProblems = {
    ...(typeof typedArguments === 'string' ? { [`${field}.arguments`]: typedArguments } : {}),
    ...problems,
  };
  const has = (problemSet: FieldProblems, name: string) => Boolean(problemSet[`${field}.${name}`]);
  const heading = format(text.toolHeading, { number: index + 1, name: tool.name || '…' });
  return html`<fieldset class="tool" data-tool=${tool.name}>
    <legend>${heading}</legend>
    <label for=${id('name')}>${text.toolName}</label>
    <input id=${id('name')} required maxlength="64" pattern="[a-zA-Z0-9_\\-]{1,64}" .value=${tool.name}
      aria-invalid=${has(problems, 'name') ? 'true' : 'false'}
      aria-describedby=${describedBy(has(problems, 'name') && id('name-error'))}
      @input=${set('name')} />
    ${problemOf(problems, `${field}.name`, id('name-error'))}
    <label for=${id('description')}>${text.toolDescription}</label>
    <input id=${id('description')} required maxlength="1000" .value=${tool.description}
      aria-describedby=${describedBy(has(problems, 'description') && id('description-error'))}
      @input=${set('description')} />
    ${problemOf(problems, `${field}.description`, id('description-error'))}
    <label for=${id('url')}>${text.toolUrl}</label>
    <input id=${id('url')} type="url" required maxlength="2000" .value=${tool.url}
      aria-invalid=${has(problems, 'url') ? 'true' : 'false'}
      aria-describedby=${describedBy(id('url-help'), has(problems, 'url') && id('url-error'))}
      @input=${set('url')} />
    <p class="muted" id=${id('url-help')}>${text.toolUrlHelp}</p>
    ${problemOf(problems, `${field}.url`, id('url-error'))}
    <label for=${id('method')}>${text.toolMethod}</label>
    <select id=${id('method')} @change=${(event: Event) =>
      options.change({ ...tool, method: (event.target as HTMLSelectElement).value as HttpToolMethod })}>
      ${httpToolMethods.map((method) => html`<option value=${method} ?selected=${tool.method === method}>${method}</option>`)}
    </select>
    <label for=${id('headers')}>${text.toolHeaders}</label>
    <textarea id=${id('headers')} class="short" .value=${tool.headers}
      aria-describedby=${describedBy(id('headers-help'), has(problems, 'headers') && id('headers-error'))}
      @input=${set('headers')}></textarea>
    <p class="muted" id=${id('headers-help')}>${text.toolHeadersHelp}</p>
    ${problemOf(problems, `${field}.headers`, id('headers-error'))}
    <label for=${id('parameters')}>${text.toolParameters}</label>
    <textarea id=${id('parameters')} class="code" spellcheck="false" .value=${tool.parameters}
      aria-invalid=${has(parameterProblems, 'parameters') ? 'true' : 'false'}
      aria-describedby=${describedBy(has(parameterProblems, 'parameters') && id('parameters-error'))}
      @input=${set('parameters')}></textarea>
    ${problemOf(parameterProblems, `${field}.parameters`, id('parameters-error'))}
    <label for=${id('arguments')}>${text.toolArguments}</label>
    <textarea id=${id('arguments')} class="code short" spellcheck="false" .value=${tool.sampleArguments}
      aria-invalid=${has(argumentProblems, 'arguments') ? 'true' : 'false'}
      aria-describedby=${describedBy(has(argumentProblems, 'arguments') && id('arguments-error'), id('test-result'))}
      @input=${set('sampleArguments')}></textarea>
    ${problemOf(argumentProblems, `${field}.arguments`, id('arguments-error'))}
    <div class="row">
      <button type="button" ?disabled=${!options.canTest || options.test?.kind === 'running'}
        aria-label=${format(text.testLabel, { name: tool.name })} @click=${() => options.runTest()}>${text.test}</button>
      <button type="button" class="danger" aria-label=${format(text.removeToolLabel, { name: tool.name })}
        @click=${() => options.remove()}>${text.removeTool}</button>
    </div>
    ${options.canTest ? nothing : html`<p class="muted">${text.testNeedsSave}</p>`}
    ${renderTest(options.test, id('test-result'))}
  </fieldset>`;
}
