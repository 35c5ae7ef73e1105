/** Sales velocity with what-if and a comparison window (METRICS.md "Sales velocity") as an analyzer. */
import { formatDay } from '../../model/calendar.js';
import type { Deal } from '../../model/types.js';
import { foldRun, groupedFold } from '../../metrics/fold.js';
import { inScope, inScopeAsAt, type Scope } from '../../metrics/scope.js';
import { velocityFold, type VelocityResult } from '../../metrics/velocity.js';
import { velocityChange, type VelocityChangeResult } from '../../metrics/velocityChange.js';
import { whatIf, type VelocityLevers, type WhatIfResult } from '../../metrics/whatIf.js';
import { signedBarsSvg } from '../../report/svg.js';
import { column, type DocumentView, type RowView, type SectionView } from '../../report/view.js';
import { windowJson, type Analysis } from '../analysis.js';
import type { Grouping } from '../dealInput.js';
import { groupColumns, groupRow, reasonNotes } from '../groupView.js';
import type { Analyzer } from './analyzer.js';
import { analyzerOutput } from './output.js';

export interface VelocityAnalyzerOptions {
  readonly basis: 'open' | 'closed';
  readonly levers: VelocityLevers | null;
  /** A second window read in the same pass, as of its own end (or the as-of date if earlier). */
  readonly compareScope: Scope | null;
  readonly grouping?: Grouping;
}

/**
 * How a deal looked at a past day: one closed after it was still open then (for the compare
 * window's N). Made only for a deal inScopeAsAt has let in, since it copies the deal.
 */
function asAt(deal: Deal, day: number): Deal {
  return deal.status !== 'open' && deal.close !== null && deal.close > day ? { ...deal, status: 'open' } : deal;
}

export function velocityAnalyzer(analysis: Analysis, options: VelocityAnalyzerOptions) {
  const grouping = options.grouping ?? analysis.grouping;
  const { basis, levers, compareScope } = options;
  const fold = groupedFold(velocityFold({ scope: analysis.scope, n: basis }), grouping.names, grouping.keyOf);
  const run = foldRun(fold);
  const compareRun = compareScope === null ? null : foldRun(groupedFold(velocityFold({ scope: compareScope, n: basis }), grouping.names, grouping.keyOf));
  const analyzer: Analyzer<ReturnType<typeof velocityDocument>> & { results(): { result: ReturnType<typeof fold.finish>; compared: ReturnType<typeof fold.finish> | null } } = {
    name: 'velocity',
    money: true,
    windowed: true,
    groupings: grouping === analysis.grouping ? [] : [grouping],
    accept: (deal) => inScope(deal, analysis.scope) || (compareScope !== null && inScopeAsAt(deal, compareScope)),
    add: (deal) => {
      if (inScope(deal, analysis.scope)) run.add(deal);
      if (compareRun !== null && compareScope !== null && inScopeAsAt(deal, compareScope)) compareRun.add(asAt(deal, compareScope.asOf));
    },
    snapshot: () => ({ state: run.snapshot(), compareState: compareRun?.snapshot() ?? null }),
    absorb: (other) => {
      const part = other as { state: unknown; compareState: unknown };
      run.absorb(part.state);
      if (compareRun !== null && part.compareState !== null) compareRun.absorb(part.compareState);
    },
    results: () => ({ result: run.finish(), compared: compareRun?.finish() ?? null }),
    finish: () => {
      const { result, compared } = analyzer.results();
      const json = velocityDocument(grouping.names, basis, levers, compareScope, result, compared);
      return analyzerOutput({ json, warnings: [] }, () => velocitySections(json, grouping.names, result, compared));
    },
  };
  return analyzer;
}

function velocityDocument(
  by: readonly string[],
  basis: 'open' | 'closed',
  levers: VelocityLevers | null,
  compareScope: Scope | null,
  result: { total: VelocityResult; groups: readonly { key: Readonly<Record<string, string>>; result: VelocityResult }[] },
  compared: { total: VelocityResult; groups: readonly { key: Readonly<Record<string, string>>; result: VelocityResult }[] } | null,
) {
  const whatIfOf = (velocity: VelocityResult): WhatIfResult | null => (levers === null ? null : whatIf(velocity.perDay, levers));
  const changeOf = (key: string, after: VelocityResult): VelocityChangeResult | null => {
    if (compared === null) return null;
    const before = key === '' ? compared.total : compared.groups.find((group) => JSON.stringify(group.key) === key)?.result;
    return before === undefined ? null : velocityChange(before, after);
  };
  const entry = (key: Readonly<Record<string, string>>, velocity: VelocityResult, keyText: string) => ({
    key,
    ...velocityJson(velocity),
    whatIf: whatIfOf(velocity),
    change: changeOf(keyText, velocity),
  });
  return {
    by,
    n: basis,
    whatIfLevers: levers,
    compare: compareScope === null || compared === null ? null : { window: windowJson(compareScope), asOf: formatDay(compareScope.asOf), total: velocityJson(compared.total) },
    total: entry({}, result.total, ''),
    groups: result.groups.map((group) => entry(group.key, group.result, JSON.stringify(group.key))),
    whatIf: whatIfOf(result.total),
    change: changeOf('', result.total),
  };
}

