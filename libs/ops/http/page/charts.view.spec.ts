import { PAYOUT_STATUSES, type PayoutStatus } from '@libs/payouts/domain';
import { hourBuckets, type ProviderFigures } from '../../application';
import { niceCeiling, statusPerHourChart, STATUS_COLOURS, successRateChart, timeToFinalChart } from './charts.view';

const FROM = new Date('2026-05-26T00:00:00.000Z');
const at = (hour: number) => new Date(FROM.getTime() + hour * 3_600_000);

/** The attribute values of every `<tag ...>` in the markup, in order. */
function elements(markup: string, tag: string): Record<string, string>[] {
  return [...markup.matchAll(new RegExp(`<${tag}\\s([^>]*)>`, 'g'))].map((match) =>
    Object.fromEntries([...match[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((attr) => [attr[1], attr[2]])),
  );
}

const figures = (over: Partial<ProviderFigures>): ProviderFigures => ({
  provider: 'alpha',
  final: 0,
  succeeded: 0,
  p50Ms: null,
  p99Ms: null,
  successRate: null,
  ...over,
});

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten, and is never 0', () => {
    expect([0, 1, 2, 3, 7, 10, 11, 45, 200, 201].map(niceCeiling)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 200, 500]);
  });
});

describe('statusPerHourChart', () => {
  const counts: { hour: Date; status: PayoutStatus; count: number }[] = [
    { hour: at(0), status: 'succeeded', count: 3 },
    { hour: at(0), status: 'failed', count: 1 },
    { hour: at(23), status: 'manual_review', count: 2 },
    { hour: at(24), status: 'failed', count: 99 }, // outside the window: dropped
  ];
  const markup = statusPerHourChart(hourBuckets(FROM, counts)).value;

  it('draws one group per hour, 24 of them, with the hour’s total', () => {
    const groups = elements(markup, 'g');
    expect(groups).toHaveLength(24);
    expect(groups[0]).toMatchObject({ 'data-hour': FROM.toISOString(), 'data-total': '4' });
    expect(groups[23]).toMatchObject({ 'data-total': '2' });
    expect(groups.slice(1, 23).every((group) => group['data-total'] === '0')).toBe(true);
  });

  it('stacks the statuses in state-machine order, heights in proportion, on the axis scaled to a nice maximum', () => {
    const rects = elements(markup, 'rect');
    // Hour 0: succeeded (3) then failed (1), stacked up from the baseline at y = 10 + 182; the axis tops at 5.
    expect(rects.map((rect) => rect['data-status'])).toEqual(['succeeded', 'failed', 'manual_review']);
    expect(rects[0]).toMatchObject({ fill: STATUS_COLOURS.succeeded, height: ((3 / 5) * 182).toFixed(1) });
    expect(Number(rects[1].y) + Number(rects[1].height)).toBeCloseTo(Number(rects[0].y), 1);
    expect(Number(rects[0].y) + Number(rects[0].height)).toBeCloseTo(192, 1);
    expect(markup).toContain('>5</text>');
    expect(markup).toContain('<title>00:00 UTC: 3 succeeded</title>');
    expect(markup).toContain('total 6.');
  });

  it('has no script, no outside reference, and a legend of the statuses present only', () => {
    // No URL at all, not even an xmlns (inline SVG in HTML needs none): the page promises nothing from elsewhere.
    expect(markup).not.toMatch(/<script|href=|url\(|on\w+=|https?:/i);
    const legend = markup.slice(markup.indexOf('<figcaption'));
    expect(legend).toContain('manual_review');
    expect(PAYOUT_STATUSES.filter((status) => legend.includes(`</i>${status}`))).toEqual([
      'manual_review',
      'succeeded',
      'failed',
    ]);
  });

  it('draws an empty day as 24 empty hours on a 0..1 axis', () => {
    const empty = statusPerHourChart(hourBuckets(FROM, [])).value;
    expect(elements(empty, 'rect')).toEqual([]);
    expect(elements(empty, 'g')).toHaveLength(24);
  });
});

describe('successRateChart', () => {
  it('draws each provider’s rate as a share of the full bar, and says when nothing is final yet', () => {
    const markup = successRateChart([
      figures({ provider: 'alpha', final: 4, succeeded: 3, successRate: 0.75 }),
      figures({ provider: 'beta' }),
    ]).value;
    const [alphaTrack, alphaBar, betaTrack, betaBar] = elements(markup, 'rect');
    expect(Number(alphaBar.width)).toBeCloseTo(Number(alphaTrack.width) * 0.75, 0);
    expect(betaBar.width).toBe('0.0');
    expect(Number(betaTrack.width)).toBeGreaterThan(0);
    expect(markup).toContain('75.0% (3 of 4)');
    expect(markup).toContain('nothing final yet');
  });

  it('escapes a provider name', () => {
    const markup = successRateChart([figures({ provider: '<b>x</b>' })]).value;
    expect(markup).not.toContain('<b>x</b>');
    expect(markup).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('says so when no payout was routed', () => {
    expect(successRateChart([]).value).toContain('no routed payouts in the last 24 hours');
  });
});

describe('timeToFinalChart', () => {
  it('scales every bar to the slowest p99 and labels the times for people', () => {
    const markup = timeToFinalChart([
      figures({ provider: 'alpha', p50Ms: 1_500, p99Ms: 60_000 }),
      figures({ provider: 'beta', p50Ms: 30_000, p99Ms: 120_000 }),
    ]).value;
    const bars = elements(markup, 'rect');
    expect(bars.map((bar) => bar['data-quantile'])).toEqual(['p50', 'p99', 'p50', 'p99']);
    const widths = bars.map((bar) => Number(bar.width));
    expect(widths[3]).toBeCloseTo(widths[1] * 2, 0);
    expect(widths[2]).toBeCloseTo(widths[3] / 4, 0);
    expect(markup).toContain('p99 2m');
    expect(markup).toContain('p50 1s');
  });

  it('draws no bar for a provider with nothing final', () => {
    const markup = timeToFinalChart([figures({ provider: 'alpha' })]).value;
    expect(elements(markup, 'rect').map((bar) => bar.width)).toEqual(['0.0', '0.0']);
    expect(markup).toContain('p50 —');
  });
});
