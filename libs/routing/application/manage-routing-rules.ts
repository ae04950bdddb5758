import type { Clock } from '@libs/platform/time';
import { validateRoutingRule, type RoutingRuleDraft } from '../domain';
import { reasonOrThrow, type AdminCommand } from './admin-command';
import type { ProviderCatalog } from './provider-catalog.port';
import { RoutingError } from './routing-error';
import type { RoutingRuleRows, RoutingStore, RoutingUnitOfWork } from './routing-store.port';
import { toRuleView, type RoutingRuleView } from './routing-views';

const RULE = 'routing_rule';

/**
 * Rules CRUD. Every change is validated against the registered providers, bumps the rule's version and writes an
 * audit row (actor, reason, before and after) in the same transaction.
 */
export class ManageRoutingRules {
  constructor(
    private readonly unitOfWork: RoutingUnitOfWork,
    private readonly reads: Pick<RoutingRuleRows, 'listLive' | 'find'>,
    private readonly catalog: ProviderCatalog,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<RoutingRuleView[]> {
    return (await this.reads.listLive()).map(toRuleView);
  }

  /** Deleted rules too: a payout's `routing.ruleId` must stay resolvable. */
  async get(id: string): Promise<RoutingRuleView> {
    const rule = await this.reads.find(id);
    if (!rule) throw new RoutingError('not_found', `routing rule ${id} does not exist`);
    return toRuleView(rule);
  }

  create(draft: RoutingRuleDraft, command: AdminCommand): Promise<RoutingRuleView> {
    const reason = reasonOrThrow(command.reason);
    this.validateOrThrow(draft);
    return this.unitOfWork.run(async (store) => {
      const now = this.clock.now();
      const created = toRuleView(await store.rules.insert(draft, now));
      await this.audit(store, 'routing_rule.created', created.id, command, reason, { after: created }, now);
      return created;
    });
  }

  replace(id: string, draft: RoutingRuleDraft, command: AdminCommand): Promise<RoutingRuleView> {
    const reason = reasonOrThrow(command.reason);
    this.validateOrThrow(draft);
    return this.unitOfWork.run(async (store) => {
      const before = await this.lockLiveOrThrow(store, id);
      const now = this.clock.now();
      const after = toRuleView(await store.rules.replace(id, draft, now));
      await this.audit(store, 'routing_rule.updated', id, command, reason, { before, after }, now);
      return after;
    });
  }

  remove(id: string, command: AdminCommand): Promise<RoutingRuleView> {
    const reason = reasonOrThrow(command.reason);
    return this.unitOfWork.run(async (store) => {
      const before = await this.lockLiveOrThrow(store, id);
      const now = this.clock.now();
      const after = toRuleView(await store.rules.softDelete(id, now));
      await this.audit(store, 'routing_rule.deleted', id, command, reason, { before, after }, now);
      return after;
    });
  }

  private validateOrThrow(draft: RoutingRuleDraft): void {
    const problems = validateRoutingRule(
      draft,
      this.catalog.list().map((provider) => provider.name),
    );
    if (problems.length > 0) throw RoutingError.invalid(problems);
  }

  private async lockLiveOrThrow(store: RoutingStore, id: string): Promise<RoutingRuleView> {
    const rule = await store.rules.lock(id);
    if (!rule || rule.deletedAt !== null) throw new RoutingError('not_found', `routing rule ${id} does not exist`);
    return toRuleView(rule);
  }

  private audit(
    store: RoutingStore,
    action: string,
    ruleId: string,
    command: AdminCommand,
    reason: string,
    details: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    return store.audit.write(
      { actorClientId: command.actorClientId, action, subjectType: RULE, subjectId: ruleId, reason, details },
      now,
    );
  }
}
