/**
 * Pareto / top performers (METRICS.md "Pareto / top performers"): which few entities (reps,
 * accounts, products...) produce most of a measure, how they differ from the rest, and what
 * the rest would add at the top group's level.
 */
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import { INVALID, parseAmount, type DecimalSeparator } from '../model/values.js';
import type { Deal } from '../model/types.js';
import type { Fold } from './fold.js';
import { gini } from './gini.js';
import { compareNames, orderNames } from './humanOrder.js';
import { keptText } from '../model/keptText.js';
import { addLeverCounts, countDeal, emptyLeverCounts, leverCountsOf, type LeverCounts, type MutableLeverCounts } from './leverCounts.js';
import { closedInWindow, dimensionValue, openWorkedInWindow, type Scope } from './scope.js';

/**
 * What is ranked: `won` the won amount, `count` the number of won deals, `{ column }` the sum
 * of a numeric column over won deals (a column such as margin or seats is earned on a win,
 * so lost and open deals must not add to it).
 */
export type ParetoMeasure = 'won' | 'count' | { readonly column: string };

export interface EntityStatsOptions {
  readonly scope: Scope;
  /** The entity: owner, account, product or any column (see dimensionValue). */
  readonly by: string;
  readonly measure: ParetoMeasure;
  /** Categorical columns whose mix is profiled for the top group and the rest. */
  readonly profileDimensions: readonly string[];
  /** Decimal separator of a `{ column }` measure's cells; default '.'. */
  readonly decimal?: DecimalSeparator;
}

/** Distinct values kept per entity and dimension; later values sort into "(other)". */
export const MIX_VALUE_CAP = 50;

export const OTHER_VALUE = '(other)';

export interface DimensionMix {
  readonly dimension: string;
  /** Sorted by value; at most MIX_VALUE_CAP entries. */
  readonly counts: readonly { readonly value: string; readonly count: number }[];
  /** Deals whose value fell beyond the cap. */
  readonly other: number;
}

/** What entityStatsFold knows about one entity. */
export interface EntityStats extends LeverCounts {
  readonly key: string;
  readonly measure: number;
  /** Mix of each profile dimension over the entity's deals worked, in profileDimensions order. */
  readonly mix: readonly DimensionMix[];
}

export interface EntityStatsResult {
  /** Sorted by key. */
  readonly entities: readonly EntityStats[];
  /** Won deals whose `{ column }` measure cell was empty, unparseable or negative, left out of the measure. */
  readonly measureCellsSkipped: number;
}

export interface DimensionCounts {
  /** Value -> its deals, in a mutable cell so that counting a value seen before is one map lookup. */
  readonly kept: Map<string, ValueCount>;
  other: number;
}

export interface ValueCount {
  count: number;
}

export interface EntityAccumulator extends MutableLeverCounts {
  /** The measure and the won amount, summed exactly (the lever counts' own wonAmount is replaced by it at finish). */
  measure: ExactSum;
  wonAmountExact: ExactSum;
  /** One per profile dimension, in order. */
  readonly mix: DimensionCounts[];
}

export interface EntityStatsState {
  readonly entities: Map<string, EntityAccumulator>;
  measureCellsSkipped: number;
}

/**
 * Accumulates per entity (key = dimensionValue(deal, by)) the measure, deal counts, won value
 * and cycle, and the mix of each profile dimension, over the deals worked in the scope: closed
 * deals in the window plus open deals worked in it (openWorkedInWindow). The measure comes from
 * won deals closed in the window only.
 *
 * Memory: one small record per entity; each dimension keeps at most MIX_VALUE_CAP values per
 * entity, the alphabetically first ones, the rest counted as "(other)". Keeping the first by
 * value (not by arrival) makes the state the same whatever the order of rows or chunks.
 *
 * @example runFold(entityStatsFold({ scope, by: 'owner', measure: 'won', profileDimensions: [] }), deals)
 *   // { entities: [{ key: 'Ann', measure: 30000, won: 2, ... }], measureCellsSkipped: 0 }
 */
