import type { RuleMatch, RuleTarget, RoutingRuleDraft } from '../domain';
import { RoutingError } from '../application';
import { BodyProblems } from './body-checks';

const MATCH_KEYS = ['currency', 'minAmount', 'maxAmount', 'bankCodes', 'clientIds', 'metadata'] as const;
const TARGET_KEYS = ['provider', 'weight'] as const;

/** The rule fields of a POST or PUT body as JSON arrived (the DTO only whitelists the top-level keys). */
export interface RuleBody {
  name?: unknown;
  priority?: unknown;
  enabled?: unknown;
  match?: unknown;
  targets?: unknown;
  fallback?: unknown;
}

function parseMatch(problems: BodyProblems, value: unknown): RuleMatch {
  if (value === undefined) return {};
  if (!problems.isRecord(value)) {
    problems.add('match', 'must be an object (empty matches every payout)');
    return {};
  }
  problems.unknownKeys('match', value, MATCH_KEYS);
  const match: RuleMatch = {};
  if (value.currency !== undefined) {
    if (typeof value.currency === 'string') match.currency = value.currency;
    else problems.add('match.currency', 'must be an ISO 4217 code such as TRY');
  }
  if (value.minAmount !== undefined) match.minAmount = problems.amount('match.minAmount', value.minAmount);
  if (value.maxAmount !== undefined) match.maxAmount = problems.amount('match.maxAmount', value.maxAmount);
  if (value.bankCodes !== undefined) match.bankCodes = problems.stringList('match.bankCodes', value.bankCodes);
  if (value.clientIds !== undefined) match.clientIds = problems.stringList('match.clientIds', value.clientIds);
  if (value.metadata !== undefined) match.metadata = problems.stringMap('match.metadata', value.metadata);
  return match;
}

function parseTargets(problems: BodyProblems, value: unknown): RuleTarget[] {
  if (!Array.isArray(value)) {
    problems.add('targets', 'must be a list of { provider, weight }');
    return [];
  }
  return value.map((item: unknown, index) => {
    if (!problems.isRecord(item)) {
      problems.add(`targets[${index}]`, 'must be { provider, weight }');
      return { provider: '', weight: 0 };
    }
    problems.unknownKeys(`targets[${index}]`, item, TARGET_KEYS);
    return { provider: item.provider as string, weight: item.weight as number };
  });
}

/**
 * A rule body -> a draft for the domain's validateRoutingRule. Checks only what the domain cannot read (JSON amounts
 * as strings, unknown keys, nested shapes); `enabled` defaults to true, `match` to {} and `fallback` to [].
 */
export function ruleDraftOrThrow(body: RuleBody): RoutingRuleDraft {
  const problems = new BodyProblems();
  const draft = {
    name: body.name as string,
    priority: body.priority as number,
    enabled: (body.enabled ?? true) as boolean,
    match: parseMatch(problems, body.match),
    targets: parseTargets(problems, body.targets),
    fallback: (body.fallback ?? []) as string[],
  };
  if (problems.list.length > 0) throw RoutingError.invalid(problems.list);
  return draft;
}
