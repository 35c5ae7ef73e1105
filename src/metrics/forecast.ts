/**
 * The forecast of a period (METRICS.md "Forecast"), per rep or team and in total: the category
 * roll-up, weighted pipeline and expected bookings by each method, the outcome distribution,
 * each against quota. Composes forecastRollup, weightedPipeline and outcomeDistribution.
 */
import type { Deal } from '../model/types.js';
import { withClosest } from './closestName.js';
import { known, type Figure, type NaReason } from './figure.js';
import { na, naReason } from './naReasons.js';
import type { Fold } from './fold.js';
import { emptyRollup, finishRollup, forecastPlace, forecastRollupFold, mergeRollups, type ForecastRollup, type ForecastRollupOptions, type ForecastRollupState } from './forecastRollup.js';
import { compareNames, orderNames } from './humanOrder.js';
import { keptText } from '../model/keptText.js';
import { addRuns, EXACT_MAX_DEALS, exactSummary, simulateWins, summarizeRuns, type OutcomeDeal, type SimulatedWins } from './outcomeDistribution.js';
import { randomState } from './random.js';
import { dimensionValue } from './scope.js';
import { dealWeight, stageConversionLookup, weightedPipelineFold, type WeightedCategory, type WeightedDeal, type WeightedFigure, type WeightMethod, type WeightedPipelineOptions } from './weightedPipeline.js';
import type { UnmatchedName } from './coverage.js';
import { quotasOf } from '../model/quotas.js';

export interface ForecastOwnerState {
  rollup: ForecastRollupState;
  /** The open deals of the period: the simulation needs each one (memory grows with open pipeline). */
  open: OpenDeals;
}

/**
 * An owner's open deals, a column per field. As objects they cost about 100 bytes each, their
 * numbers boxed (the report on 1M deals keeps 280,000); as columns, about 30, and a part's state
 * crosses from its thread as a few arrays instead of 140,000 objects.
 */
export interface OpenDeals {
  count: number;
  ids: string[];
  stages: (string | null)[];
  /** NaN: no amount (a deal's amount is otherwise finite). */
  amounts: Float64Array;
  /** NaN: no probability. */
  probabilities: Float64Array;
  /** Index in OPEN_CATEGORIES (0: no category known). */
  categories: Uint8Array;
}

const OPEN_CATEGORIES: readonly (WeightedCategory | null)[] = [null, 'commit', 'bestCase', 'pipeline', 'omitted'];

function emptyOpenDeals(capacity = 16): OpenDeals {
  return { count: 0, ids: [], stages: [], amounts: new Float64Array(capacity), probabilities: new Float64Array(capacity), categories: new Uint8Array(capacity) };
}

function addOpenDeal(open: OpenDeals, deal: WeightedDeal): void {
  const at = open.count;
  if (at === open.amounts.length) {
    const capacity = at * 2;
    const grown = (from: Float64Array): Float64Array => {
      const to = new Float64Array(capacity);
      to.set(from);
      return to;
    };
    open.amounts = grown(open.amounts);
    open.probabilities = grown(open.probabilities);
    const categories = new Uint8Array(capacity);
    categories.set(open.categories);
    open.categories = categories;
  }
  open.ids.push(deal.id);
  open.stages.push(deal.stage);
  open.amounts[at] = deal.amount ?? Number.NaN;
  open.probabilities[at] = deal.probability ?? Number.NaN;
  open.categories[at] = OPEN_CATEGORIES.indexOf(deal.category ?? null);
  open.count = at + 1;
}

/** The open deal at `index`, as the weighted pipeline and the simulation read it. */
function openDealAt(open: OpenDeals, index: number): WeightedDeal {
  const amount = open.amounts[index] as number;
  const probability = open.probabilities[index] as number;
  return {
    id: open.ids[index] as string,
    amount: Number.isNaN(amount) ? null : amount,
    probability: Number.isNaN(probability) ? null : probability,
    stage: open.stages[index] ?? null,
    category: OPEN_CATEGORIES[open.categories[index] as number] ?? null,
  };
}

