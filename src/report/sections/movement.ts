/**
 * The views of pipeline movement: the waterfall (total, per group, per step), the deals behind
 * it, and slippage per rep and per deal.
 */
import { formatDay } from '../../model/calendar.js';
import type { DayNumber } from '../../model/types.js';
import type { GroupedResult } from '../../metrics/fold.js';
import type { MovementDeal, MovementResult, MovementTotals } from '../../metrics/movement.js';
import type { SlippageFigures, SlippageResult } from '../../metrics/slippage.js';
import type { MovementRun } from '../../engine/snapshotRun.js';
import { waterfallChart, type WaterfallStep } from '../charts/waterfallChart.js';
import { snapshotsLeftOutWarning } from './snapshotsLeftOut.js';
import { formatCents, formatCount, formatMoney, formatNumber } from '../format.js';
import { SCHEMA_VERSION } from '../renderers/json.js';
import { documentCurrency, provenanceJson, rowsReadLine, type DocumentScope, type InputFileJson } from '../document.js';
import { waterfallSvg } from '../svg.js';
import { column, type ColumnView, type RowView, type SectionView, type TableView } from '../view.js';
import { metricOutput } from './output.js';

export interface MovementReport {
  readonly span: GroupedResult<MovementResult>;
  readonly steps: readonly { readonly from: DayNumber; readonly to: DayNumber; readonly result: GroupedResult<MovementResult> }[] | null;
  readonly slippage: SlippageResult;
  /** The --by dimensions. */
  readonly dimensions: readonly string[];
  readonly firstDate: DayNumber;
  readonly lastDate: DayNumber;
  /** List every deal (--deals); otherwise the top slipped deals only. */
  readonly showDeals: boolean;
}

/** The waterfall lines in order: label, JSON key, whether it adds (+), subtracts (-) or is a level. */
export const WATERFALL_LINES = [
  ['Start', 'start', '='],
  ['Created', 'created', '+'],
  ['Pulled in', 'pulledIn', '+'],
  ['Reopened', 'reopened', '+'],
  ['Increased', 'increased', '+'],
  ['Unreadable at start', 'unreadableAtStart', '+'],
  ['Decreased', 'decreased', '-'],
  ['Pushed out', 'pushedOut', '-'],
  ['Won', 'won', '-'],
  ['Lost', 'lost', '-'],
  ['Removed', 'removed', '-'],
  ['Unreadable at end', 'unreadableAtEnd', '-'],
  ['End', 'end', '='],
] as const;

type WaterfallLine = (typeof WATERFALL_LINES)[number];

/** Lines there only for rejected rows: shown when a deal is in them (the JSON always has them). */
const UNREADABLE_LINES: readonly WaterfallLine[1][] = ['unreadableAtStart', 'unreadableAtEnd'];

function shownLines(totals: readonly MovementTotals[]): WaterfallLine[] {
  return WATERFALL_LINES.filter(([, key]) => !UNREADABLE_LINES.includes(key) || totals.some((figures) => figures.counts[key] > 0));
}

/** `start + created + ... - removed = end`, over the lines shown. */
function identityText(lines: readonly WaterfallLine[]): string {
  return lines.map(([label, , sign], index) => (index === 0 ? label.toLowerCase() : `${sign} ${label.toLowerCase()}`)).join(' ');
}

/** Why the unreadable lines are there, when they are. */
function unreadableNote(totals: MovementTotals): string[] {
  const deals = totals.counts.unreadableAtStart + totals.counts.unreadableAtEnd;
  if (deals === 0) return [];
  return [`${formatCount(deals)} deal${deals === 1 ? '' : 's'} in the window with ${deals === 1 ? 'its row' : 'their rows'} rejected in the other snapshot: booked as unreadable, not as created or removed`];
}

const TOP_SLIPPED = 10;

function signed(totals: MovementTotals, key: WaterfallLine[1], sign: '=' | '+' | '-'): number {
  const value = totals[key];
  return sign === '-' && value !== 0 ? -value : value;
}

/** Whole units when every figure is whole; else every line to the cent, so the printed lines add up to the end. */
function moneyKindOf(totals: readonly MovementTotals[]): 'money' | 'cents' {
  return totals.every((figures) => WATERFALL_LINES.every(([, key]) => Number.isInteger(figures[key]))) ? 'money' : 'cents';
}

