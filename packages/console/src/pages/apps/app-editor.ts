import type {
  AgentSummary,
  App,
  IdentityVerification,
  OpeningHours,
  OpeningInterval,
  Routing,
  Weekday,
} from '@parley/contract';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { ApiError, api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';

const text = strings.apps;

/** What the editor's form holds: the app's fields as the inputs show them. */
interface AppDraft {
  name: string;
  agents: string[];
  routing: Routing;
  greeting: string;
  starterPrompts: string;
  sessionMinutes: string;
  identityVerification: IdentityVerification;
  slackSupportChannel: string;
  /** '' : no opening hours (always open). */
  timeZone: string;
  /** Each weekday's intervals as typed: `09:00-12:00, 13:00-17:30`; '' is closed. */
  days: Record<Weekday, string>;
  /** Seconds; '' : no limit. */
  handoffTimeout: string;
}

const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The time zones this browser knows, for the select (UTC first). */
function timeZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...known.filter((zone) => zone !== 'UTC')];
}

function daysText(hours: OpeningHours | null): Record<Weekday, string> {
  return Object.fromEntries(
    weekdays.map((day) => [
      day,
      (hours?.days[day] ?? []).map((interval) => `${interval.open}-${interval.close}`).join(', '),
    ]),
  ) as Record<Weekday, string>;
}

/** `09:00-12:00, 13:00-17:30` as intervals; the server checks the times (and names the field it refuses). */
function intervalsOf(typed: string): OpeningInterval[] {
  return typed
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [open = '', close = ''] = part.split(/\s*[-–]\s*/);
      return { open, close };
    });
}

function draftOf(app: App): AppDraft {
  return {
    name: app.name,
    agents: [...app.agents],
    routing: app.routing,
    greeting: app.greeting ?? '',
    starterPrompts: app.starter_prompts.join('\n'),
    sessionMinutes: String(Math.round(app.session_ttl_seconds / 60)),
    identityVerification: app.identity_verification,
    timeZone: app.opening_hours?.time_zone ?? '',
    days: daysText(app.opening_hours),
    handoffTimeout: app.handoff_timeout_seconds === null ? '' : String(app.handoff_timeout_seconds),
    slackSupportChannel: app.slack_support_channel ?? '',
  };
}

/** The body of `PATCH /v1/apps/:id` for a draft. */
function bodyOf(draft: AppDraft): Record<string, unknown> {
  const greeting = draft.greeting.trim();
  return {
    name: draft.name.trim(),
    agents: draft.agents,
    routing: draft.routing,
    greeting: greeting ? greeting : null,
    starter_prompts: draft.starterPrompts
      .split('\n')
      .map((prompt) => prompt.trim())
      .filter(Boolean),
    session_ttl_seconds: Math.round(Number(draft.sessionMinutes) * 60),
    identity_verification: draft.identityVerification,
    opening_hours: draft.timeZone
      ? {
          time_zone: draft.timeZone,
          days: Object.fromEntries(weekdays.map((day) => [day, intervalsOf(draft.days[day])])),
        }
      : null,
    handoff_timeout_seconds: draft.handoffTimeout.trim() === '' ? null : Number(draft.handoffTimeout),
    slack_support_channel: draft.slackSupportChannel.trim() || null,
  };
}

/**
 * `<console-app-editor>`: an app's settings: name, agents, routing, greeting, starter prompts,
 * session length, identity verification, opening hours, the handoff timeout and the Slack support channel.
 *
 * @event app-saved - `detail`: the app as saved.
 */