/** The deals of `a`, then those of `b`, column by column (no object per deal). */
function concatOpenDeals(a: OpenDeals, b: OpenDeals): OpenDeals {
  const joined = emptyOpenDeals(Math.max(16, a.count + b.count));
  for (const column of ['amounts', 'probabilities', 'categories'] as const) {
    joined[column].set(a[column].subarray(0, a.count));
    joined[column].set(b[column].subarray(0, b.count), a.count);
  }
  joined.ids = [...a.ids, ...b.ids];
  joined.stages = [...a.stages, ...b.stages];
  joined.count = a.count + b.count;
  return joined;
}

export interface ForecastState {
  /** Owner (`dimensionValue(deal, 'owner')`) -> state. */
  owners: Map<string, ForecastOwnerState>;
  /** Deals that entered the forecast (won in the period to date, or open and expected in it). */
  dealsUsed: number;
}

/** A rep of the reps file, as the forecast needs it. */
export interface ForecastRep {
  readonly owner: string;
  /** null: none in the reps file (listed, out of the totals). */
  readonly quota: number | null;
  readonly team: string | null;
  readonly manager?: string | null;
}

/** Rows per rep, or per team or manager of the reps file. */
export type ForecastBy = 'owner' | 'team' | 'manager';

export interface ForecastOptions extends Pick<WeightedPipelineOptions, 'stageConversion' | 'categoryReason' | 'categoryWeights'> {
  /**
   * From past snapshots: the share of deals expected in their period that closed inside it
   * rather than slipping; the simulation's crm or history p is multiplied by it (category weights
   * already measure winning within the period). Absent or null: p as it is.
   */
  readonly closeInPeriod?: number | null | undefined;
  /** Rows per rep (`owner`) or per team or manager of the reps file. */
  readonly by: ForecastBy;
  /** Quotas per rep, or null: no quota, attainment and gap n/a. */
  readonly reps: readonly ForecastRep[] | null;
  /** Methods computed; the others are n/a (`not-requested`). */
  readonly methods: readonly WeightMethod[];
  /** The p of the simulation; `auto`: crm when an open deal carries a probability, else history when it has its input, else crm. */
  readonly simulationMethod: WeightMethod | 'auto';
  readonly runs: number;
  readonly seed: number;
}

export interface ForecastSimulation {
  readonly method: WeightMethod;
  readonly runs: number;
  readonly seed: number;
  /**
   * True: the figures are the exact outcome distribution of the row's deals (up to
   * EXACT_MAX_DEALS of them, outcomeDistribution.ts), and `runs` and `seed` were not used for them.
   */
  readonly exact: boolean;
  readonly mean: Figure;
  readonly p10: Figure;
  readonly p50: Figure;
  readonly p90: Figure;
  readonly pReachQuota: Figure;
  /** Open deals with an amount and a weight under the method (the others count as never won). */
  readonly deals: number;
  readonly dealsWithoutWeight: number;
  /** The factor p was multiplied by (the in-period close share from past snapshots), or null: none. */
  readonly closeInPeriod: number | null;
}

/** The figures each compared with quota. */
export const QUOTA_MEASURES = ['closed', 'commit', 'bestCase', 'expectedCrm', 'expectedHistory', 'expectedCategory', 'p50'] as const;
export type QuotaMeasure = (typeof QUOTA_MEASURES)[number];

export interface ForecastRow {
  /** `{ owner }` or `{ team }` for a group, `{}` for the total. */
  readonly key: Readonly<Record<string, string>>;
  readonly quota: Figure;
  readonly closed: Figure;
  /** Commit forecast = closed + commit. */
  readonly commit: Figure;
  /** Best-case forecast = closed + commit + best case. */
  readonly bestCase: Figure;
  readonly pipeline: Figure;
  readonly omitted: Figure;
  readonly rollup: ForecastRollup;
  readonly weighted: Readonly<Record<WeightMethod, WeightedFigure>>;
  /** Expected bookings = closed + weighted pipeline. */
  readonly expected: Readonly<Record<WeightMethod, Figure>>;
  readonly simulation: ForecastSimulation;
  /** figure / quota. */
  readonly attainment: Readonly<Record<QuotaMeasure, Figure>>;
  /** quota - figure (positive = shortfall). */
  readonly gap: Readonly<Record<QuotaMeasure, Figure>>;
}

