import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogWriter } from '@libs/clients';
import type { CalendarStore, CalendarUnitOfWork, ClosureRows } from '../application';
import type { CalendarDate, Closure } from '../domain';

interface ClosureRow {
  date: string;
  reason: string;
  half_day_until: number | null;
}

// The date as text: node-pg would read a `date` as a JavaScript Date at the process's local midnight.
const COLUMNS = `to_char(date, 'YYYY-MM-DD') AS date, reason, half_day_until`;

const toClosure = (row: ClosureRow): Closure => ({
  date: row.date,
  reason: row.reason,
  ...(row.half_day_until !== null ? { halfDayUntil: Number(row.half_day_until) } : {}),
});

/** calendar_closures through whatever manager it is given: the data source's for reads, a transaction's for changes. */
export class ClosureRepository implements ClosureRows {
  constructor(private readonly manager: EntityManager) {}

  async list(range: { from?: CalendarDate; to?: CalendarDate }): Promise<Closure[]> {
    const rows: ClosureRow[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM calendar_closures
       WHERE ($1::date IS NULL OR date >= $1::date) AND ($2::date IS NULL OR date <= $2::date)
       ORDER BY date`,
      [range.from ?? null, range.to ?? null],
    );
    return rows.map(toClosure);
  }

  async lock(date: CalendarDate): Promise<Closure | undefined> {
    const rows: ClosureRow[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM calendar_closures WHERE date = $1::date FOR UPDATE`,
      [date],
    );
    return rows[0] && toClosure(rows[0]);
  }

  async save(closure: Closure, now: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO calendar_closures (date, reason, half_day_until, updated_at) VALUES ($1::date, $2, $3, $4)
       ON CONFLICT (date) DO UPDATE SET reason = EXCLUDED.reason, half_day_until = EXCLUDED.half_day_until,
         updated_at = EXCLUDED.updated_at`,
      [closure.date, closure.reason, closure.halfDayUntil ?? null, now],
    );
  }

  async remove(date: CalendarDate): Promise<void> {
    await this.manager.query(`DELETE FROM calendar_closures WHERE date = $1::date`, [date]);
  }
}

export class TypeOrmCalendarUnitOfWork implements CalendarUnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (store: CalendarStore) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) =>
      work({ closures: new ClosureRepository(manager), audit: new AuditLogWriter(manager) }),
    );
  }
}
