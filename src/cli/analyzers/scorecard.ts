/** The rep scorecard (METRICS.md "Rep scorecard") as an analyzer. */
import { closedInWindow, openWorkedInWindow } from '../../metrics/scope.js';
import { addLeverCounts, emptyLeverCounts } from '../../metrics/leverCounts.js';
import { repLeversFold, scorecard, type RepLevers, type ScorecardResult } from '../../metrics/scorecard.js';
import { column, type SectionView } from '../../report/view.js';
import type { Analysis } from '../analysis.js';
import { reasonNotes } from '../groupView.js';
import type { Analyzer } from './analyzer.js';
import { analyzerOutput } from './output.js';
import { foldRun } from '../../metrics/fold.js';

export interface ScorecardAnalyzerOptions {
  /** Reps with no deals (a reps file): listed with 0 deals worked, flagged. */
  readonly extraReps?: readonly string[];
}

/** The whole team's levers, the same formulas over every rep's deals (the table's total row). */
export interface TeamLevers {
  readonly deals: number;
  readonly closed: number;
  readonly averageWonAmount: number | null;
  readonly winRate: number | null;
  readonly cycleDays: number | null;
  /** deals x averageWonAmount x winRate / cycleDays, revenue per day. */
  readonly velocity: number | null;
}

export interface ScorecardJson {
  readonly scorecard: ScorecardResult;
  readonly team: TeamLevers;
}

export function scorecardAnalyzer(analysis: Analysis, options: ScorecardAnalyzerOptions = {}) {
  const fold = repLeversFold({ scope: analysis.scope });
  const run = foldRun(fold);
  const analyzer: Analyzer<ScorecardJson> = {
    name: 'scorecard',
    money: true,
    windowed: true,
    accept: (deal) => closedInWindow(deal, analysis.scope) || openWorkedInWindow(deal, analysis.scope),
    add: run.add,
    snapshot: run.snapshot,
    absorb: run.absorb,
    finish: () => {
      const levers = run.finish();
      const result = scorecard(levers, { minSample: analysis.minSample, ...(options.extraReps === undefined ? {} : { extraReps: options.extraReps }) });
      const team = teamLevers(levers);
      const small = result.reps.filter((rep) => rep.smallSample).length;
      const warnings = small === 0 ? [] : [`${small} of ${result.reps.length} reps have fewer than ${analysis.minSample} closed deals: listed, flagged, and left out of the peer group (--min-sample sets the bar)`];
      return analyzerOutput({ json: { scorecard: result, team }, warnings }, () => [scorecardSection(result, team)]);
    },
  };
  return analyzer;
}

/** Sums the reps' counts, so the team's averages weigh every deal alike (not every rep). */
export function teamLevers(levers: readonly RepLevers[]): TeamLevers {
  const sums = emptyLeverCounts();
  for (const rep of levers) addLeverCounts(sums, rep);
  const { deals, won, lost, wonAmount, wonWithAmount, wonCycleDays, wonWithCycle } = sums;
  const averageWonAmount = wonWithAmount === 0 ? null : wonAmount / wonWithAmount;
  const winRate = won + lost === 0 ? null : won / (won + lost);
  const cycleDays = wonWithCycle === 0 ? null : wonCycleDays / wonWithCycle;
  const velocity = averageWonAmount === null || winRate === null || cycleDays === null || cycleDays === 0 ? null : (deals * averageWonAmount * winRate) / cycleDays;
  return { deals, closed: won + lost, averageWonAmount, winRate, cycleDays, velocity: velocity === 0 ? 0 : velocity };
}

export function scorecardSection(result: ScorecardResult, team: TeamLevers | null = null): SectionView {
  return {
    title: 'Rep scorecard',
    text: [
      'levers per rep: deals worked (closed in the window and open deals worked in it), average won deal, win rate, cycle; velocity = deals x average won x win rate / cycle',
      result.peerGroupReason === null
        ? `percentile ranks within the peer group of ${result.peerGroup} reps with at least ${result.minSample} closed deals (ties share a rank; a shorter cycle ranks higher); composite = mean of the four`
        : `no percentile ranks: ${result.peerGroupReason} (--min-sample sets the bar)`,
    ],
    tables: [
      {
        columns: [
          column('key', 'Rep'),
          column('deals', 'Deals', 'count'),
          column('averageWonAmount', 'Avg won', 'money'),
          column('winRate', 'Win rate', 'ratio'),
          column('cycleDays', 'Cycle days', 'days'),
          column('velocity', 'Velocity/day', 'money'),
          column('pDeals', 'P deals', 'ratio'),
          column('pValue', 'P value', 'ratio'),
          column('pWin', 'P win', 'ratio'),
          column('pCycle', 'P cycle', 'ratio'),
          column('composite', 'Composite', 'ratio'),
          column('flag', 'Flag'),
        ],
        rows: result.reps.map((rep) => ({
          key: rep.key,
          deals: rep.deals,
          averageWonAmount: rep.averageWonAmount,
          winRate: rep.winRate,
          cycleDays: rep.cycleDays,
          velocity: rep.velocity,
          pDeals: rep.percentiles.deals,
          pValue: rep.percentiles.value,
          pWin: rep.percentiles.winRate,
          pCycle: rep.percentiles.cycle,
          composite: rep.composite,
          flag: rep.smallSample ? 'small sample' : '',
        })),
        ...(team === null
          ? {}
          : {
              total: {
                key: 'Team',
                deals: team.deals,
                averageWonAmount: team.averageWonAmount,
                winRate: team.winRate,
                cycleDays: team.cycleDays,
                velocity: team.velocity,
                // No percentile columns: the team is not ranked against its reps (blank, not n/a).
              },
            }),
        notes: reasonNotes(result.reps.map((rep) => ({ label: { rep: rep.key }, reasons: { composite: rep.compositeReason, velocity: rep.velocityReason } }))),
      },
    ],
  };
}