export interface ForecastResult {
  /** The team's number: with quotas, over the reps with a quota only. */
  readonly total: ForecastRow;
  readonly groups: readonly ForecastRow[];
  /** Deal owners with no quota in the reps file (in their own row, out of the total). */
  readonly ownersWithoutQuota: readonly UnmatchedName[];
  /** Reps of the reps file who own no deal of the forecast. */
  readonly repsWithoutDeals: readonly UnmatchedName[];
  readonly dealsUsed: number;
}

export interface ForecastFoldOptions extends ForecastRollupOptions {
  /**
   * The stage an open deal was in on the as-of date, which the history method weighs it by
   * (with a stage history: stageOnDay in stageJourney.ts); null when unknown on that date.
   */
  readonly stageOnAsOf?: ((deal: Deal) => string | null) | undefined;
}

/**
 * Collects the forecast of the period by owner: each owner's category roll-up and open deals.
 * Feed every deal read (as it stood at the as-of date); `finishForecast` turns the state into
 * the result once the stage conversion (from the same pass) is known.
 */
export function forecastFold(options: ForecastFoldOptions): Fold<Deal, ForecastState, ForecastState> {
  const rollup = forecastRollupFold(options);
  // Without a history: the stage as exported, unless it was entered after the as-of date (then
  // it was not the deal's stage on that date, METRICS.md "Point in time": unknown).
  const stageOnAsOf = options.stageOnAsOf ?? ((deal: Deal) => (deal.stageEntered !== null && deal.stageEntered > options.asOf ? null : deal.stage));
  return {
    init: () => ({ owners: new Map(), dealsUsed: 0 }),
    add(state, deal) {
      const place = forecastPlace(deal, options.asOf, options.period);
      if (place === null) return state;
      state.dealsUsed += 1;
      const owner = dimensionValue(deal, 'owner');
      let cell = state.owners.get(owner);
      if (cell === undefined) {
        cell = { rollup: emptyRollup(), open: emptyOpenDeals() };
        state.owners.set(keptText(owner), cell);
      }
      rollup.add(cell.rollup, deal);
      if (place === 'open') {
        const kind = options.categoryOf(deal.forecastCategory);
        // The id copied (keptText): a slice of its text chunk would keep the chunk alive, and with
        // Salesforce's 18-character ids the report on 1M deals peaked at 480 MB instead of 261 MB.
        addOpenDeal(cell.open, { id: keptText(deal.id), amount: deal.amount, probability: deal.probability, stage: stageOnAsOf(deal), category: kind === 'closed' ? 'commit' : kind });
      }
      return state;
    },
    merge(a, b) {
      const owners = new Map<string, ForecastOwnerState>();
      for (const source of [a.owners, b.owners]) {
        for (const [owner, cell] of source) {
          const existing = owners.get(owner);
          owners.set(owner, existing === undefined ? cell : { rollup: mergeRollups(existing.rollup, cell.rollup), open: concatOpenDeals(existing.open, cell.open) });
        }
      }
      return { owners, dealsUsed: a.dealsUsed + b.dealsUsed };
    },
    finish: (state) => state,
  };
}

const NO_TEAM = '(no team)';
const NO_MANAGER = '(no manager)';

/** The row a deal owner falls in: the owner, or with `by` team (manager) the owner's team (manager) in the reps file ('(no team)' when none). */
export function forecastGroupOf(by: ForecastBy, reps: readonly ForecastRep[] | null): (owner: string) => string {
  if (by === 'owner') return (owner) => owner;
  const none = by === 'manager' ? NO_MANAGER : NO_TEAM;
  const teams = new Map((reps ?? []).map((rep) => [rep.owner, (by === 'team' ? rep.team : rep.manager) ?? none]));
  return (owner) => teams.get(owner) ?? none;
}