export function entityStatsFold(options: EntityStatsOptions): Fold<Deal, EntityStatsState, EntityStatsResult> {
  const { scope, by, measure, profileDimensions } = options;
  const decimal = options.decimal ?? '.';
  const newAccumulator = (): EntityAccumulator => ({
    ...emptyLeverCounts(),
    measure: exactSum(),
    wonAmountExact: exactSum(),
    mix: profileDimensions.map(() => ({ kept: new Map(), other: 0 })),
  });
  return {
    init: () => ({ entities: new Map(), measureCellsSkipped: 0 }),
    add(state, deal) {
      const closed = closedInWindow(deal, scope);
      if (!closed && !openWorkedInWindow(deal, scope)) return state;
      const key = dimensionValue(deal, by);
      let entity = state.entities.get(key);
      if (entity === undefined) {
        entity = newAccumulator();
        state.entities.set(keptText(key), entity);
      }
      countDeal(entity, deal);
      if (deal.status === 'won') {
        if (deal.amount !== null) addToSum(entity.wonAmountExact, deal.amount);
        if (measure === 'won') addToSum(entity.measure, deal.amount ?? 0);
        else if (measure === 'count') addToSum(entity.measure, 1);
        else {
          const value = columnMeasure(deal, measure.column, decimal);
          if (value === null) state.measureCellsSkipped += 1;
          else addToSum(entity.measure, value);
        }
      }
      for (let index = 0; index < profileDimensions.length; index += 1) {
        countValue(entity.mix[index] as DimensionCounts, dimensionValue(deal, profileDimensions[index] as string), 1);
      }
      return state;
    },
    merge(a, b) {
      const entities = new Map<string, EntityAccumulator>();
      for (const [key, entity] of a.entities) entities.set(key, cloneAccumulator(entity));
      for (const [key, entity] of b.entities) {
        const existing = entities.get(key);
        if (existing === undefined) {
          entities.set(key, cloneAccumulator(entity));
          continue;
        }
        existing.measure = mergeSums(existing.measure, entity.measure);
        existing.wonAmountExact = mergeSums(existing.wonAmountExact, entity.wonAmountExact);
        addLeverCounts(existing, entity);
        entity.mix.forEach((counts, index) => {
          const target = existing.mix[index] as DimensionCounts;
          for (const [value, entry] of counts.kept) countValue(target, value, entry.count);
          target.other += counts.other;
        });
      }
      return { entities, measureCellsSkipped: a.measureCellsSkipped + b.measureCellsSkipped };
    },
    finish(state) {
      const keys = orderNames([...state.entities.keys()]);
      return {
        entities: keys.map((key) => {
          const entity = state.entities.get(key) as EntityAccumulator;
          return {
            key,
            measure: sumValue(entity.measure),
            ...leverCountsOf(entity),
            wonAmount: sumValue(entity.wonAmountExact),
            mix: entity.mix.map((counts, index) => ({
              dimension: profileDimensions[index] as string,
              counts: [...counts.kept.entries()]
                .sort(([a], [b]) => compareCodeUnits(a, b))
                .map(([value, entry]) => ({ value, count: entry.count })),
              other: counts.other,
            })),
          };
        }),
        measureCellsSkipped: state.measureCellsSkipped,
      };
    },
  };
}

function columnMeasure(deal: Deal, column: string, decimal: DecimalSeparator): number | null {
  const raw = deal.dimensions[column];
  if (raw === undefined) return null;
  const parsed = parseAmount(raw, decimal);
  if (parsed === null || parsed === INVALID || parsed.value < 0) return null;
  return parsed.value;
}

/**
 * Adds `count` deals with `value`. When the cap is full, a value sorting before the largest
 * kept one evicts it into "(other)": the kept set is always the first MIX_VALUE_CAP values
 * seen, by value, with exact counts, whatever the order of adds and merges.
 */
function countValue(counts: DimensionCounts, value: string, count: number): void {
  const existing = counts.kept.get(value);
  if (existing !== undefined) {
    existing.count += count;
    return;
  }
  if (counts.kept.size < MIX_VALUE_CAP) {
    counts.kept.set(keptText(value), { count });
    return;
  }
  let largest: string | null = null;
  for (const kept of counts.kept.keys()) if (largest === null || compareCodeUnits(kept, largest) > 0) largest = kept;
  if (largest !== null && compareCodeUnits(value, largest) < 0) {
    counts.other += counts.kept.get(largest)?.count ?? 0;
    counts.kept.delete(largest);
    counts.kept.set(keptText(value), { count });
  } else {
    counts.other += count;
  }
}

