/**
 * `dealmath velocity FILE...`: how fast revenue flows, N x A x W / L, with what-if and a
 * comparison of two windows.
 */
import { formatDay, parsePeriod, type Window } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { Deal } from '../../model/types.js';
import { groupedFold } from '../../metrics/fold.js';
import { inScope, type Scope } from '../../metrics/scope.js';
import { velocityFold, type VelocityResult } from '../../metrics/velocity.js';
import { velocityChange, type VelocityChangeResult } from '../../metrics/velocityChange.js';
import { whatIf, type VelocityLevers, type WhatIfResult } from '../../metrics/whatIf.js';
import { column, type DocumentView, type RowView, type SectionView } from '../../report/view.js';
import { documentHeader, prepareAnalysis, reportRunNotes, requireWindowDates, subtitleLines, windowJson } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { requireSingleCurrency, runDeals } from '../dealInput.js';
import { emit } from '../emit.js';
import { groupColumns, groupRow, reasonNotes } from '../groupView.js';

export interface VelocityFlags extends CommonFlags {
  n?: 'open' | 'closed';
  whatIf?: string;
  compare?: string;
}

const LEVER_NAMES: Readonly<Record<string, keyof VelocityLevers>> = {
  n: 'deals', deals: 'deals', opportunities: 'deals',
  value: 'value', a: 'value', amount: 'value',
  win: 'winRate', w: 'winRate', winrate: 'winRate',
  cycle: 'cycle', l: 'cycle', length: 'cycle',
};

/** `n=+10%,value=+10%,win=+10%,cycle=-10%` -> relative lever changes. */
export function parseWhatIf(text: string): VelocityLevers {
  const levers: Record<string, number> = {};
  for (const part of text.split(',').map((piece) => piece.trim()).filter((piece) => piece !== '')) {
    const match = /^([a-z]+)\s*=\s*([+-]?\d+(?:\.\d+)?)(%?)$/i.exec(part);
    const lever = match ? LEVER_NAMES[(match[1] ?? '').toLowerCase()] : undefined;
    if (!match || lever === undefined) {
      throw new DealmathError('usage', `--what-if "${part}": expected LEVER=+10% with LEVER one of n, value, win, cycle`);
    }
    const change = Number(match[2]) / (match[3] === '%' ? 100 : 1);
    if (change <= -1 && lever === 'cycle') throw new DealmathError('usage', `--what-if "${part}": a cycle cannot shrink by 100% or more`);
    if (change < -1) throw new DealmathError('usage', `--what-if "${part}": a lever cannot fall by more than 100%`);
    levers[lever] = change;
  }
  return levers as VelocityLevers;
}

/** How a deal looked at a past day: one closed after it was still open then (for the compare window's N). */
function asAt(deal: Deal, day: number): Deal {
  return deal.status !== 'open' && deal.close !== null && deal.close > day ? { ...deal, status: 'open' } : deal;
}

export async function velocityCommand(files: string[], flags: VelocityFlags, terminal: Terminal): Promise<number> {
  const analysis = await prepareAnalysis(files, flags, terminal);
  const basis = flags.n ?? 'open';
  const levers = flags.whatIf === undefined ? null : parseWhatIf(flags.whatIf);
  const fold = groupedFold(velocityFold({ scope: analysis.scope, n: basis }), analysis.grouping.names, analysis.grouping.keyOf);
  let state = fold.init();

  // The compare window is read in the same pass, as of its own end (or the as-of date if earlier).
  let compareWindow: Window | null = null;
  if (flags.compare !== undefined) {
    compareWindow = parsePeriod(flags.compare, analysis.asOf, analysis.config.fiscalYearStartMonth);
    if (compareWindow === null) throw new DealmathError('usage', `--compare "${flags.compare}" is not a period; expected 2026-Q2, 2026-05, 2026, last-quarter...`);
    if (analysis.window === null) throw new DealmathError('usage', '--compare needs a window to compare with (--period or --from/--to)');
  }
  const compareScope: Scope | null = compareWindow === null ? null : { asOf: Math.min(analysis.asOf, compareWindow.to), window: compareWindow, basis: analysis.scope.basis };
  const compareFold = compareScope === null ? null : groupedFold(velocityFold({ scope: compareScope, n: basis }), analysis.grouping.names, analysis.grouping.keyOf);
  let compareState = compareFold?.init() ?? null;

  const run = await runDeals(analysis.input, {
    checkFile: requireWindowDates(analysis),
    accept: (deal) => inScope(deal, analysis.scope) || (compareScope !== null && inScope(asAt(deal, compareScope.asOf), compareScope)),
    use: (deal) => {
      if (inScope(deal, analysis.scope)) state = fold.add(state, deal);
      if (compareFold !== null && compareScope !== null && compareState !== null) {
        const then = asAt(deal, compareScope.asOf);
        if (inScope(then, compareScope)) compareState = compareFold.add(compareState, then);
      }
    },
  });
  requireSingleCurrency(run, analysis.config);
  const result = fold.finish(state);
  const compared = compareFold === null || compareState === null ? null : compareFold.finish(compareState);
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
  const warnings: string[] = [];
  const json = {
    ...documentHeader('velocity', analysis, run, warnings),
    by: analysis.grouping.names,
    n: basis,
    whatIfLevers: levers,
    compare: compareScope === null || compared === null ? null : { window: windowJson(compareScope), asOf: formatDay(compareScope.asOf), total: velocityJson(compared.total) },
    total: entry({}, result.total, ''),
    groups: result.groups.map((group) => entry(group.key, group.result, JSON.stringify(group.key))),
    whatIf: whatIfOf(result.total),
    change: changeOf('', result.total),
  };
  await emit({ json, view: () => velocityView(json, analysis.grouping.names, subtitleLines(analysis, run), result, compared) }, flags, terminal);
  reportRunNotes('velocity', run, warnings, terminal);
  return EXIT_OK;
}

function velocityJson(velocity: VelocityResult) {
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

function velocityView(
  json: VelocityJson,
  by: readonly string[],
  subtitle: string[],
  result: { total: VelocityResult; groups: readonly { key: Readonly<Record<string, string>>; result: VelocityResult }[] },
  compared: { total: VelocityResult } | null,
): DocumentView {
  const row = (velocity: VelocityResult): RowView => ({
    deals: velocity.deals,
    averageWonAmount: velocity.averageWonAmount,
    winRate: velocity.winRate,
    cycleDays: velocity.cycleDays,
    perDay: velocity.perDay,
    perMonth: velocity.perMonth,
    perQuarter: velocity.perQuarter,
  });
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
  return { title: 'Sales velocity', subtitle, sections };
}
