/**
 * Account plan figures (METRICS.md "Account plan") for one strategic account:
 * - attainment = won in the period / revenue objective;
 * - pipeline vs goal = open pipeline closing in the period / pipeline goal;
 * - gap to objective = max(objective - won, 0);
 * - required pipeline = gap / value win rate, with the account's own value win rate when it has
 *   at least `minSample` closed deals (and a lost amount above 0 when it lost any), else the team's;
 * - pipeline shortfall = required pipeline - open pipeline closing in the period (positive: short).
 * Units: money, ratios 0..1. Each figure that cannot be known is a Figure with its reason
 * (no objective, no goal, an objective of 0, no usable win rate).
 *
 * @example accountPlanFigures({ objective: 500000, pipelineGoal: 400000, won: 200000, pipeline: 300000,
 *   account: { won: 40, lost: 60, wonValue: 400000, lostValue: 600000 }, teamValueWinRate: 0.25, minSample: 30 })
 *   // attainment 0.4, pipelineVsGoal 0.75, gap 300000, valueWinRate 0.4 (account), requiredPipeline 750000, shortfall 450000
 */
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';

export interface AccountPlanInput {
  readonly objective: number | null;
  readonly pipelineGoal: number | null;
  /** Won in the plan's period. */
  readonly won: number;
  /** Open pipeline expected to close in the period. */
  readonly pipeline: number;
  /** The account's closed deals (for its value win rate). */
  readonly account: { readonly won: number; readonly lost: number; readonly wonValue: number; readonly lostValue: number };
  readonly teamValueWinRate: number | null;
  readonly minSample: number;
}

export interface AccountPlanFigures {
  readonly objective: number | null;
  readonly won: number;
  readonly attainment: Figure;
  readonly pipeline: number;
  readonly pipelineGoal: number | null;
  readonly pipelineVsGoal: Figure;
  readonly gap: Figure;
  readonly valueWinRate: Figure;
  /** Whose value win rate: the account's own, or the team's (too few closed deals). */
  readonly winRateFrom: 'account' | 'team' | null;
  readonly requiredPipeline: Figure;
  readonly pipelineShortfall: Figure;
}

/** Value win rate `won value / (won value + lost value)`, n/a as METRICS.md "Win rates" says. */
export function valueWinRateOf(closed: AccountPlanInput['account']): number | null {
  if (closed.lost > 0 && closed.lostValue <= 0) return null;
  const total = closed.wonValue + closed.lostValue;
  return total > 0 ? closed.wonValue / total : null;
}

export function accountPlanFigures(input: AccountPlanInput): AccountPlanFigures {
  const { objective, pipelineGoal, won, pipeline } = input;
  const noObjective = <T>(): Figure<T> => na('no-objective');
  const attainment: Figure = objective === null ? noObjective() : objective === 0 ? na('zero-objective') : known(won / objective);
  const pipelineVsGoal: Figure =
    pipelineGoal === null ? na('no-pipeline-goal') : pipelineGoal === 0 ? na('zero-pipeline-goal') : known(pipeline / pipelineGoal);
  const gap: Figure = objective === null ? noObjective() : known(Math.max(objective - won, 0));
  const own = input.account.won + input.account.lost >= input.minSample ? valueWinRateOf(input.account) : null;
  const rate = own ?? input.teamValueWinRate;
  const winRateFrom = own !== null ? 'account' : input.teamValueWinRate !== null ? 'team' : null;
  const valueWinRate: Figure = rate === null ? na('no-win-rate', 'account') : known(rate);
  let requiredPipeline: Figure;
  if (gap.value === null) requiredPipeline = noObjective();
  else if (gap.value === 0) requiredPipeline = known(0);
  else if (rate === null || rate === 0) requiredPipeline = na('no-win-rate', rate === null ? 'sizing' : 'zero');
  else requiredPipeline = known(gap.value / rate);
  const pipelineShortfall: Figure = requiredPipeline.value === null ? { value: null, reason: requiredPipeline.reason } : known(requiredPipeline.value - pipeline);
  return { objective, won, attainment, pipeline, pipelineGoal, pipelineVsGoal, gap, valueWinRate, winRateFrom, requiredPipeline, pipelineShortfall };
}
