/** The rep scorecard (METRICS.md "Rep scorecard") as an analyzer. */
import { closedInWindow, openWorkedInWindow } from '../../metrics/scope.js';
import { repLeversFold, scorecard, type ScorecardResult } from '../../metrics/scorecard.js';
import { column, type SectionView } from '../../report/view.js';
import type { Analysis } from '../analysis.js';
import { reasonNotes } from '../groupView.js';
import type { Analyzer } from './analyzer.js';

export function scorecardAnalyzer(analysis: Analysis, options: { extraReps?: readonly string[] } = {}) {
  const fold = repLeversFold({ scope: analysis.scope });
  let state = fold.init();
  const analyzer: Analyzer<{ scorecard: ScorecardResult }> = {
    name: 'scorecard',
    money: true,
    windowed: true,
    accept: (deal) => closedInWindow(deal, analysis.scope) || openWorkedInWindow(deal, analysis.scope),
    add: (deal) => {
      state = fold.add(state, deal);
    },
    snapshot: () => state,
    absorb: (other) => {
      state = fold.merge(state, other as typeof state);
    },
    finish: () => {
      const result = scorecard(fold.finish(state), { minSample: analysis.minSample, ...(options.extraReps === undefined ? {} : { extraReps: options.extraReps }) });
      const small = result.reps.filter((rep) => rep.smallSample).length;
      const warnings = small === 0 ? [] : [`${small} of ${result.reps.length} reps have fewer than ${analysis.minSample} closed deals: listed, flagged, and left out of the peer group`];
      return { json: { scorecard: result }, sections: [scorecardSection(result)], warnings };
    },
  };
  return analyzer;
}

export function scorecardSection(result: ScorecardResult): SectionView {
  return {
    title: 'Rep scorecard',
    text: [
      'levers per rep: deals worked (closed in the window and open deals worked in it), average won deal, win rate, cycle; velocity = deals x average won x win rate / cycle',
      `percentile ranks within the peer group of ${result.peerGroup} reps with at least ${result.minSample} closed deals (ties share a rank; a shorter cycle ranks higher); composite = mean of the four`,
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
        notes: reasonNotes(result.reps.map((rep) => ({ label: { rep: rep.key }, reasons: { composite: rep.compositeReason, velocity: rep.velocityReason } }))),
      },
    ],
  };
}
