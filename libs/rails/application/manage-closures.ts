import type { FieldError } from '@libs/platform/errors';
import { plainTextProblem } from '@libs/platform/text';
import type { Clock } from '@libs/platform/time';
import {
  formatTimeOfDay,
  istanbulDateOf,
  readCalendarDate,
  readTimeOfDay,
  type CalendarDate,
  type Closure,
} from '../domain';
import { CalendarError } from './calendar-error';
import type { CalendarUnitOfWork, ClosureRows } from './closures.port';

/** A closure as the API shows it: `halfDayUntil` as `HH:MM` Istanbul, absent for a whole day. */
export interface ClosureView {
  date: CalendarDate;
  reason: string;
  halfDayUntil?: string;
}

/** Who changes the calendar; the reason is the closure's own and the audit log's. */
export interface CalendarCommand {
  actorClientId: string;
  reason: unknown;
}

export const CLOSURE_REASON_MAX_LENGTH = 500;

export const toClosureView = (closure: Closure): ClosureView => ({
  date: closure.date,
  reason: closure.reason,
  ...(closure.halfDayUntil !== undefined ? { halfDayUntil: formatTimeOfDay(closure.halfDayUntil) } : {}),
});

function reasonOf(value: unknown): string | FieldError {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return { field: 'reason', message: 'is required: say why EFT is closed (or no longer)' };
  if (text.length > CLOSURE_REASON_MAX_LENGTH)
    return { field: 'reason', message: `must be at most ${CLOSURE_REASON_MAX_LENGTH} characters` };
  const problem = plainTextProblem(text);
  return problem ? { field: 'reason', message: problem } : text;
}

/**
 * GET, PUT and DELETE of ops closures (money-movement.md): a closure closes EFT on one Istanbul date, or cuts it at
 * `halfDayUntil`; FAST stays open. Only today or a later date may change (a past day has been paid on already); a
 * bad date or reason changes nothing. Every change is audited in its transaction with the caller and the reason.
 */
export class ManageClosures {
  constructor(
    private readonly unitOfWork: CalendarUnitOfWork,
    private readonly reads: Pick<ClosureRows, 'list'>,
    private readonly clock: Clock,
  ) {}

  /** Closures from `from` to `to` (both inclusive, each optional: absent is unbounded), oldest first. */
  async list(query: { from?: unknown; to?: unknown }): Promise<ClosureView[]> {
    const errors: FieldError[] = [];
    const bound = (field: 'from' | 'to'): CalendarDate | undefined => {
      const value = query[field];
      if (value === undefined || value === '') return undefined;
      const date = readCalendarDate(value);
      if (date === undefined) errors.push({ field, message: 'must be a date YYYY-MM-DD (Europe/Istanbul)' });
      return date;
    };
    const from = bound('from');
    const to = bound('to');
    if (from !== undefined && to !== undefined && from > to) errors.push({ field: 'to', message: 'is before from' });
    if (errors.length > 0) throw CalendarError.invalid(errors);
    const closures = await this.reads.list({ from, to });
    return closures.map(toClosureView);
  }

  async put(dateText: string, body: { halfDayUntil?: unknown }, command: CalendarCommand): Promise<ClosureView> {
    const errors: FieldError[] = [];
    const date = this.changeableDate(dateText, errors);
    const reason = reasonOf(command.reason);
    if (typeof reason !== 'string') errors.push(reason);
    let halfDayUntil: number | undefined;
    if (body.halfDayUntil !== undefined && body.halfDayUntil !== null) {
      halfDayUntil = readTimeOfDay(body.halfDayUntil);
      if (halfDayUntil === undefined) {
        errors.push({ field: 'halfDayUntil', message: 'must be a time HH:MM (Europe/Istanbul) EFT stops at that day' });
      }
    }
    if (errors.length > 0 || date === undefined || typeof reason !== 'string') throw CalendarError.invalid(errors);
    const closure: Closure = { date, reason, ...(halfDayUntil !== undefined ? { halfDayUntil } : {}) };
    await this.unitOfWork.run(async (store) => {
      const before = await store.closures.lock(date);
      const now = this.clock.now();
      await store.closures.save(closure, now);
      await store.audit.write(
        {
          actorClientId: command.actorClientId,
          action: before ? 'calendar_closure.replaced' : 'calendar_closure.added',
          subjectType: 'calendar_closure',
          subjectId: date,
          reason,
          details: { before: before ? toClosureView(before) : null, after: toClosureView(closure) },
        },
        now,
      );
    });
    return toClosureView(closure);
  }

  async remove(dateText: string, command: CalendarCommand): Promise<ClosureView> {
    const errors: FieldError[] = [];
    const date = this.changeableDate(dateText, errors);
    const reason = reasonOf(command.reason);
    if (typeof reason !== 'string') errors.push(reason);
    if (errors.length > 0 || date === undefined || typeof reason !== 'string') throw CalendarError.invalid(errors);
    return this.unitOfWork.run(async (store) => {
      const before = await store.closures.lock(date);
      if (!before) throw new CalendarError('not_found', `there is no closure on ${date}`);
      const now = this.clock.now();
      await store.closures.remove(date);
      await store.audit.write(
        {
          actorClientId: command.actorClientId,
          action: 'calendar_closure.removed',
          subjectType: 'calendar_closure',
          subjectId: date,
          reason,
          details: { before: toClosureView(before) },
        },
        now,
      );
      return toClosureView(before);
    });
  }

  /** The path's date when it is a real date today or later in Istanbul; else a problem naming `date`. */
  private changeableDate(text: string, errors: FieldError[]): CalendarDate | undefined {
    const date = readCalendarDate(text);
    if (date === undefined) {
      errors.push({ field: 'date', message: 'must be a date YYYY-MM-DD (Europe/Istanbul)' });
      return undefined;
    }
    const today = istanbulDateOf(this.clock.now());
    if (date < today) {
      errors.push({ field: 'date', message: `is in the past (today is ${today} in Europe/Istanbul)` });
      return undefined;
    }
    return date;
  }
}
