import type { AuditLogEntry } from '@libs/clients/application';
import type { Closure } from '../domain';
import { CalendarError } from './calendar-error';
import type { CalendarStore } from './closures.port';
import { ManageClosures } from './manage-closures';

// Monday 16 November 2026 01:30 Istanbul (22:30 UTC the day before): "today" is the Istanbul date.
const NOW = new Date('2026-11-15T22:30:00Z');

function memory() {
  const rows = new Map<string, Closure>();
  const audits: AuditLogEntry[] = [];
  const store: CalendarStore = {
    closures: {
      list: async ({ from, to }) =>
        [...rows.values()]
          .filter((c) => (from === undefined || c.date >= from) && (to === undefined || c.date <= to))
          .sort((a, b) => a.date.localeCompare(b.date)),
      lock: async (date) => rows.get(date),
      save: async (closure) => void rows.set(closure.date, closure),
      remove: async (date) => void rows.delete(date),
    },
    audit: { write: async (entry) => void audits.push(entry) },
  };
  const manage = new ManageClosures({ run: (work) => work(store) }, store.closures, { now: () => NOW });
  return { manage, rows, audits };
}

const invalid = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CalendarError);
  return error as CalendarError;
};

describe('ManageClosures', () => {
  const command = { actorClientId: 'ops-1', reason: 'interbank outage' };

  it('adds, replaces and removes a closure of today or later, each audited with the reason', async () => {
    const { manage, rows, audits } = memory();
    expect(await manage.put('2026-11-16', {}, command)).toEqual({ date: '2026-11-16', reason: 'interbank outage' });
    expect(await manage.put('2026-11-16', { halfDayUntil: '12:30' }, { ...command, reason: 'half' })).toEqual({
      date: '2026-11-16',
      reason: 'half',
      halfDayUntil: '12:30',
    });
    expect(rows.get('2026-11-16')).toEqual({ date: '2026-11-16', reason: 'half', halfDayUntil: 750 });
    expect(await manage.remove('2026-11-16', { ...command, reason: 'fixed' })).toMatchObject({ reason: 'half' });
    expect(rows.size).toBe(0);
    expect(audits.map((a) => [a.action, a.subjectId, a.reason, a.actorClientId])).toEqual([
      ['calendar_closure.added', '2026-11-16', 'interbank outage', 'ops-1'],
      ['calendar_closure.replaced', '2026-11-16', 'half', 'ops-1'],
      ['calendar_closure.removed', '2026-11-16', 'fixed', 'ops-1'],
    ]);
  });

  it.each([
    ['2026-11-15', 'is in the past (today is 2026-11-16 in Europe/Istanbul)'],
    ['2026-02-30', 'must be a date'],
    ['2026-11-16T00:00', 'must be a date'],
    ['tomorrow', 'must be a date'],
  ])('refuses %s, writing nothing', async (date, message) => {
    const { manage, rows, audits } = memory();
    const error = await invalid(manage.put(date, {}, command));
    expect(error.code).toBe('validation_failed');
    expect(error.errors).toEqual([{ field: 'date', message: expect.stringContaining(message) }]);
    expect((await invalid(manage.remove(date, command))).code).toBe('validation_failed');
    expect(rows.size + audits.length).toBe(0);
  });

  it('refuses a missing reason and a malformed halfDayUntil, naming each', async () => {
    const { manage, rows } = memory();
    const error = await invalid(
      manage.put('2026-11-17', { halfDayUntil: '24:00' }, { actorClientId: 'x', reason: ' ' }),
    );
    expect(error.errors?.map((e) => e.field)).toEqual(['reason', 'halfDayUntil']);
    expect(rows.size).toBe(0);
  });

  it('answers not_found when removing a date without a closure', async () => {
    expect((await invalid(memory().manage.remove('2026-11-17', command))).code).toBe('not_found');
  });

  it('lists between from and to, inclusive, each optional; a bad bound is a 400', async () => {
    const { manage } = memory();
    for (const date of ['2026-11-16', '2026-11-20', '2026-12-01']) await manage.put(date, {}, command);
    expect((await manage.list({ from: '2026-11-17', to: '2026-12-01' })).map((c) => c.date)).toEqual([
      '2026-11-20',
      '2026-12-01',
    ]);
    expect(await manage.list({})).toHaveLength(3);
    expect((await invalid(manage.list({ from: '2026-13-01' }))).errors).toEqual([
      { field: 'from', message: expect.any(String) },
    ]);
    expect((await invalid(manage.list({ from: '2026-12-02', to: '2026-12-01' }))).errors?.[0].field).toBe('to');
  });
});
