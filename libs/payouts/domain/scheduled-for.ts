import type { FieldError } from '@libs/platform/errors';

/** An ISO 8601 date and time with an offset (`Z` or `±hh:mm`): a release time means one instant, never a local time. */
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** What `scheduledFor` asks for: release at `at` (scheduled), or now (pending, as without it). */
export type Release = { kind: 'now' } | { kind: 'at'; at: Date };

/**
 * Reads `scheduledFor` (programs.md): absent or null, or a time at or before `now`, means now; a later one at most
 * `maxAheadMs` ahead is the release time. Anything else is a problem naming `scheduledFor`. The calendar fields are
 * checked by hand: `Date.parse` rolls 2026-02-30 over into March.
 */
export function readScheduledFor(
  value: unknown,
  now: Date,
  maxAheadMs: number,
): { release: Release } | { problem: FieldError } {
  if (value === undefined || value === null) return { release: { kind: 'now' } };
  const problem = (message: string) => ({ problem: { field: 'scheduledFor', message } });
  const match = typeof value === 'string' ? ISO_WITH_OFFSET.exec(value) : null;
  if (typeof value !== 'string' || match === null) {
    return problem('must be an ISO 8601 date and time with an offset, e.g. 2026-12-05T09:00:00+03:00');
  }
  const [year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => (part === undefined || part === 'Z' ? 0 : Number(part)));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return problem('is not a valid date and time');
  }
  const at = new Date(Date.parse(value));
  if (Number.isNaN(at.getTime())) return problem('is not a valid date and time');
  if (at.getTime() <= now.getTime()) return { release: { kind: 'now' } };
  if (at.getTime() - now.getTime() > maxAheadMs) {
    return problem(`must be at most ${formatDays(maxAheadMs)} ahead`);
  }
  return { release: { kind: 'at', at } };
}

const DAY_MS = 86_400_000;
const formatDays = (ms: number): string =>
  ms % DAY_MS === 0 ? `${ms / DAY_MS} days` : ms % 1000 === 0 ? `${ms / 1000} seconds` : `${ms} ms`;
