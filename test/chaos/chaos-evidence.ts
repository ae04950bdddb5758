import type { Pool } from 'pg';
import { describePayout } from '../support/payout-evidence';

interface ChaosLogRow {
  provider: string;
  reference: string | null;
  operation: string;
  ordinal: number;
  behaviour: string;
  contradictsRecord?: boolean;
  detail?: Record<string, unknown>;
  at: string;
}

const getJson = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;

/** What chaos drew for each of a payout's references, in one line: the "story" of a violation. */
export async function chaosStory(
  sandboxUrl: string,
  references: readonly { provider: string; reference: string }[],
): Promise<string> {
  const parts: string[] = [];
  for (const { provider, reference } of references) {
    const { data } = await getJson<{ data: ChaosLogRow[] }>(
      `${sandboxUrl}/_sandbox/chaos/log?reference=${encodeURIComponent(reference)}`,
    );
    const byOperation = new Map<string, string[]>();
    for (const row of data) byOperation.set(row.operation, [...(byOperation.get(row.operation) ?? []), row.behaviour]);
    const drawn = [...byOperation].map(([operation, list]) => `${operation}[${list.join(',')}]`).join(' ');
    parts.push(`${provider} ${reference.slice(0, 8)}: ${drawn || 'no draws'}`);
  }
  return parts.join(' | ') || 'no attempt was made';
}

/**
 * The full evidence of one violating payout: its row, event history, attempts, inbox rows and the sandbox's transfers
 * (payout-evidence.ts), then the sandbox's request log and chaos draws for each of its references.
 */
export async function chaosEvidence(
  sql: Pool,
  sandboxUrl: string,
  payoutId: string,
  references: readonly { provider: string; reference: string }[],
): Promise<string> {
  const lines = [await describePayout(sql, sandboxUrl, payoutId)];
  for (const { provider, reference } of references) {
    const requests = await getJson<{ data: unknown[] }>(
      `${sandboxUrl}/_sandbox/requests?provider=${provider}&reference=${encodeURIComponent(reference)}`,
    );
    const draws = await getJson<{ data: ChaosLogRow[] }>(
      `${sandboxUrl}/_sandbox/chaos/log?reference=${encodeURIComponent(reference)}`,
    );
    lines.push(`  sandbox requests for ${provider} ${reference} (${requests.data.length}):`);
    for (const row of requests.data) lines.push(`    ${JSON.stringify(row)}`);
    lines.push(`  chaos draws for ${provider} ${reference} (${draws.data.length}):`);
    for (const row of draws.data) lines.push(`    ${JSON.stringify(row)}`);
  }
  return lines.join('\n');
}