const formatOf = (kind: 'money' | 'cents'): ((value: number) => string) => (kind === 'money' ? formatMoney : formatCents);

function waterfallTable(totals: MovementTotals): TableView {
  const rows: RowView[] = shownLines([totals]).slice(0, -1).map(([label, key, sign]) => ({ line: label, value: signed(totals, key, sign), deals: totals.counts[key] }));
  return {
    columns: [column('line', 'Movement'), column('value', 'Value', moneyKindOf([totals])), column('deals', 'Deals', 'count')],
    rows,
    total: { line: 'End', value: totals.end, deals: totals.counts.end },
    notes: [`${totals.counts.unchanged} deal${totals.counts.unchanged === 1 ? '' : 's'} in the window unchanged; ${totals.counts.outside} not in the window's open pipeline in either snapshot`, ...unreadableNote(totals)],
  };
}

const lineColumns = (totals: readonly MovementTotals[]): ColumnView[] => {
  const kind = moneyKindOf(totals);
  return shownLines(totals).map(([label, key]) => column(key, label, kind));
};

function lineCells(totals: MovementTotals): Record<string, number> {
  const cells: Record<string, number> = {};
  for (const [, key, sign] of WATERFALL_LINES) cells[key] = signed(totals, key, sign);
  return cells;
}

function chartStepsOf(totals: MovementTotals): WaterfallStep[] {
  return shownLines([totals]).map(([label, key, sign]) => ({ label, value: signed(totals, key, sign), total: sign === '=' }));
}

function groupsTable(report: MovementReport): TableView {
  return {
    title: `By ${report.dimensions.join(', ')}`,
    columns: [...report.dimensions.map((dimension) => column(`key:${dimension}`, dimension)), ...lineColumns(report.span.groups.map((group) => group.result.total))],
    labelColumns: report.dimensions.length,
    rows: report.span.groups.map((group) => {
      const row: Record<string, string | number> = lineCells(group.result.total);
      for (const dimension of report.dimensions) row[`key:${dimension}`] = group.key[dimension] ?? '';
      return row;
    }),
  };
}

function stepsTable(steps: NonNullable<MovementReport['steps']>): TableView {
  return {
    title: 'Each step',
    columns: [column('from', 'From'), column('to', 'To'), ...lineColumns(steps.map((step) => step.result.total.total))],
    labelColumns: 2,
    rows: steps.map((step) => ({ from: formatDay(step.from), to: formatDay(step.to), ...lineCells(step.result.total.total) })),
  };
}

const day = (value: DayNumber | null): string | null => (value === null ? null : formatDay(value));

function dealsTable(deals: readonly MovementDeal[], slippage: SlippageResult): TableView {
  const slips = new Map(slippage.byDeal.map((deal) => [deal.id, deal]));
  const listed = deals.filter((deal) => deal.bucket !== 'outside');
  return {
    columns: [
      column('id', 'Deal'),
      column('bucket', 'Bucket'),
      column('change', 'Change', 'money'),
      column('stage', 'Stage'),
      column('amount', 'Amount', 'money'),
      column('close', 'Close'),
      column('pushes', 'Pushes', 'count'),
      column('days', 'Days slipped', 'count'),
    ],
    labelColumns: 1,
    rows: listed.map((deal) => ({
      id: deal.id,
      bucket: deal.movedEarlier ? 'moved out' : bucketLabel(deal.bucket),
      change: deal.change,
      stage: deal.stageBefore === deal.stageAfter ? (deal.stageAfter ?? '') : `${deal.stageBefore ?? '-'} -> ${deal.stageAfter ?? '-'}`,
      amount: deal.amountAfter ?? deal.amountBefore,
      close: deal.closeBefore === deal.closeAfter ? (day(deal.closeAfter) ?? '') : `${day(deal.closeBefore) ?? '-'} -> ${day(deal.closeAfter) ?? '-'}`,
      pushes: slips.get(deal.id)?.pushes ?? 0,
      days: slips.get(deal.id)?.daysSlipped ?? 0,
    })),
    notes: deals.length === listed.length ? [] : [`${deals.length - listed.length} deals not in the window's open pipeline in either snapshot not listed (the JSON lists them)`],
  };
}

