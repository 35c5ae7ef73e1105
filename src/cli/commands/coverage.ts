/**
 * `dealmath coverage FILE... (--target T | --reps FILE)`: is there enough pipeline to make the
 * number, per rep (each with their own win rate) and for the team.
 */
import { explicitWindow, formatDay, parsePeriod, periodContaining, type Window } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { DayNumber } from '../../model/types.js';
import { coverageFold, type CoverageRow, type CoverageTargets } from '../../metrics/coverage.js';
import { readReps } from '../../io/readReps.js';
import { column, type DocumentView, type RowView } from '../../report/view.js';
import { isCleanPipeline, type RuleContext } from '../../validate/rules.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { requireSingleCurrency, runDeals } from '../dealInput.js';
import { emit } from '../emit.js';
import { groupColumns, groupRow, reasonNotes, smallSampleWarning } from '../groupView.js';
import { stalledCheckFor } from '../stageInput.js';

export interface CoverageFlags extends CommonFlags {
  target?: number;
  reps?: string;
  prospectRate?: number;
  history?: string;
}

/** The target period: --period, else the (fiscal) quarter containing the as-of date. */
function targetPeriod(text: string | undefined, asOf: DayNumber, fiscalYearStartMonth: number): Window {
  if (text === undefined) return periodContaining(asOf, 'quarter', fiscalYearStartMonth);
  const period = parsePeriod(text, asOf, fiscalYearStartMonth);
  if (period === null) throw new DealmathError('usage', `--period "${text}" is not a period; expected 2026-Q4, 2026-11, 2026, this-quarter...`);
  return period;
}

export async function coverageCommand(files: string[], flags: CoverageFlags, terminal: Terminal): Promise<number> {
  if ((flags.target === undefined) === (flags.reps === undefined)) {
    throw new DealmathError('usage', 'give a target: --target AMOUNT for the team, or --reps FILE with a quota per rep (one of the two)');
  }
  // --period, --from and --to mean something else here: the target period and the rate window.
  const { period: _period, from: _from, to: _to, ...withoutWindow } = flags;
  const analysis = await prepareAnalysis(files, withoutWindow, terminal);
  const { config, asOf } = analysis;
  const period = targetPeriod(flags.period, asOf, config.fiscalYearStartMonth);
  let rateWindow: Window;
  if (flags.from !== undefined || flags.to !== undefined) {
    if (flags.from === undefined) throw new DealmathError('usage', '--to needs --from as well');
    rateWindow = explicitWindow(flags.from, flags.to ?? asOf);
  } else {
    rateWindow = { from: period.from - 365, to: period.from - 1, label: `365 days before ${period.label}` };
  }
  const reps = flags.reps === undefined ? null : await readReps(flags.reps, { decimal: config.decimal, delimiter: flags.delimiter });
  const targets: CoverageTargets =
    reps === null ? { kind: 'team', amount: flags.target as number } : { kind: 'reps', quotas: new Map(reps.map((rep) => [rep.owner, rep.quota])) };
  const ruleContext: RuleContext = {
    asOf,
    staleDays: config.thresholds.staleDays,
    columnOf: () => null,
    stalled: flags.history === undefined ? undefined : await stalledCheckFor([flags.history], analysis.input, { asOf }, flags.delimiter),
  };
  const fold = coverageFold({
    asOf,
    period,
    rateWindow,
    minSample: analysis.minSample,
    targets,
    prospectRate: flags.prospectRate ?? config.prospectRate ?? null,
    isClean: (deal) => isCleanPipeline(deal, ruleContext),
  });
  let state = fold.init();
  const run = await runDeals(analysis.input, {
    use: (deal) => {
      state = fold.add(state, deal);
    },
  });
  requireSingleCurrency(run, config);
  const result = fold.finish(state);
  // Deals outside the period and the rate window entered no figure: they count as filtered.
  const accounted = { ...run, rowsUsed: result.dealsUsed, rowsFiltered: run.rowsFiltered + (run.rowsUsed - result.dealsUsed) };
  const warnings = smallSampleWarning(result.groups, analysis.minSample).map((line) => `${line}; those reps use the team's rates`);
  const json = {
    ...documentHeader('coverage', analysis, accounted, warnings),
    period: { from: formatDay(period.from), to: formatDay(period.to), label: period.label },
    rateWindow: { from: formatDay(rateWindow.from), to: formatDay(rateWindow.to) },
    clean: { rules: ['past-due', 'stale', ...(flags.history === undefined ? [] : ['stalled'])] },
    total: coverageJson(result.total),
    groups: result.groups.map(coverageJson),
  };
  const subtitle = [
    ...subtitleLines(analysis, accounted).slice(1),
    `as of ${formatDay(asOf)}; target period ${period.label} (${formatDay(period.from)} to ${formatDay(period.to)}); rates from closed deals ${formatDay(rateWindow.from)} to ${formatDay(rateWindow.to)}`,
  ];
  await emit({ json, view: () => coverageView(result.total, result.groups, subtitle, flags.history !== undefined) }, flags, terminal);
  reportRunNotes('coverage', accounted, warnings, terminal);
  return EXIT_OK;
}

