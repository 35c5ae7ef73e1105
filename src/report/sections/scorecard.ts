/** The rep scorecard (METRICS.md "Rep scorecard") for people and for JSON. */
import { naReason } from '../../metrics/naReasons.js';
import type { ScorecardResult } from '../../metrics/scorecard.js';
import type { ScorecardJson, TeamLevers } from '../../engine/steps/scorecard.js';
import { formatCount } from '../format.js';
import { column, type SectionView } from '../view.js';
import { reasonNotes } from './groupView.js';
import { metricOutput } from './output.js';

export function scorecardOutput(json: ScorecardJson, by = 'owner') {
  const { scorecard: result, team } = json;
  const small = result.reps.filter((rep) => rep.smallSample).length;
  const warnings = small === 0 ? [] : [`${formatCount(small)} of ${formatCount(result.reps.length)} reps have fewer than ${formatCount(result.minSample)} closed deal${result.minSample === 1 ? '' : 's'}: listed, flagged, and left out of the peer group (--min-sample sets the bar)`];
  return metricOutput({ json, warnings }, () => [scorecardSection(result, team, by)]);
}

export function scorecardSection(result: ScorecardResult, team: TeamLevers | null = null, by = 'owner'): SectionView {
  return {
    title: 'Rep scorecard',
    text: [
      'levers per rep: deals worked (closed in the window and open deals worked in it), average won deal, win rate, cycle; velocity = deals x average won x win rate / cycle',
      result.peerGroup > 0
        ? `percentile ranks within the peer group of ${formatCount(result.peerGroup)} reps with at least ${formatCount(result.minSample)} closed deals (ties share a rank; a shorter cycle ranks higher); composite = mean of the four`
        : `no percentile ranks: ${naReason('small-peer-group', result.minSample).message} (--min-sample sets the bar)`,
    ],
    tables: [
      {
        columns: [
          column('key', by === 'owner' ? 'Rep' : by === 'team' ? 'Team' : by === 'manager' ? 'Manager' : by),
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
          averageWonAmount: rep.averageWonAmount.value,
          winRate: rep.winRate.value,
          cycleDays: rep.cycleDays.value,
          velocity: rep.velocity.value,
          pDeals: rep.percentiles.deals.value,
          pValue: rep.percentiles.value.value,
          pWin: rep.percentiles.winRate.value,
          pCycle: rep.percentiles.cycle.value,
          composite: rep.composite.value,
          flag: rep.smallSample ? 'small sample' : '',
        })),
        ...(team === null
          ? {}
          : {
              total: {
                key: 'Team',
                deals: team.deals,
                averageWonAmount: team.averageWonAmount.value,
                winRate: team.winRate.value,
                cycleDays: team.cycleDays.value,
                velocity: team.velocity.value,
                // No percentile columns: the team is not ranked against its reps (blank, not n/a).
              },
            }),
        notes: reasonNotes(result.reps.map((rep) => ({ label: { rep: rep.key }, reasons: { composite: rep.composite, velocity: rep.velocity } }))),
      },
    ],
  };
}