function bucketLabel(bucket: MovementDeal['bucket']): string {
  return WATERFALL_LINES.find(([, key]) => key === bucket)?.[0].toLowerCase() ?? bucket;
}

function slippageRow(figures: SlippageFigures): RowView {
  return { deals: figures.deals, pushed: figures.dealsPushed, share: figures.shareOfDealsPushed.value, pushes: figures.pushes, days: figures.daysSlipped, value: figures.valuePushed };
}

function slippageSection(report: MovementReport): SectionView {
  const { slippage } = report;
  const figureColumns = [
    column('deals', 'Deals', 'count'),
    column('pushed', 'Pushed', 'count'),
    column('share', 'Share pushed', 'ratio'),
    column('pushes', 'Pushes', 'count'),
    column('days', 'Days slipped', 'count'),
    column('value', 'Value pushed', 'money'),
  ];
  const tables: TableView[] = [
    {
      title: 'By rep',
      columns: [column('owner', 'Rep'), ...figureColumns],
      rows: slippage.byRep.map((rep) => ({ owner: rep.owner, ...slippageRow(rep) })),
      total: { owner: 'Total', ...slippageRow(slippage.total) },
      notes: slippage.total.shareOfDealsPushed.reason === null ? [] : [slippage.total.shareOfDealsPushed.reason.message],
    },
  ];
  if (!report.showDeals && slippage.byDeal.length > 0) {
    tables.push({
      title: `Most slipped deals${slippage.byDeal.length > TOP_SLIPPED ? ` (top ${TOP_SLIPPED} of ${slippage.byDeal.length}; --deals lists all)` : ''}`,
      columns: [column('id', 'Deal'), column('owner', 'Rep'), column('pushes', 'Pushes', 'count'), column('days', 'Days slipped', 'count'), column('value', 'Amount', 'money'), column('close', 'Close now')],
      rows: slippage.byDeal.slice(0, TOP_SLIPPED).map((deal) => ({ id: deal.id, owner: deal.owner ?? '(none)', pushes: deal.pushes, days: deal.daysSlipped, value: deal.value, close: day(deal.close) })),
    });
  }
  return {
    title: 'Slippage',
    text: ['Across each pair of consecutive snapshots, an open deal whose expected close moved later was pushed. Deals: those open in two consecutive snapshots at least once; value pushed: each pushed deal\'s amount at its last push.'],
    tables,
  };
}

/** The sections of `movement`: waterfall (with chart), per group, per step, deals, slippage. */
export function movementSections(report: MovementReport, options: { readonly chartWidth?: number } = {}): SectionView[] {
  const totals = report.span.total.total;
  const chartSteps = chartStepsOf(totals);
  const format = formatOf(moneyKindOf([totals]));
  const tables: TableView[] = [waterfallTable(totals)];
  if (report.dimensions.length > 0) tables.push(groupsTable(report));
  if (report.steps !== null) tables.push(stepsTable(report.steps));
  const sections: SectionView[] = [
    {
      title: 'Waterfall',
      text: [`Open pipeline of the window from ${formatDay(report.firstDate)} to ${formatDay(report.lastDate)}: ${identityText(shownLines([totals]))}.`],
      tables,
      chart: waterfallChart(chartSteps, { width: options.chartWidth ?? 80, format }),
      svg: () => waterfallSvg(chartSteps, 'Pipeline waterfall', format),
    },
  ];
  if (report.showDeals && report.span.total.deals !== null) sections.push({ title: 'Deals', tables: [dealsTable(report.span.total.deals, report.slippage)] });
  sections.push(slippageSection(report));
  return sections;
}

const jsonDay = (value: DayNumber | null): string | null => (value === null ? null : formatDay(value));

function totalsJson(totals: MovementResult['total']) {
  const { counts, ...values } = totals;
  return { ...values, counts };
}

function groupsJson(result: GroupedResult<MovementResult>) {
  return result.groups.map((group) => ({ key: group.key, ...totalsJson(group.result.total) }));
}

