/**
 * What a forecast learns from past snapshots of its pipeline (METRICS.md "Forecast"):
 * - `category` weights: per forecast category, the share of its value (open deals expected to
 *   close in the snapshot's period, summed over snapshots) that was won within that period;
 * - the in-period share: of the deals open and expected to close in a snapshot's period, the
 *   share that closed (won or lost) inside it rather than slipping (the simulation's p is
 *   multiplied by it);
 * - the backtest: at each snapshot, the forecast of its period by each method (commit roll-up,
 *   best case, expected bookings by crm and by history weights, the simulation's P50), kept per
 *   group, to score against the period's actual bookings (forecastAccuracy).
 *
 * Only periods that ended before the last snapshot (and on or before the as-of date) count: their
 * outcome is known. A deal's outcome is its state in the last snapshot; a deal absent from it
 * (deleted, or dropped by the export's filter) has no known outcome and is left out (counted).
 * Memory: one small record per deal (its last state, the stages it was seen in, one entry per
 * period it was forecast in), the open deals of one snapshot at a time, and per snapshot one
 * figure per group and method: never deals x snapshots.
 */
import { periodContaining, type NamedPeriod, type PeriodUnit } from '../model/calendar.js';
import type { ForecastCategoryKind } from '../model/forecastCategories.js';
import type { DayNumber, Deal, DealStatus } from '../model/types.js';
import { addToSum, exactSum, sumValue } from './exactSum.js';
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import type { AccuracyMethod } from './forecastAccuracy.js';
import { keptText } from '../model/keptText.js';
import { outcomeDistribution, type OutcomeDeal } from './outcomeDistribution.js';
import type { WeightedCategory } from './weightedPipeline.js';

/** What the history reads of a deal in one snapshot. */
export type HistoryDeal = Pick<Deal, 'id' | 'status' | 'amount' | 'close' | 'probability' | 'stage' | 'owner' | 'forecastCategory'>;

/** The open categories that carry a weight (an open deal labelled closed counts as commit). */
export const WEIGHTED_CATEGORIES: readonly WeightedCategory[] = ['commit', 'bestCase', 'pipeline', 'omitted'];

export interface ForecastHistoryOptions {
  /** The unit of the forecast period (a snapshot is forecast for the period of this unit containing its date). */
  readonly unit: PeriodUnit;
  readonly fiscalYearStartMonth: number;
  readonly categoryOf: (label: string | null) => ForecastCategoryKind | null;
  /** The config's open stages in order (stage conversion for history weights). */
  readonly openStages: readonly string[];
  /** Keep the backtest's forecasts: the row a deal's owner falls in (`--by owner|team`) and the simulation. Null: no backtest. */
  readonly backtest: { readonly groupOf: (owner: string) => string; readonly runs: number; readonly seed: number } | null;
}

interface PeriodEntry {
  readonly from: DayNumber;
  readonly to: DayNumber;
  /** Value per weighted category, in WEIGHTED_CATEGORIES order (summed over the snapshots the deal was open in the period). */
  readonly values: number[];
}

interface DealTrack {
  status: DealStatus;
  close: DayNumber | null;
  amount: number | null;
  owner: string;
  /** Bit i: seen open in open stage i. */
  reached: number;
  /** Counted in stage conversion (first seen closed after being seen open). */
  counted: boolean;
  /** The last snapshot (1 = the oldest) the deal is in. */
  seen: number;
  periods: PeriodEntry[];
}

interface OpenDeal {
  readonly group: string;
  readonly amount: number;
  readonly probability: number | null;
  readonly stage: number;
  readonly kind: WeightedCategory | null;
}

/** One snapshot's forecasts, per group ('' = total) and method. */
export interface SnapshotForecast {
  readonly date: DayNumber;
  readonly period: NamedPeriod;
  readonly forecasts: ReadonlyMap<string, Readonly<Record<AccuracyMethod, Figure>>>;
  /** The simulation's p at this snapshot. */
  readonly simulationMethod: 'crm' | 'history';
}

