import { Client } from 'pg';

export interface DatabaseWork {
  transactions: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsRead: number;
}

/**
 * The counters of one database from pg_stat_database: committed transactions and rows written and read. Statistics
 * reach the view with a delay of up to a second, so callers wait before reading the second snapshot.
 */
export async function databaseWork(databaseUrl: string): Promise<DatabaseWork> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ xact: string; ins: string; upd: string; read: string }>(
      `SELECT xact_commit AS xact, tup_inserted AS ins, tup_updated AS upd, tup_returned + tup_fetched AS read
       FROM pg_stat_database WHERE datname = current_database()`,
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

/** Per table: sequential scans and the rows they read, and rows fetched through indexes (pg_stat_user_tables). */
export async function tableReads(databaseUrl: string): Promise<Map<string, TableReads>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
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
  } finally {
    await client.end();
  }
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
