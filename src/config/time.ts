/**
 * Icarus' time syntax (`-e 1h`, `30m`, `2 days`, `5 minutes`): a whole number and a unit that is a
 * case-insensitive prefix of seconds/minutes/hours/days. Returns milliseconds.
 */
const UNITS: Array<[string, number]> = [
  ['seconds', 1_000],
  ['minutes', 60_000],
  ['hours', 3_600_000],
  ['days', 86_400_000],
];

export function parseTime(text: string): number {
  const match = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(text);
  if (!match) throw new Error(`'${text}' is not a time like 30s, 10m, 1h or 2d`);
  const unitText = match[2].toLowerCase();
  const unit = UNITS.find(([name]) => name.startsWith(unitText));
  if (!unit) throw new Error(`'${text}' has an unknown unit '${match[2]}' (use seconds, minutes, hours or days)`);
  return Number(match[1]) * unit[1];
}

/** A time of at least one second (timeouts and periods shorter than that are typos, not settings). */
export function parseTimeOfSeconds(text: string): number {
  const ms = parseTime(text);
  if (ms < 1000) throw new Error('must be at least 1 second');
  return ms;
}