/** The JSON body of `movement` (after the common header). */
export function movementJson(run: MovementRun, options: { readonly keepDeals: boolean }) {
  const { window } = run;
  const slipped = new Map(run.slippage.byDeal.map((deal) => [deal.id, deal]));
  return {
    window: window.kind === 'rolling' ? { rolling: true, from: null, to: null, label: 'rolling' } : { rolling: false, from: formatDay(window.window.from), to: formatDay(window.window.to), label: window.window.label },
    snapshots: run.snapshots.map((snapshot) => ({ date: formatDay(snapshot.date), file: snapshot.file, rows: snapshot.rowsUsed, rowsRead: snapshot.rowsRead, rowsRejected: snapshot.rowsRejected, rowsFiltered: snapshot.rowsFiltered })),
    total: totalsJson(run.span.total.total),
    groups: groupsJson(run.span),
    ...(run.steps === null ? {} : { steps: run.steps.map((step) => ({ from: formatDay(step.from), to: formatDay(step.to), total: totalsJson(step.result.total.total), groups: groupsJson(step.result) })) }),
    ...(options.keepDeals
      ? {
          deals: (run.span.total.deals ?? []).map((deal) => ({
            id: deal.id,
            bucket: deal.bucket,
            movedOut: deal.movedEarlier,
            change: deal.change,
            stateBefore: deal.from,
            stateAfter: deal.to,
            owner: deal.owner,
            stageBefore: deal.stageBefore,
            stageAfter: deal.stageAfter,
            amountBefore: deal.amountBefore,
            amountAfter: deal.amountAfter,
            closeBefore: jsonDay(deal.closeBefore),
            closeAfter: jsonDay(deal.closeAfter),
            pushes: slipped.get(deal.id)?.pushes ?? 0,
            daysSlipped: slipped.get(deal.id)?.daysSlipped ?? 0,
          })),
        }
      : {}),
    slippage: {
      ...run.slippage.total,
      byRep: run.slippage.byRep,
      ...(options.keepDeals ? { byDeal: run.slippage.byDeal.map((deal) => ({ ...deal, close: jsonDay(deal.close) })) } : {}),
    },
  };
}

export interface MovementDocumentOptions {
  /** The run's config: its `currency.base` is what every total is in. */
  readonly config?: DocumentScope['config'];
  /** The --by dimensions the run was grouped by. */
  readonly dimensions: readonly string[];
  /** --deals: every deal and its slippage in the JSON and a table of them. */
  readonly keepDeals: boolean;
  /** When the document was made (default: now), and the files the run read (the snapshots: InputLedger.addSnapshots). */
  readonly generatedAt?: Date;
  readonly inputs?: readonly InputFileJson[];
  /** The terminal's width for the waterfall chart (default 80). */
  readonly chartWidth?: number;
}

/**
 * The movement command's document: the header (its rows summed over the snapshots, which are its
 * inputs; there are no deal files), movement's JSON body, and the view.
 */
export function movementDocument(run: MovementRun, options: MovementDocumentOptions) {
  const rows = run.snapshots.reduce((sum, s) => ({ rowsRead: sum.rowsRead + s.rowsRead, rowsUsed: sum.rowsUsed + s.rowsUsed, rowsRejected: sum.rowsRejected + s.rowsRejected, rowsFiltered: sum.rowsFiltered + s.rowsFiltered }), { rowsRead: 0, rowsUsed: 0, rowsRejected: 0, rowsFiltered: 0 });
  const warnings = snapshotWarnings(run);
  const json = { schemaVersion: SCHEMA_VERSION, command: 'movement', ...provenanceJson(options.generatedAt, documentCurrency(run, options.config), options.inputs ?? []), ...rows, warnings, ...movementJson(run, { keepDeals: options.keepDeals }) };
  const first = run.snapshots[0]?.date ?? 0;
  const last = run.snapshots.at(-1)?.date ?? 0;
  const windowLine = run.window.kind === 'rolling' ? 'all open pipeline (rolling)' : `${run.window.window.label} (${formatDay(run.window.window.from)} to ${formatDay(run.window.window.to)}, by expected close date)`;
  const subtitle = [`${run.snapshots.length} snapshots, ${formatDay(first)} to ${formatDay(last)}; window: ${windowLine}`, rowsReadLine(rows)];
  const report = { span: run.span, steps: run.steps, slippage: run.slippage, dimensions: options.dimensions, firstDate: first, lastDate: last, showDeals: options.keepDeals };
  return { json, view: () => ({ title: 'Pipeline movement', subtitle, sections: movementSections(report, { chartWidth: options.chartWidth ?? 80 }) }), warnings };
}

