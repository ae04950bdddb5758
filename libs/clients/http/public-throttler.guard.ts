import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { PUBLIC_METADATA } from './auth.decorators';
import { LocalRequestBudget } from './local-request-budget';
import { callerAddressOf, rateLimited, withoutThrottlerName } from './rate-limited';

export const PUBLIC_THROTTLER = 'public';

/**
 * Per-address request budget on the routes no API key protects (provider webhooks, the /ops pages and login), so a
 * flood from one address is refused before it costs a signature check or a database write. Health and metrics are
 * not counted: probes and scrapers call them on a schedule. Runs before ApiKeyGuard. Counted in this process
 * (LocalRequestBudget), not in Redis: no Redis round trip per provider webhook.
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(LocalRequestBudget) budget: LocalRequestBudget,
    reflector: Reflector,
  ) {
    super(options, budget, reflector);
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((throttler) => throttler.name === PUBLIC_THROTTLER);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, [context.getHandler(), context.getClass()]) !== true
    );
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return callerAddressOf(request as unknown as Request);
  }

  protected override setResponseHeader(response: Record<string, unknown>, name: string, value: string | number): void {
    super.setResponseHeader(response, withoutThrottlerName(name, PUBLIC_THROTTLER), value);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `payouts:throttle:${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw rateLimited(
      `more than ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s from this address to unauthenticated routes`,
      detail.timeToBlockExpire,
    );
  }
}
