import type { Analytics, App, List, UnansweredQuestions, UnansweredReason } from '@parley/contract';
import { css, html, LitElement } from 'lit';
import { type ApiError, api } from '../../api.js';
import { consoleHref } from '../../router.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { chartStyles, renderChart } from './chart.js';

const text = strings.analytics;
const dayMilliseconds = 86_400_000;
const ranges = [
  { days: 7, label: text.range7 },
  { days: 30, label: text.range30 },
  { days: 90, label: text.range90 },
];
const reasons: Record<UnansweredReason, string> = {
  no_source: text.reasonNoSource,
  failed: text.reasonFailed,
  rated_down: text.reasonRatedDown,
  escalated: text.reasonEscalated,
};

function milliseconds(value: number | null): string {
  return value === null ? text.noValue : format(text.milliseconds, { value: Math.round(value) });
}

/** Analytics of an app over a range: summary numbers, charts (each with its table), unanswered questions. */
export class ConsoleAnalyticsPage extends LitElement {
  static override styles = [
    sharedStyles,
    chartStyles,
    css`
      .summary {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        gap: 8px;
        margin: 0 0 var(--console-gap);
      }
      .summary div {
        background: var(--console-surface);
        border: 1px solid var(--console-border);
        border-radius: var(--console-radius);
        padding: 8px 12px;
      }
      .summary dt {
        color: var(--console-muted);
      }
      .summary dd {
        margin: 0;
        font-size: 1.4rem;
        font-weight: 600;
      }
      .controls {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
        gap: 8px;
      }
      .table-wrap {
        overflow-x: auto;
      }
    `,
  ];
  static override properties = {
    apps: { state: true },
    appId: { state: true },
    days: { state: true },
    report: { state: true },
    unanswered: { state: true },
    failure: { state: true },
  };

  declare apps: App[] | null;
  declare appId: string;
  declare days: number;
  declare report: Analytics | null;
  declare unanswered: UnansweredQuestions | null;
  declare failure: string;

  constructor() {
    super();
    this.apps = null;
    this.appId = '';
    this.days = 7;
    this.report = null;
    this.unanswered = null;
    this.failure = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    api<List<App>>('GET', '/v1/apps?limit=100').then(
      (apps) => {
        this.apps = apps.data;
        this.appId = apps.data[0]?.id ?? '';
        void this.load();
      },
      (failure: ApiError) => {
        this.failure = format(text.loadFailed, { message: failure.message });
      },
    );
  }

  private async load(): Promise<void> {
    if (!this.appId) return;
    this.report = null;
    this.unanswered = null;
    this.failure = '';
    const from = new Date(Date.now() - (this.days - 1) * dayMilliseconds);
    from.setUTCHours(0, 0, 0, 0);
    const base = `/v1/apps/${encodeURIComponent(this.appId)}/analytics`;
    const query = `from=${encodeURIComponent(from.toISOString())}`;
    try {
      const [report, unanswered] = await Promise.all([
        api<Analytics>('GET', `${base}?${query}&interval=day`),
        api<UnansweredQuestions>('GET', `${base}/unanswered?${query}`),
      ]);
      this.report = report;
      this.unanswered = unanswered;
    } catch (failure) {
      this.failure = format(text.loadFailed, { message: (failure as ApiError).message });
    }
  }

  private renderSummary(report: Analytics) {
    const totals = report.totals;
    const rate = totals.escalation_rate;
    const items: [string, string, string][] = [
      ['sessions', text.sessions, String(totals.sessions)],
      ['messages', text.messages, String(totals.messages)],
      [
        'escalation-rate',
        text.escalationRate,
        rate === null ? text.noValue : format(text.percent, { value: Math.round(rate * 1000) / 10 }),
      ],
      ['feedback-up', text.thumbsUp, String(totals.feedback_up)],
      ['feedback-down', text.thumbsDown, String(totals.feedback_down)],
      ['latency-p50', text.latencyP50, milliseconds(totals.latency_ms.p50)],
      ['latency-p95', text.latencyP95, milliseconds(totals.latency_ms.p95)],
      ['tokens', text.tokens, String(totals.input_tokens + totals.output_tokens)],
      ['tool-calls', text.toolCalls, String(totals.tool_calls)],
    ];
    return html`<h2>${text.summaryTitle}</h2>
      <dl class="summary">
        ${items.map(([metric, label, value]) => html`<div><dt>${label}</dt><dd data-metric=${metric}>${value}</dd></div>`)}
      </dl>`;
  }