/** One line for the snapshots left out as dated after the as-of date, and one per snapshot with rejected rows. */
export function snapshotWarnings(run: MovementRun): string[] {
  const rejected = run.snapshots.filter((s) => s.rowsRejected > 0).map((s) => `${formatCount(s.rowsRejected)} of ${formatCount(s.rowsRead)} rows of the ${formatDay(s.date)} snapshot rejected; run "dealmath validate ${s.file}" for the list`);
  return [...snapshotsLeftOutWarning(run.asOf, run.leftOut), ...rejected];
}


/** Slipped deals the weekly report lists (all are counted in its JSON's slippage). */
export const REPORT_TOP_SLIPPED = 5;

/**
 * The weekly report's movement section: the waterfall (table, chart) between the first and the
 * last snapshot and a short table of the most slipped deals; its JSON is movement's body
 * (without deals) plus those top slipped deals.
 */
export function movementReportOutput(run: MovementRun, options: { readonly chartWidth?: number } = {}) {
  const topSlipped = run.slippage.byDeal.slice(0, REPORT_TOP_SLIPPED);
  const body = movementJson(run, { keepDeals: false });
  // The report names each snapshot by its file name: the paths are the config's, resolved on this machine.
  const snapshots = body.snapshots.map((snapshot) => ({ ...snapshot, file: snapshot.file.split(/[\\/]/).at(-1) ?? snapshot.file }));
  const json = { ...body, snapshots, topSlipped: topSlipped.map((deal) => ({ ...deal, close: jsonDay(deal.close) })) };
  const warnings = snapshotWarnings(run);
  return metricOutput({ json, warnings }, () => [movementReportSection(run, topSlipped, options.chartWidth ?? 80)]);
}

function movementReportSection(run: MovementRun, topSlipped: MovementRun['slippage']['byDeal'], chartWidth: number): SectionView {
  const totals = run.span.total.total;
  const chartSteps = chartStepsOf(totals);
  const format = formatOf(moneyKindOf([totals]));
  const first = run.snapshots[0]?.date ?? 0;
  const last = run.snapshots.at(-1)?.date ?? 0;
  const windowText = run.window.kind === 'rolling' ? 'all open pipeline' : `the open pipeline expected to close in ${run.window.window.label} (${formatDay(run.window.window.from)} to ${formatDay(run.window.window.to)})`;
  const { total } = run.slippage;
  const slipText =
    total.dealsPushed === 0
      ? 'no deal was pushed out between consecutive snapshots'
      : `${formatCount(total.dealsPushed)} of ${formatCount(total.deals)} deals pushed out (${formatNumber(total.pushes)} pushes, ${formatNumber(total.daysSlipped)} days, ${formatMoney(total.valuePushed)})`;
  const tables: TableView[] = [waterfallTable(totals)];
  if (topSlipped.length > 0) {
    tables.push({
      title: `Most slipped deals${run.slippage.byDeal.length > topSlipped.length ? ` (top ${topSlipped.length} of ${formatCount(run.slippage.byDeal.length)}; dealmath movement --deals lists all)` : ''}`,
      columns: [column('id', 'Deal'), column('owner', 'Rep'), column('pushes', 'Pushes', 'count'), column('days', 'Days slipped', 'count'), column('value', 'Amount', 'money'), column('close', 'Close now')],
      rows: topSlipped.map((deal) => ({ id: deal.id, owner: deal.owner ?? '(none)', pushes: deal.pushes, days: deal.daysSlipped, value: deal.value, close: day(deal.close) })),
    });
  }
  return {
    title: 'Pipeline movement',
    text: [`${formatCount(run.snapshots.length)} snapshots, ${formatDay(first)} to ${formatDay(last)}: how ${windowText} moved; ${slipText}`],
    tables,
    chart: waterfallChart(chartSteps, { width: chartWidth, format }),
    svg: () => waterfallSvg(chartSteps, 'Pipeline waterfall', format),
  };
}
