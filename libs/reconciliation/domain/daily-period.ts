/**
 * The daily run's time and period: `RECONCILIATION_REPORT_AT` (`HH:MM <IANA zone>`, default `02:00 Europe/Istanbul`)
 * and "the previous day" as that zone's calendar day, [its midnight, the next midnight). Plain TypeScript (Intl only).
 */
export interface DailyAt {
  hour: number;
  minute: number;
  timeZone: string;
}

export function parseDailyAtOrThrow(text: string): DailyAt {
  const match = /^([01]\d|2[0-3]):([0-5]\d)\s+(\S+)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not "HH:MM <time zone>" (e.g. 02:00 Europe/Istanbul)`);
  const timeZone = match[3];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(`"${timeZone}" is not a time zone`);
  }
  return { hour: Number(match[1]), minute: Number(match[2]), timeZone };
}

/** The BullMQ job scheduler's cron pattern for it (minute hour, every day), in its zone. */
export const cronOf = (at: DailyAt): { pattern: string; tz: string } => ({
  pattern: `${at.minute} ${at.hour} * * *`,
  tz: at.timeZone,
});

function wallParts(at: Date, timeZone: string): { year: number; month: number; day: number; wallUtcMs: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const wallUtcMs = Date.UTC(year, month - 1, day, Number(parts.hour), Number(parts.minute), Number(parts.second));
  return { year, month, day, wallUtcMs };
}

/** The instant a calendar day (given as its UTC midnight) starts in `timeZone`. */
function zoneMidnight(dayUtcMs: number, timeZone: string): Date {
  const offsetAt = (ms: number) => wallParts(new Date(ms), timeZone).wallUtcMs - Math.floor(ms / 1000) * 1000;
  const guess = dayUtcMs - offsetAt(dayUtcMs);
  return new Date(dayUtcMs - offsetAt(guess));
}

/** [start, end) of the calendar day before `now`'s day in `timeZone`. */
export function previousDay(now: Date, timeZone: string): { from: Date; to: Date } {
  const { year, month, day } = wallParts(now, timeZone);
  const today = Date.UTC(year, month - 1, day);
  return { from: zoneMidnight(today - 86_400_000, timeZone), to: zoneMidnight(today, timeZone) };
}