/**
 * The forecast per group and in total. Quota: a rep's from the reps file; a team's is the sum
 * of its reps'; the total's the sum of all. With a reps file, deal owners without a quota get
 * their own row but are left out of the total (METRICS.md "Quota attainment"), and both kinds
 * of unmatched names are listed with the closest name on the other side.
 *
 * Attainment = figure / quota and gap = quota - figure for closed, the commit and best-case
 * forecasts, expected bookings by each method and the simulation's P50; n/a without a quota or
 * with a quota of 0. The simulation draws each open deal once, rep by rep in the order of the
 * rows (each rep's deals by amount, then p), from one stream of the seed; a group's runs and the
 * total's are the sums of their reps' runs, run by run.
 *
 * @example
 * finishForecast(runFold(forecastFold(rollupOptions), deals), options).total.commit.value
 *
 * Implements METRICS.md "Forecast" (roll-up, weighted pipeline, outcome distribution, against quota).
 */
export function finishForecast(state: ForecastState, options: ForecastOptions): ForecastResult {
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`finishForecast: runs must be a whole number >= 1, got ${options.runs}`);
  options = { ...options, simulationMethod: resolvedMethod(state, options) };
  const quotas = options.reps === null ? null : quotasOf(options.reps);
  const groupOf = forecastGroupOf(options.by, options.reps);

  const groupOwners = new Map<string, string[]>();
  const allOwners = new Set(state.owners.keys());
  for (const rep of options.reps ?? []) allOwners.add(rep.owner);
  for (const owner of allOwners) {
    const group = groupOf(owner);
    const list = groupOwners.get(group);
    if (list === undefined) groupOwners.set(group, [owner]);
    else list.push(owner);
  }
  const totalOwners = [...allOwners].filter((owner) => quotas === null || quotas.has(owner));
  const quotaOf = (owners: readonly string[]): Figure => {
    if (quotas === null) return na('no-quota', 'no-reps');
    const withQuota = owners.filter((owner) => quotas.has(owner));
    if (withQuota.length === 0) return na('no-quota', 'not-in-reps');
    return known(withQuota.reduce((sum, owner) => sum + (quotas.get(owner) as number), 0));
  };
  const rowFor = (key: Readonly<Record<string, string>>, owners: readonly string[], draws: RowDraws | null): ForecastRow => rowOf(key, owners, quotaOf(owners), state, options, draws);

  // Each open deal is drawn once: rep by rep in the order of the rows, a group's runs and the
  // total's are the sums of their reps' runs (run by run, so the rows of one run agree).
  const drawOwner = ownerDraws(state, options);
  const inTotal = new Set(totalOwners);
  const total = drawOwner === null ? null : emptyDraws(options.runs);
  const groups = orderNames([...groupOwners.keys()]).map((group) => {
    const owners = orderNames(groupOwners.get(group) as string[]);
    let draws: RowDraws | null = null;
    for (const owner of owners) {
      const own = drawOwner?.(owner) ?? null;
      if (own === null) continue;
      if (total !== null && inTotal.has(owner)) addDraws(total, own);
      if (draws === null && owners.length === 1) draws = own;
      else addDraws((draws ??= emptyDraws(options.runs)), own);
    }
    return rowFor({ [options.by]: group }, owners, draws);
  });
  const repNames = options.reps?.map((rep) => rep.owner) ?? [];
  const owners = [...state.owners.keys()];
  return {
    total: rowFor({}, totalOwners, total),
    groups,
    ownersWithoutQuota: quotas === null ? [] : withClosest(owners.filter((owner) => !quotas.has(owner)), repNames),
    repsWithoutDeals: withClosest(repNames.filter((rep) => !state.owners.has(rep)), owners),
    dealsUsed: state.dealsUsed,
  };
}

