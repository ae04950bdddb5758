import { formatTimeOfDay, ISTANBUL_ZONE, readTimeOfDay, WEEKDAYS, type Weekday } from './istanbul-time';

/**
 * EFT_WINDOW read: the days of the week EFT moves on and its hours on each of them (`opensAt` inclusive, `closesAt`
 * exclusive, in minutes after Istanbul midnight; `00:00-24:00` is the whole day). Holidays and ops closures come on
 * top (BankCalendar).
 */
export interface EftWindow {
  days: ReadonlySet<Weekday>;
  opensAt: number;
  closesAt: number;
}

export const DEFAULT_EFT_WINDOW = `Mon-Fri 08:30-16:45 ${ISTANBUL_ZONE}`;

const dayOf = (name: string): Weekday | undefined => {
  const index = WEEKDAYS.findIndex((day) => day.toLowerCase() === name.toLowerCase());
  return index < 0 ? undefined : (index as Weekday);
};

/** `Mon-Fri`, `Sat`, `Fri-Mon` (a range may wrap over the weekend) or a comma list of those. */
function readDays(text: string): Set<Weekday> {
  const days = new Set<Weekday>();
  for (const part of text.split(',')) {
    const [fromName, toName, extra] = part.split('-');
    const from = dayOf(fromName);
    const to = toName === undefined ? from : dayOf(toName);
    if (from === undefined || to === undefined || extra !== undefined) {
      throw new Error(`"${part}" is not a day or a range of days (${WEEKDAYS.join(', ')}, e.g. Mon-Fri)`);
    }
    for (let day = from; ; day = ((day + 1) % 7) as Weekday) {
      days.add(day);
      if (day === to) break;
    }
  }
  return days;
}

/**
 * Reads `<days> <HH:MM>-<HH:MM> [Europe/Istanbul]`, e.g. `Mon-Fri 08:30-16:45 Europe/Istanbul`; throws a message
 * naming what is wrong (a config error at start-up). The zone is the bank calendar's own and the only one accepted.
 */
export function parseEftWindow(text: string): EftWindow {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 3) {
    throw new Error(`"${text}" is not "<days> <HH:MM>-<HH:MM> ${ISTANBUL_ZONE}" (e.g. ${DEFAULT_EFT_WINDOW})`);
  }
  const [daysText, hoursText, zone] = parts;
  if (zone !== undefined && zone !== ISTANBUL_ZONE) {
    throw new Error(`the time zone must be ${ISTANBUL_ZONE} (the Turkish banks' own), not "${zone}"`);
  }
  const [opensText, closesText, extra] = hoursText.split('-');
  const opensAt = readTimeOfDay(opensText);
  const closesAt = readTimeOfDay(closesText, true);
  if (opensAt === undefined || closesAt === undefined || extra !== undefined) {
    throw new Error(`"${hoursText}" is not HH:MM-HH:MM (00:00 to 24:00)`);
  }
  if (closesAt <= opensAt) throw new Error(`"${hoursText}" closes before it opens`);
  return { days: readDays(daysText), opensAt, closesAt };
}

/** The window written back as EFT_WINDOW reads it (days listed one by one). */
export const describeEftWindow = (window: EftWindow): string =>
  `${[...window.days]
    .sort()
    .map((day) => WEEKDAYS[day])
    .join(',')} ${formatTimeOfDay(window.opensAt)}-${formatTimeOfDay(window.closesAt)} ${ISTANBUL_ZONE}`;
