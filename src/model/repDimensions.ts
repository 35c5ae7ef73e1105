/**
 * Team and manager from the reps file as dimensions of deals (issue 15): with `--reps FILE`,
 * `--by team` and `--by manager` (and `--where team=...`) group a deal by its owner's row of the
 * reps file. Plain data, so it travels to worker threads inside the input plan.
 */
import { DealmathError } from './errors.js';
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

/** Rows per team or manager of the reps file: each owner's group (commands with rows per rep). */
export interface RepGrouping {
  readonly dimension: RepDimension;
  readonly byOwner: Readonly<Record<string, string>>;
  /** The group of an owner the reps file does not list, or whose cell is empty. */
  readonly none: string;
}

/**
 * `--by team|manager` of a command whose rows are per rep (coverage): each owner's group from the
 * reps file; null for `--by owner`. Without a reps file, or one without the column, a usage error.
 */
export function repGroupingOf(by: string | undefined, reps: readonly Rep[] | null): RepGrouping | null {
  if (by === undefined || by === 'owner') return null;
  const dimension = REP_DIMENSIONS.find((name) => name === by);
  if (dimension === undefined) throw new DealmathError('usage', `--by ${by}: expected owner, team or manager`);
  const dimensions = reps === null ? null : repDimensionsOf(reps);
  const index = dimensions?.names.indexOf(dimension) ?? -1;
  if (dimensions === null || index === -1) throw new DealmathError('usage', `--by ${dimension} reads each rep's ${dimension} from the reps file: give --reps FILE with a ${dimension} column`);
  const byOwner: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [owner, values] of Object.entries(dimensions.byOwner)) byOwner[owner] = values[index] ?? NO_REP_VALUE[dimension];
  return { dimension, byOwner, none: NO_REP_VALUE[dimension] };
}

/** Whether a deal's owner has a row in the reps file. */
export function ownerInReps(deal: Deal, dimensions: RepDimensions): boolean {
  return deal.owner !== null && dimensions.byOwner[deal.owner.trim()] !== undefined;
}
