import { ruleFor, UNKNOWN_CODE_RULE } from './code-rule';
import { judgeWebhookByLookup, normalizedFailure, providerSignal } from './provider-signal';

describe('judgeWebhookByLookup', () => {
  it.each([
    ['succeeded', 'succeeded', 'confirmed'],
    ['succeeded', 'processing', 'not_yet'],
    ['succeeded', 'manual_review', 'not_yet'],
    ['succeeded', 'failed', 'contradicted'],
    ['failed', 'failed', 'confirmed'],
    ['failed', 'processing', 'not_yet'],
    ['failed', 'succeeded', 'contradicted'],
    ['returned', 'succeeded', 'confirmed'],
    ['returned', 'returned', 'confirmed'],
    ['returned', 'failed', 'contradicted'],
    ['manual_review', 'processing', 'confirmed'],
  ] as const)('webhook %s with lookup %s is %s', (webhook, lookup, verdict) => {
    expect(judgeWebhookByLookup(webhook, lookup)).toBe(verdict);
  });
});

describe('ruleFor', () => {
  it('maps an unknown or missing code to ambiguous, never to a failure', () => {
    const table = { '1': { outcome: 'accepted', moneyMayHaveMoved: true, failoverAllowed: false } } as const;
    expect(ruleFor(table, '2')).toBe(UNKNOWN_CODE_RULE);
    expect(ruleFor(table, undefined)).toBe(UNKNOWN_CODE_RULE);
    expect(ruleFor(table, 'toString')).toBe(UNKNOWN_CODE_RULE);
    expect(UNKNOWN_CODE_RULE.outcome).toBe('ambiguous');
  });
});

describe('normalizedFailure and providerSignal', () => {
  it('keeps the provider code and a redacted provider message beside our message', () => {
    const failure = normalizedFailure(
      'beneficiary_mismatch',
      '306',
      'İsim TR320010009999901234567890 ile eşleşmiyor, TCKN 10000000146',
    );
    expect(failure).toMatchObject({ code: 'beneficiary_mismatch', providerCode: '306' });
    expect(failure.providerMessage).not.toContain('TR320010009999901234567890');
    expect(failure.providerMessage).not.toContain('10000000146');
  });

  it('adds a failure only to failed signals', () => {
    expect(providerSignal({ status: 'succeeded' }, 'SENT')).toEqual({ status: 'succeeded', providerStatus: 'SENT' });
    expect(providerSignal({ status: 'failed', failure: 'bank_rejected' }, '2').failure?.code).toBe('bank_rejected');
  });
});
