/** Pipeline coverage per rep and for the team (METRICS.md "Pipeline coverage") for people and for JSON. */
import type { SeriesUnit } from '../../model/series.js';
import type { Series } from '../../engine/steps/trend.js';
import { periodJson, trendSection } from './trend.js';
import { formatDay, type Window } from '../../model/calendar.js';
import type { Figure } from '../../metrics/figure.js';
import type { CoverageResult, CoverageRow, CoverageTeam } from '../../metrics/coverage.js';
import { actualVsRequiredSvg } from '../svg.js';
import { formatCount, formatMoney, formatMultiple, formatRatio } from '../format.js';
import { column, type RowView, type SectionView } from '../view.js';
import { groupColumns, groupRow, reasonNotes, smallSampleWarning } from './groupView.js';
import { metricOutput } from './output.js';
import { unmatchedNameWarnings } from './unmatchedNames.js';

/** A trend of the command (`--every`): its unit and the coverage at the end of each period. */
export interface CoverageTrend {
  readonly unit: SeriesUnit;
  readonly series: Series<CoverageResult>;
}

export function coverageOutput(options: { readonly period: Window; readonly rateWindow: Window; readonly minSample: number; readonly stalledUsed: boolean }, result: CoverageResult, trend: CoverageTrend | null = null) {
  const { period, rateWindow, stalledUsed } = options;
  const warnings = [
    ...smallSampleWarning(result.groups, options.minSample).map((line) => `${line}; those reps use the team's rates`),
    ...unmatchedWarnings(result.team),
  ];
  return metricOutput(
    {
      json: { ...coverageDocument(period, rateWindow, stalledUsed, result.total, result.team, result.groups), ...(trend === null ? {} : { every: trend.unit, series: trend.series.map((entry) => ({ period: periodJson(entry.period), ...coverageJson(entry.result.total) })) }) },
      warnings,
    },
    () => [coverageSection(result.total, result.groups, stalledUsed, period, rateWindow, result.team), ...(trend === null ? [] : [coverageTrendSection(trend)])],
  );
}

/** The target period as it stood at the end of each period: won to date, open pipeline, coverage. */
function coverageTrendSection(trend: CoverageTrend): SectionView {
  return trendSection(
    trend.series.map((entry) => ({ period: entry.period, result: entry.result.total })),
    {
      unit: trend.unit,
      title: 'Coverage',
      columns: [
        column('wonToDate', 'Won to date', 'money'),
        column('attainment', 'Attainment', 'ratio'),
        column('openDeals', 'Open deals', 'count'),
        column('openPipeline', 'Open pipeline', 'money'),
        column('coverage', 'Coverage', 'multiple'),
        column('requiredMultiple', 'Required', 'multiple'),
        column('gap', 'Gap', 'money'),
      ],
      row: (row) => ({
        wonToDate: row.wonToDate,
        attainment: row.attainment.value,
        openDeals: row.openDeals,
        openPipeline: row.openPipeline,
        coverage: row.coverage.value,
        requiredMultiple: row.requiredMultiple.value,
        gap: row.gap.value,
      }),
      line: { label: 'Coverage', value: (row) => row.coverage.value, format: formatMultiple },
    },
    reasonNotes(trend.series.map((entry) => ({ label: { period: entry.period.label }, reasons: { coverage: entry.result.total.coverage } }))),
  );
}

/** Names in the reps file and among the owners that do not match: a typo is said, never guessed. */
function unmatchedWarnings(team: CoverageTeam): string[] {
  return unmatchedNameWarnings(team.repsWithoutDeals, team.ownersWithoutQuota, '', 'the team totals');
}

function coverageDocument(period: Window, rateWindow: Window, stalledUsed: boolean, total: CoverageRow, team: CoverageTeam, groups: readonly CoverageRow[]) {
  return {
    period: { from: formatDay(period.from), to: formatDay(period.to), label: period.label },
    rateWindow: { from: formatDay(rateWindow.from), to: formatDay(rateWindow.to) },
    clean: { rules: ['past-due', 'stale', ...(stalledUsed ? ['stalled'] : [])] },
    total: coverageJson(total),
    team,
    groups: groups.map(coverageJson),
  };
}

/** A row of the JSON: the coverage row as it is. */
function coverageJson(row: CoverageRow) {
  return { ...row };
}

