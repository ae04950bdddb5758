import type { AuditLogStore } from '@libs/clients/application';
import type { CalendarDate, Closure } from '../domain';

/** calendar_closures: one row per Istanbul date. */
export interface ClosureRows {
  /** Closures with `from <= date <= to` (either bound optional), oldest first. */
  list(range: { from?: CalendarDate; to?: CalendarDate }): Promise<Closure[]>;
  /** The closure of `date`, locked for the transaction's change; undefined when none. */
  lock(date: CalendarDate): Promise<Closure | undefined>;
  save(closure: Closure, now: Date): Promise<void>;
  remove(date: CalendarDate): Promise<void>;
}

export interface CalendarStore {
  closures: ClosureRows;
  audit: AuditLogStore;
}

export interface CalendarUnitOfWork {
  run<T>(work: (store: CalendarStore) => Promise<T>): Promise<T>;
}
