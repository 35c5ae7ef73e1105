/** The one line every command reading snapshots says of those dated after its as-of date. */
import { formatDay } from '../../model/calendar.js';
import type { DayNumber } from '../../model/types.js';
import { formatCount } from '../format.js';

/**
 * `2 snapshots dated after the as-of date 2026-10-10 left out (2026-10-19 to 2026-11-16): ...`, or
 * nothing: movement's, the report's, the forecast's and validate's snapshots alike (in date order).
 */
export function snapshotsLeftOutWarning(asOf: DayNumber | null, leftOut: readonly { readonly date: DayNumber }[]): string[] {
  const first = leftOut[0];
  const last = leftOut.at(-1);
  if (first === undefined || last === undefined || asOf === null) return [];
  const dates = first === last ? formatDay(first.date) : `${formatDay(first.date)} to ${formatDay(last.date)}`;
  const count = leftOut.length;
  return [`${formatCount(count)} snapshot${count === 1 ? '' : 's'} dated after the as-of date ${formatDay(asOf)} left out (${dates}): not taken yet on that day`];
}
