import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { PUBLIC_METADATA } from './auth.decorators';
import { authenticatedClientOf, type RequestWithClient } from './authenticated-client';
import { rateLimited, withoutThrottlerName } from './rate-limited';

export const CLIENT_THROTTLER = 'client';

/**
 * Per-client request budget, shared by every api process through Redis (per process while Redis is unreachable).
 * Runs after ApiKeyGuard, so the budget is keyed by the client id, not the address (many clients sit behind one
 * gateway). Public routes have their own per-address budget (PublicThrottlerGuard).
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((throttler) => throttler.name === CLIENT_THROTTLER);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, [context.getHandler(), context.getClass()]) === true ||
      authenticatedClientOf(context.switchToHttp().getRequest<RequestWithClient>()) === undefined
    );
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    // Only reached for authenticated requests (shouldSkip), so there is always a client id.
    return authenticatedClientOf(request)?.id ?? 'anonymous';
  }

  protected override setResponseHeader(response: Record<string, unknown>, name: string, value: string | number): void {
    super.setResponseHeader(response, withoutThrottlerName(name, CLIENT_THROTTLER), value);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `payouts:throttle:${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw rateLimited(
      `more than ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s for this client`,
      detail.timeToBlockExpire,
    );
  }
}
