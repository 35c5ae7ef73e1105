/**
 * Team and manager from the reps file as dimensions of deals (issue 15): with `--reps FILE`,
 * `--by team` and `--by manager` (and `--where team=...`) group a deal by its owner's row of the
 * reps file. Plain data, so it travels to worker threads inside the input plan.
 */
import type { Deal, Rep } from './types.js';

/** Dimensions a reps file can give a deal. */
export const REP_DIMENSIONS = ['team', 'manager'] as const;
export type RepDimension = (typeof REP_DIMENSIONS)[number];

/** The group of a deal whose owner has no value (not in the reps file, or an empty cell). */
export const NO_REP_VALUE: Readonly<Record<RepDimension, string>> = { team: '(no team)', manager: '(no manager)' };

/** The key a rep dimension is stored under in a deal's dimensions (never a header of the deals file). */
export function repDimensionKey(dimension: RepDimension): string {
  return `\u0000reps:${dimension}`;
}

export interface RepDimensions {
  /** The dimensions the reps file has (a column with at least one value). */
  readonly names: readonly RepDimension[];
  /** Per owner as written in the reps file: the value of each of `names` (null: empty cell). */
  readonly byOwner: Readonly<Record<string, readonly (string | null)[]>>;
}

/** The team and manager columns of a reps file, or null when it has neither. */
export function repDimensionsOf(reps: readonly Rep[]): RepDimensions | null {
  const valueOf = (rep: Rep, dimension: RepDimension): string | null => (dimension === 'team' ? rep.team : (rep.manager ?? null));
  const names = REP_DIMENSIONS.filter((dimension) => reps.some((rep) => valueOf(rep, dimension) !== null));
  if (names.length === 0) return null;
  const byOwner: Record<string, (string | null)[]> = Object.create(null) as Record<string, (string | null)[]>;
  for (const rep of reps) byOwner[rep.owner] = names.map((dimension) => valueOf(rep, dimension));
  return { names, byOwner };
}

/** A deal with its owner's team and manager as dimensions; `(no team)` when the owner is not in the reps file. */
export function withRepDimensions(deal: Deal, dimensions: RepDimensions): Deal {
  const values = deal.owner === null ? undefined : dimensions.byOwner[deal.owner.trim()];
  const added: Record<string, string> = { ...deal.dimensions };
  dimensions.names.forEach((name, index) => {
    added[repDimensionKey(name)] = values?.[index] ?? NO_REP_VALUE[name];
  });
  return { ...deal, dimensions: added };
}

/** Whether a deal's owner has a row in the reps file. */
export function ownerInReps(deal: Deal, dimensions: RepDimensions): boolean {
  return deal.owner !== null && dimensions.byOwner[deal.owner.trim()] !== undefined;
}
