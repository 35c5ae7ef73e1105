/** The integrity summary (METRICS.md "Validation") for people and for JSON. */
import type { Rule } from '../../model/findings.js';
import type { IntegrityResult } from '../../validate/integrity.js';
import type { IntegrityStepResult } from '../../engine/steps/integrity.js';
import { formatCount } from '../format.js';
import { column, type SectionView } from '../view.js';
import { metricOutput } from './output.js';

export function integrityOutput({ integrity, byRule, rowsRejected }: IntegrityStepResult) {
  const json = integrityJson(integrity, byRule, rowsRejected);
  return metricOutput({ json: { integrity: json }, warnings: [] }, () => [integritySection(json)]);
}

function integrityJson(result: IntegrityResult, byRule: ReadonlyMap<Rule, number>, rowsRejected: number) {
  const sorted = [...byRule.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    integrityScore: result.integrityScore,
    rowsRejected,
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
      `integrity score ${json.integrityScore.value === null ? `n/a (${json.integrityScore.reason?.message ?? ''})` : `${(json.integrityScore.value * 100).toFixed(1)}%`}: the share of open pipeline value free of findings; ${formatCount(json.flaggedDeals)} of ${formatCount(json.openDeals)} open deals flagged; ${formatCount(json.rowsRejected)} rows rejected`,
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
