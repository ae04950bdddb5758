import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getOptionsToken, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { LocalRequestBudget } from './local-request-budget';
import { callerAddressOf } from './rate-limited';
import { RequestBudgetGuard } from './request-budget.guard';

export const PUBLIC_THROTTLER = 'public';

/**
 * Per-address request budget on the routes no API key protects (provider webhooks, the /ops pages and login), so a
 * flood from one address is refused before it costs a signature check or a database write. Health and metrics are
 * not counted: probes and scrapers call them on a schedule. Runs before ApiKeyGuard. Counted in this process
 * (LocalRequestBudget), not in Redis: no Redis round trip per provider webhook.
 */
@Injectable()
export class PublicThrottlerGuard extends RequestBudgetGuard {
  protected readonly budgetName = PUBLIC_THROTTLER;
  protected readonly overBudget = 'from this address to unauthenticated routes';

  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(LocalRequestBudget) budget: LocalRequestBudget,
    reflector: Reflector,
  ) {
    super(options, budget, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return !this.isPublicRoute(context);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return callerAddressOf(request as unknown as Request);
  }
}