function resolvedMethod(state: ForecastState, options: ForecastOptions): WeightMethod {
  if (options.simulationMethod !== 'auto') return options.simulationMethod;
  for (const { open } of state.owners.values()) for (let index = 0; index < open.count; index += 1) if (!Number.isNaN(open.amounts[index] as number) && !Number.isNaN(open.probabilities[index] as number)) return 'crm';
  if (options.stageConversion instanceof Map) return 'history';
  return options.categoryWeights !== undefined ? 'category' : 'crm';
}

function rowOf(key: Readonly<Record<string, string>>, owners: readonly string[], quota: Figure, state: ForecastState, options: ForecastOptions, draws: RowDraws | null): ForecastRow {
  let merged = emptyRollup();
  const weightedFold = weightedPipelineFold(options);
  let weightedState = weightedFold.init();
  for (const owner of owners) {
    const cell = state.owners.get(owner);
    if (cell === undefined) continue;
    merged = mergeRollups(merged, cell.rollup);
    for (let index = 0; index < cell.open.count; index += 1) weightedState = weightedFold.add(weightedState, openDealAt(cell.open, index));
  }
  const rollup = finishRollup(merged);
  const all = weightedFold.finish(weightedState);
  const notRequested = (method: WeightMethod): WeightedFigure => ({
    ...na('not-requested', options.methods, method),
    weightedDeals: 0,
    unweightedDeals: 0,
    unweightedIds: [],
  });
  const pick = (method: WeightMethod): WeightedFigure => (options.methods.includes(method) ? all[method] : notRequested(method));
  const weighted = { crm: pick('crm'), history: pick('history'), category: pick('category') };
  const closed = rollup.closed.value as number;
  const expectedOf = (figure: Figure): Figure => (figure.value === null ? { value: null, reason: figure.reason } : known(closed + figure.value));
  const expected = { crm: expectedOf(weighted.crm), history: expectedOf(weighted.history), category: expectedOf(weighted.category) };
  const simulation = simulationOf(draws, closed, quota, all[options.simulationMethod === 'auto' ? 'crm' : options.simulationMethod], options);
  const measures: Record<QuotaMeasure, Figure> = {
    closed: rollup.closed,
    commit: rollup.commitForecast,
    bestCase: rollup.bestCaseForecast,
    expectedCrm: expected.crm,
    expectedHistory: expected.history,
    expectedCategory: expected.category,
    p50: simulation.p50,
  };
  const attainment = {} as Record<QuotaMeasure, Figure>;
  const gap = {} as Record<QuotaMeasure, Figure>;
  for (const measure of Object.keys(measures) as QuotaMeasure[]) {
    const figure = measures[measure];
    attainment[measure] = againstQuota(figure, quota, (value, target) => (target === 0 ? null : value / target), 'zero-quota');
    gap[measure] = againstQuota(figure, quota, (value, target) => target - value, null);
  }
  return {
    key,
    quota,
    closed: rollup.closed,
    commit: rollup.commitForecast,
    bestCase: rollup.bestCaseForecast,
    pipeline: rollup.pipeline,
    omitted: rollup.omitted,
    rollup,
    weighted,
    expected,
    simulation,
    attainment,
    gap,
  };
}

function againstQuota(figure: Figure, quota: Figure, compute: (value: number, quota: number) => number | null, zeroCode: 'zero-quota' | null): Figure {
  if (quota.value === null) return { value: null, reason: quota.reason };
  if (figure.value === null) return { value: null, reason: figure.reason };
  const value = compute(figure.value, quota.value);
  if (value === null) return na(zeroCode ?? 'zero-quota');
  return known(value === 0 ? 0 : value);
}

/** A row's simulated runs: the wins per run and the deals drawn. */
interface RowDraws {
  readonly wins: SimulatedWins;
  deals: number;
  dealsWithoutWeight: number;
  /** The row's deals while there are at most EXACT_MAX_DEALS: its figures are then the exact distribution's. */
  few: OutcomeDeal[] | null;
}