function coverageJson(row: CoverageRow) {
  return {
    key: row.key,
    target: row.target,
    wonToDate: row.wonToDate,
    remaining: row.remaining,
    unitWinRate: row.unitWinRate,
    valueWinRate: row.valueWinRate,
    averageWonAmount: row.averageWonAmount,
    n: row.n,
    smallSample: row.smallSample,
    usesTeamRate: row.usesTeamRate,
    requiredMultiple: row.requiredMultiple,
    requiredPipeline: row.requiredPipeline,
    requiredDeals: row.requiredDeals,
    openPipeline: row.openPipeline,
    openDeals: row.openDeals,
    coverage: row.coverage,
    cleanCoverage: row.cleanCoverage,
    gap: row.gap,
    prospectsNeeded: row.prospectsNeeded,
    reasons: row.reasons,
  };
}

function coverageView(total: CoverageRow, groups: readonly CoverageRow[], subtitle: string[], stalledUsed: boolean): DocumentView {
  const by = ['owner'];
  const row = (coverage: CoverageRow): RowView => ({
    target: coverage.target,
    wonToDate: coverage.wonToDate,
    remaining: coverage.remaining,
    unitWinRate: coverage.unitWinRate,
    requiredMultiple: coverage.requiredMultiple,
    requiredPipeline: coverage.requiredPipeline,
    requiredDeals: coverage.requiredDeals,
    openPipeline: coverage.openPipeline,
    coverage: coverage.coverage,
    cleanCoverage: coverage.cleanCoverage,
    gap: coverage.gap,
    prospectsNeeded: coverage.prospectsNeeded,
    flag: coverage.usesTeamRate ? 'team rate' : '',
  });
  const keyOf = (coverage: CoverageRow): Readonly<Record<string, string>> => coverage.key as Readonly<Record<string, string>>;
  return {
    title: 'Pipeline coverage',
    subtitle,
    sections: [
      {
        title: 'Pipeline coverage',
        text: ['required multiple = 1 / win rate; required pipeline = remaining / value win rate; coverage = open pipeline closing in the period / remaining'],
        tables: [
          {
            columns: [
              ...groupColumns(by),
              column('target', 'Target', 'money'),
              column('wonToDate', 'Won to date', 'money'),
              column('remaining', 'Remaining', 'money'),
              column('unitWinRate', 'Win rate', 'ratio'),
              column('requiredMultiple', 'Need', 'multiple'),
              column('requiredPipeline', 'Required pipeline', 'money'),
              column('requiredDeals', 'Deals needed', 'count'),
              column('openPipeline', 'Open pipeline', 'money'),
              column('coverage', 'Coverage', 'multiple'),
              column('cleanCoverage', 'Clean', 'multiple'),
              column('gap', 'Gap', 'money'),
              column('prospectsNeeded', 'Prospects', 'count'),
              column('flag', 'Flag'),
            ],
            rows: groups.map((group) => groupRow(by, keyOf(group), row(group))),
            total: groupRow(by, null, row(total)),
            notes: [
              `clean coverage leaves out past-due and stale${stalledUsed ? ' and stalled' : ''} open deals; "team rate": fewer closed deals than the minimum sample, so the team's rates are used`,
              ...reasonNotes([...groups.map((group) => ({ label: keyOf(group), reasons: group.reasons })), { label: null, reasons: total.reasons }]),
            ],
          },
        ],
      },
    ],
  };
}
