import { plainTextProblem } from '@libs/platform/text';
import type { RoutingRule } from './routing-rule';

/** A rule as an admin writes it: the stored rule without the fields the service assigns. */
export type RoutingRuleDraft = Omit<RoutingRule, 'id' | 'version'>;

export interface RuleProblem {
  /** Path in the request body, e.g. `targets[1].weight`. */
  field: string;
  message: string;
}

const NAME_MAX_LENGTH = 100;

/** Every problem of `draft`, each naming its field; an empty list means the rule can be saved. */
export function validateRoutingRule(draft: RoutingRuleDraft, knownProviders: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (field: string, message: string): void => void problems.push({ field, message });
  const known = (provider: unknown): boolean => typeof provider === 'string' && knownProviders.includes(provider);
  const unknownProvider = (provider: unknown): string =>
    `${String(provider)} is not a known provider (known: ${knownProviders.join(', ')})`;

  if (typeof draft.name !== 'string' || draft.name.trim() === '') add('name', 'is required');
  else if (draft.name.length > NAME_MAX_LENGTH) add('name', `must be at most ${NAME_MAX_LENGTH} characters`);
  else {
    const nameProblem = plainTextProblem(draft.name);
    if (nameProblem) add('name', nameProblem);
  }
  if (!Number.isSafeInteger(draft.priority) || draft.priority < 0) add('priority', 'must be an integer >= 0');
  if (typeof draft.enabled !== 'boolean') add('enabled', 'must be true or false');

  const targets = Array.isArray(draft.targets) ? draft.targets : [];
  if (targets.length === 0) add('targets', 'must name at least one provider');
  targets.forEach((target, index) => {
    if (typeof target !== 'object' || target === null) return add(`targets[${index}]`, 'must be { provider, weight }');
    if (!known(target.provider)) add(`targets[${index}].provider`, unknownProvider(target.provider));
    else if (targets.findIndex((other) => other.provider === target.provider) < index) {
      add(`targets[${index}].provider`, `${target.provider} is already a target`);
    }
    if (!Number.isSafeInteger(target.weight) || target.weight < 1) {
      add(`targets[${index}].weight`, 'must be a positive integer');
    }
  });

  const fallback = Array.isArray(draft.fallback) ? draft.fallback : [];
  if (!Array.isArray(draft.fallback)) add('fallback', 'must be a list of providers (may be empty)');
  fallback.forEach((provider, index) => {
    if (!known(provider)) add(`fallback[${index}]`, unknownProvider(provider));
    else if (targets.some((target) => target.provider === provider))
      add(`fallback[${index}]`, `${provider} is a target`);
    else if (fallback.indexOf(provider) < index) add(`fallback[${index}]`, `${provider} is listed twice`);
  });

  problems.push(...matchProblems(draft.match));
  return problems;
}

function matchProblems(match: RoutingRuleDraft['match'] | undefined): RuleProblem[] {
  if (match === undefined || match === null || typeof match !== 'object') {
    return [{ field: 'match', message: 'must be an object (empty matches every payout)' }];
  }
  const problems: RuleProblem[] = [];
  const add = (field: string, message: string): void => void problems.push({ field: `match.${field}`, message });
  if (match.currency !== undefined && !/^[A-Z]{3}$/.test(match.currency)) {
    add('currency', 'must be an ISO 4217 code such as TRY');
  }
  for (const bound of ['minAmount', 'maxAmount'] as const) {
    const value = match[bound];
    if (value !== undefined && (typeof value !== 'bigint' || value < 1n)) add(bound, 'must be a positive amount');
  }
  if (match.minAmount !== undefined && match.maxAmount !== undefined && match.minAmount > match.maxAmount) {
    add('minAmount', 'must not exceed match.maxAmount');
  }
  // An empty list would match nothing, which is never what an admin means by writing it.
  if (match.bankCodes !== undefined) {
    if (match.bankCodes.length === 0) add('bankCodes', 'must not be empty (omit it to match any bank)');
    match.bankCodes.forEach((code, index) => {
      if (!/^[0-9]{5}$/.test(code)) add(`bankCodes[${index}]`, 'must be a 5-digit Turkish bank code');
    });
  }
  if (match.clientIds !== undefined) {
    if (match.clientIds.length === 0) add('clientIds', 'must not be empty (omit it to match any client)');
    match.clientIds.forEach((id, index) => {
      if (typeof id !== 'string' || id === '') add(`clientIds[${index}]`, 'must be a client id');
    });
  }
  for (const [key, value] of Object.entries(match.metadata ?? {})) {
    if (typeof value !== 'string') add(`metadata.${key}`, 'must be a string');
  }
  return problems;
}