function cloneAccumulator(entity: EntityAccumulator): EntityAccumulator {
  const cloneCounts = (counts: DimensionCounts): DimensionCounts => ({
    kept: new Map([...counts.kept].map(([value, entry]) => [value, { count: entry.count }] as const)),
    other: counts.other,
  });
  return { ...entity, measure: entity.measure.slice(), wonAmountExact: entity.wonAmountExact.slice(), mix: entity.mix.map(cloneCounts) };
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


export interface ParetoOptions {
  /** Share of the total the top group must reach, in (0, 1]; METRICS.md default 0.8. */
  readonly threshold: number;
  /** Entities with no deals that still count in N with measure 0 (reps from the reps file). */
  readonly extraEntities?: readonly string[];
}

export interface ParetoCurvePoint {
  /** 1-based, by measure descending. */
  readonly rank: number;
  readonly key: string;
  readonly value: number;
  /** Share of the total held by this entity and every one ranked above it; null when the total is 0. */
  readonly cumulativeShare: number | null;
}

export interface ProfileMix {
  readonly dimension: string;
  /** By count descending, then value; "(other)" last. share = count / deals of the group. */
  readonly values: readonly { readonly value: string; readonly count: number; readonly share: number }[];
}

/** The top group or the rest, described per entity. */
export interface ParetoProfile {
  readonly entities: number;
  readonly measure: number;
  readonly measurePerEntity: Figure;
  readonly deals: number;
  readonly dealsPerEntity: Figure;
  readonly won: number;
  readonly lost: number;
  /** won / (won + lost) over the group's deals closed in the window. */
  readonly unitWinRate: Figure;
  readonly averageWonAmount: Figure;
  /** Days, over won deals with a cycle. */
  readonly averageCycleDays: Figure;
  readonly mix: readonly ProfileMix[];
}

export interface ParetoResult {
  readonly threshold: number;
  /** N: every entity, zeros and extra entities included. */
  readonly entities: number;
  readonly total: number;
  /** The smallest number of entities whose cumulative share reaches the threshold. */
  readonly k: Figure;
  /** k / N. */
  readonly share: Figure;
  /** The top group's share of the total. */
  readonly topShare: Figure;
  /** Entities left in the rest whose measure equals the k-th entity's (split by key order). */
  readonly tiesAtCutoff: number;
  readonly gini: Figure;
  readonly uplift: {
    /** Total if every entity produced the top group's per-entity average, over the actual total. */
    readonly multiplier: Figure;
    /** multiplier - 1: +3.0 is +300%. */
    readonly increase: Figure;
  };
  /** Keys of the top group, by rank. */
  readonly top: readonly string[];
  readonly curve: readonly ParetoCurvePoint[];
  readonly profile: { readonly top: ParetoProfile; readonly rest: ParetoProfile };
}

/**
 * Finds the few entities that produce most of the measure.
 *
 * Entities are sorted by measure descending, ties by key (human order), so the result is
 * deterministic. k = the smallest number of entities whose cumulative share >= threshold
 * (a cumulative share exactly at the threshold counts as reached, within floating-point
 * rounding). Entities tied with the k-th entity stay in the rest when k is reached without
 * them: k stays minimal as METRICS.md defines it, and tiesAtCutoff says how many were split.
 * share = k / N; topShare = top measure / total; gini over all N (see gini.ts);
 * uplift multiplier = N x (top measure / k) / total.
 *
 * Units: k and N entities; share, topShare and gini 0..1; multiplier a factor.
 * Edge cases: no entities, or a total of 0, give k, shares, gini and uplift null with reasons
 * (every entity is then in the rest). A negative or non-finite measure throws RangeError.
 *
 * @example 10 reps, 2 with 40 and 8 with 2.5 (total 100), threshold 0.8:
 *   // k = 2, share = 0.2, topShare = 0.8, gini = 0.6, uplift.multiplier = 4 (+300%)
 */
export function pareto(entities: readonly EntityStats[], options: ParetoOptions): ParetoResult {
  const { threshold } = options;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`pareto: threshold must be in (0, 1], got ${threshold}`);
  const byKey = new Map<string, EntityStats>();
  for (const entity of entities) {
    if (!Number.isFinite(entity.measure) || entity.measure < 0) {
      throw new RangeError(`pareto: measure of "${entity.key}" must be finite and >= 0, got ${entity.measure}`);
    }
    if (byKey.has(entity.key)) throw new RangeError(`pareto: entity "${entity.key}" appears twice`);
    byKey.set(entity.key, entity);
  }
  const mixDimensions = entities[0]?.mix.map((mix) => mix.dimension) ?? [];
  for (const key of options.extraEntities ?? []) {
    if (!byKey.has(key)) byKey.set(key, emptyEntity(key, mixDimensions));
  }
  const ranked = [...byKey.values()].sort((a, b) => b.measure - a.measure || compareNames(a.key, b.key));
  const count = ranked.length;
  const total = ranked.reduce((sum, entity) => sum + entity.measure, 0);
  const giniResult = gini(ranked.map((entity) => entity.measure));

  const curve: ParetoCurvePoint[] = [];
  let cumulative = 0;
  let k: number | null = null;
  ranked.forEach((entity, index) => {
    cumulative += entity.measure;
    curve.push({
      rank: index + 1,
      key: entity.key,
      value: entity.measure,
      cumulativeShare: total === 0 ? null : Math.min(1, cumulative / total),
    });
    // Relative tolerance: sums of non-integer measures can land a rounding error below the threshold.
    if (k === null && total > 0 && cumulative >= threshold * total * (1 - 1e-12)) k = index + 1;
  });

  if (k === null) {
    const missing = count === 0 ? na('no-entities') : na('nothing-to-rank');
    return {
      threshold,
      entities: count,
      total,
      k: missing,
      share: missing,
      topShare: missing,
      tiesAtCutoff: 0,
      gini: giniResult.gini,
      uplift: { multiplier: missing, increase: missing },
      top: [],
      curve,
      profile: { top: profile([], mixDimensions), rest: profile(ranked, mixDimensions) },
    };
  }

  const topGroup = ranked.slice(0, k);
  const rest = ranked.slice(k);
  const topMeasure = topGroup.reduce((sum, entity) => sum + entity.measure, 0);
  const cutoffMeasure = (topGroup[k - 1] as EntityStats).measure;
  const multiplier = (count * (topMeasure / k)) / total;
  return {
    threshold,
    entities: count,
    total,
    k: known(k),
    share: known(k / count),
    topShare: known(topMeasure / total),
    tiesAtCutoff: rest.filter((entity) => entity.measure === cutoffMeasure).length,
    gini: giniResult.gini,
    uplift: { multiplier: known(multiplier), increase: known(positiveZero(multiplier - 1)) },
    top: topGroup.map((entity) => entity.key),
    curve,
    profile: { top: profile(topGroup, mixDimensions), rest: profile(rest, mixDimensions) },
  };
}

