/**
 * Quotas of a reps file (METRICS.md "Quota attainment"): a rep whose quota is empty is listed but
 * left out of team totals, so only reps with a quota are in these.
 */
import type { Rep } from './types.js';

type Quota = Pick<Rep, 'owner' | 'quota'>;

/** Each rep's quota by owner, for the reps that have one. */
export function quotasOf(reps: readonly Quota[]): Map<string, number> {
  const quotas = new Map<string, number>();
  for (const rep of reps) if (rep.quota !== null) quotas.set(rep.owner, rep.quota);
  return quotas;
}

/** The team's quota: the sum over the reps that have one (null when none has). */
export function teamQuotaOf(reps: readonly Quota[]): number | null {
  let sum: number | null = null;
  for (const rep of reps) if (rep.quota !== null) sum = (sum ?? 0) + rep.quota;
  return sum;
}