export function coverageSection(total: CoverageRow, groups: readonly CoverageRow[], stalledUsed: boolean, period: Window, rateWindow: Window, team: CoverageTeam): SectionView {
  // Rows per rep, or per team or manager (`--by team`): the dimension is the rows' key.
  const by = [Object.keys(groups[0]?.key ?? {})[0] ?? 'owner'];
  const [dimension = 'owner'] = by;
  const row = (coverage: CoverageRow): RowView => ({
    target: coverage.target.value,
    wonToDate: coverage.wonToDate,
    attainment: coverage.attainment.value,
    remaining: coverage.remaining.value,
    unitWinRate: coverage.unitWinRate.value,
    requiredMultiple: coverage.requiredMultiple.value,
    requiredPipeline: coverage.requiredPipeline.value,
    requiredDeals: coverage.requiredDeals.value,
    openPipeline: coverage.openPipeline,
    coverage: coverage.coverage.value,
    cleanCoverage: coverage.cleanCoverage.value,
    gap: coverage.gap.value,
    prospectsNeeded: coverage.prospectsNeeded.value,
    flag: coverage.usesTeamRate ? 'team rate' : '',
  });
  const keyOf = (coverage: CoverageRow): Readonly<Record<string, string>> => coverage.key as Readonly<Record<string, string>>;
  return {
        title: 'Pipeline coverage',
        text: [
          `target period ${period.label} (${formatDay(period.from)} to ${formatDay(period.to)}); rates from closed deals ${formatDay(rateWindow.from)} to ${formatDay(rateWindow.to)}`,
          'required multiple = 1 / win rate; required pipeline = remaining / value win rate; coverage = open pipeline closing in the period / remaining',
        ],
        svg: () => actualVsRequiredSvg(
          // The figure beside each bar is the table's Coverage (METRICS: open closing in the period / remaining), labelled, not actual / required.
          groups.map((group) => ({ label: (group.key as Readonly<Record<string, string>>)[dimension] ?? '', actual: group.openPipeline, required: group.requiredPipeline.value, note: `coverage ${group.coverage.value === null ? 'n/a' : formatMultiple(group.coverage.value)}` })),
          `Open pipeline per ${dimension === 'owner' ? 'rep' : dimension} against the pipeline their win rate requires; coverage = open pipeline closing in the period / remaining target`,
          formatMoney,
        ),
        tables: [
          {
            columns: [
              ...groupColumns(by),
              column('target', 'Target', 'money'),
              column('wonToDate', 'Won to date', 'money'),
              column('attainment', 'Attained', 'ratio'),
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
              ...teamNotes(team, total),
              `clean coverage leaves out past-due and stale${stalledUsed ? ' and stalled' : ''} open deals; "team rate": fewer closed deals than the minimum sample, so the team's rates are used`,
              ...reasonNotes([...groups.map((group) => ({ label: keyOf(group), reasons: reasonsOf(group) })), { label: null, reasons: reasonsOf(total) }]),
            ],
          },
        ],
  };
}

/** A row's n/a figures by field name, in the order the notes have always listed them. */
function reasonsOf(row: CoverageRow): Record<string, Figure> {
  return {
    remaining: row.remaining,
    unitWinRate: row.unitWinRate,
    valueWinRate: row.valueWinRate,
    averageWonAmount: row.averageWonAmount,
    requiredMultiple: row.requiredMultiple,
    requiredPipeline: row.requiredPipeline,
    requiredDeals: row.requiredDeals,
    attainment: row.attainment,
    coverage: row.coverage,
    cleanCoverage: row.cleanCoverage,
    gap: row.gap,
    prospectsNeeded: row.prospectsNeeded,
  };
}

/** The team totals beside the total row, each labelled (METRICS.md "Quota attainment"). */
function teamNotes(team: CoverageTeam, total: CoverageRow): string[] {
  if (team.repsWithQuota === 0) return [];
  const lines = [
    `Total: the team's number (sum of quotas ${formatMoney(total.target.value ?? 0)} minus the team's won to date; one rep's overachievement offsets another's shortfall)`,
    `reps' own shortfalls added up: ${formatMoney(team.sumOfShortfalls.value ?? 0)} across ${formatCount(team.repsShort.value ?? 0)} rep${team.repsShort.value === 1 ? '' : 's'} short; ${formatCount(team.repsAtQuota.value ?? 0)} of ${formatCount(team.repsWithQuota)} reps at or above quota (${team.shareAtQuota.value === null ? 'n/a' : formatRatio(team.shareAtQuota.value)})`,
  ];
  const count = team.ownersWithoutQuota.length;
  if (count > 0) lines.push(`${formatCount(count)} owner${count === 1 ? '' : 's'} without a quota listed but left out of the team totals`);
  return lines;
}