function emptyEntity(key: string, dimensions: readonly string[]): EntityStats {
  return {
    key,
    measure: 0,
    deals: 0,
    won: 0,
    lost: 0,
    open: 0,
    wonAmount: 0,
    wonWithAmount: 0,
    wonCycleDays: 0,
    wonWithCycle: 0,
    mix: dimensions.map((dimension) => ({ dimension, counts: [], other: 0 })),
  };
}

function profile(group: readonly EntityStats[], dimensions: readonly string[]): ParetoProfile {
  let measure = 0;
  const sums = emptyLeverCounts();
  const mixCounts = dimensions.map(() => new Map<string, number>());
  const mixOther = dimensions.map(() => 0);
  for (const entity of group) {
    measure += entity.measure;
    addLeverCounts(sums, entity);
    dimensions.forEach((dimension, index) => {
      const mix = entity.mix.find((candidate) => candidate.dimension === dimension);
      if (mix === undefined) return;
      const counts = mixCounts[index] as Map<string, number>;
      for (const { value, count } of mix.counts) counts.set(value, (counts.get(value) ?? 0) + count);
      mixOther[index] = (mixOther[index] ?? 0) + mix.other;
    });
  }
  const { deals, won, lost, wonAmount, wonWithAmount, wonCycleDays, wonWithCycle } = sums;
  const entities = group.length;
  const noEntities = entities === 0;
  return {
    entities,
    measure,
    measurePerEntity: noEntities ? na('no-entities') : known(measure / entities),
    deals,
    dealsPerEntity: noEntities ? na('no-entities') : known(deals / entities),
    won,
    lost,
    unitWinRate: noEntities ? na('no-entities') : won + lost === 0 ? na('no-closed-deals') : known(won / (won + lost)),
    averageWonAmount: noEntities ? na('no-entities') : wonWithAmount === 0 ? na('no-won-amount', 'entities') : known(wonAmount / wonWithAmount),
    averageCycleDays: noEntities ? na('no-entities') : wonWithCycle === 0 ? na('no-won-cycle', 'entities') : known(wonCycleDays / wonWithCycle),
    mix: dimensions.map((dimension, index) => {
      const counts = mixCounts[index] as Map<string, number>;
      const other = mixOther[index] ?? 0;
      const values = [...counts.entries()]
        .sort(([valueA, countA], [valueB, countB]) => countB - countA || compareNames(valueA, valueB))
        .map(([value, count]) => ({ value, count, share: count / deals }));
      if (other > 0) values.push({ value: OTHER_VALUE, count: other, share: other / deals });
      return { dimension, values };
    }),
  };
}

function positiveZero(value: number): number {
  return value === 0 ? 0 : value;
}
