import { RoutingError, type ProviderSettingsPatch } from '../application';
import { BodyProblems } from './body-checks';

export interface ProviderPatchBody {
  enabled?: unknown;
  drain?: unknown;
  minAmount?: unknown;
  maxAmount?: unknown;
  dailyLimit?: unknown;
  lowBalanceThreshold?: unknown;
}

/** PATCH /v1/providers/{name} -> the settings change; amounts are minor-unit strings, null clears a limit. */
export function providerPatchOrThrow(body: ProviderPatchBody): ProviderSettingsPatch {
  const problems = new BodyProblems();
  const patch: ProviderSettingsPatch = {
    enabled: problems.boolean('enabled', body.enabled),
    drain: problems.boolean('drain', body.drain),
    minAmount: problems.optionalAmount('minAmount', body.minAmount),
    maxAmount: problems.optionalAmount('maxAmount', body.maxAmount),
    dailyLimit: problems.optionalAmount('dailyLimit', body.dailyLimit),
    lowBalanceThreshold: problems.optionalAmount('lowBalanceThreshold', body.lowBalanceThreshold),
  };
  if (problems.list.length > 0) throw RoutingError.invalid(problems.list);
  return patch;
}
