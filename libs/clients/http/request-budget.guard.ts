import { ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { PUBLIC_METADATA } from './auth.decorators';
import { rateLimited, withoutThrottlerName } from './rate-limited';

/**
 * A guard that counts one of the named request budgets ThrottlerModule is given (each route is counted by one budget
 * only), answers with the plain rate-limit header names and refuses with 429 rate_limited and Retry-After. Subclasses
 * say which routes they count and by what they count them.
 */
export abstract class RequestBudgetGuard extends ThrottlerGuard {
  /** The name of the budget in ThrottlerModule's list that this guard counts. */
  protected abstract readonly budgetName: string;
  /** Whose requests went over the budget, as the 429's detail says it (`for this client`). */
  protected abstract readonly overBudget: string;

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((throttler) => throttler.name === this.budgetName);
  }

  /** Marked @Public(): no API key is needed. */
  protected isPublicRoute(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, [context.getHandler(), context.getClass()]) === true
    );
  }

  protected override setResponseHeader(response: Record<string, unknown>, name: string, value: string | number): void {
    super.setResponseHeader(response, withoutThrottlerName(name, this.budgetName), value);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `payouts:throttle:${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw rateLimited(
      `more than ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s ${this.overBudget}`,
      detail.timeToBlockExpire,
    );
  }
}
