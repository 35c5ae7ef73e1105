/** The integrity summary (METRICS.md "Validation") as an analyzer: findings by rule and the integrity score. */
import type { Deal } from '../../model/types.js';
import type { Finding, Rule } from '../../model/findings.js';
import { openAtAsOf } from '../../metrics/scope.js';
import { column, type SectionView } from '../../report/view.js';
import { integrityFold, type IntegrityResult } from '../../validate/integrity.js';
import { checkDeal, type RuleContext } from '../../validate/rules.js';
import type { Analysis } from '../analysis.js';
import type { DealRun } from '../dealInput.js';
import type { StalledCheck } from '../stageInput.js';
import type { Analyzer } from './analyzer.js';
import { analyzerOutput } from './output.js';

export function integrityAnalyzer(analysis: Analysis, stalled: StalledCheck | undefined) {
  const context: RuleContext = { asOf: analysis.asOf, staleDays: analysis.config.thresholds.staleDays, columnOf: () => null, stalled };
  const counts = new Map<Rule, number>();
  let state = integrityFold.init();
  // Made once: a closure made per deal would be garbage on the per-row path.
  const countFinding = (finding: Finding): void => {
    counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1);
  };
  const analyzer: Analyzer<{ integrity: ReturnType<typeof integrityJson> }> & { result(): IntegrityResult } = {
    name: 'integrity',
    money: false,
    windowed: false,
    accept: (deal: Deal) => deal.status !== 'open' || openAtAsOf(deal, analysis.asOf),
    add: (deal) => {
      const found = checkDeal(deal, context, countFinding);
      if (openAtAsOf(deal, analysis.asOf)) state = integrityFold.add(state, deal, found > 0);
    },
    snapshot: () => ({ state, counts }),
    absorb: (other) => {
      const part = other as { state: typeof state; counts: Map<Rule, number> };
      state = integrityFold.merge(state, part.state);
      for (const [rule, found] of part.counts) counts.set(rule, (counts.get(rule) ?? 0) + found);
    },
    result: () => integrityFold.finish(state),
    finish: (run: DealRun) => {
      const result = integrityFold.finish(state);
      // Reading findings (rejected rows and their rules) come from the run; rule findings from here.
      const byRule = new Map(run.findingCounts);
      for (const [rule, found] of counts) byRule.set(rule, (byRule.get(rule) ?? 0) + found);
      const json = integrityJson(result, byRule, run);
      return analyzerOutput({ json: { integrity: json }, warnings: [] }, () => [integritySection(json)]);
    },
  };
  return analyzer;
}

function integrityJson(result: IntegrityResult, byRule: ReadonlyMap<Rule, number>, run: DealRun) {
  const sorted = [...byRule.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    integrityScore: result.integrityScore,
    integrityScoreReason: result.reason,
    rowsRejected: run.rowsRejected,
    openDeals: result.openDeals,
    flaggedDeals: result.flaggedDeals,
    openValue: result.openValue,
    cleanValue: result.cleanValue,
    byRule: Object.fromEntries(sorted),
  };
}

function integritySection(json: ReturnType<typeof integrityJson>): SectionView {
  return {
    title: 'Data integrity',
    text: [
      `integrity score ${json.integrityScore === null ? `n/a (${json.integrityScoreReason ?? ''})` : `${(json.integrityScore * 100).toFixed(1)}%`}: the share of open pipeline value free of findings; ${json.flaggedDeals} of ${json.openDeals} open deals flagged; ${json.rowsRejected} rows rejected`,
      'run "dealmath validate" for every finding with its file, row and column',
    ],
    tables: [
      {
        columns: [column('rule', 'Rule'), column('count', 'Findings', 'count')],
        rows: Object.entries(json.byRule).map(([rule, count]) => ({ rule, count })),
      },
    ],
  };
}
