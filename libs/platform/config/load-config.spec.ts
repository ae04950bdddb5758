import {
  defineSlice,
  duration,
  durationMap,
  integer,
  list,
  oneOf,
  port,
  positiveNumber,
  text,
  url,
} from './config-entry';
import { collectProblems, loadSlice, secretValues } from './load-config';
import { formatDuration, parseDurationOrThrow } from './duration';
import { platformConfig } from './platform.config';

const slice = defineSlice('example', {
  port: port('EXAMPLE_PORT', { description: 'a port', default: '3000' }),
  timeoutMs: duration('EXAMPLE_TIMEOUT', { description: 'a duration', default: '10s' }),
  base: url(['http', 'https'])('EXAMPLE_BASE', { description: 'a url' }),
  level: oneOf(['a', 'b'] as const)('EXAMPLE_LEVEL', { description: 'a choice', default: 'a' }),
  scale: positiveNumber('EXAMPLE_SCALE', { description: 'a scale', default: '1' }),
  hosts: list('EXAMPLE_HOSTS', { description: 'a list', default: '' }),
  count: integer(1, 10)('EXAMPLE_COUNT', { description: 'a count', default: '5' }),
  apiKey: text('EXAMPLE_KEY', { description: 'a secret', secret: true, required: true }),
  stuck: durationMap(['pending', 'processing'] as const)('EXAMPLE_STUCK', {
    description: 'a map',
    default: 'pending=2m',
  }),
});

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
  ])('parses %s', (text, ms) => expect(parseDurationOrThrow(text)).toBe(ms));

  it.each(['10', '1.5s', '-1s', 's', '10 minutes', '1w', ''])('refuses %p', (text) =>
    expect(() => parseDurationOrThrow(text)).toThrow(/is not a duration/),
  );

  it('formats milliseconds back in the largest whole unit', () => {
    expect([500, 30_000, 600_000, 3_600_000, 90_000].map(formatDuration)).toEqual(['500ms', '30s', '10m', '1h', '90s']);
  });
});

describe('loading a slice', () => {
  it('applies defaults and parses typed values', () => {
    const { value, problems } = loadSlice(slice, {
      EXAMPLE_KEY: 'sk_live_abcdef',
      EXAMPLE_HOSTS: 'a.example, b.example',
    });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      port: 3000,
      timeoutMs: 10_000,
      level: 'a',
      scale: 1,
      count: 5,
      hosts: ['a.example', 'b.example'],
    });
    expect(value.base).toBeUndefined();
    expect(value.stuck).toEqual({ pending: 120_000 });
  });

  it('writes one line per invalid or missing value, naming the variable', () => {
    const problems = loadSlice(slice, {
      EXAMPLE_PORT: '70000',
      EXAMPLE_TIMEOUT: '10',
      EXAMPLE_BASE: 'ftp://x',
      EXAMPLE_LEVEL: 'c',
      EXAMPLE_SCALE: '0',
      EXAMPLE_COUNT: 'x',
      EXAMPLE_STUCK: 'failed=1m',
    }).problems;
    expect(problems).toEqual([
      'EXAMPLE_PORT is invalid: 70000 is outside 1..65535',
      expect.stringMatching(/^EXAMPLE_TIMEOUT is invalid: "10" is not a duration/),
      'EXAMPLE_BASE is invalid: must use http or https, not ftp',
      'EXAMPLE_LEVEL is invalid: "c" is not one of a, b',
      'EXAMPLE_SCALE is invalid: "0" is not a positive number',
      'EXAMPLE_COUNT is invalid: "x" is not a whole number',
      'EXAMPLE_KEY is missing: a secret',
      'EXAMPLE_STUCK is invalid: "failed" is not one of pending, processing',
    ]);
  });

  it('refuses a URL that does not parse', () => {
    expect(loadSlice(slice, { EXAMPLE_KEY: 'k-123456', EXAMPLE_BASE: 'not a url' }).problems).toEqual([
      'EXAMPLE_BASE is invalid: is not a URL',
    ]);
  });

  it('never echoes the value of a secret in a problem', () => {
    const secretSlice = defineSlice('s', {
      token: port('SECRET_PORTISH', { description: 'x', secret: true, default: '1' }),
    });
    const problems = loadSlice(secretSlice, { SECRET_PORTISH: 'hunter2-secret' }).problems;
    expect(problems).toEqual(['SECRET_PORTISH is invalid']);
  });

  it('treats an empty variable as unset', () => {
    expect(loadSlice(slice, { EXAMPLE_KEY: 'k-123456', EXAMPLE_PORT: '' }).value.port).toBe(3000);
  });

  it('collects the secret values so the logger can redact them', () => {
    expect(secretValues([slice], { EXAMPLE_KEY: 'sk_live_abcdef' })).toEqual(['sk_live_abcdef']);
  });
});

describe('the platform slice', () => {
  it('is valid with nothing set', () => {
    expect(collectProblems([platformConfig], {})).toEqual([]);
  });

  it('names every bad platform variable', () => {
    const problems = collectProblems([platformConfig], {
      DATABASE_URL: 'mysql://x',
      PORT: 'abc',
      POLL_TIME_SCALE: '-1',
      PROVIDER_TIMEOUT: '10 s',
      NODE_ENV: 'staging',
    });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'NODE_ENV',
      'DATABASE_URL',
      'PORT',
      'PROVIDER_TIMEOUT',
      'POLL_TIME_SCALE',
    ]);
    expect(problems.join('\n')).not.toContain('mysql://x');
  });
});

describe('TRUST_PROXY', () => {
  const trustProxyOf = (raw?: string) =>
    loadSlice(platformConfig, raw === undefined ? {} : { TRUST_PROXY: raw }).value.trustProxy;

  it('defaults to loopback (a proxy on the same machine), as before it was configurable', () => {
    expect(trustProxyOf()).toEqual(['loopback']);
  });

  it('reads a hop count, or addresses, CIDR ranges and named ranges', () => {
    expect(trustProxyOf('1')).toBe(1);
    expect(trustProxyOf('0')).toBe(0);
    expect(trustProxyOf('10.0.0.0/8, 2001:db8::/32, 192.0.2.7, loopback')).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
      '192.0.2.7',
      'loopback',
    ]);
  });

  it.each([
    ['true', 'trusts every sender, so anyone could spoof'],
    ['10.0.0.0/40', 'a prefix too long'],
    ['lb.internal', 'a host name'],
    ['11', 'more hops than any deployment'],
  ])('fails start-up on %s (%s) with one line naming TRUST_PROXY', (raw) => {
    const problems = collectProblems([platformConfig], { TRUST_PROXY: raw });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TRUST_PROXY is invalid: /);
  });
});
