import fc from 'fast-check';
import { DomainValidationError } from './domain-error';
import type { MinorUnits } from './money';
import {
  readApprovalRulesOrThrow,
  requiredApprovals,
  type ApprovalPolicy,
  type ApprovalRule,
  type ApprovalSubject,
} from './approval-policy';

const CLIENTS = ['0b8c6a52-0000-4000-8000-000000000001', '0b8c6a52-0000-4000-8000-000000000002'];
const CURRENCIES = ['TRY', 'EUR'];

const amountArbitrary = fc.bigInt({ min: 1n, max: 10_000_000n });
const ruleArbitrary: fc.Arbitrary<ApprovalRule> = fc.record(
  {
    minAmount: amountArbitrary.map((value) => value as MinorUnits),
    currency: fc.constantFrom(...CURRENCIES),
    approvals: fc.constantFrom<1 | 2>(1, 2),
    clientIds: fc.subarray(CLIENTS, { minLength: 1 }),
  },
  { requiredKeys: ['minAmount', 'currency', 'approvals'] },
);
const policyArbitrary: fc.Arbitrary<ApprovalPolicy> = fc.record({
  version: fc.nat(),
  rules: fc.array(ruleArbitrary, { maxLength: 6 }),
});
const subjectArbitrary: fc.Arbitrary<ApprovalSubject> = fc.record({
  amount: amountArbitrary,
  currency: fc.constantFrom(...CURRENCIES),
  clientId: fc.constantFrom(...CLIENTS),
});

const matches = (rule: ApprovalRule, subject: ApprovalSubject): boolean =>
  rule.currency === subject.currency &&
  subject.amount >= rule.minAmount &&
  (rule.clientIds === undefined || rule.clientIds.includes(subject.clientId));

describe('requiredApprovals', () => {
  it('is the most approvals among the matching rules, 0 when none matches', () => {
    fc.assert(
      fc.property(policyArbitrary, subjectArbitrary, (policy, subject) => {
        const matching = policy.rules.filter((rule) => matches(rule, subject)).map((rule) => rule.approvals);
        expect(requiredApprovals(policy, subject)).toBe(Math.max(0, ...matching));
      }),
      { numRuns: 500 },
    );
  });

  it('never asks less for a larger amount (bounds inclusive)', () => {
    fc.assert(
      fc.property(policyArbitrary, subjectArbitrary, amountArbitrary, (policy, subject, more) => {
        const larger = { ...subject, amount: subject.amount + more };
        expect(requiredApprovals(policy, larger)).toBeGreaterThanOrEqual(requiredApprovals(policy, subject));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the rules', () => {
    fc.assert(
      fc.property(policyArbitrary, subjectArbitrary, (policy, subject) => {
        const reversed = { ...policy, rules: [...policy.rules].reverse() };
        expect(requiredApprovals(reversed, subject)).toBe(requiredApprovals(policy, subject));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a rule at exactly its minAmount', () => {
    const policy = { version: 1, rules: [{ minAmount: 1000n as MinorUnits, currency: 'TRY', approvals: 2 as const }] };
    expect(requiredApprovals(policy, { amount: 1000n, currency: 'TRY', clientId: CLIENTS[0] })).toBe(2);
    expect(requiredApprovals(policy, { amount: 999n, currency: 'TRY', clientId: CLIENTS[0] })).toBe(0);
    expect(requiredApprovals(policy, { amount: 1000n, currency: 'EUR', clientId: CLIENTS[0] })).toBe(0);
    expect(requiredApprovals({ version: 2, rules: [] }, { amount: 1n, currency: 'TRY', clientId: CLIENTS[0] })).toBe(0);
  });
});

describe('readApprovalRulesOrThrow', () => {
  it('reads back every valid rule set as written (amounts as strings)', () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 6 }), (rules) => {
        const json = rules.map((rule) => ({ ...rule, minAmount: rule.minAmount.toString() }));
        expect(readApprovalRulesOrThrow(json, CURRENCIES)).toEqual(rules);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['approvals: 3', { minAmount: '100', currency: 'TRY', approvals: 3 }, 'rules[0].approvals'],
    ['approvals: 0', { minAmount: '100', currency: 'TRY', approvals: 0 }, 'rules[0].approvals'],
    ['a number amount', { minAmount: 100, currency: 'TRY', approvals: 1 }, 'rules[0].minAmount'],
    ['a decimal amount', { minAmount: '10.5', currency: 'TRY', approvals: 1 }, 'rules[0].minAmount'],
    ['an unknown currency', { minAmount: '100', currency: 'XXX', approvals: 1 }, 'rules[0].currency'],
    ['an empty client list', { minAmount: '100', currency: 'TRY', approvals: 1, clientIds: [] }, 'rules[0].clientIds'],
    [
      'a client id not a UUID',
      { minAmount: '1', currency: 'TRY', approvals: 1, clientIds: ['x'] },
      'rules[0].clientIds',
    ],
    ['an unknown field', { minAmount: '100', currency: 'TRY', approvals: 1, max: '5' }, 'rules[0].max'],
  ])('refuses %s naming the field', (_what, rule, field) => {
    try {
      readApprovalRulesOrThrow([rule], CURRENCIES);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).errors.map((e) => e.field)).toContain(field);
    }
  });

  it('refuses rules that are not a list', () => {
    expect(() => readApprovalRulesOrThrow({}, CURRENCIES)).toThrow(DomainValidationError);
  });
});
