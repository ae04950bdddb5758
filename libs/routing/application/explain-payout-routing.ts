import type { Clock } from '@libs/platform/time';
import { explainRouting, type RoutingRequest } from '../domain';
import type { LoadRoutingSnapshot } from './routing-snapshot';
import { toExplanationView, type RoutingExplanationView } from './routing-views';

/** POST /v1/routing/explain: the decision a dispatch would take now, with every rule and provider. Writes nothing. */
export class ExplainPayoutRouting {
  constructor(
    private readonly snapshot: LoadRoutingSnapshot,
    private readonly clock: Clock,
  ) {}

  async execute(request: RoutingRequest): Promise<RoutingExplanationView> {
    const { rules, current, circuitsKnown } = await this.snapshot.execute(this.clock.now());
    return toExplanationView(explainRouting({ request, rules, providers: current }), circuitsKnown);
  }
}
