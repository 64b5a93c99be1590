import { css, html, svg, type TemplateResult } from 'lit';
import { strings } from '../../strings/index.js';

/**
 * Small charts drawn as SVG by Lit (no chart library: a few hundred bytes here against ~20 kB gzip
 * for the smallest good one). Each is a `<figure>` whose SVG is an image named by its caption, with
 * the same numbers in a table under "Show as a table" for screen readers and keyboard users.
 */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

export interface ChartInput {
  id: string;
  title: string;
  /** One label per point (the days). */
  labels: string[];
  series: ChartSeries[];
  kind: 'bars' | 'lines';
  /** The header of the table's first column. */
  labelHeader: string;
}

const width = 600;
const height = 200;
const padding = { left: 48, right: 8, top: 12, bottom: 24 };

function niceMaximum(values: (number | null)[]): number {
  const maximum = Math.max(0, ...values.filter((value): value is number => value !== null));
  if (maximum === 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(maximum));
  return Math.ceil(maximum / magnitude) * magnitude;
}

function shapes(input: ChartInput, maximum: number) {
  const plotWidth = width - padding.left - padding.right;
  const plotHeight = height - padding.top - padding.bottom;
  const count = Math.max(1, input.labels.length);
  const slot = plotWidth / count;
  const y = (value: number) => padding.top + plotHeight - (value / maximum) * plotHeight;
  if (input.kind === 'bars') {
    const barWidth = Math.max(1, (slot * 0.8) / input.series.length);
    return input.series.flatMap((series, seriesIndex) =>
      series.values.map((value, index) => {
        if (value === null || value === 0) return svg``;
        const x = padding.left + index * slot + slot * 0.1 + seriesIndex * barWidth;
        return svg`<rect x=${x} y=${y(value)} width=${barWidth} height=${padding.top + plotHeight - y(value)} class=${`series-${seriesIndex}`}></rect>`;
      }),
    );
  }
  return input.series.map((series, seriesIndex) => {
    const points = series.values
      .map((value, index) =>
        value === null ? null : `${padding.left + index * slot + slot / 2},${y(value)}`,
      )
      .filter((point): point is string => point !== null)
      .join(' ');
    return svg`<polyline points=${points} class=${`line series-${seriesIndex}`}></polyline>
      ${series.values.map((value, index) =>
        value === null
          ? svg``
          : svg`<circle cx=${padding.left + index * slot + slot / 2} cy=${y(value)} r="3" class=${`series-${seriesIndex}`}></circle>`,
      )}`;
  });
}

/** The colours of the series (fill for bars and dots, stroke for lines), for a page's styles. */
export const chartStyles = css`
  figure.chart {
    margin: 0 0 var(--console-gap);
  }
  figure.chart svg[role='img'] {
    width: 100%;
    height: 200px;
    color: var(--console-muted);
  }
  .series-0 {
    fill: var(--console-accent);
    stroke: var(--console-accent);
  }
  .series-1 {
    fill: var(--console-warning);
    stroke: var(--console-warning);
  }
  .series-2 {
    fill: var(--console-success);
    stroke: var(--console-success);
  }
  polyline.line {
    fill: none;
    stroke-width: 2;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    list-style: none;
    padding: 0;
    margin: 4px 0;
  }
  .swatch {
    width: 12px;
    height: 12px;
    margin-right: 6px;
    vertical-align: middle;
  }
  figcaption {
    font-weight: 600;
  }
  details summary {
    min-height: 44px;
    display: flex;
    align-items: center;
    cursor: pointer;
  }
`;

/** A bar or line chart with its legend and its table. */
export function renderChart(input: ChartInput): TemplateResult {
  const maximum = niceMaximum(input.series.flatMap((series) => series.values));
  const captionId = `${input.id}-caption`;
  const bottom = height - padding.bottom;
  return html`<figure class="chart" data-chart=${input.id}>
    <figcaption id=${captionId}>${input.title}</figcaption>
    <svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby=${captionId} preserveAspectRatio="none">
      <line x1=${padding.left} y1=${bottom} x2=${width - padding.right} y2=${bottom} stroke="currentColor"></line>
      <line x1=${padding.left} y1=${padding.top} x2=${padding.left} y2=${bottom} stroke="currentColor"></line>
      <text x=${padding.left - 6} y=${padding.top + 10} text-anchor="end" fill="currentColor" font-size="12">${maximum}</text>
      <text x=${padding.left - 6} y=${bottom} text-anchor="end" fill="currentColor" font-size="12">0</text>
      <text x=${padding.left} y=${height - 6} fill="currentColor" font-size="12">${input.labels[0] ?? ''}</text>
      <text x=${width - padding.right} y=${height - 6} text-anchor="end" fill="currentColor" font-size="12">${input.labels.at(-1) ?? ''}</text>
      ${shapes(input, maximum)}
    </svg>
    <ul class="legend">
      ${input.series.map(
        (series, index) =>
          html`<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" class=${`series-${index}`}></rect></svg>${series.label}</li>`,
      )}
    </ul>
    <details>
      <summary>${strings.analytics.showTable}</summary>
      <table>
        <caption class="visually-hidden">${input.title}</caption>
        <thead><tr><th scope="col">${input.labelHeader}</th>${input.series.map((series) => html`<th scope="col">${series.label}</th>`)}</tr></thead>
        <tbody>
          ${input.labels.map(
            (label, index) =>
              html`<tr><th scope="row">${label}</th>${input.series.map(
                (series) => html`<td>${series.values[index] ?? strings.analytics.noValue}</td>`,
              )}</tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}
