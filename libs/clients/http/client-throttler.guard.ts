import { ExecutionContext, Injectable } from '@nestjs/common';
import { authenticatedClientOf, type RequestWithClient } from './authenticated-client';
import { RequestBudgetGuard } from './request-budget.guard';

export const CLIENT_THROTTLER = 'client';

/**
 * Per-client request budget, shared by every api process through Redis (per process while Redis is unreachable).
 * Runs after ApiKeyGuard, so the budget is keyed by the client id, not the address (many clients sit behind one
 * gateway). Public routes have their own per-address budget (PublicThrottlerGuard).
 */
@Injectable()
export class ClientThrottlerGuard extends RequestBudgetGuard {
  protected readonly budgetName = CLIENT_THROTTLER;
  protected readonly overBudget = 'for this client';

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return (
      this.isPublicRoute(context) ||
      authenticatedClientOf(context.switchToHttp().getRequest<RequestWithClient>()) === undefined
    );
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    // Only reached for authenticated requests (shouldSkip), so there is always a client id.
    return authenticatedClientOf(request)?.id ?? 'anonymous';
  }
}
