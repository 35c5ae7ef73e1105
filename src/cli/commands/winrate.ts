/**
 * `dealmath winrate FILE...`: how often do we win, by count and by value, per group and in total.
 */
import { EXIT_OK } from '../../model/errors.js';
import { groupedFold } from '../../metrics/fold.js';
import { inScope } from '../../metrics/scope.js';
import { winRateFold, type OpenPolicy, type WinRateResult } from '../../metrics/winRate.js';
import { column, type DocumentView, type RowView } from '../../report/view.js';
import { documentHeader, prepareAnalysis, reportRunNotes, requireWindowDates, subtitleLines } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { requireSingleCurrency, runDeals } from '../dealInput.js';
import { emit } from '../emit.js';
import { groupColumns, groupRow, reasonNotes, smallSampleWarning } from '../groupView.js';

export interface WinRateFlags extends CommonFlags {
  open?: OpenPolicy;
}

export async function winrateCommand(files: string[], flags: WinRateFlags, terminal: Terminal): Promise<number> {
  const analysis = await prepareAnalysis(files, flags, terminal);
  const policy = flags.open ?? { kind: 'exclude' };
  const fold = groupedFold(winRateFold({ scope: analysis.scope, open: policy, minSample: analysis.minSample }), analysis.grouping.names, analysis.grouping.keyOf);
  let state = fold.init();
  const run = await runDeals(analysis.input, {
    checkFile: requireWindowDates(analysis),
    accept: (deal) => inScope(deal, analysis.scope),
    use: (deal) => {
      state = fold.add(state, deal);
    },
  });
  requireSingleCurrency(run, analysis.config);
  const result = fold.finish(state);
  const warnings = smallSampleWarning([result.total, ...result.groups.map((group) => group.result)], analysis.minSample);
  const json = {
    ...documentHeader('winrate', analysis, run, warnings),
    by: analysis.grouping.names,
    open: { policy: policy.kind, ageOutDays: result.total.ageOutDays },
    total: winRateJson({}, result.total),
    groups: result.groups.map((group) => winRateJson(group.key, group.result)),
  };
  await emit({ json, view: () => winRateView(analysis.grouping.names, result, subtitleLines(analysis, run), policy) }, flags, terminal);
  reportRunNotes('winrate', run, warnings, terminal);
  return EXIT_OK;
}

function winRateJson(key: Readonly<Record<string, string>>, rate: WinRateResult) {
  return {
    key,
    won: rate.won,
    lost: rate.lost,
    open: rate.open,
    wonValue: rate.wonValue,
    lostValue: rate.lostValue,
    openValue: rate.openValue,
    unitWinRate: rate.unitWinRate,
    unitWinRateReason: rate.unitWinRateReason,
    valueWinRate: rate.valueWinRate,
    valueWinRateReason: rate.valueWinRateReason,
    n: rate.n,
    interval: rate.interval,
    smallSample: rate.smallSample,
    agedOut: rate.agedOut,
  };
}

function winRateView(
  by: readonly string[],
  result: { total: WinRateResult; groups: readonly { key: Readonly<Record<string, string>>; result: WinRateResult }[] },
  subtitle: string[],
  policy: OpenPolicy,
): DocumentView {
  const row = (rate: WinRateResult): RowView => ({
    won: rate.won,
    lost: rate.lost,
    open: rate.open,
    unitWinRate: rate.unitWinRate,
    interval: rate.interval,
    n: rate.n,
    valueWinRate: rate.valueWinRate,
    wonValue: rate.wonValue,
    lostValue: rate.lostValue,
    flag: rate.smallSample ? 'small sample' : '',
  });
  const rows = [...result.groups.map((group) => ({ label: group.key, rate: group.result })), { label: null, rate: result.total }];
  const policyText =
    policy.kind === 'exclude'
      ? 'open deals excluded'
      : policy.kind === 'include'
        ? 'open deals worked in the window count as not won'
        : `open deals older than ${result.total.ageOutDays ?? 'n/a'} days count as lost`;
  return {
    title: 'Win rates',
    subtitle: [...subtitle, `open deals: ${policy.kind} (${policyText})`],
    sections: [
      {
        title: 'Win rates',
        tables: [
          {
            columns: [
              ...groupColumns(by),
              column('won', 'Won', 'count'),
              column('lost', 'Lost', 'count'),
              column('open', 'Open', 'count'),
              column('unitWinRate', 'Win rate', 'ratio'),
              column('interval', '95% CI', 'interval'),
              column('n', 'n', 'count'),
              column('valueWinRate', 'Value win rate', 'ratio'),
              column('wonValue', 'Won value', 'money'),
              column('lostValue', 'Lost value', 'money'),
              column('flag', 'Flag'),
            ],
            rows: result.groups.map((group) => groupRow(by, group.key, row(group.result))),
            total: groupRow(by, null, row(result.total)),
            notes: reasonNotes(rows.map(({ label, rate }) => ({ label, reasons: { 'win rate': rate.unitWinRateReason, 'value win rate': rate.valueWinRateReason } }))),
          },
        ],
      },
    ],
  };
}