export interface ForecastHistory {
  readonly snapshots: number;
  readonly firstDate: DayNumber | null;
  readonly lastDate: DayNumber | null;
  /** Labels of the periods whose outcome is known (the ones the weights and the backtest use). */
  readonly periods: readonly string[];
  /** Per category: won within period / value in category. */
  readonly categoryWeights: Readonly<Record<WeightedCategory, Figure>>;
  /** Deals open in their period at a snapshot that closed inside it / all such deals. */
  readonly closeInPeriod: Figure;
  /** (deal, period) pairs behind closeInPeriod. */
  readonly closeInPeriodDeals: number;
  /** Deals forecast in a past period but absent from the last snapshot: outcome unknown, left out of the weights, the share and the actuals. */
  readonly outcomeUnknown: number;
  /** Past periods left out because the snapshots begin after their start (their bookings are not all known). */
  readonly periodsBegunBefore: readonly string[];
  /** Snapshots of a period whose outcome is known, with their forecasts (only with the backtest option). */
  readonly backtest: readonly SnapshotForecast[];
  /** Actual bookings per period label and group ('' = total): won amounts with close in the period, by the deals' last known state. */
  readonly actuals: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface ForecastHistoryAccumulator {
  /** A snapshot begins (dates strictly increasing). */
  begin(date: DayNumber): void;
  /** One deal of the current snapshot. */
  add(deal: HistoryDeal): void;
  /** The history, once every snapshot is read. */
  finish(asOf: DayNumber): ForecastHistory;
}

const NO_OWNER = '(none)';

/**
 * Collects the history; feed snapshots in date order (`begin`, then each deal). See the module
 * comment for what it computes.
 *
 * @example
 * const history = forecastHistory(options);
 * history.begin(day('2026-07-06')); for (const deal of july) history.add(deal);
 * history.begin(day('2026-10-05')); for (const deal of october) history.add(deal);
 * history.finish(day('2026-11-20')).categoryWeights.commit // won within Q3 / commit value in Q3
 */
export function forecastHistory(options: ForecastHistoryOptions): ForecastHistoryAccumulator {
  const deals = new Map<string, DealTrack>();
  const stageIndex = new Map(options.openStages.map((stage, index) => [stage.toLowerCase(), index]));
  const allStages = options.openStages.length >= 31 ? 0x7fffffff : (1 << options.openStages.length) - 1;
  const closedValue = new Float64Array(options.openStages.length);
  const wonValue = new Float64Array(options.openStages.length);
  const forecasts: SnapshotForecast[] = [];
  let current: { date: DayNumber; period: NamedPeriod; open: OpenDeal[]; closed: Map<string, number> } | null = null;
  let snapshots = 0;
  let firstDate: DayNumber | null = null;
  let lastDate: DayNumber | null = null;
  /** The first snapshot lists closed deals: the exports carry deals won before the series began. */
  let firstListsClosed = false;
  const periods = new Map<DayNumber, NamedPeriod>();

  const endSnapshot = (): void => {
    if (current === null || options.backtest === null) return;
    forecasts.push(snapshotForecast(current, options.backtest, conversion()));
    current = null;
  };
  const conversion = (): (number | null)[] => [...closedValue].map((closed, index) => (closed > 0 ? (wonValue[index] as number) / closed : null));

  return {
    begin(date) {
      endSnapshot();
      if (lastDate !== null && date <= lastDate) throw new RangeError('forecastHistory: snapshots must come in date order');
      snapshots += 1;
      firstDate ??= date;
      lastDate = date;
      const period = periodContaining(date, options.unit, options.fiscalYearStartMonth);
      if (!periods.has(period.from)) periods.set(period.from, period);
      current = { date, period, open: [], closed: new Map() };
    },
    add(deal) {
      if (current === null) throw new RangeError('forecastHistory: add before begin');
      const { period, date } = current;
      if (snapshots === 1 && deal.status !== 'open') firstListsClosed = true;
      const owner = deal.owner ?? NO_OWNER;
      let track = deals.get(deal.id);
      if (track === undefined) {
        track = { status: deal.status, close: deal.close, amount: deal.amount, owner: keptText(owner), reached: 0, counted: false, seen: snapshots, periods: [] };
        deals.set(keptText(deal.id), track);
      }
      track.seen = snapshots;
      track.status = deal.status;
      track.close = deal.close;
      track.amount = deal.amount;
      if (track.owner !== owner) track.owner = keptText(owner);
      if (deal.status === 'open') {
        const stage = deal.stage === null ? undefined : stageIndex.get(deal.stage.toLowerCase());
        if (stage !== undefined) track.reached |= 1 << stage;
        if (deal.close === null || deal.close < period.from || deal.close > period.to || deal.amount === null) return;
        const kindOf = options.categoryOf(deal.forecastCategory);
        const kind: WeightedCategory | null = kindOf === null ? null : kindOf === 'closed' ? 'commit' : kindOf;
        let entry = track.periods.at(-1);
        if (entry === undefined || entry.from !== period.from) {
          entry = { from: period.from, to: period.to, values: [0, 0, 0, 0] };
          track.periods.push(entry);
        }
        if (kind !== null) (entry.values[WEIGHTED_CATEGORIES.indexOf(kind)] as number) += deal.amount;
        if (options.backtest !== null) current.open.push({ group: options.backtest.groupOf(owner), amount: deal.amount, probability: deal.probability, stage: stage ?? -1, kind });
        return;
      }
      // Closed: stage conversion learns from it once (a deal seen open before, so its path is known).
      if (!track.counted && track.reached !== 0 && deal.amount !== null) {
        track.counted = true;
        const reached = deal.status === 'won' ? allStages : (1 << (31 - Math.clz32(track.reached) + 1)) - 1;
        for (let index = 0; index < closedValue.length; index += 1) {
          if ((reached & (1 << index)) === 0) continue;
          (closedValue[index] as number) += deal.amount;
          if (deal.status === 'won') (wonValue[index] as number) += deal.amount;
        }
      }
      if (options.backtest !== null && deal.status === 'won' && deal.amount !== null && deal.close !== null && deal.close >= period.from && deal.close <= Math.min(period.to, date)) {
        const group = options.backtest.groupOf(owner);
        current.closed.set(group, (current.closed.get(group) ?? 0) + deal.amount);
      }
    },
    finish(asOf) {
      endSnapshot();
      return finishHistory({ deals, forecasts, periods: [...periods.values()], snapshots, firstDate, firstListsClosed, lastDate, asOf, groupOf: options.backtest?.groupOf ?? null });
    },
  };
}

function snapshotForecast(
  snapshot: { date: DayNumber; period: NamedPeriod; open: readonly OpenDeal[]; closed: ReadonlyMap<string, number> },
  backtest: NonNullable<ForecastHistoryOptions['backtest']>,
  conversion: readonly (number | null)[],
): SnapshotForecast {
  const simulationMethod = snapshot.open.some((deal) => deal.probability !== null) ? 'crm' : 'history';
  const groups = new Map<string, OpenDeal[]>([['', []]]);
  for (const group of snapshot.closed.keys()) groups.set(group, []);
  for (const deal of snapshot.open) {
    (groups.get('') as OpenDeal[]).push(deal);
    const list = groups.get(deal.group);
    if (list === undefined) groups.set(deal.group, [deal]);
    else list.push(deal);
  }
  const totalClosed = [...snapshot.closed.values()].reduce((sum, value) => sum + value, 0);
  const result = new Map<string, Record<AccuracyMethod, Figure>>();
  for (const [group, open] of groups) {
    const closed = group === '' ? totalClosed : (snapshot.closed.get(group) ?? 0);
    result.set(group, groupForecast(open, closed, conversion, simulationMethod, backtest));
  }
  return { date: snapshot.date, period: snapshot.period, forecasts: result, simulationMethod };
}

function groupForecast(open: readonly OpenDeal[], closed: number, conversion: readonly (number | null)[], simulationMethod: 'crm' | 'history', backtest: { runs: number; seed: number }): Record<AccuracyMethod, Figure> {
  const commit = exactSum();
  const bestCase = exactSum();
  const crm = exactSum();
  const history = exactSum();
  let categorized = 0;
  let withProbability = 0;
  let withConversion = 0;
  const simulated: OutcomeDeal[] = [];
  for (const deal of open) {
    if (deal.kind !== null) categorized += 1;
    if (deal.kind === 'commit') addToSum(commit, deal.amount);
    if (deal.kind === 'bestCase') addToSum(bestCase, deal.amount);
    const stageP = deal.stage < 0 ? null : (conversion[deal.stage] ?? null);
    if (deal.probability !== null) {
      withProbability += 1;
      addToSum(crm, deal.amount * deal.probability);
    }
    if (stageP !== null) {
      withConversion += 1;
      addToSum(history, deal.amount * stageP);
    }
    const p = simulationMethod === 'crm' ? deal.probability : stageP;
    if (p !== null) simulated.push({ amount: deal.amount, probability: p });
  }
  const noCategory = na('no-forecast-category', 'snapshot');
  const commitValue = closed + sumValue(commit);
  const anyOpen = open.length > 0;
  const p50 =
    simulationMethod === 'history' && withConversion === 0 && anyOpen
      ? na('no-stage-conversion', 'snapshot-simulation')
      : known(outcomeDistribution(simulated, { closed, runs: backtest.runs, seed: backtest.seed, quota: null }).p50);
  return {
    commit: anyOpen && categorized === 0 ? noCategory : known(commitValue),
    bestCase: anyOpen && categorized === 0 ? noCategory : known(commitValue + sumValue(bestCase)),
    weightedCrm: anyOpen && withProbability === 0 ? na('no-probability', 'snapshot') : known(closed + sumValue(crm)),
    weightedHistory:
      anyOpen && withConversion === 0
        ? na('no-stage-conversion', 'snapshot')
        : known(closed + sumValue(history)),
    p50,
  };
}

function finishHistory(input: {
  deals: ReadonlyMap<string, DealTrack>;
  forecasts: readonly SnapshotForecast[];
  periods: readonly NamedPeriod[];
  snapshots: number;
  firstDate: DayNumber | null;
  firstListsClosed: boolean;
  lastDate: DayNumber | null;
  asOf: DayNumber;
  groupOf: ((owner: string) => string) | null;
}): ForecastHistory {
  const { deals, lastDate, asOf } = input;
  // A period's bookings are known when it ended before the last snapshot and either the snapshots
  // cover it from its start or they carry closed deals (the first one lists some): exports of the
  // open pipeline alone hold no deal won before the series began, and a period that began earlier
  // would show too few bookings (an actual of 0 where it is unknown).
  const firstDate = input.firstDate;
  const complete = (to: DayNumber, from?: DayNumber): boolean =>
    lastDate !== null && to < lastDate && to <= asOf && (from === undefined || input.firstListsClosed || (firstDate !== null && firstDate <= from));
  const valueIn = WEIGHTED_CATEGORIES.map(() => exactSum());
  const wonIn = WEIGHTED_CATEGORIES.map(() => exactSum());
  const past = input.periods.filter((period) => complete(period.to, period.from));
  const begunBefore = input.periods.filter((period) => complete(period.to) && !complete(period.to, period.from)).map((period) => period.label);
  const actuals = new Map<string, Map<string, number>>(past.map((period) => [period.label, new Map([['', 0]])]));
  let pairs = 0;
  let inside = 0;
  let outcomeUnknown = 0;
  for (const track of deals.values()) {
    // The outcome is the last snapshot's: a deal no longer in it (deleted, or filtered out of the export) has none.
    if (track.seen !== input.snapshots) {
      if (track.periods.some((entry) => complete(entry.to))) outcomeUnknown += 1;
      continue;
    }
    const closedAt = track.status !== 'open' ? track.close : null;
    for (const entry of track.periods) {
      if (!complete(entry.to)) continue;
      pairs += 1;
      if (closedAt !== null && closedAt <= entry.to) inside += 1;
      const won = track.status === 'won' && closedAt !== null && closedAt >= entry.from && closedAt <= entry.to;
      entry.values.forEach((value, index) => {
        if (value === 0) return;
        addToSum(valueIn[index] as ReturnType<typeof exactSum>, value);
        if (won) addToSum(wonIn[index] as ReturnType<typeof exactSum>, value);
      });
    }
    if (track.status === 'won' && track.close !== null && track.amount !== null) {
      for (const period of past) {
        if (track.close < period.from || track.close > period.to) continue;
        const byGroup = actuals.get(period.label) as Map<string, number>;
        byGroup.set('', (byGroup.get('') as number) + track.amount);
        if (input.groupOf !== null) {
          const group = input.groupOf(track.owner);
          byGroup.set(group, (byGroup.get(group) ?? 0) + track.amount);
        }
        break;
      }
    }
  }
  const categoryWeights = {} as Record<WeightedCategory, Figure>;
  WEIGHTED_CATEGORIES.forEach((kind, index) => {
    const total = sumValue(valueIn[index] as ReturnType<typeof exactSum>);
    categoryWeights[kind] =
      total > 0 ? known(sumValue(wonIn[index] as ReturnType<typeof exactSum>) / total) : na('no-category-history', kind);
  });
  const noPast = na('no-past-period');
  return {
    snapshots: input.snapshots,
    firstDate: input.firstDate,
    lastDate,
    periods: input.periods.filter((period) => complete(period.to)).map((period) => period.label),
    categoryWeights,
    closeInPeriod: pairs === 0 ? noPast : known(inside / pairs),
    closeInPeriodDeals: pairs,
    outcomeUnknown,
    backtest: input.forecasts.filter((entry) => complete(entry.period.to, entry.period.from)),
    periodsBegunBefore: begunBefore,
    actuals,
  };
}
