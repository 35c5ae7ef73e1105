/**
 * Warnings for the names a reps file and the deals do not share (coverage, forecast): a typo is
 * said, never guessed. Each name comes with the closest on the other side, up to NAMED_UNMATCHED
 * of each kind; the rest are counted, and the JSON lists them all. A reps file of 20,000 names
 * beside other owners printed a line for each.
 */
import type { UnmatchedName } from '../../metrics/coverage.js';
import { formatCount } from '../format.js';

export const NAMED_UNMATCHED = 20;

/** `where`: what the deals are (" in the forecast"); `leftOut`: what a name without a quota is left out of. */
export function unmatchedNameWarnings(repsWithoutDeals: readonly UnmatchedName[], ownersWithoutQuota: readonly UnmatchedName[], where: string, leftOut: string): string[] {
  const closest = (entry: UnmatchedName, side: string): string => (entry.closest === null ? '' : ` (closest ${side}: "${entry.closest}")`);
  const more = (count: number, text: string): string[] => (count > NAMED_UNMATCHED ? [`and ${formatCount(count - NAMED_UNMATCHED)} more ${text} (the JSON lists them all)`] : []);
  return [
    ...repsWithoutDeals.slice(0, NAMED_UNMATCHED).map((entry) => `the reps file names "${entry.name}", who owns no deal${where}${closest(entry, 'owner')}`),
    ...more(repsWithoutDeals.length, `names in the reps file own no deal${where}`),
    ...ownersWithoutQuota.slice(0, NAMED_UNMATCHED).map((entry) => `owner "${entry.name}" has deals but no quota in the reps file${closest(entry, 'rep')}; left out of ${leftOut}`),
    ...more(ownersWithoutQuota.length, `owners have deals but no quota in the reps file; left out of ${leftOut}`),
  ];
}