function emptyDraws(runs: number): RowDraws {
  return { wins: { perRun: new Float64Array(runs), everyRun: 0 }, deals: 0, dealsWithoutWeight: 0, few: [] };
}

function addDraws(into: RowDraws, from: RowDraws): void {
  addRuns(into.wins, from.wins);
  into.deals += from.deals;
  into.dealsWithoutWeight += from.dealsWithoutWeight;
  into.few = into.few !== null && from.few !== null && into.few.length + from.few.length <= EXACT_MAX_DEALS ? [...into.few, ...from.few] : null;
}

/** The simulation's method: the options' (already resolved from `auto`). */
function simulationMethodOf(options: ForecastOptions): WeightMethod {
  return options.simulationMethod === 'auto' ? 'crm' : options.simulationMethod;
}

/**
 * Draws an owner's open deals (one random stream from the seed, continued owner after owner),
 * or null when the method cannot weigh any deal (category weights without snapshots). The
 * deals are drawn in order of amount and p, not as read: the same rows in any order, or read
 * in parts, give the same runs.
 */
function ownerDraws(state: ForecastState, options: ForecastOptions): ((owner: string) => RowDraws | null) | null {
  const method = simulationMethodOf(options);
  if (method === 'category' && options.categoryWeights === undefined) return null;
  const factor = method === 'category' ? null : (options.closeInPeriod ?? null);
  const conversion = stageConversionLookup(options.stageConversion);
  const random = randomState(options.seed);
  return (owner) => {
    const cell = state.owners.get(owner);
    if (cell === undefined) return null;
    const deals: OutcomeDeal[] = [];
    let withoutWeight = 0;
    for (let index = 0; index < cell.open.count; index += 1) {
      const deal = openDealAt(cell.open, index);
      if (deal.amount === null) continue;
      const weight = dealWeight(method, deal, conversion, options.categoryWeights);
      if (weight === null) withoutWeight += 1;
      else deals.push({ amount: deal.amount, probability: factor === null ? weight : weight * factor });
    }
    deals.sort((a, b) => a.amount - b.amount || a.probability - b.probability);
    // Drawn even when few: a group's and the total's runs are the sums of their reps' runs.
    return { wins: simulateWins(deals, options.runs, random), deals: deals.length, dealsWithoutWeight: withoutWeight, few: deals.length <= EXACT_MAX_DEALS ? deals : null };
  };
}

function simulationOf(draws: RowDraws | null, closed: number, quota: Figure, methodFigure: WeightedFigure, options: ForecastOptions): ForecastSimulation {
  const method = simulationMethodOf(options);
  const factor = method === 'category' ? null : (options.closeInPeriod ?? null);
  const few = draws === null ? [] : draws.few;
  const base = { method, runs: options.runs, seed: options.seed, exact: few !== null, closeInPeriod: factor };
  if ((method === 'category' && options.categoryWeights === undefined) || methodFigure.reason !== null) {
    const reason: NaReason = methodFigure.reason ?? naReason('needs-snapshots', 'category');
    const na = { value: null, reason };
    return { ...base, mean: na, p10: na, p50: na, p90: na, pReachQuota: na, deals: 0, dealsWithoutWeight: methodFigure.unweightedDeals };
  }
  const simulated =
    few !== null
      ? exactSummary(few, closed, quota.value)
      : summarizeRuns(draws?.wins ?? { perRun: new Float64Array(options.runs), everyRun: 0 }, closed, quota.value);
  return {
    ...base,
    mean: known(simulated.mean),
    p10: known(simulated.p10),
    p50: known(simulated.p50),
    p90: known(simulated.p90),
    pReachQuota: quota.value === null ? { value: null, reason: quota.reason } : simulated.pReachQuota,
    deals: draws?.deals ?? 0,
    dealsWithoutWeight: draws?.dealsWithoutWeight ?? 0,
  };
}
