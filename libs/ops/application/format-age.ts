const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/** `2d 3h`, `1h 5m`, `45m`, `12s`: the largest unit and the one below it, for people reading the ops view. */
export function formatAge(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const first = UNITS.findIndex(([, size]) => ms >= size);
  const [unit, size] = UNITS[first];
  const text = `${Math.floor(ms / size)}${unit}`;
  const next = UNITS[first + 1];
  if (!next) return text;
  const rest = Math.floor((ms % size) / next[1]);
  return rest > 0 ? `${text} ${rest}${next[0]}` : text;
}
