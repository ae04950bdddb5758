import { Client } from 'pg';

/** A connection to run statements on (pg's Client, or a CountedClient). */
export interface Queryable {
  query<R extends object>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface DatabaseWork {
  /** Committed and rolled back (xact_commit + xact_rollback). */
  transactions: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsRead: number;
}

/**
 * How long a backend may hold its counts before pg_stat_database shows them: PostgreSQL 15 flushes a backend's
 * statistics at most once a second, and one that goes idle with counts pending flushes them after up to 10 s
 * (PGSTAT_IDLE_INTERVAL). A snapshot taken sooner after the work misses up to a second of each backend's transactions.
 */
export const STATS_SETTLE_MS = 10_500;

/**
 * The counters of `database` from pg_stat_database: transactions and rows written and read. Read through a connection
 * to the server's `postgres` database, so reading them adds nothing to them. Statistics reach the view late (see
 * STATS_SETTLE_MS).
 */
export async function databaseWork(server: string, database: string): Promise<DatabaseWork> {
  const client = new Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ xact: string; ins: string; upd: string; read: string }>(
      `SELECT xact_commit + xact_rollback AS xact, tup_inserted AS ins, tup_updated AS upd,
              tup_returned + tup_fetched AS read
       FROM pg_stat_database WHERE datname = $1`,
      [database],
    );
    const [row] = rows;
    return {
      transactions: Number(row.xact),
      rowsInserted: Number(row.ins),
      rowsUpdated: Number(row.upd),
      rowsRead: Number(row.read),
    };
  } finally {
    await client.end();
  }
}

export const workDelta = (before: DatabaseWork, after: DatabaseWork): DatabaseWork => ({
  transactions: after.transactions - before.transactions,
  rowsInserted: after.rowsInserted - before.rowsInserted,
  rowsUpdated: after.rowsUpdated - before.rowsUpdated,
  rowsRead: after.rowsRead - before.rowsRead,
});

export interface TableReads {
  table: string;
  seqScans: number;
  seqRowsRead: number;
  indexRowsFetched: number;
}

/**
 * Per table: sequential scans and the rows they read, and rows fetched through indexes (pg_stat_user_tables), through
 * `client`, a connection to the database itself (one statement: one transaction of that database).
 */
export async function tableReads(client: Queryable): Promise<Map<string, TableReads>> {
  const { rows } = await client.query<{
    relname: string;
    seq_scan: string;
    seq_tup_read: string;
    idx_tup_fetch: string;
  }>('SELECT relname, seq_scan, seq_tup_read, coalesce(idx_tup_fetch, 0) AS idx_tup_fetch FROM pg_stat_user_tables');
  return new Map(
    rows.map((row) => [
      row.relname,
      {
        table: row.relname,
        seqScans: Number(row.seq_scan),
        seqRowsRead: Number(row.seq_tup_read),
        indexRowsFetched: Number(row.idx_tup_fetch),
      },
    ]),
  );
}

/** The tables read the most between two snapshots, most first. */
export function heaviestReads(before: Map<string, TableReads>, after: Map<string, TableReads>, top = 3): TableReads[] {
  return [...after.values()]
    .map((now) => {
      const then = before.get(now.table);
      return {
        table: now.table,
        seqScans: now.seqScans - (then?.seqScans ?? 0),
        seqRowsRead: now.seqRowsRead - (then?.seqRowsRead ?? 0),
        indexRowsFetched: now.indexRowsFetched - (then?.indexRowsFetched ?? 0),
      };
    })
    .sort((a, b) => b.seqRowsRead + b.indexRowsFetched - (a.seqRowsRead + a.indexRowsFetched))
    .slice(0, top);
}

/**
 * A connection to the bench's database that counts the transactions it causes there, so the bench can take its own
 * out of pg_stat_database's: one per statement (autocommit) and one for the connection's start-up (measured on
 * PostgreSQL 15: a connection that runs n statements adds n + 1 to xact_commit).
 */
export class CountedClient implements Queryable {
  readonly client: Client;
  private statements = 0;

  constructor(databaseUrl: string) {
    this.client = new Client({ connectionString: databaseUrl });
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  query<R extends object>(sql: string, values?: unknown[]): Promise<{ rows: R[] }> {
    this.statements++;
    return this.client.query<R>(sql, values);
  }

  /** Its transactions in the database so far. Counted by pg_stat_database by the time its backend exited (end()). */
  get transactions(): number {
    return this.statements + 1;
  }

  end(): Promise<void> {
    return this.client.end();
  }
}
