import { formatAge, type HourBucket, type ProviderFigures } from '../../application';
import { PAYOUT_STATUSES, type PayoutStatus } from '@libs/payouts/domain';
import { html, type SafeHtml } from './html';

// Hand-built inline SVG: drawn on the server, no script and nothing loaded, so the page's CSP (default-src 'none')
// holds. Each chart is a pure function of its figures; every mark carries a <title> with its exact number.

export const STATUS_COLOURS: Record<PayoutStatus, string> = {
  awaiting_approval: '#d9c27a',
  scheduled: '#c3cbd4',
  pending: '#9aa5b1',
  submitting: '#6b8fd6',
  processing: '#2f5fb3',
  manual_review: '#c77800',
  succeeded: '#1f8a4c',
  returned: '#8e44ad',
  failed: '#c0392b',
  canceled: '#5b6573',
};

const WIDTH = 720;
const PLOT = { left: 40, right: 10, top: 10, bottom: 28 };

/** The smallest "nice" number (1, 2, 5 × 10^n) at least `value`, so the axis reads in round steps. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

const hourLabel = (hour: Date) => `${String(hour.getUTCHours()).padStart(2, '0')}:00`;

/** Payouts created per hour (UTC), each bar stacked by the payouts' current status. */
export function statusPerHourChart(hours: readonly HourBucket[]): SafeHtml {
  const height = 220;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = height - PLOT.top - PLOT.bottom;
  const totals = hours.map((bucket) => PAYOUT_STATUSES.reduce((sum, status) => sum + bucket.counts[status], 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const slot = hours.length === 0 ? plotWidth : plotWidth / hours.length;
  const barWidth = Math.max(1, slot * 0.8);
  const y = (count: number) => (count / max) * plotHeight;
  const bars = hours.map((bucket, i) => {
    const x = PLOT.left + i * slot + (slot - barWidth) / 2;
    let top = PLOT.top + plotHeight;
    const segments = PAYOUT_STATUSES.filter((status) => bucket.counts[status] > 0).map((status) => {
      const h = y(bucket.counts[status]);
      top -= h;
      return html`<rect
        x="${x.toFixed(1)}"
        y="${top.toFixed(1)}"
        width="${barWidth.toFixed(1)}"
        height="${h.toFixed(1)}"
        fill="${STATUS_COLOURS[status]}"
        data-status="${status}"
        ><title>${hourLabel(bucket.hour)} UTC: ${bucket.counts[status]} ${status}</title></rect
      >`;
    });
    const label =
      i % 3 === 0
        ? html`<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle">
            ${hourLabel(bucket.hour)}
          </text>`
        : '';
    return html`<g data-hour="${bucket.hour.toISOString()}" data-total="${totals[i]}">${segments}${label}</g>`;
  });
  const present = PAYOUT_STATUSES.filter((status) => hours.some((bucket) => bucket.counts[status] > 0));
  return chartFigure(
    'chart-status-per-hour',
    height,
    `Payouts created per hour, by current status, last ${hours.length} hours`,
    html`${axes(plotHeight, max)} ${bars}`,
    html`
      Payouts created per hour (UTC), by current status; total ${totals.reduce((a, b) => a + b, 0)}.
      ${present.map(
        (status) => html`<span class="legend"><i style="background:${STATUS_COLOURS[status]}"></i>${status}</span> `,
      )}
    `,
  );
}

function axes(plotHeight: number, max: number): SafeHtml {
  const baseline = PLOT.top + plotHeight;
  return html`<line x1="${PLOT.left}" y1="${baseline}" x2="${WIDTH - PLOT.right}" y2="${baseline}" stroke="#8892a0" />
    <line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${baseline}" stroke="#8892a0" />
    <text x="${PLOT.left - 4}" y="${PLOT.top + 4}" text-anchor="end">${max}</text>
    <text x="${PLOT.left - 4}" y="${baseline}" text-anchor="end">0</text>
    <line
      x1="${PLOT.left}"
      y1="${PLOT.top + plotHeight / 2}"
      x2="${WIDTH - PLOT.right}"
      y2="${PLOT.top + plotHeight / 2}"
      stroke="#e3e6ea"
    />
    <text x="${PLOT.left - 4}" y="${PLOT.top + plotHeight / 2 + 4}" text-anchor="end">${max / 2}</text>`;
}

const ROW = 26;
const LABEL = 110;

/** Per provider: succeeded out of final (succeeded, failed, returned), as a bar from 0 to 100 %. */
export function successRateChart(providers: readonly ProviderFigures[]): SafeHtml {
  const plotWidth = WIDTH - LABEL - 150;
  const chart = {
    id: 'chart-success-rate',
    label: 'Success rate per provider, last 24 hours',
    caption:
      'Success rate per provider: succeeded out of succeeded, failed and returned, of the payouts created in the last 24 h.',
    bandHeight: ROW,
  };
  return perProviderChart(chart, providers, (figures, y) => {
    const rate = figures.successRate;
    const text =
      rate === null ? 'nothing final yet' : `${(rate * 100).toFixed(1)}% (${figures.succeeded} of ${figures.final})`;
    const width = rate === null ? 0 : rate * plotWidth;
    return html`<g data-provider="${figures.provider}" data-rate="${rate === null ? '' : rate.toFixed(4)}">
      <text x="${LABEL - 6}" y="${y + 14}" text-anchor="end">${figures.provider}</text>
      <rect x="${LABEL}" y="${y}" width="${plotWidth}" height="${ROW - 8}" fill="#eef0f3" />
      <rect x="${LABEL}" y="${y}" width="${width.toFixed(1)}" height="${ROW - 8}" fill="${STATUS_COLOURS.succeeded}">
        <title>${figures.provider}: ${text}</title>
      </rect>
      <text x="${LABEL + plotWidth + 6}" y="${y + 14}">${text}</text>
    </g>`;
  });
}

/** Per provider: p50 and p99 of the time from creation to the final answer. */
export function timeToFinalChart(providers: readonly ProviderFigures[]): SafeHtml {
  const plotWidth = WIDTH - LABEL - 110;
  const max = Math.max(0, ...providers.map((figures) => figures.p99Ms ?? 0));
  const scale = (ms: number) => (max === 0 ? 0 : (ms / max) * plotWidth);
  const chart = {
    id: 'chart-time-to-final',
    label: 'Time to final per provider, p50 and p99, last 24 hours',
    caption: 'Time from creation to the final answer (p50, p99) per provider, of the payouts created in the last 24 h.',
    bandHeight: ROW * 2,
  };
  return perProviderChart(chart, providers, (figures, y) => {
    const bar = (label: 'p50' | 'p99', ms: number | null, offset: number, colour: string) =>
      html`<rect
          x="${LABEL}"
          y="${y + offset}"
          width="${scale(ms ?? 0).toFixed(1)}"
          height="${ROW - 10}"
          fill="${colour}"
          data-quantile="${label}"
          ><title>${figures.provider} ${label}: ${ms === null ? 'no final payouts' : `${ms} ms`}</title></rect
        >
        <text x="${LABEL + scale(ms ?? 0) + 6}" y="${y + offset + 12}">
          ${label} ${ms === null ? '—' : formatAge(ms)}
        </text>`;
    return html`<g
      data-provider="${figures.provider}"
      data-p50-ms="${figures.p50Ms ?? ''}"
      data-p99-ms="${figures.p99Ms ?? ''}"
    >
      <text x="${LABEL - 6}" y="${y + 20}" text-anchor="end">${figures.provider}</text>
      ${bar('p50', figures.p50Ms, 0, '#2f5fb3')} ${bar('p99', figures.p99Ms, ROW - 6, '#c77800')}
    </g>`;
  });
}

/** One band per provider, `bandHeight` tall and drawn from its top `y`; a line saying so when there is none. */
function perProviderChart(
  chart: { id: string; label: string; caption: string; bandHeight: number },
  providers: readonly ProviderFigures[],
  band: (figures: ProviderFigures, y: number) => SafeHtml,
): SafeHtml {
  const height = Math.max(1, providers.length) * chart.bandHeight + 20;
  const body =
    providers.length === 0
      ? html`<text x="10" y="20">no routed payouts in the last 24 hours</text>`
      : providers.map((figures, i) => band(figures, 6 + i * chart.bandHeight));
  return chartFigure(chart.id, height, chart.label, body, chart.caption);
}

/** A chart's frame: the figure, its SVG canvas (labelled for screen readers) and its caption. */
function chartFigure(
  id: string,
  height: number,
  label: string,
  body: SafeHtml | SafeHtml[],
  caption: string | SafeHtml,
): SafeHtml {
  return html`<figure class="chart" id="${id}">
    <svg
      viewBox="0 0 ${WIDTH} ${height}"
      width="${WIDTH}"
      height="${height}"
      role="img"
      aria-label="${label}"
      font-size="11"
      font-family="system-ui, sans-serif"
    >
      ${body}
    </svg>
    <figcaption>${caption}</figcaption>
  </figure>`;
}