  private renderCharts(report: Analytics) {
    const labels = report.series.map((bucket) => bucket.start.slice(0, 10));
    const pick = (name: keyof Analytics['series'][number]) =>
      report.series.map((bucket) => bucket[name] as number | null);
    const tools = Object.entries(report.totals.tool_use).sort((left, right) => right[1] - left[1]);
    const chart = (
      id: string,
      title: string,
      kind: 'bars' | 'lines',
      series: { label: string; values: (number | null)[] }[],
    ) => renderChart({ id, title, labels, series, kind, labelHeader: text.columnDay });
    return html`
      ${chart('sessions-messages', text.chartSessionsMessages, 'bars', [
        { label: text.sessions, values: pick('sessions') },
        { label: text.messages, values: pick('messages') },
      ])}
      ${chart('escalations', text.chartEscalations, 'bars', [{ label: text.escalations, values: pick('escalations') }])}
      ${chart('feedback', text.chartFeedback, 'bars', [
        { label: text.thumbsUp, values: pick('feedback_up') },
        { label: text.thumbsDown, values: pick('feedback_down') },
      ])}
      ${chart('latency', text.chartLatency, 'lines', [
        { label: text.p50, values: pick('latency_p50') },
        { label: text.p95, values: pick('latency_p95') },
      ])}
      ${chart('tokens', text.chartTokens, 'bars', [
        { label: text.inputTokens, values: pick('input_tokens') },
        { label: text.outputTokens, values: pick('output_tokens') },
      ])}
      ${
        tools.length === 0
          ? html`<h3>${text.chartTools}</h3><p>${text.noTools}</p>`
          : renderChart({
              id: 'tools',
              title: text.chartTools,
              labels: tools.map(([tool]) => tool),
              series: [{ label: text.columnCalls, values: tools.map(([, calls]) => calls) }],
              kind: 'bars',
              labelHeader: text.columnTool,
            })
      }
    `;
  }

  private renderUnanswered(unanswered: UnansweredQuestions) {
    return html`<h2 id="unanswered-heading">${text.unansweredTitle}</h2>
      ${unanswered.complete ? null : html`<p class="muted">${format(text.unansweredPartial, { count: unanswered.looked_at })}</p>`}
      ${
        unanswered.questions.length === 0
          ? html`<p>${text.unansweredEmpty}</p>`
          : html`<div class="table-wrap"><table aria-labelledby="unanswered-heading">
              <thead><tr>
                <th scope="col">${text.columnQuestion}</th><th scope="col">${text.columnReason}</th>
                <th scope="col">${text.columnWhen}</th><th scope="col">${text.columnSession}</th>
              </tr></thead>
              <tbody>
                ${unanswered.questions.map((entry) => {
                  const question = entry.question ?? text.unknownQuestion;
                  return html`<tr data-unanswered=${entry.message_id}>
                    <td>${question}</td><td>${reasons[entry.reason]}</td>
                    <td>${new Date(entry.at).toLocaleString()}</td>
                    <td><a href=${consoleHref(`conversations/session/${this.appId}/${entry.session_id}`)}
                      aria-label=${format(text.openConversationLabel, { question })}>${text.openConversation}</a></td>
                  </tr>`;
                })}
              </tbody>
            </table></div>`
      }`;
  }

  override render() {
    const apps = this.apps;
    return html`
      <h1>${text.title}</h1>
      <p role="alert" class="error">${this.failure}</p>
      ${apps !== null && apps.length === 0 ? html`<p>${text.noApps}</p>` : null}
      ${
        apps && apps.length > 0
          ? html`<div class="controls">
              <div><label for="analytics-app">${text.app}</label>
                <select id="analytics-app" @change=${(event: Event) => {
                  this.appId = (event.target as HTMLSelectElement).value;
                  void this.load();
                }}>${apps.map((app) => html`<option value=${app.id} ?selected=${app.id === this.appId}>${app.name}</option>`)}</select></div>
              <div><label for="analytics-range">${text.range}</label>
                <select id="analytics-range" @change=${(event: Event) => {
                  this.days = Number((event.target as HTMLSelectElement).value);
                  void this.load();
                }}>${ranges.map((range) => html`<option value=${range.days} ?selected=${range.days === this.days}>${range.label}</option>`)}</select></div>
            </div>`
          : null
      }
      ${this.report ? html`${this.renderSummary(this.report)}${this.renderCharts(this.report)}` : apps?.length ? html`<p>${text.loading}</p>` : null}
      ${this.unanswered ? this.renderUnanswered(this.unanswered) : null}
    `;
  }
}

if (!customElements.get('console-analytics-page'))
  customElements.define('console-analytics-page', ConsoleAnalyticsPage);

declare global {
  interface HTMLElementTagNameMap {
    'console-analytics-page': ConsoleAnalyticsPage;
  }
}