export class ConsoleAppEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      fieldset {
        min-width: 0;
        border: 1px solid var(--console-border);
        border-radius: var(--console-radius);
        margin: 12px 0 0;
      }
      .choice {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .choice label {
        font-weight: normal;
        margin: 4px 0;
      }
      .day {
        display: grid;
        grid-template-columns: minmax(6em, auto) 1fr;
        gap: 8px;
        align-items: center;
      }
      .day label {
        font-weight: normal;
        margin: 4px 0;
      }
    `,
  ];
  static override properties = {
    app: { attribute: false },
    agents: { attribute: false },
    draft: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };

  declare app: App | null;
  declare agents: AgentSummary[];
  declare draft: AppDraft | null;
  declare notice: string;
  declare failure: string;
  declare busy: boolean;

  constructor() {
    super();
    this.app = null;
    this.agents = [];
    this.draft = null;
    this.notice = '';
    this.failure = '';
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('app') && this.app) this.draft = draftOf(this.app);
  }

  private change(patch: Partial<AppDraft>): void {
    if (this.draft) this.draft = { ...this.draft, ...patch };
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const app = this.app;
    const draft = this.draft;
    if (!app || !draft) return;
    this.busy = true;
    this.failure = '';
    try {
      const saved = await api<App>('PATCH', `/v1/apps/${encodeURIComponent(app.id)}`, bodyOf(draft));
      this.notice = format(text.saved, { name: saved.name });
      this.dispatchEvent(new CustomEvent('app-saved', { detail: saved, bubbles: true, composed: true }));
    } catch (failure) {
      this.failure = failure instanceof ApiError ? failure.message : String(failure);
    } finally {
      this.busy = false;
    }
  }

  private toggleAgent(agentId: string, on: boolean): void {
    const agents = (this.draft?.agents ?? []).filter((id) => id !== agentId);
    this.change({ agents: on ? [...agents, agentId] : agents });
  }

  override render() {
    const draft = this.draft;
    if (!draft) return null;
    const value = (event: Event) => (event.target as HTMLInputElement).value;
    return html`<form class="card" aria-labelledby="settings-heading" @submit=${(event: Event) => this.save(event)}>
      <h2 id="settings-heading">${text.settingsTitle}</h2>
      <p role="status" class="success">${this.notice}</p>
      <p role="alert" class="error">${this.failure}</p>
      <label for="app-name">${text.name}</label>
      <input id="app-name" required maxlength="100" .value=${draft.name}
        @input=${(event: Event) => this.change({ name: value(event) })} />
      <fieldset aria-describedby="agents-help">
        <legend>${text.agents}</legend>
        <p id="agents-help" class="muted">${text.agentsHelp}</p>
        ${
          this.agents.length === 0
            ? html`<p>${text.noAgents}</p>`
            : this.agents.map(
                (agent) => html`<div class="choice">
                  <input type="checkbox" id=${`agent-${agent.id}`} .checked=${draft.agents.includes(agent.id)}
                    @change=${(event: Event) => this.toggleAgent(agent.id, (event.target as HTMLInputElement).checked)} />
                  <label for=${`agent-${agent.id}`}>${agent.name}</label>
                </div>`,
              )
        }
      </fieldset>
      <fieldset>
        <legend>${text.routing}</legend>
        ${(['auto', 'first'] as const).map(
          (routing) => html`<div class="choice">
            <input type="radio" id=${`routing-${routing}`} name="routing" .checked=${draft.routing === routing}
              @change=${() => this.change({ routing })} />
            <label for=${`routing-${routing}`}>${routing === 'auto' ? text.routingAuto : text.routingFirst}</label>
          </div>`,
        )}
      </fieldset>
      <label for="app-greeting">${text.greeting}</label>
      <textarea id="app-greeting" maxlength="1000" aria-describedby="greeting-help" .value=${draft.greeting}
        @input=${(event: Event) => this.change({ greeting: value(event) })}></textarea>
      <p id="greeting-help" class="muted">${text.greetingHelp}</p>
      <label for="app-starters">${text.starterPrompts}</label>
      <textarea id="app-starters" .value=${draft.starterPrompts}
        @input=${(event: Event) => this.change({ starterPrompts: value(event) })}></textarea>
      <label for="app-session-length">${text.sessionLength}</label>
      <input id="app-session-length" type="number" min="1" max="43200" step="1" required
        aria-describedby="session-length-help" .value=${draft.sessionMinutes}
        @input=${(event: Event) => this.change({ sessionMinutes: value(event) })} />
      <p id="session-length-help" class="muted">${text.sessionLengthHelp}</p>
      <label for="app-identity">${text.identityVerification}</label>
      <select id="app-identity" @change=${(event: Event) =>
        this.change({ identityVerification: value(event) as IdentityVerification })}>
        <option value="off" ?selected=${draft.identityVerification === 'off'}>${text.identityOff}</option>
        <option value="required" ?selected=${draft.identityVerification === 'required'}>${text.identityRequired}</option>
      </select>
      <fieldset aria-describedby="hours-help">
        <legend>${text.openingHours}</legend>
        <p id="hours-help" class="muted">${text.openingHoursHelp}</p>
        <label for="app-time-zone">${text.timeZone}</label>
        <select id="app-time-zone" @change=${(event: Event) => this.change({ timeZone: value(event) })}>
          <option value="" ?selected=${draft.timeZone === ''}>${text.alwaysOpen}</option>
          ${timeZones().map((zone) => html`<option value=${zone} ?selected=${draft.timeZone === zone}>${zone}</option>`)}
        </select>
        ${
          draft.timeZone
            ? weekdays.map(
                (day) => html`<div class="day">
                  <label for=${`hours-${day}`}>${text.weekdays[day]}</label>
                  <input id=${`hours-${day}`} placeholder="09:00-17:30" .value=${draft.days[day]}
                    aria-describedby="hours-help"
                    @input=${(event: Event) => this.change({ days: { ...draft.days, [day]: value(event) } })} />
                </div>`,
              )
            : null
        }
      </fieldset>
      <label for="app-handoff-timeout">${text.handoffTimeout}</label>
      <input id="app-handoff-timeout" type="number" min="1" max="86400" step="1"
        aria-describedby="handoff-timeout-help" .value=${draft.handoffTimeout}
        @input=${(event: Event) => this.change({ handoffTimeout: value(event) })} />
      <p id="handoff-timeout-help" class="muted">${text.handoffTimeoutHelp}</p>
      <label for="app-slack-support">${text.slackSupportChannel}</label>
      <input id="app-slack-support" maxlength="83" pattern="(T[A-Z0-9]{2,40}/)?[CG][A-Z0-9]{2,40}" placeholder="C0123ABCDEF"
        autocomplete="off" spellcheck="false" aria-describedby="slack-support-help" .value=${draft.slackSupportChannel}
        @input=${(event: Event) => this.change({ slackSupportChannel: value(event) })} />
      <p id="slack-support-help" class="muted">${text.slackSupportChannelHelp}</p>
      <div class="row"><button type="submit" class="primary" ?disabled=${this.busy}>${text.save}</button></div>
    </form>`;
  }
}

if (!customElements.get('console-app-editor')) customElements.define('console-app-editor', ConsoleAppEditor);

declare global {
  interface HTMLElementTagNameMap {
    'console-app-editor': ConsoleAppEditor;
  }
}
