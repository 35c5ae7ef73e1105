/** Account quadrants (METRICS.md "Account quadrants") as an analyzer over the deals (for current revenue). */
import { DealmathError } from '../../model/errors.js';
import type { Account } from '../../model/types.js';
import { accountInputs, accountRevenueFold, quadrants, type QuadrantResult, type ThresholdSpec } from '../../metrics/quadrant.js';
import { quadrantChart } from '../../report/charts/quadrantChart.js';
import { formatMoney } from '../../report/format.js';
import { scatterSvg } from '../../report/svg.js';
import { column, type SectionView } from '../../report/view.js';
import type { Analysis } from '../analysis.js';
import type { Analyzer } from './analyzer.js';

export interface QuadrantInputs {
  readonly accounts: readonly Account[];
  /** Current revenue from won deals of the 365 days before the as-of date (when there is no column). */
  readonly currentFromDeals: boolean;
}

/** Where C and F come from, by the config and the inputs; stops when F has no source. */
export function quadrantSources(analysis: Pick<Analysis, 'config'>, accounts: readonly Account[], dealsGiven: boolean) {
  const settings = analysis.config.quadrant ?? {};
  const hasCurrentColumn = settings.current?.column !== undefined || accounts.some((account) => account.currentRevenue !== null);
  const currentFromDeals = dealsGiven && settings.current?.column === undefined && !accounts.some((account) => account.currentRevenue !== null);
  if (!hasCurrentColumn && !dealsGiven) {
    throw new DealmathError('missing-input', 'current revenue is unknown: the accounts need a current_revenue column (or quadrant.current.column in the config), or give the deals with --deals');
  }
  const model = settings.future?.model;
  const hasFuture = model !== undefined || settings.future?.column !== undefined || accounts.some((account) => account.futureRevenue !== null);
  if (!hasFuture) {
    throw new DealmathError('missing-input', 'future revenue is unknown: the accounts need a future_revenue column, or the config a scoring model (quadrant.future.model)');
  }
  const threshold = (side: { threshold?: number | undefined; percentile?: number | undefined } | undefined): ThresholdSpec =>
    side?.threshold ?? { percentile: side?.percentile ?? 0.5 };
  return {
    currentFromDeals,
    currentColumn: settings.current?.column,
    future: model !== undefined ? ({ kind: 'model', model } as const) : ({ kind: 'column', column: settings.future?.column } as const),
    thresholds: { current: threshold(settings.current), future: threshold(settings.future) },
  };
}

export function quadrantAnalyzer(analysis: Analysis, accounts: readonly Account[], dealsGiven: boolean) {
  const sources = quadrantSources(analysis, accounts, dealsGiven);
  const fold = accountRevenueFold({ asOf: analysis.asOf });
  let state = fold.init();
  const analyzer: Analyzer<{ quadrants: QuadrantResult }> & { result(): QuadrantResult } = {
    name: 'quadrant',
    money: true,
    windowed: false,
    accept: (deal) => sources.currentFromDeals && deal.status === 'won',
    add: (deal) => {
      state = fold.add(state, deal);
    },
    snapshot: () => state,
    absorb: (other) => {
      state = fold.merge(state, other as typeof state);
    },
    result: () => {
      const inputs = accountInputs(accounts, {
        current: sources.currentFromDeals ? { kind: 'won', revenue: fold.finish(state) } : { kind: 'column', column: sources.currentColumn },
        future: sources.future,
        decimal: analysis.config.decimal,
      });
      // The example scoring model's levels are money, so F - C is a gap in money.
      return quadrants(inputs, { thresholds: sources.thresholds, futureIsMoney: true });
    },
    finish: () => {
      const result = analyzer.result();
      const warnings = result.unplaced > 0 ? [`${result.unplaced} accounts could not be placed (missing current or future revenue); see their reason in the JSON output`] : [];
      return { json: { quadrants: result }, sections: [quadrantSection(result, sources.currentFromDeals, sources.future.kind)], warnings };
    },
  };
  return analyzer;
}

export function quadrantJson(result: QuadrantResult) {
  return {
    accounts: result.accounts,
    quadrants: result.quadrants,
    thresholds: result.thresholds,
    thresholdsReason: result.thresholdsReason,
    placed: result.placed,
    unplaced: result.unplaced,
  };
}

export function quadrantSection(result: QuadrantResult, currentFromDeals: boolean, futureFrom: 'model' | 'column'): SectionView {
  const letters = ['A', 'B', 'C', 'D'] as const;
  const actions = { A: 'full account plan', B: 'develop: put in the sales plan', C: 'protect current revenue', D: 'nurture: hand to marketing' };
  const sorted = [...result.accounts].sort((a, b) => (a.quadrant ?? 'Z').localeCompare(b.quadrant ?? 'Z') || (b.future ?? 0) - (a.future ?? 0) || a.id.localeCompare(b.id));
  return {
    title: 'Account quadrants',
    text: [
      `current revenue C ${currentFromDeals ? 'from won deals of the 365 days before the as-of date' : 'from the accounts file'}; future revenue F ${futureFrom === 'model' ? 'scored by the config\'s model' : 'from the accounts file'}; high when at or above the threshold`,
      `thresholds: C ${result.thresholds.current === null ? 'n/a' : formatMoney(result.thresholds.current)}, F ${result.thresholds.future === null ? 'n/a' : formatMoney(result.thresholds.future)}`,
    ],
    chart: quadrantChart(result.accounts, result.thresholds),
    svg: scatterSvg(
      result.accounts.filter((account) => account.current !== null && account.future !== null).map((account) => ({ label: account.name ?? account.id, x: account.current as number, y: account.future as number, group: account.quadrant ?? '' })),
      { x: result.thresholds.current, y: result.thresholds.future },
      'Accounts by current and future revenue',
      { x: 'current revenue', y: 'future revenue' },
    ),
    tables: [
      {
        title: 'Quadrants',
        columns: [column('quadrant', 'Quadrant'), column('action', 'Action'), column('count', 'Accounts', 'count'), column('current', 'Current', 'money'), column('future', 'Future', 'money')],
        rows: letters.map((letter) => ({ quadrant: letter, action: actions[letter], ...result.quadrants[letter] })),
      },
      {
        title: 'Accounts',
        columns: [column('quadrant', 'Q'), column('id', 'Id'), column('name', 'Name'), column('current', 'Current', 'money'), column('future', 'Future', 'money'), column('gap', 'Gap F - C', 'money')],
        rows: sorted.slice(0, 40).map((account) => ({ quadrant: account.quadrant ?? 'n/a', id: account.id, name: account.name ?? '', current: account.current, future: account.future, gap: account.gap })),
        ...(sorted.length > 40 ? { notes: [`${sorted.length - 40} more accounts in the JSON output`] } : {}),
      },
    ],
  };
}
