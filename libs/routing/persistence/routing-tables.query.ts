import type { EntityManager } from 'typeorm';
import type { QueryResult } from 'pg';
import { pgConnectionOf } from '@libs/platform/database';
import type { RoutingTables } from '../application';
import { BALANCES_SQL, toStored, type BalanceRow } from './provider-balance.repository';
import { SETTINGS_SQL, toSettings, type SettingsRow } from './provider-settings.repository';
import { LIVE_RULES_SQL, toRule, type RuleRow } from './routing-rule.repository';

/**
 * The three tables every routing decision reads (live rules, provider settings, provider balances) in one round trip:
 * the repositories' own statements, sent together as one simple query (none takes a parameter), each mapped by its
 * repository's mapper. Inside a transaction they share its snapshot, as three queries did; they were three round
 * trips of every dispatch (issue 18).
 */
export class RoutingTablesQuery {
  constructor(private readonly manager: EntityManager) {}

  async read(): Promise<RoutingTables> {
    const connection = await pgConnectionOf(this.manager);
    const results = (await connection.query(`${LIVE_RULES_SQL}; ${SETTINGS_SQL}; ${BALANCES_SQL}`)) as unknown as [
      QueryResult<RuleRow>,
      QueryResult<SettingsRow>,
      QueryResult<BalanceRow>,
    ];
    const [rules, settings, balances] = results;
    return {
      rules: rules.rows.map(toRule),
      settings: settings.rows.map(toSettings),
      balances: balances.rows.map(toStored),
    };
  }
}
