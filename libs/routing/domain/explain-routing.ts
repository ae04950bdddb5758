import { chooseProvider, type ChooseProviderParams, type RoutingDecision } from './choose-provider';
import { orderRules, ruleMismatch } from './rule-match';

export interface RuleCheck {
  ruleId: string;
  ruleVersion: number;
  name: string;
  matched: boolean;
  reason: string;
}

export interface RoutingExplanation extends RoutingDecision {
  /** Every rule in evaluation order and whether it matched; a pinned provider skips rules. */
  rules: RuleCheck[];
}

/** The decision chooseProvider would take, plus why each rule matched or not. Changes nothing. */
export function explainRouting(params: ChooseProviderParams): RoutingExplanation {
  const decision = chooseProvider(params);
  const isPinned = params.request.provider !== undefined;
  const rules = orderRules(params.rules).map((rule): RuleCheck => {
    const mismatch = isPinned ? 'not evaluated: provider pinned on the request' : ruleMismatch(rule, params.request);
    return {
      ruleId: rule.id,
      ruleVersion: rule.version,
      name: rule.name,
      matched: mismatch === undefined,
      reason: mismatch ?? (rule.id === decision.ruleId ? 'matched: decides' : 'matched, but a rule before it decides'),
    };
  });
  return { ...decision, rules };
}