export function velocityJson(velocity: VelocityResult) {
  return {
    deals: velocity.deals,
    averageWonAmount: velocity.averageWonAmount,
    winRate: velocity.winRate,
    cycleDays: velocity.cycleDays,
    perDay: velocity.perDay,
    perMonth: velocity.perMonth,
    perQuarter: velocity.perQuarter,
    reason: velocity.reason,
  };
}

type VelocityJson = {
  readonly n: string;
  readonly whatIfLevers: VelocityLevers | null;
  readonly whatIf: WhatIfResult | null;
  readonly change: VelocityChangeResult | null;
  readonly compare: { readonly window: { readonly label: string } | null; readonly asOf: string } | null;
};

function velocitySections(
  json: VelocityJson,
  by: readonly string[],
  result: { total: VelocityResult; groups: readonly { key: Readonly<Record<string, string>>; result: VelocityResult }[] },
  compared: { total: VelocityResult } | null,
): SectionView[] {
  const row = (velocity: VelocityResult): RowView => {
    const { reason: _reason, ...figures } = velocityJson(velocity);
    return figures;
  };
  const columns = [
    column('deals', json.n === 'open' ? 'N (open)' : 'N (closed)', 'count'),
    column('averageWonAmount', 'A (avg won)', 'money'),
    column('winRate', 'W (win rate)', 'ratio'),
    column('cycleDays', 'L (cycle days)', 'days'),
    column('perDay', 'Per day', 'money'),
    column('perMonth', 'Per month', 'money'),
    column('perQuarter', 'Per quarter', 'money'),
  ];
  const sections: SectionView[] = [
    {
      title: 'Sales velocity',
      text: ['velocity = N x A x W / L (revenue per day)'],
      tables: [
        {
          columns: [...groupColumns(by), ...columns],
          rows: result.groups.map((group) => groupRow(by, group.key, row(group.result))),
          total: groupRow(by, null, row(result.total)),
          notes: reasonNotes([...result.groups.map((group) => ({ label: group.key, reasons: { velocity: group.result.reason } })), { label: null, reasons: { velocity: result.total.reason } }]),
        },
      ],
    },
  ];
  if (json.whatIf !== null && json.whatIfLevers !== null) {
    const levers = Object.entries(json.whatIfLevers).map(([lever, change]) => `${lever} ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`).join(', ');
    sections.push({
      title: 'What-if',
      text: [`${levers}: velocity x${json.whatIf.multiplier.toFixed(4)} (${json.whatIf.multiplier >= 1 ? '+' : ''}${((json.whatIf.multiplier - 1) * 100).toFixed(1)}%)`],
      tables: [
        {
          columns: [column('label', ''), column('perDay', 'Per day', 'money'), column('perMonth', 'Per month', 'money')],
          rows: [
            { label: 'now', perDay: result.total.perDay, perMonth: result.total.perMonth },
            { label: 'what-if', perDay: json.whatIf.perDay, perMonth: json.whatIf.perDay === null ? null : json.whatIf.perDay * 30.4375 },
          ],
        },
      ],
    });
  }
  if (compared !== null && json.change !== null && json.compare !== null) {
    const change = json.change;
    sections.push({
      title: `Change against ${json.compare.window?.label ?? 'the other window'}`,
      text: [change.ratio === null ? `velocity ratio n/a: ${change.reason ?? ''}` : `velocity x${change.ratio.toFixed(3)} (${change.ratio >= 1 ? '+' : ''}${((change.ratio - 1) * 100).toFixed(1)}%)`],
      tables: [
        {
          columns: [column('lever', 'Lever'), column('before', json.compare.window?.label ?? 'before', 'number'), column('after', 'this window', 'number'), column('share', 'Share of change', 'ratio')],
          rows: [
            { lever: 'N deals', before: compared.total.deals, after: result.total.deals, share: change.levers.deals },
            { lever: 'A average won', before: compared.total.averageWonAmount, after: result.total.averageWonAmount, share: change.levers.value },
            { lever: 'W win rate', before: compared.total.winRate, after: result.total.winRate, share: change.levers.winRate },
            { lever: 'L cycle days', before: compared.total.cycleDays, after: result.total.cycleDays, share: change.levers.cycle },
            { lever: 'velocity per day', before: compared.total.perDay, after: result.total.perDay, share: null },
          ],
          notes: change.reason === null ? ["share of change: each lever's part of ln(V2/V1); the shares sum to 100%"] : [`lever shares n/a: ${change.reason}`],
        },
      ],
    });
  }
  return sections;
}
